"""Where follow-ups fail: each missed follow-up of the dialogue set, by how it was read and
where the gold passage ranks.

    PYTHONPATH=. python bench/dialogue_misses.py [--half tune|heldout] [--list]

For every follow-up turn (a dialogue's second or third) whose first hit holds no gold answer,
run through `retrieval.dialogue.Dialogue` as the bot runs it, this counts the misses by the
reading (`Turn.follow_up`: pointer, ellipsis, zero, more, ordinal, when, or none: read as a
question of its own) and by the rank of the first hit holding the gold (2; 3 or lower among
the hits shown; or not shown at all, nothing answered included). A gold at rank 2 is a
re-ranking problem; a gold not shown is a question-composing or search problem. `--list`
prints each miss of the tuning half (question, previous question, what was searched, the top
hit); the held-out half is only ever counted, never listed, so that no rule is written for
its questions.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from retrieval.config import load_config  # noqa: E402
from retrieval.dialogue import scored_turns  # noqa: E402
from retrieval.service import NewsQA  # noqa: E402

DIALOGUES = ROOT / "tests" / "data" / "dialogues.jsonl"


def misses(qa: NewsQA, rows: list[dict], half: str) -> tuple[int, list[dict]]:
    """The number of follow-ups in the half and one record per missed follow-up."""
    total, out = 0, []
    for s in scored_turns(qa, rows, half):
        total += 1
        if not s.ok:
            hits = s.turn.answer.hits if s.turn.answer.answered else []
            top = hits[0].text[:60] if hits else None
            kind = s.turn.follow_up or "none"
            out.append(
                {"id": s.dialogue_id, "turn": s.index, "kind": kind, "rank": s.rank, "q": s.question, "previous": s.previous, "asked": s.turn.asked, "top": top}
            )
    return total, out


def _band(rank: int) -> str:
    return "not shown" if rank == 0 else "2" if rank == 2 else "3+"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--half", choices=("tune", "heldout"), default="tune")
    parser.add_argument("--list", action="store_true", help="print each miss (tuning half only)")
    parser.add_argument("--dialogues", type=Path, default=DIALOGUES)
    args = parser.parse_args(argv)
    if args.list and args.half != "tune":
        parser.error("--list reads the tuning half only: held-out questions are counted, never read")
    with args.dialogues.open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    qa = NewsQA.from_config(load_config(None))
    total, missed = misses(qa, rows, args.half)
    bands = ("2", "3+", "not shown")
    by_kind = Counter((m["kind"], _band(m["rank"])) for m in missed)
    kinds = sorted({m["kind"] for m in missed}, key=lambda k: -sum(by_kind[k, b] for b in bands))
    print(f"{args.half}: {len(missed)} of {total} follow-ups missed; gold rank by reading")
    print(f"| reading | {' | '.join(bands)} | all |")
    print(f"|---|{'---|' * (len(bands) + 1)}")
    for k in kinds:
        print(f"| {k} | {' | '.join(str(by_kind[k, b]) for b in bands)} | {sum(by_kind[k, b] for b in bands)} |")
    print(f"| all | {' | '.join(str(sum(by_kind[k, b] for k in kinds)) for b in bands)} | {len(missed)} |")
    if args.list:
        for m in missed:
            print(json.dumps(m, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
