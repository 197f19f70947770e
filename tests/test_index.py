"""The engine scores exactly as rank_bm25.BM25Okapi, touching only the query's postings."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from rank_bm25 import BM25Okapi

from retrieval.index import BM25Index, BM25Params
from retrieval.service import NewsQA


def _reference_top(ref: BM25Okapi, q: list[str], k: int) -> list[tuple[float, int]]:
    scores = ref.get_scores(q)
    return sorted(((-s, i) for i, s in enumerate(scores) if any(t in ref.doc_freqs[i] for t in q)))[:k]


@pytest.mark.parametrize("params", [BM25Params(), BM25Params(k1=1.2, b=0.3, epsilon=0.1)])
def test_parity_on_bundled_page(qa: NewsQA, questions: list[dict], params: BM25Params) -> None:
    docs = [qa.analyzer.tokens(qa.corpus.passage_text(i)) for i in range(qa.corpus.n_passages)]
    ref, ours = BM25Okapi(docs, k1=params.k1, b=params.b, epsilon=params.epsilon), BM25Index.build(docs, params)
    assert ours.avgdl == pytest.approx(ref.avgdl)
    for q in questions:
        tokens = qa.analyzer.tokens(q["q"])
        np.testing.assert_allclose(ours.get_scores(tokens), ref.get_scores(tokens), rtol=0, atol=1e-6)
        ids, scores = ours.top_k(tokens, 10)
        expected = _reference_top(ref, tokens, 10)
        np.testing.assert_allclose(scores, [-s for s, _ in expected], atol=1e-6)
        assert ids.tolist() == [i for _, i in expected]


TERMS = st.sampled_from([f"t{i}" for i in range(25)])


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.lists(TERMS, max_size=12), min_size=1, max_size=60),
    st.lists(TERMS | st.just("unseen"), min_size=1, max_size=6),
    st.integers(1, 20),
)
def test_parity_on_random_corpora(docs: list[list[str]], query: list[str], k: int) -> None:
    assume(any(docs))  # rank_bm25 divides by the vocabulary size
    ref, ours = BM25Okapi(docs), BM25Index.build(docs)
    np.testing.assert_allclose(ours.get_scores(query), ref.get_scores(query), rtol=0, atol=1e-6)
    ids, scores = ours.top_k(query, k)
    expected = _reference_top(ref, query, k)
    np.testing.assert_allclose(scores, [-s for s, _ in expected], atol=1e-6)
    assert ids.tolist() == [i for _, i in expected]
    # the per-thread buffer is left clean: asking twice gives the same answer
    again = ours.top_k(query, k)
    assert again[0].tolist() == ids.tolist()


def _brute_top(ix: BM25Index, query: list[str], k: int) -> tuple[list[int], np.ndarray]:
    """The k best by get_scores over every document holding a query term, ties by id."""
    scores = ix.get_scores(query)
    held = np.zeros(ix.n_docs, dtype=bool)
    for t in set(query):
        if t in ix.vocab:
            i = ix.vocab[t]
            held[ix.docs[ix.indptr[i] : ix.indptr[i + 1]]] = True
    ids = np.flatnonzero(held)
    ids = ids[np.lexsort((ids, -scores[ids]))][:k]
    return ids.tolist(), scores[ids]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from([f"t{i}" for i in range(8)]), min_size=1, max_size=10), min_size=5, max_size=80),
    st.lists(st.sampled_from([f"t{i}" for i in range(8)]), min_size=2, max_size=6),
    st.integers(1, 5),
    st.integers(0, 6),
)
def test_pruning_keeps_exact_top_k(docs: list[list[str]], query: list[str], k: int, prune_min: int) -> None:
    ref = BM25Okapi(docs)
    ours = BM25Index.build(docs, BM25Params(epsilon=0.25))
    ours.prune_min = prune_min  # most terms count as "long": prune whenever the bound allows
    ids, scores = ours.top_k(query, k)
    expected = _reference_top(ref, query, k)
    np.testing.assert_allclose(scores, [-s for s, _ in expected], atol=1e-6)
    np.testing.assert_allclose(ref.get_scores(query)[ids], scores, atol=1e-6)
    # exactly the brute-force top k of get_scores, which adds terms in the same order: the
    # same float scores, so ties are ties and fall to the lower id
    assert (ids.tolist(), scores.tolist()) == (lambda b: (b[0], b[1].tolist()))(_brute_top(ours, query, k))


SENTENCES = st.lists(st.lists(st.sampled_from([f"w{i}" for i in range(12)]), min_size=1, max_size=8), min_size=1, max_size=6)


@settings(max_examples=200, deadline=None)
@given(
    SENTENCES,
    st.lists(st.tuples(st.integers(0, 5), st.lists(st.sampled_from(["h0", "h1", "w0", "w3"]), max_size=2)), min_size=30, max_size=300),
    st.lists(st.sampled_from([f"w{i}" for i in range(12)] + ["h0", "h1", "unseen"]), min_size=1, max_size=8),
    st.integers(1, 8),
    st.sampled_from([0, 2, 10, 40]),
)
def test_pruned_top_k_on_repeated_sentences(pool: list[list[str]], picks: list[tuple[int, list[str]]], query: list[str], k: int, prune_min: int) -> None:
    """Like the synthetic scale corpus: a few sentences repeated many times (long postings,
    many exact ties), some with headline words added. Every pruning threshold gives the
    brute-force top k, ids and float scores alike."""
    docs = [pool[i % len(pool)] + extra for i, extra in picks]
    ix = BM25Index.build(docs)
    expected = _brute_top(ix, query, k)
    # pruned with candidates looked up, pruned with the lists scanned, never pruned
    for threshold, probe_ratio, floor_docs in ((prune_min, 0, 256), (prune_min, 10**9, 1), (10**9, 4, 256)):
        ix.prune_min, ix.probe_ratio, ix.floor_docs = threshold, probe_ratio, floor_docs
        ids, scores = ix.top_k(query, k)
        assert ids.tolist() == expected[0]
        assert scores.tolist() == expected[1].tolist()
        np.testing.assert_allclose(scores, BM25Okapi(docs).get_scores(query)[ids], atol=1e-9)


def test_pruning_engages_on_a_skewed_query(monkeypatch: pytest.MonkeyPatch) -> None:
    docs = [["rare", "common"]] * 3 + [["common"]] * 5000 + [["other"]] * 5000
    ix = BM25Index.build(docs)
    ix.prune_min = 100
    scanned: list[int] = []  # term ids whose whole postings list was scanned
    probed: list[tuple[int, int]] = []  # (term id, candidates looked up) of the pruned ones
    score_all, score_some = ix._score_all, ix._score_some

    def spy_all(tid: int, w: float, buf: np.ndarray) -> np.ndarray:
        scanned.append(tid)
        return score_all(tid, w, buf)

    def spy_some(tid: int, w: float, cand: np.ndarray, buf: np.ndarray) -> None:
        probed.append((tid, len(cand)))
        score_some(tid, w, cand, buf)

    monkeypatch.setattr(ix, "_score_all", spy_all)
    monkeypatch.setattr(ix, "_score_some", spy_some)
    ids, scores = ix.top_k(["rare", "common"], 3)
    assert ids.tolist() == [0, 1, 2]
    np.testing.assert_allclose(scores, BM25Okapi(docs).get_scores(["rare", "common"])[:3], atol=1e-9)
    # the 5,003-long list of "common" was never scanned: only the 3 "rare" documents were looked up in it
    assert scanned == [ix.vocab["rare"]] and probed == [(ix.vocab["common"], 3)]
    scanned.clear()
    ix.prune_min = 10_000  # both lists short: no pruning, and the same answer
    assert ix.top_k(["rare", "common"], 3)[0].tolist() == [0, 1, 2]
    assert sorted(scanned) == sorted([ix.vocab["rare"], ix.vocab["common"]]) and len(probed) == 1


def test_unknown_terms_and_empty_query() -> None:
    ix = BM25Index.build([["a", "b"], ["b", "c"], ["c"]])
    assert ix.top_k([], 5)[0].size == 0
    assert ix.top_k(["zzz"], 5)[0].size == 0
    assert ix.idf_of("zzz") > max(ix.idf_of(t) for t in "abc")
    assert ix.coverage(["b"], [1]).tolist() == [ix.idf_of("b")] and ix.coverage(["a"], [1]).tolist() == [0.0]


def test_params_validated() -> None:
    with pytest.raises(ValueError):
        BM25Params(b=1.5)
