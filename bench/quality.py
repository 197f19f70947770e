"""Retrieval quality on CMRC 2018 (trial set): the project next to plain BM25 baselines.

    PYTHONPATH=. python bench/quality.py ../shared/bench/cmrc2018_trial.json [--out DIR] [--config FILE] [--json] [--sweep]

The SQuAD-style file becomes a JSONL corpus (one article per paragraph) and a
questions JSONL in a work dir; the real CLI indexes the corpus in a subprocess
and `retrieval.evaluate` scores it in process. The baselines rank the SAME
passages with the index's own analyzer, and count a hit by the same rule (a
passage holding a gold answer string, both normalized). The data set is
CC BY-SA 4.0: it is read from its path, never copied into the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from retrieval.config import load_config  # noqa: E402
from retrieval.evaluate import Question, evaluate, read_questions  # noqa: E402
from retrieval.service import Answer, NewsQA, answer_matches  # noqa: E402
from retrieval.text import normalize  # noqa: E402

DEPTH = 20  # ranks scored: top-1/5/20 and MRR@10
Ranker = Callable[[list[str]], Sequence[int]]  # query terms -> passage ids, best first


@dataclass(frozen=True)
class Row:
    system: str
    top1: float
    top5: float
    top20: float
    mrr10: float
    p50_ms: float
    p99_ms: float


class TimedQA(NewsQA):
    """NewsQA that keeps each answer's own `took_ms`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.took: list[float] = []

    def ask(self, question: str, top_k: int | None = None) -> Answer:
        answer = super().ask(question, top_k)
        self.took.append(answer.took_ms)
        return answer


def convert(src: Path, work: Path) -> tuple[Path, Path, list[str]]:
    """Write corpus.jsonl and questions.jsonl; return their paths and each question's article id."""
    data = json.loads(src.read_text(encoding="utf-8"))["data"]
    corpus, questions, owners, seen = [], [], [], set()
    for doc in data:
        title = (doc.get("title") or "").strip() or str(doc.get("id", "untitled"))
        for n, para in enumerate(doc["paragraphs"], start=1):
            pid = str(para.get("id") or f"{title}#{n}")
            if pid in seen:
                pid = f"{title}#{n}"
            seen.add(pid)
            corpus.append({"id": pid, "title": title, "text": para["context"]})
            for qa in para["qas"]:
                answers = list(dict.fromkeys(a["text"].strip() for a in qa.get("answers", []) if a["text"].strip()))
                if answers:
                    questions.append({"q": qa["question"], "answers": answers})
                    owners.append(pid)
    work.mkdir(parents=True, exist_ok=True)
    paths = work / "corpus.jsonl", work / "questions.jsonl"
    for path, rows in zip(paths, (corpus, questions)):
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return paths[0], paths[1], owners


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


def project_row(name: str, index: Path, questions: list[Question], config: Path | None) -> tuple[Row, TimedQA]:
    """The project's own figures: `retrieval.evaluate` over the saved index."""
    search = load_config(config).search
    qa = TimedQA.open(index, search)
    qa.analyzer.tokens("预热")  # load jieba's dictionary before the clock runs
    rates = evaluate(qa, questions, depth=DEPTH).rates()
    return Row(name, rates["top1"], rates["top5"], rates["top20"], rates["mrr10"], *percentiles(qa.took)), qa


def percentiles(ms: Sequence[float]) -> tuple[float, float]:
    return float(np.percentile(ms, 50)), float(np.percentile(ms, 99))


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


def baseline_row(name: str, rank: Ranker, qa: NewsQA, questions: list[Question]) -> Row:
    """Same metrics and hit rule as `retrieval.evaluate`, timing analysis + scoring + top-k."""
    top1 = top5 = top20 = 0
    rr, took = 0.0, []
    for q in questions:
        t0 = time.perf_counter()
        ids = rank(qa.analyzer.tokens(q.q))
        took.append((time.perf_counter() - t0) * 1000)
        first = next((r for r, pid in enumerate(ids, 1) if answer_matches(qa.corpus.passage_text(pid), q.answers)), None)
        top1 += first == 1
        top5 += first is not None and first <= 5
        top20 += first is not None
        rr += 1 / first if first is not None and first <= 10 else 0.0
    n = len(questions) or 1
    return Row(name, top1 / n, top5 / n, top20 / n, rr / n, *percentiles(took))


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


def sweep(corpus: Path, work: Path, questions: list[Question]) -> list[Row]:
    """The project with [bm25] title_weight 0-3 under each [tokenizer] mode (one index each)."""
    rows = []
    for mode in ("search", "precise"):
        for weight in range(4):
            cfg = work / f"sweep-{mode}-{weight}.toml"
            cfg.write_text(f'[bm25]\ntitle_weight = {weight}\n\n[tokenizer]\nmode = "{mode}"\n', encoding="utf-8")
            build_index(corpus, work / f"index-{mode}-{weight}", cfg)
            rows.append(project_row(f"newsqa, mode={mode}, title_weight={weight}", work / f"index-{mode}-{weight}", questions, cfg)[0])
    return rows


def table(rows: list[Row]) -> str:
    lines = ["| system | top-1 | top-5 | top-20 | MRR@10 | p50 ms | p99 ms |", "|---|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r.system} | {r.top1:.3f} | {r.top5:.3f} | {r.top20:.3f} | {r.mrr10:.3f} | {r.p50_ms:.2f} | {r.p99_ms:.2f} |")
    return "\n".join(lines)


def run(path: Path, work: Path, config: Path | None, do_sweep: bool) -> dict[str, Any]:
    t0 = time.perf_counter()
    corpus, qfile, owners = convert(path, work)
    questions = read_questions(qfile)
    index_s = build_index(corpus, work / "index", config)
    name = "newsqa" + (f" ({config.name})" if config else " (defaults)")
    project, qa = project_row(name, work / "index", questions, config)
    rows = [project] + [baseline_row(n, r, qa, questions) for n, r in baseline_rankers(qa).items()]
    rows += sweep(corpus, work, questions) if do_sweep else []
    return {
        "file": str(path),
        "articles": len(qa.corpus.articles),
        "passages": qa.corpus.n_passages,
        "questions": len(questions),
        "straddling": straddling(qa, questions, owners),
        "index_seconds": round(index_s, 2),
        "total_seconds": round(time.perf_counter() - t0, 2),
        "systems": [asdict(r) for r in rows],
    }


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("path", type=Path, help="CMRC 2018 trial JSON (SQuAD format)")
    p.add_argument("--out", type=Path, metavar="DIR", help="keep the corpus, questions and index here (default: a temp dir)")
    p.add_argument("--config", type=Path, metavar="FILE", help="TOML config for the project's index and search")
    p.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    p.add_argument("--sweep", action="store_true", help="also rebuild with title_weight 0-3 x tokenizer mode (8 indexes)")
    args = p.parse_args(argv)
    if args.out:
        report = run(args.path, args.out, args.config, args.sweep)
    else:
        with tempfile.TemporaryDirectory(prefix="newsqa-bench-") as tmp:
            report = run(args.path, Path(tmp), args.config, args.sweep)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    print(
        f"CMRC 2018 trial ({report['file']}): {report['articles']} articles, {report['passages']} passages, "
        f"{report['questions']} questions (all answerable); hits at depth {DEPTH}; index built in "
        f"{report['index_seconds']} s, total {report['total_seconds']} s\n"
    )
    print(table([Row(**r) for r in report["systems"]]))
    print(f"\n{report['straddling']} questions have their gold answer only across a passage boundary (no passage can hit).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
