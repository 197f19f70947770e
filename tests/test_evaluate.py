"""retrieval.evaluate on hand-built answers: ranks, answer-span metrics, halves, ids in misses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from retrieval.evaluate import Question, Report, evaluate, half_of, read_questions, span_scores
from retrieval.model import ArticleInfo
from retrieval.service import Answer, Hit, Span

INFO = ArticleInfo("a1", "标题")


def hit(rank: int, text: str, span: tuple[int, int] | None = None) -> Hit:
    answer = Span(text[span[0] : span[1]], *span) if span else None
    return Hit(rank, 1.0 / rank, rank, text, "", "", (), INFO, 1.0, answer=answer)


class StubQA:
    """Answers each question with the Answer given for it (ignores top_k)."""

    def __init__(self, answers: dict[str, Answer]) -> None:
        self.answers = answers

    def ask(self, question: str, top_k: int | None = None) -> Answer:
        return self.answers[question]


def answer(q: str, *hits: Hit, answered: bool = True) -> Answer:
    return Answer(q, answered, 1.0, list(hits))


def test_span_scores() -> None:
    text = "宗家桢任指挥长，杨磊任第一副总指挥。"
    assert span_scores(hit(1, text), ["宗家桢"]) == (False, False)  # no span
    assert span_scores(hit(1, text, (0, 3)), ["宗家桢"]) == (True, True)
    assert span_scores(hit(1, text, (0, 7)), ["宗家桢"]) == (True, False)  # contains, longer
    assert span_scores(hit(1, text, (0, 2)), ["宗家桢"]) == (False, False)  # too short
    assert span_scores(hit(1, text, (8, 10)), ["宗家桢", "杨磊"]) == (True, True)  # any gold string
    # exact match ignores punctuation and whitespace on both sides, and compares normalized text
    quoted = "他说「现在就落实」。"
    assert span_scores(hit(1, quoted, (2, 8)), ["现在就落实"]) == (True, True)
    assert span_scores(hit(1, "共１５万人", (1, 4)), ["15万"]) == (True, True)  # NFKC: full-width digits
    assert span_scores(hit(1, "《红楼梦》作者", (0, 5)), ["红 楼 梦"]) == (False, True)


def test_report_counts_spans_over_top1_hits_only() -> None:
    gold = "杨磊"
    text = "宗家桢任指挥长，杨磊任第一副总指挥。"  # 18 characters
    other = "马村区在焦作被定位为东部新城。"
    qa = StubQA(
        {
            # top-1 holds gold, its span equals gold
            "q1": answer("q1", hit(1, text, (8, 10)), hit(2, other)),
            # top-1 holds gold, span contains gold but is longer
            "q2": answer("q2", hit(1, text, (8, 17))),
            # top-1 holds gold, span elsewhere
            "q3": answer("q3", hit(1, text, (0, 3))),
            # top-1 holds gold, no span at all
            "q4": answer("q4", hit(1, text)),
            # gold only at rank 2 (the rank-2 span is not scored)
            "q5": answer("q5", hit(1, other, (0, 3)), hit(2, text, (8, 10))),
            # unanswerable, abstained
            "q6": answer("q6", hit(1, other, (0, 3)), answered=False),
        }
    )
    questions = [Question(f"q{i}", (gold,), "plain", f"t-{i}") for i in range(1, 6)] + [Question("q6", (), "offtopic", "t-6")]
    report = evaluate(qa, questions)  # type: ignore[arg-type]
    rates = report.rates()
    assert (report.answerable, report.unanswerable, report.top1) == (5, 1, 4)
    assert rates["top5"] == 1.0 and rates["mrr10"] == pytest.approx((4 + 0.5) / 5)
    assert rates["mean_chars"] == len(text)  # over the 4 top-1 hits, not q5's rank-1 passage
    assert rates["span_contains"] == pytest.approx(2 / 4)  # q1, q2 of the 4 top-1 hits
    assert rates["span_exact"] == pytest.approx(1 / 4)  # q1
    assert rates["span_top1"] == pytest.approx(2 / 5)  # over all 5 answerable
    assert rates["abstained"] == 1.0
    assert [m["id"] for m in report.misses] == ["t-5"]


def test_no_spans_give_zero_not_errors() -> None:
    qa = StubQA({"q": answer("q", hit(1, "东部新城")), "empty": answer("empty", answered=False)})
    rates = evaluate(qa, [Question("q", ("东部新城",)), Question("empty", ("东部新城",))]).rates()  # type: ignore[arg-type]
    assert rates["span_contains"] == rates["span_exact"] == rates["span_top1"] == 0.0
    assert rates["mean_chars"] == 4 and rates["top1"] == 0.5
    assert Report().rates()["mean_chars"] == 0.0


def test_reports_add_up() -> None:
    text = "宗家桢任指挥长"
    qa = StubQA({"a": answer("a", hit(1, text, (0, 3))), "b": answer("b", hit(1, "无关"), hit(2, text)), "c": answer("c", answered=False)})
    qs = [Question("a", ("宗家桢",), id="a"), Question("b", ("宗家桢",), id="b"), Question("c", ())]
    whole = evaluate(qa, qs)  # type: ignore[arg-type]
    parts = evaluate(qa, qs[:1]) + evaluate(qa, qs[1:])  # type: ignore[arg-type]
    assert parts.rates() == whole.rates()
    assert [m["id"] for m in parts.misses] == [m["id"] for m in whole.misses] == ["b"]


def test_half_of_is_a_hash_of_the_id() -> None:
    assert half_of("page-001") == "tune" and half_of("page-003") == "heldout"  # sha1 even / odd
    halves = [half_of(f"x-{i}") for i in range(1000)]
    assert 400 < halves.count("tune") < 600


def test_read_questions_id_and_half(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    rows = [{"id": "a", "q": "问", "answers": ["答"], "kind": "plain", "half": "tune"}, {"q": "问二", "answers": []}]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    assert read_questions(path) == [Question("问", ("答",), "plain", "a", "tune"), Question("问二", (), "", "", "")]
    path.write_text(json.dumps({"q": "问", "answers": [], "half": "test"}) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="q.jsonl:1"):
        read_questions(path)
