"""Scale: build time, index size, open time, query latency and memory, newsqa next to BM25 baselines.

    PYTHONPATH=. python bench/scale.py ../shared/bench/cmrc2018_trial.json [--sizes 10000,100000,1000000]
        [--work DIR] [--queries N] [--engines newsqa,rank_bm25,bm25s,tantivy] [--json]

Synthetic corpora of N passages are drawn from the CMRC 2018 trial paragraphs with a
fixed seed: sentences (split at 。！？!?, 8-120 characters, and only those the project's
chunker keeps as one passage, so the index holds exactly N passages) grouped into
articles of 5-15 sentences, one sentence a line, each titled with a CMRC page title.
Queries are CMRC questions sampled with the same seed, identical at every size.

Every build and every search runs in a fresh process, so peak memory is per engine:

- newsqa is built by the real CLI (`python -m retrieval index`) and searched through
  `NewsQA.open` + `ask`, timed by `Answer.took_ms` (question analysis, `top_k`, building
  5 hits with context and marks), with the query-side levers off (no character fallback
  for unknown words, no number re-ranking or answer checks) so that every engine ranks the
  same terms by the same BM25; the same questions are then timed again with the default search
  settings, which is what a user's question costs;
- the baselines index the SAME passage terms: each passage's bag of terms read back
  from the newsqa index's postings (term x tf; headline terms x title_weight included,
  exactly what the index scores), and the question's terms from the index's analyzer.
  Their timings exclude analysis: build = indexing (+ saving) pre-tokenized lists,
  query = scoring + top-5 for the question's terms.

The data set (CC BY-SA 4.0) is read from its path; corpora, indexes and token files go
to --work (default: a temp dir, deleted afterwards), never into the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

SEED = 20200204
ENGINES = ("newsqa", "rank_bm25", "bm25s", "tantivy")
DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
TOP_K = 5
RANK_BM25_MAX = 100_000  # dense Python scoring: ~1.6 s a question at 1M passages
MIN_CHARS, MAX_CHARS = 8, 120
_SENTENCE = re.compile(r"[^。！？!?]*[。！？!?]+|[^。！？!?]+$")
_MB = 1024 * 1024


# --- data --------------------------------------------------------------------


@dataclass(frozen=True)
class Cmrc:
    sentences: list[str]  # the pool passages are drawn from
    titles: list[str]
    questions: list[str]


def split_sentences(text: str) -> list[str]:
    """Sentences ending at 。！？!? (kept), whitespace stripped."""
    return [s for s in (m.group().strip() for m in _SENTENCE.finditer(text)) if s]


def load_cmrc(path: Path) -> Cmrc:
    """Sentence pool, page titles and questions of a SQuAD-style CMRC file, in file order."""
    from retrieval.chunking import chunk_spans
    from retrieval.text import normalize

    data = json.loads(Path(path).read_text(encoding="utf-8"))["data"]
    sentences, titles, questions = [], [], []
    for doc in data:
        title = (doc.get("title") or "").strip()
        if title:
            titles.append(title)
        for para in doc["paragraphs"]:
            for s in split_sentences(para["context"]):
                # one line of the corpus must be one passage of the index, so N lines = N passages
                if MIN_CHARS <= len(s) <= MAX_CHARS and len(chunk_spans(normalize(s))) == 1:
                    sentences.append(s)
            questions += [q["question"].strip() for q in para["qas"] if q["question"].strip()]
    if not sentences or not titles or not questions:
        raise SystemExit(f"scale: {path}: no usable sentences, titles or questions")
    return Cmrc(sentences, titles, questions)


def articles(cmrc: Cmrc, n: int) -> Iterator[dict[str, str]]:
    """n passages in articles of 5-15 sentences (the last may be shorter), seeded."""
    rng = random.Random(SEED)
    made = a = 0
    while made < n:
        k = min(rng.randint(5, 15), n - made)
        title = rng.choice(cmrc.titles)
        text = "\n".join(rng.choice(cmrc.sentences) for _ in range(k))
        a += 1
        made += k
        yield {"id": f"s{a:07d}", "title": title, "text": text}


def write_corpus(cmrc: Cmrc, n: int, path: Path) -> int:
    """Write the JSONL corpus; return its article count."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8") as f:
        for art in articles(cmrc, n):
            f.write(json.dumps(art, ensure_ascii=False) + "\n")
            count += 1
    return count


