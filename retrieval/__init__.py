"""newsqa's retrieval library: text -> articles -> passages -> tokens -> index -> hits.

A plain synchronous library; the command line and the Telegram bot both go through
`NewsQA`, and so should other programs::

    from retrieval import NewsQA, read_articles

    qa = NewsQA.build(read_articles(["archive/"]))
    answer = qa.ask("马村区有多少人口?")

The names in `__all__` are the public API; every other module is an implementation
detail that may change between versions.
"""

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _version

from .config import Config, ConfigError, load_config
from .errors import ArticleIdError, InputError
from .ingest import IngestError, read_articles
from .model import Article, ArticleInfo
from .service import Answer, Hit, NewsQA, QuestionTooLong, Span, Stats
from .store import IndexFormatError
from .tokenizer import AnalyzerVersionError

try:
    __version__ = _version("newsqa")
except PackageNotFoundError:  # run from a source tree that was never installed (PYTHONPATH=.)
    __version__ = "0+unknown"

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
