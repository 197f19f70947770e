"""A passage's term counts, recounted from its text: what an index without postings (one kept in
Milvus, retrieval/milvus.py) reads for the few dozen passages a question looks at.

The terms are build.ArticleTerms's, the one definition the index was built with, so a
recount is exactly what the postings held (tests/test_milvus.py checks every passage of the
bundled page). Only the terms asked about are counted, and a sentence is analysed only when
one of them occurs in its folded text. Articles are kept (an LRU of ARTICLES, each with its
sentences' tokens as far as they were analysed): the exact re-score, the coverage check and
the neighbour rule read the same passages and their neighbours, which share an article.
Analyses are also kept by text (TEXTS): a sentence or headline printed in several articles
(wire copy, boilerplate: the near-ties a re-score must order) is analysed once.
"""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Collection, Sequence
from typing import Protocol, TypeVar

import numpy as np

from .build import ArticleTerms, BuildSpec
from .corpus import Corpus
from .tokenizer import Analyzer

ARTICLES = 1_024  # articles kept, each with its sentences' tokens as far as they were analysed
TEXTS = 16_384  # sentences and headlines whose fold and tokens are kept


class _Remembered:
    """An analyzer's fold and tokens, remembered by text (an LRU): both are functions of the text alone."""

    def __init__(self, analyzer: Analyzer, size: int = TEXTS) -> None:
        self._analyzer, self._size = analyzer, size
        self._tokens: OrderedDict[str, list[str]] = OrderedDict()
        self._folds: OrderedDict[str, str] = OrderedDict()

    def tokens(self, text: str) -> list[str]:
        return _remembered(self._tokens, text, self._analyzer.tokens, self._size)

    def fold(self, text: str) -> str:
        return _remembered(self._folds, text, self._analyzer.fold, self._size)

    def clear(self) -> None:
        self._tokens.clear()
        self._folds.clear()


T = TypeVar("T")


def _remembered(cache: OrderedDict[str, T], text: str, fn: Callable[[str], T], size: int) -> T:
    got = cache.get(text)
    if got is None:
        got = cache[text] = fn(text)
        if len(cache) > size:
            cache.popitem(last=False)
    else:
        cache.move_to_end(text)
    return got


class PassageCounts(Protocol):
    """What a scorer without postings reads of its passages (Recount; a test may give token lists)."""

    def counts(self, pids: Sequence[int], wanted: Collection[str]) -> list[Counter[str]]: ...


class Recount:
    """Term counts of passages, by passage number, re-analysed on demand (thread-safe)."""

    def __init__(self, corpus: Corpus, spec: BuildSpec, analyzer: Analyzer | None = None, articles: int = ARTICLES) -> None:
        if analyzer is not None and analyzer.spec != spec.analyzer:
            raise ValueError("the analyzer must be the one the index was built with")
        self.corpus, self.spec = corpus, spec
        self.analyzer = analyzer or Analyzer(spec.analyzer)
        self._size = articles
        self._articles: OrderedDict[int, ArticleTerms] = OrderedDict()
        self._texts = _Remembered(self.analyzer)
        self._lock = threading.Lock()

    def clear(self) -> None:
        """Forget every article read (a benchmark timing recounts afresh)."""
        with self._lock:
            self._articles.clear()
            self._texts.clear()

    def counts(self, pids: Sequence[int], wanted: Collection[str]) -> list[Counter[str]]:
        """Each passage's counts of the wanted terms, as the index counted them."""
        c = self.corpus
        want = frozenset(wanted)
        with self._lock:  # analysis is CPU-bound under the GIL anyway
            out = []
            for p in pids:
                art = int(c.passage_article[int(p)])
                out.append(self._article(art).counts(int(p) - int(c.article_first[art]), want))
            return out

    def _article(self, art: int) -> ArticleTerms:
        found = self._articles.get(art)
        if found is not None:
            self._articles.move_to_end(art)
            return found
        c = self.corpus
        first, last = int(c.article_first[art]), int(c.article_first[art + 1])
        spans = list(zip(np.asarray(c.passage_start[first:last]).tolist(), np.asarray(c.passage_end[first:last]).tolist()))
        made = ArticleTerms(self._texts, self.spec, c.articles[art].headline, c.texts[art], spans, lazy=True)
        self._articles[art] = made
        while len(self._articles) > self._size:
            self._articles.popitem(last=False)
        return made
