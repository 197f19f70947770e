"""Scale: build time, index size, open time, query latency and memory, newsqa next to BM25 baselines.

    PYTHONPATH=. python bench/scale.py ../shared/bench/cmrc2018_trial.json [--sizes 10000,100000,1000000]
        [--work DIR [--reuse]] [--queries N] [--engines newsqa,rank_bm25,bm25s,tantivy,milvus,milvus_native] [--json] [--docs]

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
- newsqa on Milvus Lite (`milvus`: okapi mode, `milvus_native`: Milvus's own BM25) is the
  newsqa index written into a Milvus Lite collection (build = that write alone) and asked
  through `NewsQA.open` + `ask` like newsqa, so its p50/p99 are `took_ms` with Milvus ranking;
  peak MB counts the Lite server process with its client;
- the baselines index the SAME passage terms: each passage's bag of terms read back
  from the newsqa index's postings (term x tf; headline terms x title_weight included,
  exactly what the index scores), and the question's terms from the index's analyzer.
  Their timings exclude analysis: build = indexing (+ saving) pre-tokenized lists,
  query = scoring + top-5 for the question's terms.

The data set (CC BY-SA 4.0) is read from its path; corpora, indexes and token files go
to --work (default: a temp dir, deleted afterwards), never into the repository. With
--reuse, a newsqa index a previous run left in --work is searched again instead of rebuilt
(its build columns then read "–"). --docs writes the report into docs/scaling.md between
its markers, so the page shows this run's figures, not pasted ones.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# run as a script, sys.path[0] is bench/: the package needs the repository. Children put their
# snapshot of retrieval/ before it (child_main), so this never decides which retrieval they run.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.data import SEED, Cmrc, articles, load_cmrc, sample_queries, write_corpus  # noqa: E402
from bench.engines import CHILDREN, TOP_K  # noqa: E402
from bench.memory import spawn  # noqa: E402
from bench.report import Row, machine, parity, percentile, render, to_json, unique_best, write_docs, write_readme  # noqa: E402

# what the tests and callers reach through this module, as before the split
__all__ = ["Cmrc", "Row", "articles", "load_cmrc", "main", "render", "run", "sample_queries", "to_json", "unique_best", "TOP_K"]

ENGINES = ("newsqa", "rank_bm25", "bm25s", "tantivy", "milvus", "milvus_native")
MILVUS = {"milvus": "okapi", "milvus_native": "native"}  # newsqa on Milvus Lite, by scoring mode
MILVUS_LITE_MAX = 1_000_000  # checked to fit at 1M (about 100 s and 1.3 GB to write, docs/scaling.md); not measured above
DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
RANK_BM25_MAX = 100_000  # dense Python scoring: ~1.6 s a question at 1M passages
_MB = 1024 * 1024


# --- the snapshot and the children --------------------------------------------


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


def run_child(task: str, spec: dict[str, Any], work: Path, code: Path, *, tree: bool = False) -> dict[str, Any]:
    """Run CHILDREN[task](spec) in a fresh process importing retrieval from `code`; its result.

    With tree, the result's tree_peak_mb is the peak of the child and its own children together
    (Milvus Lite runs its server as a child process of the client)."""
    spec_path, result_path = work / f"{task}.spec.json", work / f"{task}.result.json"
    spec_path.write_text(json.dumps(spec), encoding="utf-8")
    result_path.unlink(missing_ok=True)
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", task, str(spec_path), str(result_path), str(code)]
    _, peak = spawn(cmd, work / f"{task}.log", code, tree=tree)
    return json.loads(result_path.read_text(encoding="utf-8")) | {"tree_peak_mb": peak}


def child_main(argv: Sequence[str]) -> int:
    """A child process: import retrieval from the snapshot given, run one task, write its result."""
    task, spec_path, result_path, code = argv
    sys.path.insert(0, code)  # before any import of retrieval: the children import it lazily
    result = CHILDREN[task](json.loads(Path(spec_path).read_text(encoding="utf-8")))
    Path(result_path).write_text(json.dumps(result), encoding="utf-8")
    return 0


# --- the run -----------------------------------------------------------------


def dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _finish(row: Row, res: dict[str, Any]) -> Row:
    row.ms, row.results = res["ms"], [(list(i), list(s)) for i, s in res["results"]]
    row.p50_ms, row.p99_ms, row.peak_mb = percentile(row.ms, 50), percentile(row.ms, 99), res["peak_mb"]
    return row


def bench_size(
    cmrc: Cmrc, n: int, queries_file: Path, work: Path, engines: Sequence[str], log: Callable[[str], None], code: Path, reuse: bool = False
) -> dict[str, Any]:
    """Every engine at one corpus size; newsqa always runs (the baselines read its terms)."""
    work.mkdir(parents=True, exist_ok=True)
    corpus = work / "corpus.jsonl"
    index = work / "newsqa-index"
    reused = reuse and corpus.is_file() and (index / "meta.json").is_file()
    t0 = time.perf_counter()
    n_articles = _articles_in(corpus) if reused else write_corpus(cmrc, n, corpus)
    log(f"[{n}] corpus: {n_articles} articles, {corpus.stat().st_size / _MB:.0f} MB in {time.perf_counter() - t0:.1f} s")
    rows: list[Row] = []
    info: dict[str, Any] = {"size": n, "articles": n_articles, "corpus_mb": corpus.stat().st_size / _MB}

    build_s: float | None = None
    build_peak: float | None = None
    if reused:
        log(f"[{n}] newsqa index: reusing {index}")
    else:
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
        "first_ms": res["first_ms"],
        "tokenize_p50_ms": percentile(res["tokenize_ms"], 50),
        "tokenize_p99_ms": percentile(res["tokenize_ms"], 99),
        "top_k_p50_ms": percentile(res["top_k_ms"], 50),
        "top_k_p99_ms": percentile(res["top_k_ms"], 99),
        "defaults_p50_ms": percentile(res["default_ms"], 50),
        "defaults_p99_ms": percentile(res["default_ms"], 99),
    }
    log(f"[{n}] newsqa search: open {row.open_s:.2f} s, p50 {row.p50_ms:.2f} ms, p99 {row.p99_ms:.2f} ms, peak {row.peak_mb:.0f} MB")

    for engine in [e for e in engines if e in MILVUS]:
        row = bench_milvus(engine, n, index, queries_file, work, code, info)
        rows.append(row)
        log(f"[{n}] {engine}: {row.note or f'build {row.build_s:.1f} s, p50 {row.p50_ms:.2f} ms, p99 {row.p99_ms:.2f} ms, peak {row.peak_mb:.0f} MB'}")

    baselines = [e for e in engines if e != "newsqa" and e not in MILVUS]
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


def milvus_skip(n: int) -> str:
    """Why Milvus Lite is not run at this size ("" when it is)."""
    try:
        import milvus_lite  # noqa: F401
        import pymilvus  # noqa: F401
    except ImportError:
        return 'skipped: pymilvus/milvus-lite not installed (pip install ".[milvus]")'
    if n > MILVUS_LITE_MAX:
        return f"skipped: Milvus Lite above {MILVUS_LITE_MAX:,} passages (see docs/scaling.md)"
    return ""


def bench_milvus(engine: str, n: int, index: Path, queries_file: Path, work: Path, code: Path, info: dict[str, Any]) -> Row:
    """newsqa's index written into Milvus Lite (okapi or native mode) and asked the same questions:
    build = writing the collection, index MB = the Lite files (the index directory's size is in info),
    peak MB = client and Lite server together."""
    why = milvus_skip(n)
    if why:
        return Row(n, engine, note=why)
    out = work / engine
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    spec = {"index": str(index), "uri": str(out / "lite.db"), "mode": MILVUS[engine], "dir": str(out / "index"), "queries": str(queries_file)}
    built = run_child("milvus_build", spec, work, code, tree=True)
    lite_mb = (dir_bytes(out) - dir_bytes(out / "index")) / _MB
    res = run_child("milvus_search", spec, work, code, tree=True)
    res["peak_mb"] = res["tree_peak_mb"]
    info[engine] = {
        "top_k_p50_ms": percentile(res["top_k_ms"], 50),
        "top_k_p99_ms": percentile(res["top_k_ms"], 99),
        "dir_mb": dir_bytes(out / "index") / _MB,  # the index directory replicas share (no postings)
    }
    return _finish(Row(n, engine, built["build_s"], lite_mb, res["open_s"], build_peak_mb=built["tree_peak_mb"]), res)


def _articles_in(corpus: Path) -> int:
    """Articles in a corpus file a previous run wrote (one JSON object a line)."""
    with corpus.open("rb") as f:
        return sum(1 for line in f if line.strip())


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
    reuse: bool = False,
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
        done = bench_size(cmrc, n, queries_file, work / str(n), engines, log, code, reuse)
        sizes_info.append(done["info"])
        rows += done["rows"]
        by = {r.engine: r for r in done["rows"] if r.ms}
        for other in ("rank_bm25", "bm25s", "tantivy", *MILVUS):
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


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--child"]:
        return child_main(argv[1:])
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("path", type=Path, help="CMRC 2018 trial JSON (SQuAD format)")
    p.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="passage counts, comma-separated")
    p.add_argument("--work", type=Path, metavar="DIR", help="keep corpora, indexes, token files and report.json here (default: a temp dir, deleted)")
    p.add_argument("--queries", type=int, default=300, metavar="N", help="questions per size (default 300)")
    p.add_argument("--engines", default=",".join(ENGINES), help="comma-separated subset of " + ",".join(ENGINES))
    p.add_argument("--reuse", action="store_true", help="with --work: search the newsqa index a previous run left there instead of rebuilding it")
    p.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    p.add_argument("--docs", action="store_true", help="also write the report into docs/scaling.md between its markers")
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
    if args.reuse and not args.work:
        p.error("--reuse needs --work DIR (the run to reuse)")

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    if args.work:
        report = run(args.path, sizes, args.work, args.queries, engines, log, args.reuse)
        full = to_json(report) | {"rows": [asdict(r) for r in report["rows"]]}  # with per-question figures
        (args.work / "report.json").write_text(json.dumps(full, ensure_ascii=False), encoding="utf-8")
    else:
        with tempfile.TemporaryDirectory(prefix="newsqa-scale-") as tmp:
            report = run(args.path, sizes, Path(tmp), args.queries, engines, log)
    print(json.dumps(to_json(report), ensure_ascii=False, indent=2) if args.json else render(report))
    if args.docs:
        write_docs(ROOT / "docs" / "scaling.md", report)
        write_readme(ROOT / "README.md", report)
        log("scale: report written into docs/scaling.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
