"""Retrieval quality on several question sets in one run: the project next to plain BM25 baselines.

    PYTHONPATH=. python bench/quality.py [SQUAD.json ...] [--page] [--config FILE] [--json]
        [--write DIR | --docs] [--out DIR] [--sweep]

With neither paths nor --page: CMRC 2018 trial and DRCD test from ../shared/bench/
(those that exist) and the bundled page's canned questions (tests/data/questions.jsonl).
Otherwise the paths given, and the page with --page.

Each SQuAD-style file (CMRC 2018, DRCD: Traditional Chinese, same format) is converted
ONCE into a JSONL corpus (one article per paragraph) and a questions JSONL in a work dir;
the page's corpus is the bundled page itself. The real CLI indexes each corpus in a
subprocess (with --config, which also sets the project's search settings) and
`retrieval.evaluate` scores it in process. Every question falls in a half, "tune" or
"heldout", by a hash of its id (`retrieval.evaluate.half_of`; the SQuAD question id
for the public sets), and every figure is given per half and for all.

The baselines rank the SAME passages with the index's own analyzer and count a hit by
the same rule (a passage holding a gold answer string, both normalized), on the
answerable questions; they neither abstain nor pick answer spans ("–" in those columns).
The public data sets are read from their paths, never copied into the repository.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shlex
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.markers import replace_between  # noqa: E402
from bench.squad import read_squad  # noqa: E402
from retrieval.config import load_config  # noqa: E402
from retrieval.evaluate import HALVES, Question, Report, evaluate, half_of, read_questions  # noqa: E402
from retrieval.service import Answer, NewsQA, answer_matches, bundled_corpus  # noqa: E402
from retrieval.text import normalize  # noqa: E402

DEPTH = 20  # ranks scored: top-1/5/20 and MRR@10
SHARED = ROOT.parent / "shared" / "bench"
PUBLIC = {"cmrc2018_trial.json": "CMRC 2018 trial", "DRCD_test.json": "DRCD test"}  # file name -> set name
PAGE_QUESTIONS = ROOT / "tests" / "data" / "questions.jsonl"
PAGE = "page (canned questions)"
SPLITS = (*HALVES, "all")
DOCS = ROOT / "docs"
Ranker = Callable[[list[str]], Sequence[int]]  # query terms -> passage ids, best first


@dataclass(frozen=True)
class Row:
    """One system's figures on one set and half. Rates are over the answerable questions,
    `abstained` over the unanswerable ones; None where a system has no such figure."""

    system: str
    top1: float
    top5: float
    top20: float
    mrr10: float
    p50_ms: float | None  # None: no question
    p99_ms: float | None
    set: str = ""
    half: str = "all"
    answerable: int = 0
    unanswerable: int = 0
    answered: float | None = None
    abstained: float | None = None
    mean_chars: float | None = None  # mean len(hit.text) over top-1 hits
    span_contains: float | None = None  # of top-1 hits: the answer span contains gold
    span_exact: float | None = None  # …equals gold (punctuation/whitespace aside)
    span_top1: float | None = None  # of all answerable: the top-1 span contains gold


@dataclass
class EvalSet:
    """A set of questions over a corpus file, converted once and reused by every system."""

    name: str
    file: str  # where it was read from (the page: its questions file)
    corpus: Path
    questions: list[Question]
    owners: list[str] | None = None  # each question's article id (SQuAD sets), for `straddling`
    slug: str = "set"


@dataclass
class SetReport:
    name: str
    file: str
    articles: int
    passages: int
    questions: dict[str, dict[str, int]]  # half -> {"answerable", "unanswerable"}
    straddling: int | None
    index_seconds: float
    total_seconds: float
    rows: list[Row] = field(default_factory=list)


class TimedQA(NewsQA):
    """NewsQA that keeps each answer's own `took_ms`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.took: list[float] = []

    def ask(self, question: str, top_k: int | None = None) -> Answer:
        answer = super().ask(question, top_k)
        self.took.append(answer.took_ms)
        return answer


