"""The engines' build and search runners: each runs inside a child process (see scale.py's `--child`).

newsqa is searched through its own API, and so is newsqa on Milvus Lite (milvus, milvus_native:
its okapi and native modes); the baselines (rank_bm25, bm25s, tantivy) index the
newsqa index's own terms, exported by `child_export`, so every engine ranks the same terms.
Every import of retrieval or an engine is lazy: a child imports retrieval from its snapshot,
which is first on sys.path only once the child has started."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench.memory import peak_mb

TOP_K = 5


def _read_lines(path: str) -> list[Any]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def _read_bags(path: str) -> list[list[str]]:
    """Token lists, each distinct term one shared string (as a real tokenizer's vocabulary would be)."""
    seen: dict[str, str] = {}
    with open(path, encoding="utf-8") as f:
        return [[seen.setdefault(t, t) for t in json.loads(line)] for line in f]


def _top(scores: Any, k: int = TOP_K) -> tuple[list[int], list[float]]:
    """The k best of dense scores among those > 0, best first, ties by id (as newsqa breaks them)."""
    import numpy as np

    k = min(k, len(scores))
    if k == 0:
        return [], []
    cand = np.argpartition(-scores, k - 1)[:k]
    cand = cand[np.lexsort((cand, -scores[cand]))]
    cand = cand[scores[cand] > 0]
    return cand.tolist(), [float(s) for s in scores[cand]]


def _plain_bm25() -> Any:
    from retrieval.config import SearchSettings

    return SearchSettings(oov_fallback=False, number_boost=0.0, number_check=False, name_check=False)


def child_newsqa_search(spec: dict[str, Any]) -> dict[str, Any]:
    """Open the index, warm it, ask every question; timings are the engine's own."""
    from retrieval.service import NewsQA

    questions = json.loads(Path(spec["queries"]).read_text(encoding="utf-8"))
    t0 = time.perf_counter()
    qa = NewsQA.open(spec["index"], _plain_bm25())  # the same BM25 ranking as the baselines
    open_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    qa.warm()  # what the CLI and the bot do once the index is open: the analyzer's dictionary and tags
    warmup_s = time.perf_counter() - t0
    first_ms = qa.ask(questions[0]).took_ms  # the first question of the process, after warm()
    took, results = [], []
    for q in questions:
        a = qa.ask(q, TOP_K)
        took.append(a.took_ms)
        results.append(([h.passage_id for h in a.hits], [h.score for h in a.hits]))
    rss = peak_mb()
    # what a user's question costs with the default search settings (character fallback,
    # number re-ranking and check): timed only, since its ranking is no longer plain BM25
    from retrieval.config import SearchSettings

    defaults = qa.with_search(SearchSettings())
    default_ms = [defaults.ask(q, TOP_K).took_ms for q in questions]
    # where the time goes: analysis alone, and top_k alone on the analysed terms
    tok_ms, topk_ms = [], []
    for q in questions:
        t0 = time.perf_counter()
        terms = qa.analyzer.tokens(q)
        t1 = time.perf_counter()
        qa.index.top_k(terms, TOP_K)
        t2 = time.perf_counter()
        tok_ms.append((t1 - t0) * 1000)
        topk_ms.append((t2 - t1) * 1000)
    return {
        "open_s": open_s,
        "warmup_s": warmup_s,
        "first_ms": first_ms,
        "ms": took,
        "tokenize_ms": tok_ms,
        "top_k_ms": topk_ms,
        "default_ms": default_ms,
        "results": results,
        "peak_mb": rss,
        "passages": qa.corpus.n_passages,
        "terms": len(qa.index.terms),
        "postings": len(qa.index.docs),
        "code": str(Path(sys.modules["retrieval"].__file__ or "").parent.parent),
    }


def child_export(spec: dict[str, Any]) -> dict[str, Any]:
    """Write each passage's bag of terms (from the postings) and each question's terms, as JSON lines."""
    import numpy as np

    from retrieval.service import NewsQA

    t0 = time.perf_counter()
    qa = NewsQA.open(spec["index"])
    index = qa.index
    terms = index.terms
    docs = np.asarray(index.docs)
    n = index.n_docs
    term_of = np.repeat(np.arange(len(terms), dtype=np.int32), np.diff(np.asarray(index.indptr)))
    order = np.argsort(docs, kind="stable")
    t_sorted, tf_sorted = term_of[order], np.asarray(index.tfs)[order]
    bounds = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(docs, minlength=n), out=bounds[1:])
    lengths = np.bincount(docs, weights=np.asarray(index.tfs), minlength=n)
    if not np.array_equal(lengths, np.asarray(index.doc_len)):
        raise RuntimeError("postings disagree with doc_len")
    block = 50_000
    with open(spec["tokens"], "w", encoding="utf-8") as f:
        for lo in range(0, n, block):
            hi = min(n, lo + block)
            ts = t_sorted[bounds[lo] : bounds[hi]].tolist()
            cs = tf_sorted[bounds[lo] : bounds[hi]].tolist()
            b = (bounds[lo : hi + 1] - bounds[lo]).tolist()
            for d in range(hi - lo):
                bag: list[str] = []
                for t, c in zip(ts[b[d] : b[d + 1]], cs[b[d] : b[d + 1]]):
                    bag += [terms[t]] * c
                f.write(json.dumps(bag, ensure_ascii=False) + "\n")
    questions = json.loads(Path(spec["queries"]).read_text(encoding="utf-8"))
    with open(spec["qtokens"], "w", encoding="utf-8") as f:
        f.writelines(json.dumps(qa.terms(q), ensure_ascii=False) + "\n" for q in questions)  # the terms ask searches
    params = {"k1": index.params.k1, "b": index.params.b, "epsilon": index.params.epsilon}
    return {"seconds": time.perf_counter() - t0, "passages": n, "params": params, "peak_mb": peak_mb()}


