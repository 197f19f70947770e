"""Follow-ups the page does not answer: a chat should say so, not answer with the last report.

tests/data/dialogues_unanswerable.jsonl: 120 dialogues written blind on 2026-12-06 by two
writers who saw only the page (a curious reader, u001-u060; a residents' group chat, a sixth in
Traditional, u061-u120). The earlier turns are answered by the page (gold strings as in
dialogues.jsonl); the last one, about the same subject, is not (answers []): his age, a phone
number, what happened in March, the same question of a county the page does not cover. A
follow-up is right when its top hit holds the gold, or, for the last turn, when no answer is
claimed (none found, or the report shown again under its 没找到明确的回答 line:
`ScoredTurn.ok`). Measured with `python -m retrieval.dialogue tests/data/dialogues_unanswerable.jsonl`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from retrieval.dialogue import score_dialogues, scored_turns
from retrieval.service import NewsQA

UNANSWERABLE = Path(__file__).parent / "data" / "dialogues_unanswerable.jsonl"

# Every follow-up right, by id, at 1c2fbcf (tune 15/60, held-out 17/60; the unanswerable last
# turns alone: 14/60 and 17/60, the rest claimed an answer). A change that loses one fails here
# by id; one that wins one should add it.
TUNE_RIGHT = {"u003", "u005", "u019", "u029", "u037", "u041", "u043", "u057", "u069", "u073", "u079", "u097", "u099", "u101", "u113"}
HELDOUT_RIGHT = {
    *("u016", "u018", "u020", "u022", "u028", "u032", "u042", "u048", "u052", "u058"),
    *("u064", "u072", "u082", "u086", "u090", "u096", "u102"),
}


@pytest.fixture(scope="module")
def unanswerable() -> list[dict]:
    with UNANSWERABLE.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def test_the_set_is_well_formed(unanswerable: list[dict]) -> None:
    text = Path("retrieval/data/jiaozuo-news-2020-02.txt").read_text(encoding="utf-8")
    for i, d in enumerate(unanswerable, start=1):
        assert d["id"] == f"u{i:03d}" and d["half"] == ("tune" if i % 2 else "heldout")
        *answered, last = d["turns"]
        assert 1 <= len(answered) <= 2 and last["answers"] == []
        assert all(t["answers"] and all(a in text for a in t["answers"]) for t in answered)


def test_unanswerable_figures_by_id(qa: NewsQA, unanswerable: list[dict]) -> None:
    scored = score_dialogues(qa, unanswerable)
    half = {d["id"]: d["half"] for d in unanswerable}
    assert {k for k, ok in scored.items() if ok and half[k] == "tune"} == TUNE_RIGHT
    assert {k for k, ok in scored.items() if ok and half[k] == "heldout"} == HELDOUT_RIGHT


def test_a_last_turn_is_right_only_when_no_answer_is_claimed(qa: NewsQA) -> None:
    rows = [
        {"id": "a", "turns": [{"q": "温县县长是谁?", "answers": ["李培华"]}, {"q": "他今年多大?", "answers": []}]},
        {"id": "b", "turns": [{"q": "温县县长是谁?", "answers": ["李培华"]}, {"q": "他1月29日晚去了哪里?", "answers": []}]},
    ]
    age, night = scored_turns(qa, rows)
    assert not age.answerable and age.turn.again and age.ok  # shown again, and told so
    assert night.turn.answer.answered and not night.turn.again and not night.ok  # an answer claimed
