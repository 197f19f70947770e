"""Shared fixtures: the bundled page, read and indexed once per session; the benchmark data
beside the repository; the bench scripts as modules."""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from retrieval.ingest import read_articles
from retrieval.model import Article
from retrieval.service import NewsQA, bundled_corpus, sample_settings
from retrieval.tokenizer import Analyzer, jieba  # jieba as retrieval imports it (without pkg_resources)

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parents[1]
# Public benchmark data (CMRC 2018, DRCD) is read from beside the repository, never copied into it.
SHARED_BENCH = REPO.parent / "shared" / "bench"


def in_ci(environ: dict[str, str] | None = None) -> bool:
    """Whether a CI service runs us: they set CI (true, 1, yes); CI=false or empty counts as unset."""
    value = (os.environ if environ is None else environ).get("CI", "").strip().lower()
    return value not in ("", "0", "false", "no")


def required(path: Path, environ: dict[str, str] | None = None) -> Path:
    """The data file a test needs. Missing, the test is skipped on a developer's machine, but
    fails under CI: a floor that silently stops being checked is worse than a red build."""
    if path.is_file():
        return path
    message = f"{path} is absent (benchmark data is read from ../shared/bench/ beside the repository)"
    if in_ci(environ):
        pytest.fail(f"{message}; CI is set, so missing data fails the test instead of skipping it", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session", autouse=True)
def jieba_dictionary_read_once() -> Iterator[None]:
    """Each Analyzer has its own jieba.Tokenizer, whose first use reads jieba's 9 MB cache of the
    default dictionary: about 1.5 s, and the suite makes hundreds of analyzers (every NewsQA.build,
    open and in-process CLI run), which was the larger part of its time. Here the default
    dictionary is read once per test process, and every later tokenizer starts from its own copy
    of it (a dict copy, some 15 ms): the same words and totals, and still its own, so user words
    stay in the analyzer that added them. Subprocesses the tests start load it as `newsqa` does."""
    real = jieba.Tokenizer.initialize
    pristine: list[tuple[dict[str, int], int]] = []  # never handed out, so never changed
    lock = threading.Lock()

    def initialize(self: Any, dictionary: str | None = None) -> None:
        if dictionary or self.initialized or self.dictionary != jieba.DEFAULT_DICT or self.tmp_dir or self.cache_file:
            return real(self, dictionary)
        with lock:
            if not pristine:
                first = jieba.Tokenizer()
                real(first)
                pristine.append((first.FREQ, first.total))
        with self.lock:
            if not self.initialized:
                freq, total = pristine[0]
                self.FREQ, self.total = dict(freq), total
                self.initialized = True
        return None

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(jieba.Tokenizer, "initialize", initialize)
        yield


@pytest.fixture(scope="session")
def require_data() -> Callable[[Path], Path]:
    """`require_data(path)`: the path of data a test needs, or a skip (a failure under CI)."""
    return required


@pytest.fixture(scope="session")
def shared_bench() -> Path:
    """The folder of public benchmark data beside the repository (it may be absent)."""
    return SHARED_BENCH


@pytest.fixture(scope="session")
def bench_module() -> Callable[[str], ModuleType]:
    """Load the script bench/NAME.py as a module, once per session: by path, as `python bench/NAME.py`
    runs it (it puts the repository on sys.path itself and imports the `bench` package's modules)."""
    loaded: dict[str, ModuleType] = {}

    def load(name: str) -> ModuleType:
        if name not in loaded:
            spec = importlib.util.spec_from_file_location(f"bench_{name}", REPO / "bench" / f"{name}.py")
            assert spec and spec.loader
            module = importlib.util.module_from_spec(spec)
            sys.modules[spec.name] = module  # dataclasses look their module up
            spec.loader.exec_module(module)
            loaded[name] = module
        return loaded[name]

    return load


@pytest.fixture(scope="session")
def page_articles() -> list[Article]:
    return read_articles([bundled_corpus()])


@pytest.fixture(scope="session")
def qa(page_articles: list[Article]) -> NewsQA:
    """The bundled page as `newsqa ask` indexes it: with the sample's own user dictionary."""
    return NewsQA.build(page_articles, sample_settings())


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    return Analyzer()


@pytest.fixture(scope="session")
def questions() -> list[dict]:
    with (DATA / "questions.jsonl").open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]
