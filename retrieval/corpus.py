"""The searchable corpus: article metadata, article texts and the passage table.

Passages are rows of small integer arrays (article, position, start, end) into
the article texts, so a million passages cost a few arrays, not a million
objects, and the same arrays are what the index directory stores.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from .errors import ArticleIdError
from .model import ArticleInfo


@dataclass
class Corpus:
    articles: Sequence[ArticleInfo]
    texts: Sequence[str]
    passage_article: np.ndarray  # int32, article index of each passage
    passage_start: np.ndarray  # int32, offsets into the article text
    passage_end: np.ndarray
    article_first: np.ndarray  # int64, len(articles)+1: passages of article i are first[i]:first[i+1]
    date_range: tuple[str | None, str | None] | None = None  # known up front for a saved index
    _ids: dict[str, int] | None = field(default=None, repr=False, compare=False)

    def extended(self, other: Corpus) -> Corpus:
        """This corpus followed by other's articles (ids must not clash)."""
        ids = {a.id for a in self.articles}
        clash = [a.id for a in other.articles if a.id in ids]
        if clash:
            raise ArticleIdError(f"article id {clash[0]} is already in the index (remove it first to replace it)")
        n = len(self.articles)
        return Corpus(
            [*self.articles, *other.articles],
            [*self.texts, *other.texts],
            np.concatenate([self.passage_article, np.asarray(other.passage_article) + n]).astype(np.int32),
            np.concatenate([self.passage_start, other.passage_start]).astype(np.int32),
            np.concatenate([self.passage_end, other.passage_end]).astype(np.int32),
            np.concatenate([self.article_first, np.asarray(other.article_first[1:]) + self.n_passages]).astype(np.int64),
        )

    def subset(self, keep: np.ndarray) -> Corpus:
        """Only the articles where keep is True, passages renumbered."""
        kept = np.nonzero(keep)[0]
        counts = np.diff(self.article_first)[kept]
        pids = np.concatenate([np.arange(self.article_first[i], self.article_first[i + 1]) for i in kept]) if len(kept) else np.zeros(0, dtype=np.int64)
        return Corpus(
            [self.articles[i] for i in kept.tolist()],
            [self.texts[i] for i in kept.tolist()],
            np.repeat(np.arange(len(kept), dtype=np.int32), counts),
            np.asarray(self.passage_start)[pids].astype(np.int32),
            np.asarray(self.passage_end)[pids].astype(np.int32),
            np.concatenate([[0], np.cumsum(counts)]).astype(np.int64),
        )

    @property
    def n_passages(self) -> int:
        return int(len(self.passage_article))

    def passage_text(self, pid: int) -> str:
        """A passage as written (the benches and tests read passages one by one)."""
        text = self.texts[int(self.passage_article[pid])]
        return text[int(self.passage_start[pid]) : int(self.passage_end[pid])]

    def article_passage_ids(self, article: int) -> range:
        return range(int(self.article_first[article]), int(self.article_first[article + 1]))

    def neighbours(self, pid: int, n: int) -> tuple[list[int], list[int]]:
        """Up to n passages before and after pid within its article."""
        ids = self.article_passage_ids(int(self.passage_article[pid]))
        return list(range(max(ids.start, pid - n), pid)), list(range(pid + 1, min(ids.stop, pid + n + 1)))

    def find_article(self, article_id: str) -> int | None:
        if self._ids is None:  # built on first use: browsing by id is rare, opening is not
            self._ids = {a.id: i for i, a in enumerate(self.articles)}
        return self._ids.get(article_id)

    def dates(self) -> tuple[str | None, str | None]:
        if self.date_range is None:
            ds = sorted(a.date for a in self.articles if a.date)
            self.date_range = (ds[0], ds[-1]) if ds else (None, None)
        return self.date_range
