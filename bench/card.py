"""Where a reader finds the answer in the bot's reply: the gold answer's position in the card.

    PYTHONPATH=. python bench/card.py [--docs]

The bot's first reply to a question is `bot.formatting.answer_card` of the top hit (answer
first, bold span, then 问：…, the context, headline · byline · date). For every answerable
canned question of the bundled page (tests/data/questions.jsonl) and every follow-up turn of
the dialogue set (tests/data/dialogues.jsonl, asked through `retrieval.dialogue.Dialogue` as
the bot asks them), this finds the first gold answer string in the card's visible text and
reports, per half: how many replies hold the gold answer at all, the median visible
character at which it starts, the share of replies where it starts within the first 60
characters, and the share whose bold (the answer span; a byline or headline answering a
credit question is bold whole) holds a gold string: the answer itself marked. The index is the bot's default one (the bundled page, with its sample settings).

With --docs the table is written into docs/bot.md between its card markers.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.markers import replace_between  # noqa: E402
from bot.formatting import answer_card, answer_span, parse_visible  # noqa: E402
from retrieval.config import load_config  # noqa: E402
from retrieval.dialogue import Dialogue  # noqa: E402
from retrieval.evaluate import HALVES, read_questions  # noqa: E402
from retrieval.service import Answer, NewsQA  # noqa: E402
from retrieval.text import normalize  # noqa: E402

QUESTIONS = ROOT / "tests" / "data" / "questions.jsonl"
DIALOGUES = ROOT / "tests" / "data" / "dialogues.jsonl"
DOC = ROOT / "docs" / "bot.md"
BEGIN, END = "<!-- card:begin (bench/card.py --docs) -->", "<!-- card:end -->"
WITHIN = 60  # the owner's line: the answer within the first 60 visible characters


@dataclass(frozen=True)
class Reply:
    """One reply: which set and half it belongs to, and where its gold answer starts (None: absent)."""

    group: str
    half: str
    position: int | None
    bold: bool = False  # the card's bold holds a gold string


def gold_position(answer: Answer, question: str, golds: Iterable[str], previous: str | None = None, *, again: bool = False) -> int | None:
    """The visible character at which the first gold string starts in the reply card (None when
    nothing was answered or the card lacks every gold string)."""
    if not answer.answered or not answer.hits:
        return None
    card = answer_card(answer.hits[0], 0, len(answer.hits), question=question, previous=previous, again=again)
    visible = normalize(parse_visible(card))
    found = [i for i in (visible.find(normalize(g)) for g in golds) if i >= 0]
    return min(found) if found else None


def bold_holds(answer: Answer, golds: Iterable[str]) -> bool:
    """Whether the reply's bold (the first hit's answer span; a byline or headline answering
    itself, whole) holds a gold string."""
    if not answer.answered or not answer.hits:
        return False
    top = answer.hits[0]
    span = answer_span(top)  # what the card bolds: no span under two characters
    bold = top.text[span[0] : span[1]] if span else ""
    return bool(bold) and any(normalize(g) in normalize(bold) for g in golds)


def measure(qa: NewsQA) -> list[Reply]:
    replies = []
    for q in read_questions(QUESTIONS):
        if q.answers:
            answer = qa.ask(q.q)
            replies.append(Reply("page questions", q.half, gold_position(answer, q.q, q.answers), bold_holds(answer, q.answers)))
    with DIALOGUES.open(encoding="utf-8") as f:
        dialogues = [json.loads(line) for line in f if line.strip()]
    for d in dialogues:
        dialogue = Dialogue()
        for i, t in enumerate(d["turns"]):
            turn = dialogue.ask(qa, t["q"], now=float(i))
            if i:
                position = gold_position(turn.answer, t["q"], t["answers"], turn.previous, again=turn.again)
                replies.append(Reply("dialogue follow-ups", d["half"], position, bold_holds(turn.answer, t["answers"]) and not turn.again))
    return replies


def table(replies: Sequence[Reply]) -> str:
    lines = [
        f"| set | half | replies | gold in the card | median start (visible chars) | starts within {WITHIN} | bold holds gold |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for group in dict.fromkeys(r.group for r in replies):
        for half in (*HALVES, "all"):
            rows = [r for r in replies if r.group == group and (half == "all" or r.half == half)]
            found = sorted(r.position for r in rows if r.position is not None)
            if not rows:
                continue
            median = f"{statistics.median(found):.0f}" if found else "–"
            within = sum(p < WITHIN for p in found)
            bold = sum(r.bold for r in rows)
            lines.append(f"| {group} | {half} | {len(rows)} | {len(found) / len(rows):.3f} | {median} | {within / len(rows):.3f} | {bold / len(rows):.3f} |")
    return "\n".join(lines)


def write_docs(text: str, doc: Path = DOC) -> None:
    if not replace_between(doc, BEGIN, END, text):
        raise SystemExit(f"{doc}: no {BEGIN} … {END} markers")


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--docs", action="store_true", help=f"write the table into {DOC.relative_to(ROOT)}")
    args = p.parse_args(argv)
    out = table(measure(NewsQA.from_config(load_config(None))))
    print(out)
    if args.docs:
        write_docs(out)
        print(f"card: wrote {DOC}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
