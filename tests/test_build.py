"""Building on every core gives the same index as building inline; add/remove stay exact."""

from __future__ import annotations

import numpy as np

from retrieval.build import PARALLEL_FROM, BuildSpec, build
from retrieval.chunking import ChunkSettings
from retrieval.index import BM25Params
from retrieval.model import Article
from retrieval.service import NewsQA
from retrieval.tokenizer import AnalyzerSpec


def _arrays(corpus, index) -> list[np.ndarray]:  # type: ignore[no-untyped-def]
    return [index.indptr, index.docs, index.tfs, index.doc_len, corpus.passage_article, corpus.passage_start, corpus.passage_end, corpus.article_first]


def test_parallel_build_equals_inline(page_articles: list[Article]) -> None:
    spec = BuildSpec(AnalyzerSpec(), ChunkSettings(), 2)
    many = page_articles * 3  # the pool only starts for larger corpora: ask for it explicitly
    inline = build(many, spec, BM25Params(), workers=1)
    pooled = build(many, spec, BM25Params(), workers=2, expected=PARALLEL_FROM)
    assert inline[1].terms == pooled[1].terms
    for x, y in zip(_arrays(*inline), _arrays(*pooled)):
        np.testing.assert_array_equal(x, y)


def test_add_then_remove_equals_fresh_build(page_articles: list[Article]) -> None:
    first, rest = page_articles[:3], page_articles[3:]
    grown = NewsQA.build(first).added(rest)
    fresh = NewsQA.build(page_articles)
    assert grown.stats() == fresh.stats()
    for q in ("温县县委书记是谁?", "英利经贸捐了多少钱?", "宗家桢看望了谁?"):
        assert [(h.passage_id, round(h.score, 9)) for h in grown.ask(q).hits] == [(h.passage_id, round(h.score, 9)) for h in fresh.ask(q).hits]
    shrunk = fresh.removed([a.id for a in first])
    only_rest = NewsQA.build(rest)
    assert shrunk.stats() == only_rest.stats()
    for q in ("温县县委书记是谁?", "英利经贸捐了多少钱?"):
        assert [(h.text, round(h.score, 9)) for h in shrunk.ask(q).hits] == [(h.text, round(h.score, 9)) for h in only_rest.ask(q).hits]
