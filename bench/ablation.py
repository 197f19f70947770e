"""Each quality lever turned off (or on) alone, on the bundled page and on CMRC, in one run.

    PYTHONPATH=. python bench/ablation.py [../shared/bench/cmrc2018_trial.json] [--json]

Every row is one config file that sets one key (the defaults for everything else);
the page figures come from `retrieval.evaluate` over tests/data/questions.jsonl, the
CMRC ones from bench/quality.py's conversion, index build (the real CLI) and scoring.
Without a CMRC path the CMRC columns are left out. Prints the README's ablation table.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import quality  # noqa: E402

from retrieval.config import load_config  # noqa: E402
from retrieval.evaluate import Question, evaluate, read_questions  # noqa: E402
from retrieval.service import NewsQA  # noqa: E402

PAGE_QUESTIONS = ROOT / "tests" / "data" / "questions.jsonl"

# (row label, TOML that sets the one key)
LEVERS: list[tuple[str, str]] = [
    ("nothing (defaults)", ""),
    ("`answer_windows = false` (sentences alone)", "[search]\nanswer_windows = false\n"),
    ("`typed_answers = false` (no kind of answer asked)", "[search]\ntyped_answers = false\n"),
    ("`outline = false` (numbered points)", "[bm25]\noutline = false\n"),
    ("`oov_fallback = false`", "[search]\noov_fallback = false\n"),
    ("`number_boost = 0`", "[search]\nnumber_boost = 0\n"),
    ("`number_check = false`", "[search]\nnumber_check = false\n"),
    ("`name_check = false`", "[search]\nname_check = false\n"),
    ("`byline_answers = false`", "[search]\nbyline_answers = false\n"),
    ("`max_chars = 120`", "[chunking]\nmax_chars = 120\n"),
    ("`oov_chars = true` (turned **on**; off by default)", "[tokenizer]\noov_chars = true\n"),
]


def page_rates(config: Path, questions: list[Question]) -> dict[str, float]:
    """Answerable questions' top-1/top-5/answered, and abstention per unanswerable kind."""
    qa = NewsQA.from_config(load_config(config))
    answerable = evaluate(qa, [q for q in questions if q.answers]).rates()
    return {
        "top1": answerable["top1"],
        "top5": answerable["top5"],
        "answered": answerable["answered"],
        "offtopic": evaluate(qa, [q for q in questions if q.kind == "offtopic"]).rates()["abstained"],
        "nearmiss": evaluate(qa, [q for q in questions if q.kind == "nearmiss"]).rates()["abstained"],
    }


def cmrc_rates(config: Path, corpus: Path, questions: list[Question], work: Path) -> dict[str, float]:
    index = work / f"index-{config.stem}"
    quality.build_index(corpus, index, config)
    row, _ = quality.project_row(config.stem, index, questions, config)
    return {"cmrc_top1": row.top1, "cmrc_top5": row.top5}


def run(cmrc: Path | None, work: Path) -> list[dict[str, object]]:
    page = read_questions(PAGE_QUESTIONS)
    if cmrc is not None:
        corpus, qfile, _ = quality.convert(cmrc, work)
        cmrc_questions = read_questions(qfile)
    rows: list[dict[str, object]] = []
    for n, (label, toml) in enumerate(LEVERS):
        config = work / f"lever{n}.toml"
        config.write_text(toml, encoding="utf-8")
        row: dict[str, object] = {"lever": label, **page_rates(config, page)}
        if cmrc is not None:
            row |= cmrc_rates(config, corpus, cmrc_questions, work)
        rows.append(row)
        print(f"ablation: {label} done", file=sys.stderr)
    return rows


def table(rows: list[dict[str, object]]) -> str:
    cols = ["top1", "top5", "answered", "offtopic", "nearmiss"] + (["cmrc_top1", "cmrc_top5"] if "cmrc_top1" in rows[0] else [])
    names = {
        "top1": "page top-1",
        "top5": "page top-5",
        "answered": "answered",
        "offtopic": "off-topic abstained",
        "nearmiss": "near-miss abstained",
        "cmrc_top1": "CMRC top-1",
        "cmrc_top5": "CMRC top-5",
    }
    lines = ["| turned off (or on) | " + " | ".join(names[c] for c in cols) + " |", "|---|" + "---:|" * len(cols)]
    for r in rows:
        lines.append(f"| {r['lever']} | " + " | ".join(f"{r[c]:.3f}" for c in cols) + " |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("cmrc", type=Path, nargs="?", help="CMRC 2018 trial JSON (SQuAD format); omitted: page only")
    p.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = p.parse_args(argv)
    if args.cmrc is not None and not args.cmrc.is_file():
        p.error(f"{args.cmrc}: no such file")
    with tempfile.TemporaryDirectory(prefix="newsqa-ablation-") as tmp:
        rows = run(args.cmrc, Path(tmp))
    print(json.dumps(rows, ensure_ascii=False, indent=2) if args.json else table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
