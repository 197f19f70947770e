"""Canned questions over the bundled page: real retrieval, rates as measured.

The thresholds are the rates measured with the default settings when this test
was written (see README "Quality"); they are floors, not targets: raise them
when retrieval improves, never lower them to pass.
"""

from __future__ import annotations

import pytest

from retrieval.evaluate import Question, evaluate
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


def _questions(questions: list[dict], *kinds: str) -> list[Question]:
    return [Question(q["q"], tuple(q["answers"]), q["kind"]) for q in questions if q["kind"] in kinds]


def test_enough_canned_questions(questions: list[dict]) -> None:
    kinds = [q["kind"] for q in questions]
    assert sum(k in FLOORS for k in kinds) >= 40
    assert kinds.count("offtopic") >= 20
    assert all(q["answers"] for q in questions if q["kind"] not in ("offtopic", "nearmiss"))


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
    assert rates["abstained"] >= 0.87, rates  # measured 0.875 (21 of 24)


@pytest.mark.parametrize("question", ["马村区确诊了多少例?", "陈冢沟景区门票多少钱?", "温县总人口有多少?"])
def test_a_question_asking_a_number_needs_a_passage_with_one(qa: NewsQA, question: str) -> None:
    answer = qa.ask(question)
    assert answer.hits and answer.answered is False


@pytest.mark.parametrize("question", ["你好", "红烧肉怎么做", "今天天气怎么样?", "Python怎么读取文件?"])
def test_named_off_topic_questions(qa: NewsQA, question: str) -> None:
    assert qa.ask(question).answered is False


def test_empty_and_punctuation_only_questions(qa: NewsQA) -> None:
    for q in ("", "   ", "??!!", "的了吗"):
        answer = qa.ask(q)
        assert answer.answered is False and answer.hits == []