def child_rank_bm25(spec: dict[str, Any]) -> dict[str, Any]:
    """rank-bm25 BM25Okapi with the index's k1, b, epsilon: no index on disk, so build and search share this process."""
    from rank_bm25 import BM25Okapi

    corpus = _read_bags(spec["tokens"])
    queries = _read_lines(spec["qtokens"])
    p = spec["params"]
    t0 = time.perf_counter()
    bm = BM25Okapi(corpus, k1=p["k1"], b=p["b"], epsilon=p["epsilon"])
    build_s = time.perf_counter() - t0
    del corpus
    ms, results = _timed(queries, lambda q: _top(bm.get_scores(q)))
    return {"build_s": build_s, "ms": ms, "results": results, "peak_mb": peak_mb()}


def _timed(queries: Sequence[list[str]], search: Callable[[list[str]], Any]) -> tuple[list[float], list[Any]]:
    """Each query's result and its wall time in ms: the one timing loop every baseline uses."""
    ms, results = [], []
    for q in queries:
        t0 = time.perf_counter()
        result = search(q)
        ms.append((time.perf_counter() - t0) * 1000)
        results.append(result)
    return ms, results


def child_bm25s_build(spec: dict[str, Any]) -> dict[str, Any]:
    import bm25s

    corpus = _read_bags(spec["tokens"])
    t0 = time.perf_counter()
    bm = bm25s.BM25(k1=spec["params"]["k1"], b=spec["params"]["b"])  # method="lucene": Lucene's IDF, not Okapi's
    bm.index(corpus, show_progress=False)
    bm.save(spec["dir"], show_progress=False)
    return {"build_s": time.perf_counter() - t0, "peak_mb": peak_mb()}


def child_bm25s_search(spec: dict[str, Any]) -> dict[str, Any]:
    import bm25s
    import numpy as np

    queries = _read_lines(spec["qtokens"])
    t0 = time.perf_counter()
    bm = bm25s.BM25.load(spec["dir"], mmap=True, show_progress=False)
    open_s = time.perf_counter() - t0

    def search(q: list[str]) -> tuple[list[int], list[float]]:
        ids = bm.get_tokens_ids(q)
        return _top(np.asarray(bm.get_scores(ids))) if ids else ([], [])

    ms, results = _timed(queries, search)
    return {"open_s": open_s, "ms": ms, "results": results, "peak_mb": peak_mb()}