# --- sets ------------------------------------------------------------------------------


def convert(src: Path, work: Path) -> tuple[Path, Path, list[str]]:
    """Write corpus.jsonl and questions.jsonl; return their paths and each question's article id.

    Each question keeps its SQuAD id and gets its half from that id's hash."""
    corpus, questions, owners, seen = [], [], [], set()
    for doc in read_squad(src):  # the one SQuAD reader, shared with scale.py
        title = doc.title or (doc.id if doc.id is not None else "untitled")
        for n, para in enumerate(doc.paragraphs, start=1):
            pid = str(para.id or f"{title}#{n}")
            if pid in seen:
                pid = f"{title}#{n}"
            seen.add(pid)
            corpus.append({"id": pid, "title": title, "text": para.context})
            for k, qa in enumerate(para.qas, start=1):
                answers = list(dict.fromkeys(a.strip() for a in qa.answers if a.strip()))
                if answers:
                    qid = str(qa.id or f"{pid}#q{k}")
                    questions.append({"id": qid, "q": qa.question, "answers": answers, "half": half_of(qid)})
                    owners.append(pid)
    work.mkdir(parents=True, exist_ok=True)
    paths = work / "corpus.jsonl", work / "questions.jsonl"
    for path, rows in zip(paths, (corpus, questions)):
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return paths[0], paths[1], owners


def squad_set(path: Path, work: Path, slug: str) -> EvalSet:
    corpus, qfile, owners = convert(path, work / slug)
    return EvalSet(PUBLIC.get(path.name, path.stem), _shown(path), corpus, read_questions(qfile), owners, slug)


def _shown(path: Path) -> str:
    """A path as the figures name it: relative to the repository (../shared/bench/...), not this machine's."""
    try:
        return os.path.relpath(path.resolve(), ROOT)
    except ValueError:  # another drive
        return str(path)


def page_set() -> EvalSet:
    return EvalSet(PAGE, str(PAGE_QUESTIONS.relative_to(ROOT)), bundled_corpus(), read_questions(PAGE_QUESTIONS), None, "page")


def default_paths() -> list[Path]:
    return [SHARED / name for name in PUBLIC if (SHARED / name).is_file()]


# --- the project -----------------------------------------------------------------------


