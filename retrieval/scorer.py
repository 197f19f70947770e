"""What the service needs from a scoring engine, so the built-in index and Milvus are interchangeable.

`BM25Index` (retrieval/index.py) satisfies it as it is; `retrieval.milvus.MilvusScorer`
implements `top_k` with a Milvus search, IDF from the directory's document frequencies and
the rest from passages recounted from their texts; it has no postings, so its `get_scores`
(dense scores for every passage, which no question calls) raises `MilvusError`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from .index import BM25Params


class Scorer(Protocol):
    """Ranking (`top_k`, `get_scores`) and the statistics the answer checks read (IDF, which
    passages hold which terms), over passages numbered 0..n_docs-1."""

    @property
    def terms(self) -> list[str]: ...
    @property
    def vocab(self) -> dict[str, int]: ...
    @property
    def params(self) -> BM25Params: ...
    @property
    def n_docs(self) -> int: ...

    def top_k(self, tokens: Sequence[str], k: int) -> tuple[np.ndarray, np.ndarray]: ...
    def get_scores(self, tokens: Sequence[str]) -> np.ndarray: ...
    def idf_of(self, term: str) -> float: ...
    def coverage(self, terms: Sequence[str], docs: Sequence[int]) -> np.ndarray: ...
    def holding(self, terms: Sequence[str], docs: Sequence[int]) -> np.ndarray: ...
