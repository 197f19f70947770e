"""BM25Okapi over an inverted index.

Scores are exactly rank-bm25's `BM25Okapi.get_scores` (same IDF with the
epsilon floor, k1, b, average length), but a query touches only the postings of
its own terms, and top-k selection never sorts the whole corpus. rank-bm25
stays the reference implementation: tests compare the two.
"""

from __future__ import annotations

import math
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class BM25Params:
    k1: float = 1.5
    b: float = 0.75
    epsilon: float = 0.25

    def __post_init__(self) -> None:
        if self.k1 < 0 or not 0 <= self.b <= 1 or self.epsilon < 0:
            raise ValueError(f"BM25 parameters out of range: k1>=0, 0<=b<=1, epsilon>=0 (got {self})")


def okapi_idf(df: np.ndarray, n_docs: int, epsilon: float) -> np.ndarray:
    """rank-bm25's IDF: log((N-n+0.5)/(n+0.5)), negatives raised to epsilon * mean IDF."""
    idf = np.log(n_docs - df + 0.5) - np.log(df + 0.5)
    if len(idf):
        floor = epsilon * (float(idf.sum()) / len(idf))
        idf = np.where(idf < 0, floor, idf)
    return idf


def okapi_norm(doc_len: np.ndarray, avgdl: float, params: BM25Params) -> np.ndarray:
    """Each passage's length normalisation k1(1-b+b·dl/avgdl), one expression for every caller:
    the built-in engine (all passages) and a Milvus index (its candidates) get the same bits."""
    norm: np.ndarray = params.k1 * (1 - params.b + params.b * doc_len / avgdl)
    return norm


def okapi_impacts(tf: np.ndarray, norm: np.ndarray, params: BM25Params) -> np.ndarray:
    """Postings' shares of BM25, tf(k1+1)/(tf + norm), in float64 (see okapi_norm)."""
    tf = np.asarray(tf, dtype=np.float64)
    out: np.ndarray = tf * (params.k1 + 1) / (tf + norm)
    return out