def build_index(corpus: Path, out: Path, config: Path | None) -> float:
    """Index with the real CLI in a subprocess; return its wall time in seconds."""
    cmd = [sys.executable, "-m", "retrieval", "index", str(corpus), "--out", str(out)]
    cmd += ["--config", str(config)] if config else []
    env = os.environ | {"PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    t0 = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode:
        raise SystemExit(f"quality: `newsqa index` failed ({done.returncode}): {done.stderr.strip()}")
    return time.perf_counter() - t0


def open_qa(index: Path, config: Path | None) -> TimedQA:
    qa = TimedQA.open(index, load_config(config).search)
    # load what the first questions load (jieba's dictionary; the name words a 谁 question's
    # check reads, ~0.3 s) before the clock runs: a running service has them loaded
    qa.ask("预热")
    qa.analyzer.has_name("预热")
    qa.took = []
    return qa


def report_row(system: str, report: Report, took: Sequence[float], set_name: str = "", half: str = "all") -> Row:
    r = report.rates()
    return Row(
        system, r["top1"], r["top5"], r["top20"], r["mrr10"], *percentiles(took),
        set=set_name, half=half, answerable=report.answerable, unanswerable=report.unanswerable,
        answered=r["answered"], abstained=r["abstained"] if report.unanswerable else None, mean_chars=r["mean_chars"],
        span_contains=r["span_contains"], span_exact=r["span_exact"], span_top1=r["span_top1"],
    )  # fmt: skip


def project_rows(system: str, qa: TimedQA, questions: list[Question], set_name: str = "") -> list[Row]:
    """The project's figures per half and for all: each question asked once."""
    reports, took = {}, {}
    for half in HALVES:
        qa.took = []
        reports[half] = evaluate(qa, [q for q in questions if q.half == half], depth=DEPTH)
        took[half] = qa.took
    reports["all"], took["all"] = reports["tune"] + reports["heldout"], took["tune"] + took["heldout"]
    if reports["all"].answerable + reports["all"].unanswerable != len(questions):
        raise SystemExit(f"quality: {set_name}: every question needs a half (tune or heldout)")
    return [report_row(system, reports[h], took[h], set_name, h) for h in SPLITS]


def project_row(name: str, index: Path, questions: list[Question], config: Path | None) -> tuple[Row, TimedQA]:
    """The project's figures over all the questions given (no halves): `retrieval.evaluate` over the saved index."""
    qa = open_qa(index, config)
    report = evaluate(qa, questions, depth=DEPTH)
    return report_row(name, report, qa.took), qa


def percentiles(ms: Sequence[float]) -> tuple[float | None, float | None]:
    if not len(ms):
        return None, None
    return float(np.percentile(ms, 50)), float(np.percentile(ms, 99))


# --- baselines -------------------------------------------------------------------------


def top_ids(scores: np.ndarray) -> Sequence[int]:
    """The DEPTH best passages with a positive score, ties by id (as the project breaks them)."""
    order = np.argsort(-scores, kind="stable")[:DEPTH]
    return order[scores[order] > 0].tolist()


def baseline_rankers(qa: NewsQA) -> dict[str, Ranker]:
    """Plain BM25 over the index's passages, tokenized by the index's analyzer."""
    from bm25s import BM25
    from rank_bm25 import BM25Okapi

    c, tok = qa.corpus, qa.analyzer.tokens
    passages = [tok(c.passage_text(i)) for i in range(c.n_passages)]
    titles = [tok(a.headline) for a in c.articles]
    titled = [p + titles[int(c.passage_article[i])] for i, p in enumerate(passages)]
    okapi, okapi_t = BM25Okapi(passages), BM25Okapi(titled)
    lucene = BM25(method="lucene")
    lucene.index(passages, show_progress=False)

    def bm25s_rank(q: list[str]) -> Sequence[int]:
        ids = lucene.get_tokens_ids(q)
        return top_ids(np.asarray(lucene.get_scores(ids), dtype=np.float64)) if ids else []

    return {
        "rank-bm25 BM25Okapi, sentences": lambda q: top_ids(okapi.get_scores(q)),
        "rank-bm25 BM25Okapi, sentences + title": lambda q: top_ids(okapi_t.get_scores(q)),
        "bm25s lucene, sentences": bm25s_rank,
    }


@dataclass
class _Tally:
    n: int = 0
    top1: int = 0
    top5: int = 0
    top20: int = 0
    rr: float = 0.0
    chars: int = 0
    took: list[float] = field(default_factory=list)

    def row(self, system: str, set_name: str = "", half: str = "all") -> Row:
        n = self.n or 1
        return Row(
            system, self.top1 / n, self.top5 / n, self.top20 / n, self.rr / n, *percentiles(self.took),
            set=set_name, half=half, answerable=self.n, mean_chars=self.chars / (self.top1 or 1),
        )  # fmt: skip


def baseline_rows(name: str, rank: Ranker, qa: NewsQA, questions: list[Question], set_name: str = "") -> list[Row]:
    """Same metrics and hit rule as `retrieval.evaluate` on the answerable questions, per half and
    for all; latency is analysis + scoring + top-20."""
    tallies = {h: _Tally() for h in SPLITS}
    for q in questions:
        if not q.answers:
            continue
        t0 = time.perf_counter()
        ids = rank(qa.analyzer.tokens(q.q))
        ms = (time.perf_counter() - t0) * 1000
        first = next((r for r, pid in enumerate(ids, 1) if answer_matches(qa.corpus.passage_text(pid), q.answers)), None)
        for t in (tallies["all"], tallies.get(q.half)):
            if t is None:
                continue
            t.n += 1
            t.took.append(ms)
            t.top1 += first == 1
            t.top5 += first is not None and first <= 5
            t.top20 += first is not None
            t.rr += 1 / first if first is not None and first <= 10 else 0.0
            t.chars += len(qa.corpus.passage_text(ids[0])) if first == 1 else 0
    return [tallies[h].row(name, set_name, h) for h in SPLITS]


def baseline_row(name: str, rank: Ranker, qa: NewsQA, questions: list[Question]) -> Row:
    """All the questions given, no halves."""
    return baseline_rows(name, rank, qa, [Question(q.q, q.answers, q.kind, q.id, "") for q in questions])[-1]


def straddling(qa: NewsQA, questions: list[Question], owners: list[str]) -> int:
    """Questions whose gold answer is in its own article's text but in none of its passages."""
    where = {a.id: i for i, a in enumerate(qa.corpus.articles)}
    count = 0
    for q, owner in zip(questions, owners):
        i = where[owner]
        text = normalize(qa.corpus.texts[i])
        in_text = any(normalize(a) in text for a in q.answers)
        in_passage = any(answer_matches(qa.corpus.passage_text(p), q.answers) for p in qa.corpus.article_passage_ids(i))
        count += in_text and not in_passage
    return count


# --- a run -----------------------------------------------------------------------------


def sweep(s: EvalSet, work: Path) -> list[Row]:
    """The project with [bm25] title_weight 0-3 under each [tokenizer] mode (one index each)."""
    rows = []
    for mode in ("search", "precise"):
        for weight in range(4):
            cfg = work / f"sweep-{mode}-{weight}.toml"
            cfg.write_text(f'[bm25]\ntitle_weight = {weight}\n\n[tokenizer]\nmode = "{mode}"\n', encoding="utf-8")
            index = work / s.slug / f"index-{mode}-{weight}"
            build_index(s.corpus, index, cfg)
            rows += project_rows(f"newsqa, mode={mode}, title_weight={weight}", open_qa(index, cfg), s.questions, s.name)
    return rows


def run_set(s: EvalSet, work: Path, config: Path | None, do_sweep: bool = False) -> SetReport:
    t0 = time.perf_counter()
    index = work / s.slug / "index"
    index_s = build_index(s.corpus, index, config)
    qa = open_qa(index, config)
    name = "newsqa" + (f" ({config.name})" if config else " (defaults)")
    project = project_rows(name, qa, s.questions, s.name)
    base = [baseline_rows(n, r, qa, s.questions, s.name) for n, r in baseline_rankers(qa).items()]
    extra = sweep(s, work) if do_sweep else []
    rows = []
    for i, half in enumerate(SPLITS):  # per half: the project, the baselines, the sweep
        rows += [project[i]] + [b[i] for b in base] + [r for r in extra if r.half == half]
    counts = {h: {"answerable": r.answerable, "unanswerable": r.unanswerable} for h, r in zip(SPLITS, project)}
    return SetReport(
        s.name, s.file, len(qa.corpus.articles), qa.corpus.n_passages, counts,
        straddling(qa, s.questions, s.owners) if s.owners is not None else None,
        round(index_s, 2), round(time.perf_counter() - t0, 2), rows,
    )  # fmt: skip


def run(paths: Sequence[Path], page: bool, work: Path, config: Path | None, do_sweep: bool = False) -> list[SetReport]:
    sets = [squad_set(p, work, f"set{i}-{p.stem}") for i, p in enumerate(paths)] + ([page_set()] if page else [])
    reports = []
    for s in sets:
        print(f"quality: {s.name}: {len(s.questions)} questions ...", file=sys.stderr)
        reports.append(run_set(s, work, config, do_sweep))
    return reports


# --- output ----------------------------------------------------------------------------


def _f(x: float | None, fmt: str = ".3f") -> str:
    return "–" if x is None else format(x, fmt)


def table(rows: Sequence[Row]) -> str:
    """One Markdown table: every set, every half, every system."""
    lines = [
        "| set | half | system | questions | top-1 | top-5 | top-20 | MRR@10 | answered | abstained "
        "| chars | span ⊇ gold | span = gold | span@1 | p50 ms | p99 ms |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        n = f"{r.answerable}" + (f" + {r.unanswerable}" if r.unanswerable else "")
        lines.append(
            f"| {r.set} | {r.half} | {r.system} | {n} | {r.top1:.3f} | {r.top5:.3f} | {r.top20:.3f} | {r.mrr10:.3f} "
            f"| {_f(r.answered)} | {_f(r.abstained)} | {_f(r.mean_chars, '.1f')} | {_f(r.span_contains)} "
            f"| {_f(r.span_exact)} | {_f(r.span_top1)} | {_f(r.p50_ms, '.2f')} | {_f(r.p99_ms, '.2f')} |"
        )
    return "\n".join(lines)


LEGEND = (
    "questions: answerable (+ unanswerable); top-k, MRR@10, answered, chars and span figures are over the "
    "answerable ones, abstained over the unanswerable ones. A hit is a passage holding a gold answer string "
    f"(both normalized), searched to depth {DEPTH}. chars: mean length of the top-1 hit's text where it holds "
    "gold. span ⊇ gold / span = gold: of those top-1 hits, the share whose answer span (`Hit.answer`) contains "
    "a gold string / equals one (punctuation and whitespace aside); span@1: share of all answerable questions "
    "whose top-1 span contains gold. Baselines (plain BM25 over the same passages and analyzer) neither abstain "
    "nor pick spans: –. Halves: sha1(question id) even = tune, odd = heldout. Latencies move by up to 2x "
    "between runs on a shared machine: compare them only within one run."
)


def summary(reports: Sequence[SetReport]) -> str:
    lines = []
    for r in reports:
        c = r.questions
        unans = f", {c['all']['unanswerable']} unanswerable" if c["all"]["unanswerable"] else ", all answerable"
        strad = f"; gold answers only across a passage boundary (no passage can hit): {r.straddling}" if r.straddling is not None else ""
        lines.append(
            f"- {r.name} (`{r.file}`): {r.articles} articles, {r.passages} passages, "
            f"{sum(c['all'].values())} questions (tune {sum(c['tune'].values())}, heldout {sum(c['heldout'].values())}){unans}"
            f"{strad}; index built in {r.index_seconds} s, set total {r.total_seconds} s"
        )
    return "\n".join(lines)


def _git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
    return done.stdout.strip() if done.returncode == 0 else ""


def provenance(argv: Sequence[str], config: Path | None) -> dict[str, Any]:
    dirty = bool(_git("status", "--porcelain", "--untracked-files=no"))
    return {
        "command": "PYTHONPATH=. python bench/quality.py" + (" " + shlex.join(argv) if argv else ""),
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": _git("rev-parse", "--short", "HEAD") + (" (with uncommitted changes)" if dirty else ""),
        "config": str(config) if config else None,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "depth": DEPTH,
    }


def to_json(meta: dict[str, Any], reports: Sequence[SetReport]) -> dict[str, Any]:
    return meta | {"sets": [asdict(r) for r in reports]}


def markdown(meta: dict[str, Any], reports: Sequence[SetReport]) -> str:
    return (
        "# Quality figures\n\n"
        "<!-- Generated by bench/quality.py: do not edit by hand, re-run the command below. -->\n\n"
        f"Written by `{meta['command']}` on {meta['date']}, at commit {meta['commit']}"
        f" (Python {meta['python']}, {meta['cpus']} CPUs"
        + (f", config `{meta['config']}`" if meta["config"] else ", default settings")
        + ").\n\n"
        + summary(reports)
        + "\n\n"
        + table([row for r in reports for row in r.rows])
        + "\n\n"
        + LEGEND
        + "\n"
    )


README = ROOT / "README.md"
README_BEGIN, README_END = "<!-- quality:begin (bench/quality.py --docs) -->", "<!-- quality:end -->"


def readme_table(reports: Sequence[SetReport]) -> str:
    """The README's short table: each set's held-out half and all of it, newsqa next to the best
    baseline of the same run (by top-1)."""
    lines = ["| set | half | newsqa top-1 / top-5 | best plain BM25 top-1 / top-5 |", "|---|---|---|---|"]
    for r in reports:
        for half in ("heldout", "all"):
            rows = [row for row in r.rows if row.half == half]
            ours = next((row for row in rows if row.system.startswith("newsqa")), None)
            others = [row for row in rows if not row.system.startswith("newsqa")]
            if ours is None or not others:
                continue
            best = max(others, key=lambda row: row.top1)
            lines.append(f"| {r.name} | {half} | {ours.top1:.3f} / {ours.top5:.3f} | {best.top1:.3f} / {best.top5:.3f} |")
    return "\n".join(lines)


def update_readme(reports: Sequence[SetReport], readme: Path = README) -> bool:
    """Rewrite the README's table between its markers; False when the README has none."""
    return replace_between(readme, README_BEGIN, README_END, readme_table(reports))


def write(out: Path, meta: dict[str, Any], reports: Sequence[SetReport]) -> tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = out / "quality-figures.json", out / "quality-figures.md"
    paths[0].write_text(json.dumps(to_json(meta, reports), ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
    paths[1].write_text(markdown(meta, reports), encoding="utf-8")
    return paths


def _inside_repo(path: Path) -> bool:
    return path.resolve().is_relative_to(ROOT)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("paths", type=Path, nargs="*", metavar="SQUAD.json", help="SQuAD-format files (CMRC 2018, DRCD); default: those in ../shared/bench/")
    p.add_argument("--page", action="store_true", help="also the bundled page's canned questions (default when no paths are given)")
    p.add_argument("--out", type=Path, metavar="DIR", help="keep the converted sets and indexes here, outside the repository (default: a temp dir)")
    p.add_argument("--config", type=Path, metavar="FILE", help="TOML config for the project's index and search (every set)")
    p.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    p.add_argument("--write", type=Path, metavar="DIR", help="write DIR/quality-figures.json and DIR/quality-figures.md")
    p.add_argument("--docs", action="store_true", help="the same as --write docs (docs/quality-figures.md, the generated table)")
    p.add_argument("--sweep", action="store_true", help="also rebuild with title_weight 0-3 x tokenizer mode (8 indexes a set)")
    args = p.parse_args(argv)
    paths, page = (args.paths, args.page) if args.paths or args.page else (default_paths(), True)
    if not (args.paths or args.page) and (missing := [str(SHARED / name) for name in PUBLIC if not (SHARED / name).is_file()]):
        # --docs without the public sets would drop their rows from the published table
        if args.docs:
            p.error(f"--docs measures every public set; not found: {', '.join(missing)}")
        print(f"quality: skipping the public sets not found: {', '.join(missing)}", file=sys.stderr)
    for path in paths:
        if not path.is_file():
            p.error(f"{path}: no such file")
    if not paths and not page:
        p.error("nothing to measure")
    if args.out and _inside_repo(args.out):
        p.error("--out must be outside the repository: the converted sets are copies of the data")
    if args.write and args.docs:
        p.error("give --write DIR or --docs, not both")
    out = DOCS if args.docs else args.write
    meta = provenance(argv, args.config)
    if args.out:
        reports = run(paths, page, args.out, args.config, args.sweep)
    else:
        with tempfile.TemporaryDirectory(prefix="newsqa-bench-") as tmp:
            reports = run(paths, page, Path(tmp), args.config, args.sweep)
    if out is not None:
        for written in write(out, meta, reports):
            print(f"quality: wrote {written}", file=sys.stderr)
    if args.docs and not args.config and update_readme(reports):
        print(f"quality: updated the table in {README}", file=sys.stderr)
    if args.json:
        print(json.dumps(to_json(meta, reports), ensure_ascii=False, indent=2, default=str))
        return 0
    print(summary(reports) + "\n")
    print(table([row for r in reports for row in r.rows]))
    print("\n" + LEGEND)
    return 0


if __name__ == "__main__":
    sys.exit(main())