def child_tantivy_build(spec: dict[str, Any]) -> dict[str, Any]:
    import tantivy

    corpus = _read_bags(spec["tokens"])
    t0 = time.perf_counter()
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("body", stored=False, tokenizer_name="whitespace", index_option="freq")
    sb.add_unsigned_field("pid", stored=True)
    Path(spec["dir"]).mkdir(parents=True)
    index = tantivy.Index(sb.build(), path=spec["dir"])
    writer = index.writer(heap_size=512_000_000, num_threads=2)
    for i, bag in enumerate(corpus):
        writer.add_document(tantivy.Document(body=" ".join(bag), pid=i))
    writer.commit()
    writer.wait_merging_threads()
    return {"build_s": time.perf_counter() - t0, "peak_mb": peak_mb()}


def child_tantivy_search(spec: dict[str, Any]) -> dict[str, Any]:
    """A BooleanQuery of SHOULD TermQuerys over the question's terms (no query-syntax escaping needed)."""
    import tantivy

    queries = _read_lines(spec["qtokens"])
    t0 = time.perf_counter()
    index = tantivy.Index.open(spec["dir"])
    index.reload()
    searcher = index.searcher()
    open_s = time.perf_counter() - t0
    schema, should, term = index.schema, tantivy.Occur.Should, tantivy.Query.term_query

    def search(q: list[str]) -> list[tuple[float, Any]]:
        query = tantivy.Query.boolean_query([(should, term(schema, "body", t)) for t in q])
        return searcher.search(query, TOP_K, count=False).hits

    ms, found = _timed(queries, search)
    rss = peak_mb()
    results = [([int(searcher.doc(addr)["pid"][0]) for _, addr in hits], [float(s) for s, _ in hits]) for hits in found]
    return {"open_s": open_s, "ms": ms, "results": results, "peak_mb": rss}


def child_milvus_build(spec: dict[str, Any]) -> dict[str, Any]:
    """The newsqa index written into a Milvus Lite collection (retrieval/milvus.py), in okapi or
    native mode, and saved as an index directory naming it: build time is Milvus's part alone
    (the terms are newsqa's, read from its postings, not tokenized again)."""
    from retrieval.milvus import MilvusSettings
    from retrieval.service import NewsQA

    qa = NewsQA.open(spec["index"])
    t0 = time.perf_counter()
    qa = qa.on_milvus(MilvusSettings(uri=spec["uri"], collection="bench", mode=spec["mode"]))
    qa.save(spec["dir"])
    return {"build_s": time.perf_counter() - t0, "peak_mb": peak_mb()}


def child_milvus_search(spec: dict[str, Any]) -> dict[str, Any]:
    """As child_newsqa_search, on the index directory kept in Milvus Lite: `took_ms` with the same
    plain BM25 settings, and top_k (the Milvus search, plus the exact re-score in okapi mode) alone.
    The passages' recounts (retrieval/recount.py) are kept across questions, as in a bot."""
    from retrieval.service import NewsQA

    questions = json.loads(Path(spec["queries"]).read_text(encoding="utf-8"))
    t0 = time.perf_counter()
    qa = NewsQA.open(spec["dir"], _plain_bm25())
    open_s = time.perf_counter() - t0
    qa.ask(questions[0])  # jieba's dictionary, and Milvus's first search
    took, results, topk_ms = [], [], []
    for q in questions:
        a = qa.ask(q, TOP_K)
        took.append(a.took_ms)
        results.append(([h.passage_id for h in a.hits], [h.score for h in a.hits]))
    recount = getattr(qa.index, "recount", None)
    if recount is not None:  # top_k timed with its own recounts, not with those the asks above left
        recount.clear()
    for q in questions:
        terms = qa.analyzer.tokens(q)
        t1 = time.perf_counter()
        qa.index.top_k(terms, TOP_K)
        topk_ms.append((time.perf_counter() - t1) * 1000)
    return {"open_s": open_s, "ms": took, "results": results, "top_k_ms": topk_ms, "peak_mb": peak_mb()}


CHILDREN: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "newsqa_search": child_newsqa_search,
    "export": child_export,
    "rank_bm25": child_rank_bm25,
    "bm25s_build": child_bm25s_build,
    "bm25s_search": child_bm25s_search,
    "tantivy_build": child_tantivy_build,
    "tantivy_search": child_tantivy_search,
    "milvus_build": child_milvus_build,
    "milvus_search": child_milvus_search,
}