def sample_queries(questions: Sequence[str], n: int) -> list[str]:
    """n questions sampled with the seed, cycling through shuffled copies past the set's size."""
    rng = random.Random(SEED)
    out: list[str] = []
    while len(out) < n:
        out += rng.sample(list(questions), min(len(questions), n - len(out)))
    return out


# --- children: every build and search in a fresh process ----------------------


def peak_mb() -> float:
    """This process's peak resident set (VmHWM), in MB."""
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


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
    """Open the index, warm jieba with one question, ask every question; timings are the engine's own."""
    from retrieval.service import NewsQA

    questions = json.loads(Path(spec["queries"]).read_text(encoding="utf-8"))
    t0 = time.perf_counter()
    qa = NewsQA.open(spec["index"], _plain_bm25())  # the same BM25 ranking as the baselines
    open_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    qa.ask(questions[0])  # jieba's dictionary loads on first use
    warmup_s = time.perf_counter() - t0
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
        f.writelines(json.dumps(qa.analyzer.tokens(q), ensure_ascii=False) + "\n" for q in questions)
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


CHILDREN: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "newsqa_search": child_newsqa_search,
    "export": child_export,
    "rank_bm25": child_rank_bm25,
    "bm25s_build": child_bm25s_build,
    "bm25s_search": child_bm25s_search,
    "tantivy_build": child_tantivy_build,
    "tantivy_search": child_tantivy_search,
}


def snapshot(work: Path) -> tuple[Path, str]:
    """Copy retrieval/ into the work dir for this run's children, so edits made to the tree while
    a long run goes on cannot mix two versions in one table; return it and the commit it is.

    Every child is given this folder explicitly (spawn's `code`): it runs there, with the
    folder first on its PYTHONPATH, and a search child puts it first on sys.path too."""
    commit = _commit()
    code = work / "code"
    shutil.rmtree(code, ignore_errors=True)
    shutil.copytree(ROOT / "retrieval", code / "retrieval", ignore=shutil.ignore_patterns("__pycache__"))
    return code, commit


def _env(code: Path) -> dict[str, str]:
    path = os.pathsep.join(filter(None, [str(code), os.environ.get("PYTHONPATH")]))
    return os.environ | {"PYTHONPATH": path}


def _descendants(root: int) -> list[int]:
    """root and every process below it, from /proc."""
    parent: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as f:
                    parent[int(entry.name)] = int(f.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    tree, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, pp in parent.items() if pp in frontier]
        tree += frontier
    return tree


def _tree_pss_mb(root: int) -> float:
    """Proportional set size of a process and its descendants (forked workers' shared pages counted once)."""
    total = 0
    for pid in _descendants(root):
        try:
            with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as f:
                total += next(int(line.split()[1]) for line in f if line.startswith("Pss:"))
        except (OSError, StopIteration, ValueError):
            continue
    return total / 1024


