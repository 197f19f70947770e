"""bench/card.py: the gold answer's place in the bot's reply card."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from retrieval.service import Answer, NewsQA


def test_gold_position_reads_the_card(qa: NewsQA, bench_module: Callable[[str], ModuleType]) -> None:
    card = bench_module("card")
    answer = qa.ask("马村区区长是谁?")
    position = card.gold_position(answer, "马村区区长是谁?", ["杨磊"])
    assert position is not None and position < 60  # the card opens with the answering clause
    assert card.gold_position(answer, "马村区区长是谁?", ["不在页面上的字符串"]) is None
    assert card.gold_position(Answer("?", False, 0.0), "?", ["杨磊"]) is None


def test_bold_holds_reads_the_answer_span(qa: NewsQA, bench_module: Callable[[str], ModuleType]) -> None:
    card = bench_module("card")
    answer = qa.ask("马村区区长是谁?")
    assert answer.hits[0].answer is not None and card.bold_holds(answer, [answer.hits[0].answer.text])
    assert not card.bold_holds(answer, ["不在页面上的字符串"]) and not card.bold_holds(Answer("?", False, 0.0), ["杨磊"])
    credit = qa.ask("《直面没有硝烟的战场》是谁写的?")  # a byline answering itself is bold whole
    assert credit.hits[0].kind == "byline" and card.bold_holds(credit, ["崔晶"])


def test_table_and_docs_markers(tmp_path: Path, bench_module: Callable[[str], ModuleType]) -> None:
    card = bench_module("card")
    replies = [card.Reply("page questions", "tune", 5, True), card.Reply("page questions", "heldout", None), card.Reply("page questions", "heldout", 70)]
    text = card.table(replies)
    assert "| page questions | tune | 1 | 1.000 | 5 | 1.000 | 1.000 |" in text
    assert "| page questions | heldout | 2 | 0.500 | 70 | 0.000 | 0.000 |" in text
    assert "| page questions | all | 3 | 0.667 | 38 | 0.333 | 0.333 |" in text
    doc = tmp_path / "bot.md"
    doc.write_text(f"before\n{card.BEGIN}\nold\n{card.END}\nafter\n", encoding="utf-8")
    card.write_docs(text, doc)
    assert doc.read_text(encoding="utf-8") == f"before\n{card.BEGIN}\n{text}\n{card.END}\nafter\n"
