"""newsqa's retrieval library: text -> articles -> passages -> tokens -> index -> hits.

A plain synchronous library; the command line and the Telegram bot both go through
`NewsQA`, and so should other programs::

    from retrieval import NewsQA, read_articles

    qa = NewsQA.build(read_articles(["archive/"]))
    answer = qa.ask("马村区有多少人口?")

The names in `__all__` are the public API; every other module is an implementation
detail that may change between versions.
"""

from typing import Any

from .config import Config, ConfigError, load_config
from .errors import ArticleIdError, InputError
from .ingest import IngestError, read_articles
from .model import Article, ArticleInfo
from .service import Answer, Hit, NewsQA, QuestionTooLong, Span, Stats
from .store import IndexFormatError
from .tokenizer import AnalyzerVersionError


def __getattr__(name: str) -> Any:
    """`__version__`, read from the installed metadata on first use: importlib.metadata is a
    tenth of a one-shot `newsqa ask`'s imports, and only --version needs it."""
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        value = version("newsqa")
    except PackageNotFoundError:  # run from a source tree that was never installed (PYTHONPATH=.)
        value = "0+unknown"
    globals()["__version__"] = value
    return value


__all__ = [
    "AnalyzerVersionError",
    "ArticleIdError",
    "Answer",
    "Article",
    "ArticleInfo",
    "Config",
    "ConfigError",
    "Hit",
    "IndexFormatError",
    "IngestError",
    "InputError",
    "NewsQA",
    "QuestionTooLong",
    "Span",
    "Stats",
    "__version__",
    "load_config",
    "read_articles",
]
