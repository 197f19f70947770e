"""Canned questions over the bundled page: real retrieval, rates as measured.

The thresholds are the rates measured with the default settings when this test
was written (see docs/quality.md); they are floors, not targets: raise them
when retrieval improves, never lower them to pass.

Every floor here covers BOTH halves of the canned questions (tune and heldout,
see `retrieval.evaluate.half_of`): they guard against regressions. To choose a
lever, look at the tune half (`newsqa eval ... --half tune`, or bench/quality.py)
and confirm on heldout; do not add floors on one half alone.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from retrieval.cli import main
from retrieval.evaluate import HALVES, Question, evaluate, half_of
from retrieval.service import NewsQA

# kind -> (top-1, top-5) floors, measured:
# plain 0.924/0.989, colloquial 0.917/0.917, number 1.000/1.000, traditional 0.923/1.000, byline 1.000/1.000
FLOORS = {
    "plain": (0.92, 0.98),
    "colloquial": (0.91, 0.91),
    "number": (1.0, 1.0),
    "traditional": (0.92, 1.0),
    "byline": (1.0, 1.0),  # who wrote or photographed a piece: its byline, at rank 1
}


DATA = Path(__file__).parent / "data"


def _questions(questions: list[dict], *kinds: str) -> list[Question]:
    return [Question(q["q"], tuple(q["answers"]), q["kind"], q["id"], q["half"]) for q in questions if q["kind"] in kinds]


def test_enough_canned_questions(questions: list[dict]) -> None:
    kinds = [q["kind"] for q in questions]
    assert sum(k in FLOORS for k in kinds) >= 40
    assert kinds.count("offtopic") >= 20
    assert all(q["answers"] for q in questions if q["kind"] not in ("offtopic", "nearmiss"))


def test_ids_unique_and_halves_by_hash(questions: list[dict]) -> None:
    ids = [q["id"] for q in questions]
    assert len(set(ids)) == len(ids) and all(ids)
    # the half is the id's hash, never a choice made by looking at which questions pass
    assert all(q["half"] == half_of(q["id"]) for q in questions)


def test_both_halves_non_empty_for_each_large_kind(questions: list[dict]) -> None:
    kinds = {q["kind"] for q in questions}
    large = [k for k in kinds if sum(q["kind"] == k for q in questions) >= 10]
    assert len(large) >= 6
    for kind in large:
        for half in HALVES:
            assert any(q["kind"] == kind and q["half"] == half for q in questions), (kind, half)


def test_eval_half_filters(tmp_path: Path) -> None:
    counts = {}
    for half in HALVES:
        out = io.StringIO()
        assert main(["eval", str(DATA / "questions.jsonl"), "--kind", "number", "--half", half, "--json"], stdout=out) == 0
        counts[half] = json.loads(out.getvalue())["questions"]
    assert counts["tune"] > 0 and counts["heldout"] > 0 and sum(counts.values()) == 13
    bare = tmp_path / "bare.jsonl"
    bare.write_text(json.dumps({"q": "马村区在焦作被定位为什么新城?", "answers": ["东部新城"]}) + "\n", encoding="utf-8")
    err = io.StringIO()
    assert main(["eval", str(bare), "--half", "tune"], stdout=io.StringIO(), stderr=err) == 2
    assert "half" in err.getvalue()


@pytest.mark.parametrize("kind", sorted(FLOORS))
def test_answer_in_top_k(qa: NewsQA, questions: list[dict], kind: str) -> None:
    rates = evaluate(qa, _questions(questions, kind)).rates()
    top1, top5 = FLOORS[kind]
    assert rates["top1"] >= top1, rates
    assert rates["top5"] >= top5, rates


def test_off_topic_questions_abstained(qa: NewsQA, questions: list[dict]) -> None:
    rates = evaluate(qa, _questions(questions, "offtopic")).rates()
    assert rates["abstained"] >= 0.96, rates  # measured 1.000 (29 of 29); the target is 0.95


def test_answerable_questions_answered(qa: NewsQA, questions: list[dict]) -> None:
    rates = evaluate(qa, _questions(questions, *FLOORS)).rates()
    assert rates["answered"] >= 0.98, rates  # measured 0.986 over all 139 answerable questions (target 0.95)


def test_all_answerable_questions(qa: NewsQA, questions: list[dict]) -> None:
    rates = evaluate(qa, _questions(questions, *FLOORS)).rates()
    # measured 0.935 / 0.986 (139 questions; issue 2 asks 0.85 / 0.97, issue 4 0.90 / 0.98)
    assert rates["top1"] >= 0.93 and rates["top5"] >= 0.98, rates


def test_near_misses_abstained(qa: NewsQA, questions: list[dict]) -> None:
    """Questions on the page's topics whose answer it does not hold (a count, a phone number,
    a county it does not cover): as many abstained as the rule allows without losing answers."""
    rates = evaluate(qa, _questions(questions, "nearmiss")).rates()
    assert rates["abstained"] >= 0.87, rates  # measured 0.917 (22 of 24)


@pytest.mark.parametrize("question", ["马村区确诊了多少例?", "陈冢沟景区门票多少钱?", "温县总人口有多少?"])
def test_a_question_asking_a_number_needs_a_passage_with_one(qa: NewsQA, question: str) -> None:
    answer = qa.ask(question)
    assert answer.hits and answer.answered is False


@pytest.mark.parametrize("question", ["马村区有多少人", "马村区一共有多少人啊", "马村区大概有多少人?"])
def test_a_count_of_people_is_the_number_the_people_carry(qa: NewsQA, question: str) -> None:
    # 人 counts (15万马村人民), it does not name the topic: searched as a word it found 一人, 到人
    answer = qa.ask(question)
    top = answer.hits[0]
    assert answer.answered and top.answer is not None and top.answer.text == "15万马村人民"


def test_who_holds_an_office_is_named_beside_it(qa: NewsQA) -> None:
    # the page names no hospital head: a name elsewhere in the passage is not the 院长
    assert qa.ask("马村区人民医院的院长是谁?").answered is False
    answer = qa.ask("马村区区长是谁?")  # 区委副书记、区长杨磊
    assert answer.answered and answer.hits[0].answer is not None and answer.hits[0].answer.text == "杨磊"


@pytest.mark.parametrize("question", ["你好", "红烧肉怎么做", "今天天气怎么样?", "Python怎么读取文件?"])
def test_named_off_topic_questions(qa: NewsQA, question: str) -> None:
    assert qa.ask(question).answered is False


def test_empty_and_punctuation_only_questions(qa: NewsQA) -> None:
    for q in ("", "   ", "??!!", "的了吗"):
        answer = qa.ask(q)
        assert answer.answered is False and answer.hits == []


EXPECTED_MISSES = Path(__file__).parent / "data" / "expected_misses.json"


def test_misses_are_the_expected_ones(qa: NewsQA, questions: list[dict]) -> None:
    """Every canned question the page does not answer first (or answers when it should not), by id.

    A new miss names its question; a fixed one too. Updating the file is an explicit step:
    NEWSQA_UPDATE_MISSES=1 python -m pytest tests/test_quality.py -k expected_ones
    """
    report = evaluate(qa, [Question(q["q"], tuple(q["answers"]), q["kind"], q["id"], q["half"]) for q in questions])
    found = {m["id"]: m["why"] for m in report.misses}
    if os.environ.get("NEWSQA_UPDATE_MISSES"):
        EXPECTED_MISSES.write_text(json.dumps(found, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    expected = json.loads(EXPECTED_MISSES.read_text(encoding="utf-8"))
    by_id = {q["id"]: q["q"] for q in questions}
    new = {i: f"{by_id[i]} ({why})" for i, why in found.items() if expected.get(i) != why}
    fixed = {i: by_id[i] for i in expected if i not in found}
    assert not new and not fixed, f"new or changed misses: {new}; no longer missed (update the file): {fixed}"
