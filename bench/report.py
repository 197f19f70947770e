"""scale.py's figures: one row per size and engine, top-1 agreement, and the Markdown and JSON reports."""

from __future__ import annotations

import os
import platform
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bench.engines import TOP_K
from bench.markers import replace_between


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


def percentile(values: Sequence[float], q: float) -> float:
    import numpy as np

    return float(np.percentile(values, q)) if len(values) else float("nan")


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
            out.append(
                {
                    "size": n,
                    "p50_ratio": float(np.median(b) / np.median(a)),
                    "mean_ratio": float(b.mean() / a.mean()),
                    "median_per_question": float(np.median(b / a)),
                }
            )
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
        if r.note.startswith("skipped:"):
            name += f" ({r.note})"
        elif r.note == "skipped":
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
        "newsqa, where a question's time goes (p50 / p99 ms), next to tantivy's search of the same terms in the same run; "
        "`warm()` is the start-up the CLI and the bot do once the index is open (the analyzer's dictionary and tags), "
        "then the process's first question:",
        "",
        "| passages | terms | postings | analysis | top_k | ask (total) | ask, default search settings | tantivy | warm() s | first question ms |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    by = {(r.size, r.engine): r for r in report["rows"]}
    for s in report["sizes"]:
        nq, r = s["newsqa"], by[(s["size"], "newsqa")]
        tv = by.get((s["size"], "tantivy"))
        tantivy = f"{tv.p50_ms:.2f} / {tv.p99_ms:.2f}" if tv is not None and tv.p50_ms is not None and tv.p99_ms is not None else "–"
        first = nq.get("first_ms")
        out.append(
            f"| {s['size']:,} | {nq['terms']:,} | {nq['postings']:,} | {nq['tokenize_p50_ms']:.2f} / {nq['tokenize_p99_ms']:.2f} "
            f"| {nq['top_k_p50_ms']:.2f} / {nq['top_k_p99_ms']:.2f} | {r.p50_ms:.2f} / {r.p99_ms:.2f} "
            f"| {nq['defaults_p50_ms']:.2f} / {nq['defaults_p99_ms']:.2f} | {tantivy} | {nq['warmup_s']:.2f} | {_cell(first, '.2f')} |"
        )
    out.append("")
    for sp in speedups(report["rows"]):
        out.append(
            f"Speed-up of newsqa over rank-bm25 at {sp['size']:,} passages: {sp['p50_ratio']:.3g}x at p50, "
            f"{sp['mean_ratio']:.3g}x in mean time, {sp['median_per_question']:.3g}x median per question "
            "(newsqa's time includes analysis and hit building; rank-bm25's does not)."
        )
    for s in report["sizes"]:
        for engine, mode in (("milvus", "okapi"), ("milvus_native", "native")):
            if engine in s:
                mv = s[engine]
                out.append(
                    f"newsqa on Milvus Lite ({mode} mode) at {s['size']:,}: top_k (the Milvus search) p50 {mv['top_k_p50_ms']:.2f} ms, p99 {mv['top_k_p99_ms']:.2f} ms"
                    + (f"; index directory (no postings) {mv['dir_mb']:.1f} MB." if "dir_mb" in mv else ".")
                )
    for p in report["parity"]:
        out.append(f"Top-1 agreement at {p['size']:,}: newsqa = {p['vs']} on {p['agree']}/{p['compared']} questions where both have a unique best score.")
    out.append("")
    out.append(
        f"Machine: {m['nproc']} CPUs ({m['cpu']}), Python {m['python']}, newsqa at {m['commit']}; one run, total {report['total_s'] / 60:.1f} min. "
        "Latencies vary by up to ~2x from run to run on this shared machine: compare within one run."
    )
    return "\n".join(out)


def to_json(report: dict[str, Any]) -> dict[str, Any]:
    rows = [{k: v for k, v in asdict(r).items() if k not in ("ms", "results")} for r in report["rows"]]
    return report | {"rows": rows, "speedups": speedups(report["rows"])}


DOCS_BEGIN, DOCS_END = "<!-- scale:begin (bench/scale.py --docs) -->", "<!-- scale:end -->"


def write_docs(page: Path, report: dict[str, Any]) -> None:
    """Put the rendered report into the page between its markers (the page says what the figures
    mean; the bench writes the figures), so no table there is pasted by hand."""
    sizes = ",".join(str(s["size"]) for s in report["sizes"])
    engines = ",".join(dict.fromkeys(r.engine for r in report["rows"]))
    command = f"python bench/scale.py {Path(report['file']).name} --sizes {sizes} --engines {engines} --docs"
    body = f"Generated by `{command}` (the data file from ../shared/bench/); do not edit by hand.\n\n{render(report)}"
    if not replace_between(page, DOCS_BEGIN, DOCS_END, body):
        raise SystemExit(f"{page}: no {DOCS_BEGIN} ... {DOCS_END} markers to write between")


README_BEGIN, README_END = "<!-- speed:begin (bench/scale.py --docs) -->", "<!-- speed:end -->"


def readme_table(report: dict[str, Any]) -> str:
    """The README's short table: every engine at the largest size of the run (build, p50/p99);
    newsqa twice, with the levers off (what the others are compared on) and with its defaults."""
    size = max(s["size"] for s in report["sizes"])
    nq = next(s for s in report["sizes"] if s["size"] == size)["newsqa"]
    lines = [f"| {size:,} passages | build s | query p50 ms | query p99 ms |", "|---|---:|---:|---:|"]
    for r in report["rows"]:
        if r.size != size or r.p50_ms is None:
            continue
        name = (
            "newsqa `ask`, levers off"
            if r.engine == "newsqa"
            else r.engine.replace("milvus_native", "Milvus Lite, native BM25").replace("milvus", "Milvus Lite")
        )
        lines.append(f"| {name} | {_cell(r.build_s, '.0f')} | {r.p50_ms:.2f} | {_cell(r.p99_ms, '.2f')} |")
        if r.engine == "newsqa":
            lines.append(f"| newsqa `ask`, default settings | | {nq['defaults_p50_ms']:.2f} | {nq['defaults_p99_ms']:.2f} |")
            lines.append(f"| newsqa `top_k` alone | | {nq['top_k_p50_ms']:.2f} | {nq['top_k_p99_ms']:.2f} |")
    return "\n".join(lines)


def write_readme(readme: Path, report: dict[str, Any]) -> bool:
    """Rewrite the README's speed table between its markers; False when it has none."""
    return replace_between(readme, README_BEGIN, README_END, readme_table(report))
