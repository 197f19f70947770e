"""The searchable corpus: article metadata, article texts and the passage table.

Passages are rows of small integer arrays (article, position, start, end) into
the article texts, so a million passages cost a few arrays, not a million
objects, and the same arrays are what the index directory stores.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from .chunking import ChunkSettings, chunk_spans
from .model import Article, ArticleInfo


@dataclass
class Corpus:
    articles: list[ArticleInfo]
    texts: Sequence[str]
    passage_article: np.ndarray  # int32, article index of each passage
    passage_start: np.ndarray  # int32, offsets into the article text
    passage_end: np.ndarray
    article_first: np.ndarray  # int64, len(articles)+1: passages of article i are first[i]:first[i+1]

    @classmethod
    def from_articles(cls, articles: Iterable[Article], chunking: ChunkSettings = ChunkSettings()) -> Corpus:
        infos: list[ArticleInfo] = []
        texts: list[str] = []
        art: list[int] = []
        starts: list[int] = []
        ends: list[int] = []
        first = [0]
        for i, a in enumerate(articles):
            spans = chunk_spans(a.text, chunking)
            infos.append(ArticleInfo.of(a))
            texts.append(a.text)
            for s, e in spans:
                art.append(i)
                starts.append(s)
                ends.append(e)
            first.append(len(art))
        return cls(
            infos,
            texts,
            np.asarray(art, dtype=np.int32),
            np.asarray(starts, dtype=np.int32),
            np.asarray(ends, dtype=np.int32),
            np.asarray(first, dtype=np.int64),
        )

    @property
    def n_passages(self) -> int:
        return int(len(self.passage_article))

    def passage_text(self, pid: int) -> str:
        text = self.texts[int(self.passage_article[pid])]
        return text[int(self.passage_start[pid]) : int(self.passage_end[pid])]

    def position(self, pid: int) -> int:
        return pid - int(self.article_first[int(self.passage_article[pid])])

    def article_passage_ids(self, article: int) -> range:
        return range(int(self.article_first[article]), int(self.article_first[article + 1]))

    def neighbours(self, pid: int, n: int) -> tuple[list[int], list[int]]:
        """Up to n passages before and after pid within its article."""
        ids = self.article_passage_ids(int(self.passage_article[pid]))
        return list(range(max(ids.start, pid - n), pid)), list(range(pid + 1, min(ids.stop, pid + n + 1)))

    def find_article(self, article_id: str) -> int | None:
        for i, a in enumerate(self.articles):
            if a.id == article_id:
                return i
        return None

    def dates(self) -> tuple[str | None, str | None]:
        ds = sorted(a.date for a in self.articles if a.date)
        return (ds[0], ds[-1]) if ds else (None, None)