def spawn(cmd: list[str], log: Path, code: Path, *, tree: bool = False) -> tuple[float, float]:
    """Run cmd to completion in `code` (the snapshot, importable first); return (wall seconds, peak memory in MB).

    Peak memory is the child's own peak RSS (wait4), or with tree=True the larger of that
    and the peak PSS of the child and all its worker processes together, sampled every 0.2 s.
    """
    import threading

    with log.open("w", encoding="utf-8") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=code, env=_env(code), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err)
        peak = [0.0]
        stop = threading.Event()

        def sample() -> None:
            while not stop.wait(0.2):
                peak[0] = max(peak[0], _tree_pss_mb(proc.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        if tree:
            sampler.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            stop.set()
        wall = time.perf_counter() - t0
        if tree:
            sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        tail = log.read_text(encoding="utf-8", errors="replace").strip()[-2000:]
        raise RuntimeError(f"scale: {' '.join(cmd[:4])}... failed ({proc.returncode}):\n{tail}")
    return wall, max(usage.ru_maxrss / 1024, peak[0])


def run_child(task: str, spec: dict[str, Any], work: Path, code: Path) -> dict[str, Any]:
    """Run CHILDREN[task](spec) in a fresh process importing retrieval from `code`; its result."""
    spec_path, result_path = work / f"{task}.spec.json", work / f"{task}.result.json"
    spec_path.write_text(json.dumps(spec), encoding="utf-8")
    result_path.unlink(missing_ok=True)
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", task, str(spec_path), str(result_path), str(code)]
    spawn(cmd, work / f"{task}.log", code)
    return json.loads(result_path.read_text(encoding="utf-8"))


def child_main(argv: Sequence[str]) -> int:
    """A child process: import retrieval from the snapshot given, run one task, write its result."""
    task, spec_path, result_path, code = argv
    sys.path.insert(0, code)  # before any import of retrieval: the children import it lazily
    result = CHILDREN[task](json.loads(Path(spec_path).read_text(encoding="utf-8")))
    Path(result_path).write_text(json.dumps(result), encoding="utf-8")
    return 0


# --- the run -----------------------------------------------------------------


@dataclass
class Row:
    size: int
    engine: str
    build_s: float | None = None
    index_mb: float | None = None
    open_s: float | None = None
    p50_ms: float | None = None
    p99_ms: float | None = None
    peak_mb: float | None = None  # the search process
    build_peak_mb: float | None = None
    note: str = ""
    ms: list[float] = field(default_factory=list, repr=False)
    results: list[tuple[list[int], list[float]]] = field(default_factory=list, repr=False)


def dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def percentile(values: Sequence[float], q: float) -> float:
    import numpy as np

    return float(np.percentile(values, q)) if len(values) else float("nan")


def _finish(row: Row, res: dict[str, Any]) -> Row:
    row.ms, row.results = res["ms"], [(list(i), list(s)) for i, s in res["results"]]
    row.p50_ms, row.p99_ms, row.peak_mb = percentile(row.ms, 50), percentile(row.ms, 99), res["peak_mb"]
    return row


def bench_size(cmrc: Cmrc, n: int, queries_file: Path, work: Path, engines: Sequence[str], log: Callable[[str], None],
               code: Path) -> dict[str, Any]:
    """Every engine at one corpus size; newsqa always runs (the baselines read its terms)."""
    work.mkdir(parents=True, exist_ok=True)
    corpus = work / "corpus.jsonl"
    t0 = time.perf_counter()
    n_articles = write_corpus(cmrc, n, corpus)
    log(f"[{n}] corpus: {n_articles} articles, {corpus.stat().st_size / _MB:.0f} MB in {time.perf_counter() - t0:.1f} s")
    rows: list[Row] = []
    info: dict[str, Any] = {"size": n, "articles": n_articles, "corpus_mb": corpus.stat().st_size / _MB}

    index = work / "newsqa-index"
    cmd = [sys.executable, "-m", "retrieval", "index", str(corpus), "--out", str(index)]
    build_s, build_peak = spawn(cmd, work / "newsqa-index.log", code, tree=True)  # tokenizes in worker processes
    log(f"[{n}] newsqa index: {build_s:.1f} s, peak {build_peak:.0f} MB")
    res = run_child("newsqa_search", {"index": str(index), "queries": str(queries_file)}, work, code)
    if Path(res["code"]) != code:
        raise RuntimeError(f"scale: the search child imported retrieval from {res['code']}, not {code}")
    if res["passages"] != n:
        raise RuntimeError(f"scale: the index holds {res['passages']} passages, expected {n}")
    row = _finish(Row(n, "newsqa", build_s, dir_bytes(index) / _MB, res["open_s"], build_peak_mb=build_peak), res)
    rows.append(row)
    info["newsqa"] = {
        "terms": res["terms"],
        "postings": res["postings"],
        "warmup_s": res["warmup_s"],
        "tokenize_p50_ms": percentile(res["tokenize_ms"], 50),
        "tokenize_p99_ms": percentile(res["tokenize_ms"], 99),
        "top_k_p50_ms": percentile(res["top_k_ms"], 50),
        "top_k_p99_ms": percentile(res["top_k_ms"], 99),
        "defaults_p50_ms": percentile(res["default_ms"], 50),
        "defaults_p99_ms": percentile(res["default_ms"], 99),
    }
    log(f"[{n}] newsqa search: open {row.open_s:.2f} s, p50 {row.p50_ms:.2f} ms, p99 {row.p99_ms:.2f} ms, peak {row.peak_mb:.0f} MB")

    baselines = [e for e in engines if e != "newsqa"]
    if not baselines:
        return {"info": info, "rows": rows}
    tokens, qtokens = work / "tokens.jsonl", work / "qtokens.jsonl"
    res = run_child("export", {"index": str(index), "queries": str(queries_file), "tokens": str(tokens), "qtokens": str(qtokens)}, work, code)
    info["export_s"] = res["seconds"]
    log(f"[{n}] token lists from the postings: {res['seconds']:.1f} s")
    info["bm25"] = res["params"]
    files = {"tokens": str(tokens), "qtokens": str(qtokens), "params": res["params"]}
    for engine in baselines:
        if engine == "rank_bm25":
            if n > RANK_BM25_MAX:
                rows.append(Row(n, engine, note="skipped"))
                continue
            res = run_child("rank_bm25", files, work, code)
            row = _finish(Row(n, engine, res["build_s"], build_peak_mb=res["peak_mb"]), res)
        else:
            out = work / engine
            shutil.rmtree(out, ignore_errors=True)
            built = run_child(f"{engine}_build", files | {"dir": str(out)}, work, code)
            res = run_child(f"{engine}_search", files | {"dir": str(out)}, work, code)
            row = _finish(Row(n, engine, built["build_s"], dir_bytes(out) / _MB, res["open_s"], build_peak_mb=built["peak_mb"]), res)
        rows.append(row)
        log(f"[{n}] {engine}: build {row.build_s:.1f} s, p50 {row.p50_ms:.2f} ms, p99 {row.p99_ms:.2f} ms, peak {row.peak_mb:.0f} MB")
    return {"info": info, "rows": rows}


def unique_best(scores: Sequence[float]) -> bool:
    if not scores:
        return False
    return len(scores) == 1 or scores[0] - scores[1] > 1e-9 * max(1.0, abs(scores[0]))


def parity(a: Row, b: Row) -> dict[str, Any]:
    """Top-1 agreement on the questions where both engines have a unique best score."""
    compared, agree, mismatches = 0, 0, []
    for i, ((ia, sa), (ib, sb)) in enumerate(zip(a.results, b.results)):
        if unique_best(sa) and unique_best(sb):
            compared += 1
            if ia[0] == ib[0]:
                agree += 1
            else:
                mismatches.append(i)
    return {"of": a.engine, "vs": b.engine, "compared": compared, "agree": agree, "mismatches": mismatches}


def machine() -> dict[str, Any]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {"nproc": cpus, "cpu": model, "python": platform.python_version()}


def _commit() -> str:
    """The commit measured, with "+dirty" when retrieval/ has uncommitted changes."""
    try:
        git = ["git", "-C", str(ROOT)]
        head = subprocess.run(git + ["rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(git + ["status", "--porcelain", "--", "retrieval"], capture_output=True, text=True, check=True).stdout.strip()
        return head + ("+dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def run(
    cmrc_path: Path,
    sizes: Sequence[int],
    work: Path,
    n_queries: int = 300,
    engines: Sequence[str] = ENGINES,
    log: Callable[[str], None] = lambda s: None,
) -> dict[str, Any]:
    t0 = time.perf_counter()
    work = work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    code, commit = snapshot(work)
    cmrc = load_cmrc(cmrc_path)
    queries = sample_queries(cmrc.questions, n_queries)
    queries_file = work / "queries.json"
    queries_file.write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
    rows: list[Row] = []
    sizes_info, parities = [], []
    for n in sizes:
        done = bench_size(cmrc, n, queries_file, work / str(n), engines, log, code)
        sizes_info.append(done["info"])
        rows += done["rows"]
        by = {r.engine: r for r in done["rows"] if r.ms}
        for other in ("rank_bm25", "bm25s", "tantivy"):
            if "newsqa" in by and other in by:
                parities.append({"size": n} | parity(by["newsqa"], by[other]))
    return {
        "file": str(cmrc_path),
        "seed": SEED,
        "pool_sentences": len(cmrc.sentences),
        "queries": len(queries),
        "machine": machine() | {"commit": commit},
        "sizes": sizes_info,
        "rows": rows,
        "parity": parities,
        "total_s": time.perf_counter() - t0,
    }


# --- report ------------------------------------------------------------------


def _cell(v: float | None, fmt: str) -> str:
    return "–" if v is None else format(v, fmt)


def speedups(rows: Sequence[Row]) -> list[dict[str, Any]]:
    """newsqa vs rank-bm25, per question, at each size both ran."""
    import numpy as np

    out = []
    for n in sorted({r.size for r in rows}):
        by = {r.engine: r for r in rows if r.size == n and r.ms}
        if "newsqa" in by and "rank_bm25" in by:
            a, b = np.asarray(by["newsqa"].ms), np.asarray(by["rank_bm25"].ms)
            out.append({
                "size": n,
                "p50_ratio": float(np.median(b) / np.median(a)),
                "mean_ratio": float(b.mean() / a.mean()),
                "median_per_question": float(np.median(b / a)),
            })
    return out


def table(report: dict[str, Any]) -> str:
    rows: list[Row] = report["rows"]
    lines = [
        "| passages | engine | build s | index MB | open s | p50 ms | p99 ms | peak MB | build peak MB |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    p50_100k = {r.size: r.p50_ms for r in rows if r.engine == "rank_bm25" and r.p50_ms is not None}
    for r in rows:
        name = r.engine
        if r.note == "skipped":
            est = max((p * r.size / n for n, p in p50_100k.items()), default=None)
            name += f" (skipped: ≈{est / 1000:.1f} s/query)" if est else " (skipped: ≈1.6 s/query)"
        lines.append(
            f"| {r.size:,} | {name} | {_cell(r.build_s, '.1f')} | {_cell(r.index_mb, '.1f')} | {_cell(r.open_s, '.2f')} "
            f"| {_cell(r.p50_ms, '.2f')} | {_cell(r.p99_ms, '.2f')} | {_cell(r.peak_mb, '.0f')} | {_cell(r.build_peak_mb, '.0f')} |"
        )
    return "\n".join(lines)


def render(report: dict[str, Any]) -> str:
    m = report["machine"]
    out = [
        (
            f"Synthetic corpora from {report['file']} (seed {report['seed']}, pool of {report['pool_sentences']:,} sentences); "
            f"{report['queries']} CMRC questions, top-{TOP_K}. newsqa p50/p99 are `Answer.took_ms` (analysis + top_k + hits); "
            "baselines get the index's own terms and are timed on scoring + top-5 only; baseline build times exclude "
            "tokenization (term lists read back from the newsqa postings). rank-bm25 and bm25s use the index's k1 and b; "
            "bm25s scores with Lucene's IDF and tantivy with its fixed k1 1.2, b 0.75, so their rankings differ slightly. "
            "peak MB is the search process's VmHWM; newsqa's build peak is its CLI and tokenizer workers together (PSS)."
        ),
        "",
        table(report),
        "",
        "newsqa, where a question's time goes (p50 / p99 ms):",
        "",
        "| passages | terms | postings | analysis | top_k | ask (total) | ask, default search settings | first question s |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    by = {(r.size, r.engine): r for r in report["rows"]}
    for s in report["sizes"]:
        nq, r = s["newsqa"], by[(s["size"], "newsqa")]
        out.append(
            f"| {s['size']:,} | {nq['terms']:,} | {nq['postings']:,} | {nq['tokenize_p50_ms']:.2f} / {nq['tokenize_p99_ms']:.2f} "
            f"| {nq['top_k_p50_ms']:.2f} / {nq['top_k_p99_ms']:.2f} | {r.p50_ms:.2f} / {r.p99_ms:.2f} "
            f"| {nq['defaults_p50_ms']:.2f} / {nq['defaults_p99_ms']:.2f} | {nq['warmup_s']:.2f} |"
        )
    out.append("")
    for sp in speedups(report["rows"]):
        out.append(
            f"Speed-up of newsqa over rank-bm25 at {sp['size']:,} passages: {sp['p50_ratio']:.3g}x at p50, "
            f"{sp['mean_ratio']:.3g}x in mean time, {sp['median_per_question']:.3g}x median per question "
            "(newsqa's time includes analysis and hit building; rank-bm25's does not)."
        )
    for p in report["parity"]:
        out.append(
            f"Top-1 agreement at {p['size']:,}: newsqa = {p['vs']} on {p['agree']}/{p['compared']} questions where both have a unique best score."
        )
    out.append("")
    out.append(
        f"Machine: {m['nproc']} CPUs ({m['cpu']}), Python {m['python']}, newsqa at {m['commit']}; one run, total {report['total_s'] / 60:.1f} min. "
        "Latencies vary by up to ~2x from run to run on this shared machine: compare within one run."
    )
    return "\n".join(out)


def to_json(report: dict[str, Any]) -> dict[str, Any]:
    rows = [{k: v for k, v in asdict(r).items() if k not in ("ms", "results")} for r in report["rows"]]
    return report | {"rows": rows, "speedups": speedups(report["rows"])}


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--child"]:
        return child_main(argv[1:])
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("path", type=Path, help="CMRC 2018 trial JSON (SQuAD format)")
    p.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="passage counts, comma-separated")
    p.add_argument(
        "--work", type=Path, metavar="DIR", help="keep corpora, indexes, token files and report.json here (default: a temp dir, deleted)"
    )
    p.add_argument("--queries", type=int, default=300, metavar="N", help="questions per size (default 300)")
    p.add_argument("--engines", default=",".join(ENGINES), help="comma-separated subset of " + ",".join(ENGINES))
    p.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = p.parse_args(argv)
    try:
        sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        p.error("--sizes: comma-separated whole numbers")
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    if bad := [e for e in engines if e not in ENGINES]:
        p.error(f"--engines: unknown {', '.join(bad)} (choose from {', '.join(ENGINES)})")
    if "newsqa" not in engines:
        engines.insert(0, "newsqa")  # the baselines read their terms from its index
    if not sizes or min(sizes) < 1 or args.queries < 1:
        p.error("--sizes and --queries must be positive")
    if not args.path.is_file():
        p.error(f"{args.path}: no such file")

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    if args.work:
        report = run(args.path, sizes, args.work, args.queries, engines, log)
        full = to_json(report) | {"rows": [asdict(r) for r in report["rows"]]}  # with per-question figures
        (args.work / "report.json").write_text(json.dumps(full, ensure_ascii=False), encoding="utf-8")
    else:
        with tempfile.TemporaryDirectory(prefix="newsqa-scale-") as tmp:
            report = run(args.path, sizes, Path(tmp), args.queries, engines, log)
    print(json.dumps(to_json(report), ensure_ascii=False, indent=2) if args.json else render(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
