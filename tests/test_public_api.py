"""The public API: what `from retrieval import ...` promises to other programs."""

from __future__ import annotations

import dataclasses
import inspect
import subprocess
import sys
from pathlib import Path

import retrieval
from retrieval import Article, ArticleInfo

ROOT = Path(__file__).resolve().parents[1]


# Names defined in retrieval/service.py that still lack a class docstring; the test below is
# a strict xfail, so it fails (and this list must go) as soon as they all have one.


def _undocumented(names: set[str]) -> list[str]:
    missing = []
    for name in sorted(names):
        doc = inspect.getdoc(getattr(retrieval, name))
        # a dataclass without a docstring gets a generated "Name(field: type, ...)" one: not documentation
        if not doc or doc.startswith(f"{name}("):
            missing.append(name)
    return missing


def test_every_public_name_is_importable_and_documented() -> None:
    assert isinstance(retrieval.__version__, str) and retrieval.__version__
    assert _undocumented(set(retrieval.__all__) - {"__version__"}) == []


def test_the_version_is_the_installed_distributions() -> None:
    from importlib.metadata import version

    assert retrieval.__version__ == version("newsqa")


def test_the_package_is_marked_typed() -> None:
    assert (ROOT / "retrieval" / "py.typed").is_file()
    assert '"py.typed"' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_article_info_is_the_article_without_its_text() -> None:
    a = Article("x:1", "标题", "正文。", byline="记者", date="2020-02-01", source="x.txt", url="https://e.x/1", kicker="引题", subtitle="副题")
    info = ArticleInfo.of(a)
    assert a.info == info
    assert [f.name for f in dataclasses.fields(Article) if f.name != "text"] == [f.name for f in dataclasses.fields(ArticleInfo)]
    assert dataclasses.asdict(info) == {k: v for k, v in dataclasses.asdict(a).items() if k != "text"}
    assert info.headline == a.headline == "引题 标题 副题"


def test_ask_is_documented_from_the_package() -> None:
    # the issue's own acceptance line, run as a newcomer would
    out = subprocess.run(
        [sys.executable, "-c", "from retrieval import NewsQA; print(NewsQA.ask.__doc__)"], capture_output=True, text=True, check=True, cwd=ROOT, timeout=60
    ).stdout
    assert out.strip() and out.strip() != "None"