def count_terms(token_lists: Iterable[Sequence[str]], vocab: dict[str, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Doc-ordered postings of token lists: (term id, tf) for each distinct term of each doc,
    then distinct terms and tokens per doc. New terms are added to vocab. Every build path
    (in memory, and each tokenizer worker) counts with this one function."""
    term_ids: list[int] = []
    tfs: list[int] = []
    per_doc: list[int] = []
    doc_len: list[int] = []
    for tokens in token_lists:
        counts = Counter(tokens)
        for term, tf in counts.items():
            term_ids.append(vocab.setdefault(term, len(vocab)))
            tfs.append(tf)
        per_doc.append(len(counts))
        doc_len.append(len(tokens))
    return (
        np.asarray(term_ids, dtype=np.int32),
        np.asarray(tfs, dtype=np.int32),
        np.asarray(per_doc, dtype=np.int32),
        np.asarray(doc_len, dtype=np.int32),
    )


def distinct(ids: np.ndarray) -> np.ndarray:
    """The sorted distinct values of an int array: np.unique by a sort, which NumPy 2.3+'s
    hash-based np.unique is 20-35x slower than on the 10^3-10^5 ids of one query."""
    s = np.sort(ids)
    if len(s) > 1:
        s = s[np.concatenate(([True], s[1:] != s[:-1]))]
    return s


class BM25Index:
    """Postings in CSR form: for term t, docs[indptr[t]:indptr[t+1]] with their tfs."""

    prune_min = 20_000  # postings longer than this are only probed when the bound allows
    floor_docs = 256  # at most this many leading docs are scored in full for a pruning floor
    probe_ratio = 4  # candidates are looked up in a list (binary search) while this many times fewer than its postings

    def __init__(
        self,
        terms: Sequence[str],
        indptr: np.ndarray,
        docs: np.ndarray,
        tfs: np.ndarray,
        doc_len: np.ndarray,
        params: BM25Params,
        impacts: np.ndarray | None = None,
    ) -> None:
        self.terms = list(terms)
        self.vocab = {t: i for i, t in enumerate(self.terms)}
        self.indptr, self.docs, self.tfs, self.doc_len = indptr, docs, tfs, doc_len
        self.params = params
        self.n_docs = int(len(doc_len))
        total = float(doc_len.sum(dtype=np.int64))
        self.avgdl = total / self.n_docs if self.n_docs else 0.0
        self.df = np.diff(indptr)
        self.idf = okapi_idf(self.df.astype(np.float64), self.n_docs, params.epsilon)
        if self.n_docs:
            self.norm = okapi_norm(doc_len, self.avgdl, params)
        else:
            self.norm = np.zeros(0)
        # Each posting's share of BM25, tf(k1+1)/(tf + k1(1-b+b·dl/avgdl)), computed once (at
        # build, saved with the index) so a query only multiplies by the term's IDF.
        if impacts is None:
            impacts = okapi_impacts(tfs, self.norm[docs], params) if len(tfs) else np.zeros(0)
        self.impacts = impacts
        # each term's largest impact: what bounds its contribution when top_k prunes
        self.max_impact = np.zeros(len(self.df))
        if len(impacts):
            nonempty = self.df > 0
            self.max_impact[nonempty] = np.maximum.reduceat(impacts, indptr[:-1][nonempty])
        self._local = threading.local()

    @classmethod
    def build(cls, token_lists: Iterable[Sequence[str]], params: BM25Params = BM25Params()) -> BM25Index:
        """Index token lists (one per document) in memory; the reference path for small corpora and tests."""
        vocab: dict[str, int] = {}
        term_ids, tfs, per_doc, doc_len = count_terms(token_lists, vocab)
        doc = np.repeat(np.arange(len(per_doc), dtype=np.int64), per_doc)
        return cls.from_triples(list(vocab), term_ids.astype(np.int64), doc, tfs, doc_len, params)

    @classmethod
    def from_triples(
        cls,
        terms: Sequence[str],
        tid: np.ndarray,
        doc: np.ndarray,
        tf: np.ndarray,
        doc_len: np.ndarray,
        params: BM25Params,
    ) -> BM25Index:
        """(term, doc, tf) postings, docs ascending within each term, into CSR form."""
        order = np.argsort(tid, kind="stable")  # stable: docs stay ascending within a term
        indptr = np.zeros(len(terms) + 1, dtype=np.int64)
        np.cumsum(np.bincount(tid, minlength=len(terms)), out=indptr[1:])
        return cls(
            terms,
            indptr,
            np.asarray(doc, dtype=np.int32)[order],
            np.asarray(tf, dtype=np.int32)[order],
            np.asarray(doc_len, dtype=np.int32),
            params,
        )

    # --- scoring -------------------------------------------------------------
    #
    # Every path adds a document's term contributions in one canonical order (terms by
    # postings length, then id: `_plan`), starting from 0.0, so a document's score is the same
    # float64 number whichever path computed it (get_scores, a full scan, or a lookup for a
    # candidate): ties between documents are real ties, and are broken by id.

    def _buffer(self) -> np.ndarray:
        buf = getattr(self._local, "buf", None)
        if buf is None or len(buf) != self.n_docs:
            buf = self._local.buf = np.zeros(self.n_docs)
        return buf

    def _query_terms(self, tokens: Iterable[str]) -> Counter[int]:
        return Counter(self.vocab[t] for t in tokens if t in self.vocab)

    def _plan(self, tokens: Iterable[str]) -> tuple[list[int], list[float]]:
        """The query's term ids in canonical order (shortest postings first, then id) with their weights."""
        qterms = self._query_terms(tokens)
        tids = sorted(qterms, key=lambda t: (int(self.df[t]), t))
        return tids, [qterms[t] * float(self.idf[t]) for t in tids]

    def get_scores(self, tokens: Sequence[str]) -> np.ndarray:
        """Dense scores for every document, as rank_bm25.BM25Okapi.get_scores returns them."""
        scores = np.zeros(self.n_docs)
        for tid, w in zip(*self._plan(tokens)):
            self._score_all(tid, w, scores)
        return scores

    def top_k(self, tokens: Sequence[str], k: int) -> tuple[np.ndarray, np.ndarray]:
        """The k best documents that contain a query term: ids and scores, best first, ties by id.

        MaxScore over the canonical term order: terms are scanned shortest first; before a
        long list, the k-th best score so far (a lower bound of the final k-th, since no
        contribution is negative) is set against the most the remaining terms could add
        (their weights times their largest impacts). Once a document that holds none of the
        scanned terms could not reach it, the remaining lists are not scanned: only the
        documents that still can are looked up in them (binary search). Scores stay exact;
        only work is skipped.
        """
        tids, weights = self._plan(tokens)
        if k <= 0 or not tids:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        lengths = [int(self.df[t]) for t in tids]
        # pruning needs weights >= 0 (else a partial score is no lower bound of the final one)
        prunable = len(tids) > 1 and lengths[-1] > self.prune_min and min(weights) >= 0
        bounds = self._bounds(tids, weights) if prunable else []
        buf = self._buffer()
        touched: list[np.ndarray] = []
        cand: np.ndarray | None = None
        floor = -math.inf
        scanned = 0
        try:
            for i, (tid, w) in enumerate(zip(tids, weights)):
                if prunable and i > 0 and lengths[i] > self.prune_min:
                    reach = self._reach(0.0, bounds[i:])  # the most a doc holding none of tids[:i] can score
                    if floor <= reach and 4 * lengths[i] >= scanned:  # a new floor costs a fraction of what was scanned
                        floor = max(floor, self._floor(touched, buf, k, tids[i:], weights[i:]))
                    if floor > reach:
                        cand = self._survivors(touched, buf, bounds[i:], floor)
                        for j in range(i, len(tids)):
                            if len(cand) * self.probe_ratio < lengths[j]:
                                self._score_some(tids[j], weights[j], cand, buf)
                            else:  # so many candidates that scanning the list is cheaper than looking each one up
                                touched.append(self._score_all(tids[j], weights[j], buf))
                            if j + 1 < len(tids) and len(cand) > k:  # a higher floor now drops candidates before the next lookup
                                vals = buf[cand]
                                floor = max(floor, float(np.partition(vals, len(vals) - k)[len(vals) - k]))
                                keep = self._reach(vals, bounds[j + 1 :]) >= floor
                                cand = cand[keep]
                        break
                touched.append(self._score_all(tid, w, buf))
                scanned += lengths[i]
            if cand is None:
                cand = self._best(touched, buf, k)
            scores = buf[cand]
            if len(cand) > k:  # sort only what can be in the top k (every tie at the k-th kept)
                keep = scores >= np.partition(scores, len(scores) - k)[len(scores) - k]
                cand, scores = cand[keep], scores[keep]
            order = np.lexsort((cand, -scores))[:k]
            return cand[order].astype(np.int64), scores[order].copy()
        finally:  # leave the per-thread buffer all zeros for the next query
            for d in touched:
                buf[d] = 0.0
            if cand is not None:
                buf[cand] = 0.0

    def _bounds(self, tids: Sequence[int], weights: Sequence[float]) -> list[float]:
        """Each term's largest contribution to any one document: its weight times its largest impact."""
        return [w * float(self.max_impact[t]) for t, w in zip(tids, weights)]

    @staticmethod
    def _reach(start: float | np.ndarray, bounds: Sequence[float]) -> Any:
        """start plus the bounds, added one by one in scoring order: float rounding is monotonic,
        so no document whose score so far is start ends above this (exactly, not up to an epsilon)."""
        for b in bounds:
            start = start + b
        return start

    @staticmethod
    def _best(touched: Sequence[np.ndarray], buf: np.ndarray, k: int) -> np.ndarray:
        """The distinct touched docs whose score is at least the k-th best (ties kept), without
        deduplicating every touched doc: a doc appears at most once per term, so the
        (k x terms)-th best entry is a lower bound of the k-th best distinct score."""
        every = touched[0] if len(touched) == 1 else np.concatenate(touched)
        vals = buf[every]
        m = k * len(touched)
        if m < len(vals):
            threshold = np.partition(vals, len(vals) - m)[len(vals) - m]
            every = every[vals >= threshold]  # keeps every tie at the threshold
        return distinct(every)

    def _floor(self, touched: Sequence[np.ndarray], buf: np.ndarray, k: int, tids: Sequence[int], weights: Sequence[float]) -> float:
        """A lower bound of the final k-th best score: the k-th best final score of the docs that
        lead so far, their remaining terms looked up (binary search) and added in scoring
        order, so each is exactly the score the doc ends with; -inf with fewer than k docs."""
        best = self._best(touched, buf, k)
        if len(best) < k:
            return -math.inf
        if len(best) > self.floor_docs:  # many tied: any floor_docs of them give a valid bound
            best = best[: self.floor_docs]
        final = buf[best]
        for tid, w in zip(tids, weights):
            final = final + self._contribution(tid, w, best)
        return float(np.partition(final, len(final) - k)[len(final) - k]) if len(final) >= k else -math.inf

    def _contribution(self, tid: int, w: float, docs: np.ndarray) -> np.ndarray:
        """A term's contribution to each of docs (0.0 where the doc lacks it), by binary search."""
        lo, hi = int(self.indptr[tid]), int(self.indptr[tid + 1])
        postings = self.docs[lo:hi]
        out = np.zeros(len(docs))
        if len(postings) and len(docs):
            j = np.minimum(postings.searchsorted(docs), len(postings) - 1)
            hit = postings[j] == docs
            out[hit] = w * self.impacts[lo:hi][j[hit]]
        return out

    def _survivors(self, touched: Sequence[np.ndarray], buf: np.ndarray, bounds: Sequence[float], floor: float) -> np.ndarray:
        """The distinct touched docs that the remaining terms could still lift to floor (sorted)."""
        every = touched[0] if len(touched) == 1 else np.concatenate(touched)
        return distinct(every[self._reach(buf[every], bounds) >= floor])

    def _score_all(self, tid: int, w: float, buf: np.ndarray) -> np.ndarray:
        """Add a term's contribution to every doc in its postings; return those docs."""
        lo, hi = int(self.indptr[tid]), int(self.indptr[tid + 1])
        d = self.docs[lo:hi]
        np.add.at(buf, d, w * self.impacts[lo:hi])  # 2-3x faster than buf[d] += ..., the same sums (a doc is once in d)
        return d

    def _score_some(self, tid: int, w: float, cand: np.ndarray, buf: np.ndarray) -> None:
        """Add a term's contribution to the candidates only, found by binary search in its postings."""
        lo, hi = int(self.indptr[tid]), int(self.indptr[tid + 1])
        postings = self.docs[lo:hi]
        if not len(cand) or not len(postings):
            return
        j = np.minimum(np.searchsorted(postings, cand), len(postings) - 1)
        hit = postings[j] == cand
        np.add.at(buf, cand[hit], w * self.impacts[lo:hi][j[hit]])

    def idf_of(self, term: str) -> float:
        """IDF of a term; a term the corpus lacks counts as rarer than any it has."""
        i = self.vocab.get(term)
        if i is None:
            return math.log(self.n_docs + 0.5) - math.log(0.5)
        return float(self.idf[i])

    def coverage(self, terms: Sequence[str], docs: Sequence[int]) -> np.ndarray:
        """For each doc, the summed IDF of the terms it holds (one binary search per term, all docs at once)."""
        return coverage_of(self._holding(terms, docs), self.idf, len(docs))

    def holding(self, terms: Sequence[str], docs: Sequence[int]) -> np.ndarray:
        """A (terms x docs) boolean matrix: whether each doc holds each term (False for a term
        the index does not know)."""
        return holding_of(self._holding(terms, docs), len(terms), len(docs))

    def _holding(self, terms: Sequence[str], docs: Sequence[int]) -> Iterator[tuple[int, int, np.ndarray]]:
        """For each known term: its position in terms, its id, and whether each doc holds it."""
        if not len(docs):
            return
        wanted = np.asarray(docs, dtype=np.int64)
        for n, term in enumerate(terms):
            i = self.vocab.get(term)
            if i is None:
                continue
            postings = self.docs[self.indptr[i] : self.indptr[i + 1]]
            j = np.minimum(np.searchsorted(postings, wanted), len(postings) - 1)
            yield n, i, postings[j] == wanted


class TermStats:
    """An index's statistics without its postings: the vocabulary, each term's document
    frequency and each passage's length. With a passage's own term counts that is all
    BM25Okapi needs, so an index ranked elsewhere (retrieval/milvus.py) keeps only these:
    IDF and impacts come from the same functions as BM25Index's, hence the same bits."""

    def __init__(self, terms: Sequence[str], df: np.ndarray, doc_len: np.ndarray, params: BM25Params) -> None:
        self.terms = list(terms)
        self.vocab = {t: i for i, t in enumerate(self.terms)}
        self.df, self.doc_len, self.params = df, doc_len, params
        self.n_docs = int(len(doc_len))
        total = float(doc_len.sum(dtype=np.int64))
        self.avgdl = total / self.n_docs if self.n_docs else 0.0
        self.idf = okapi_idf(np.asarray(df).astype(np.float64), self.n_docs, params.epsilon)

    @classmethod
    def of(cls, index: BM25Index) -> TermStats:
        return cls(index.terms, np.asarray(index.df, dtype=np.int64), np.asarray(index.doc_len), index.params)

    def plan(self, tokens: Iterable[str]) -> tuple[list[int], list[float]]:
        """A query's term ids and weights in BM25Index's canonical order (df, then id): a score
        summed in this order is bitwise the built-in engine's."""
        qterms = Counter(self.vocab[t] for t in tokens if t in self.vocab)
        tids = sorted(qterms, key=lambda t: (int(self.df[t]), t))
        return tids, [qterms[t] * float(self.idf[t]) for t in tids]

    def impacts(self, tf: np.ndarray, docs: np.ndarray) -> np.ndarray:
        """The impacts these (tf, passage) postings have in the built-in engine."""
        return okapi_impacts(tf, okapi_norm(np.asarray(self.doc_len)[docs], self.avgdl, self.params), self.params)

    def idf_of(self, term: str) -> float:
        """As BM25Index.idf_of."""
        i = self.vocab.get(term)
        if i is None:
            return math.log(self.n_docs + 0.5) - math.log(0.5)
        return float(self.idf[i])


# (position in the question's terms, term id, whether each doc holds it), per known term
Held = Iterable[tuple[int, int, np.ndarray]]


def coverage_of(held: Held, idf: np.ndarray, n_docs: int) -> np.ndarray:
    """Each doc's summed IDF of the terms it holds: BM25Index.coverage, and Milvus's from recounts
    (the same additions in the same order, so the same floats)."""
    out = np.zeros(n_docs)
    for _, i, hold in held:
        out += np.where(hold, idf[i], 0.0)
    return out


def holding_of(held: Held, n_terms: int, n_docs: int) -> np.ndarray:
    """The (terms x docs) matrix of which doc holds which term; False for unknown terms."""
    out = np.zeros((n_terms, n_docs), dtype=bool)
    for n, _, hold in held:
        out[n] = hold
    return out
