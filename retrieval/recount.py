"""A passage's term counts, recounted from its text: what an index without postings (one kept in
Milvus, retrieval/milvus.py) reads for the few hundred passages a question looks at.

The terms are build.passage_terms's, the one definition the index was built with, so a
recount is exactly what the postings held. Recounts are kept (an LRU of CACHE passages) since
the same passages are read by the exact re-score, the coverage check and the neighbour rule.
"""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from collections.abc import Iterator, Sequence
from typing import Protocol

import numpy as np

from .build import BuildSpec, passage_terms
from .corpus import Corpus
from .tokenizer import Analyzer

CACHE = 8_192  # passages' counts kept (a few KB each at most)


class PassageCounts(Protocol):
    """What a scorer without postings reads of its passages (Recount; a test may give token lists)."""

    def counts(self, pids: Sequence[int]) -> list[Counter[str]]: ...


class Recount:
    """Term counts of passages, by passage number, re-analysed on demand."""

    def __init__(self, corpus: Corpus, spec: BuildSpec, analyzer: Analyzer | None = None, cache: int = CACHE) -> None:
        if analyzer is not None and analyzer.spec != spec.analyzer:
            raise ValueError("the analyzer must be the one the index was built with")
        self.corpus, self.spec = corpus, spec
        self.analyzer = analyzer or Analyzer(spec.analyzer)
        self._cache: OrderedDict[int, Counter[str]] = OrderedDict()
        self._size = cache
        self._lock = threading.Lock()

    def counts(self, pids: Sequence[int]) -> list[Counter[str]]:
        """Each passage's term -> count, as the index counted it."""
        found: dict[int, Counter[str]] = {}
        with self._lock:
            for p in pids:
                c = self._cache.get(p)
                if c is not None:
                    self._cache.move_to_end(p)
                    found[p] = c
        todo = sorted({int(p) for p in pids} - found.keys())
        if todo:
            fresh = dict(self._analyse(todo))
            found |= fresh
            with self._lock:
                self._cache.update(fresh)
                while len(self._cache) > self._size:
                    self._cache.popitem(last=False)
        return [found[int(p)] for p in pids]

    def _analyse(self, pids: list[int]) -> Iterator[tuple[int, Counter[str]]]:
        """pids (sorted) grouped by article: each article's text and headline read once."""
        c = self.corpus
        arts = np.asarray(c.passage_article)[np.asarray(pids, dtype=np.int64)].tolist()
        i = 0
        while i < len(pids):
            art = arts[i]
            j = i
            while j < len(pids) and arts[j] == art:
                j += 1
            first, last = int(c.article_first[art]), int(c.article_first[art + 1])
            spans = list(zip(np.asarray(c.passage_start[first:last]).tolist(), np.asarray(c.passage_end[first:last]).tolist()))
            wanted = [p - first for p in pids[i:j]]
            terms = passage_terms(self.analyzer, self.spec, c.articles[art].headline, c.texts[art], spans, wanted)
            yield from zip(pids[i:j], (Counter(t) for t in terms))
            i = j
