"""Numbered points and their context terms (retrieval/outline.py)."""

from __future__ import annotations

import pytest

from retrieval.chunking import chunk_spans
from retrieval.model import Article
from retrieval.outline import context_terms, marker_number, ordinal_term, paragraph_breaks, points
from retrieval.service import NewsQA
from retrieval.tokenizer import Analyzer


@pytest.mark.parametrize(
    ("sentence", "number"),
    [
        ("一要强化危机意识,增强紧迫感。", 1),
        ("三是落实落细防控措施。", 3),
        ("第二,加强宣传引导。", 2),
        ("（四）严格督导问责。", 4),
        ("2、做好物资保障。", 2),
        ("十要严明纪律。", 10),
        ("一时间,全国各地纷纷沦陷。", None),
        ("第一时间赶到现场。", None),
        ("1.5万人参加。", None),
        ("要坚持联防联控。", None),
    ],
)
def test_marker_number(sentence: str, number: int | None) -> None:
    assert marker_number(sentence) == number


def test_ordinal_term() -> None:
    assert [ordinal_term(n) for n in (1, 3, 10, 12, 24)] == ["第一", "第三", "第十", "第十二", "第二十四"]


TEXT = (
    "会上,张三提出三点要求。一要认清当前严峻形势。大家一定要清醒认识。二要务必精准施策到位。要抓好物资供应,强化舆论引导。"
    "三要严格督导问责。发现问题要严肃追责。\n李四说,一是新的开始。"
)


def _sentences(text: str) -> tuple[list[str], list[bool]]:
    spans = chunk_spans(text)
    return [text[a:b] for a, b in spans], paragraph_breaks(text, spans)


def test_paragraph_breaks() -> None:
    text = "第一句话在这里。第二句话在这里。\n  第三句话在这里。"
    assert paragraph_breaks(text, chunk_spans(text)) == [False, True, True]
    assert paragraph_breaks("", []) == []


def test_points_find_the_announcer_headings_and_bodies() -> None:
    sentences, breaks = _sentences(TEXT)
    [(announcer, run)] = points(sentences, breaks)
    assert sentences[announcer].startswith("会上,张三")
    assert [(sentences[p.heading][:4], p.number) for p in run] == [("一要认清", 1), ("二要务必", 2), ("三要严格", 3)]
    assert [p.end - p.heading for p in run] == [2, 2, 2]  # the last point ends with its paragraph
    assert "一是新的开始" not in "".join(sentences[p.heading] for p in run)  # a lone 一是 is no list


def test_context_terms(analyzer: Analyzer) -> None:
    sentences, breaks = _sentences(TEXT)
    tokens = [analyzer.tokens(s) for s in sentences]
    extra = context_terms(sentences, breaks, tokens)
    heading2 = next(i for i, s in enumerate(sentences) if s.startswith("二要"))
    assert extra[heading2][0] == "第二" and "张三" in extra[heading2]
    assert extra[heading2 + 1] == tokens[heading2]  # its body carries the heading's terms
    assert extra[0] == []  # the announcer itself gets nothing
    assert extra[-1] == []  # nor a sentence outside the list


def test_a_run_whose_first_point_went_unnumbered_opens_at_its_second() -> None:
    # the page's 温县 list: 要做好招商对接工作。…二要抓好项目推进工作。三要…。四要…
    text = "李四说,要做好招商对接工作。要坚持洽谈项目。二要抓好项目推进工作。要坚持项目为王。三要抓好改革服务工作。四要抓好任务分解工作。要抓紧落实。"
    sentences, breaks = _sentences(text)
    [(announcer, run)] = points(sentences, breaks)
    assert announcer is None  # what announced the points is not known: the first went unnumbered
    assert [(sentences[p.heading][:4], p.number) for p in run] == [("二要抓好", 2), ("三要抓好", 3), ("四要抓好", 4)]
    assert run[-1].end == len(sentences)  # the last point runs to its paragraph's end


def test_a_second_and_third_point_alone_are_no_run() -> None:
    sentences, breaks = _sentences("他说,要做好招商工作。二要抓好项目推进。三要抓好改革服务。大家表示赞同。")
    assert points(sentences, breaks) == []


def test_no_list_without_a_second_point(analyzer: Analyzer) -> None:
    sentences, breaks = _sentences("一是今天天气很好。大家都出门去了。三是路上的车很多。")
    assert points(sentences, breaks) == []


def test_outline_context_ranks_a_numbered_point(analyzer: Analyzer) -> None:
    articles = [
        Article(id="a", title="会议召开", text=TEXT),
        Article(id="b", title="另一条新闻", text="张三在会上讲话。第二天天气晴朗。"),
    ]
    on = NewsQA.build(articles)
    hit = on.ask("张三提出的第二点要求是什么?").hits[0]
    assert hit.text == "二要务必精准施策到位。要抓好物资供应,强化舆论引导。"  # a heading shows what it announces
    body = on.ask("张三要求精准施策具体怎么做?").hits
    assert any("要抓好物资供应,强化舆论引导。" in h.text for h in body[:2])  # a hit may show its neighbour too


def test_the_bundled_page_lists(qa: NewsQA, page_articles: list[Article]) -> None:
    """The page's two speeches: 宗家桢's four points and 杨磊's three."""
    found = []
    for article in page_articles:
        spans = chunk_spans(article.text)
        sentences = [article.text[a:b] for a, b in spans]
        for announcer, run in points(sentences, paragraph_breaks(article.text, spans)):
            found.append((sentences[announcer] if announcer is not None else None, len(run)))
    assert ("会上,宗家桢就做好下一步疫情防控工作提出四点要求。", 4) in found
    assert ("杨磊在会上强调三点意见。", 3) in found
    assert qa.ask("杨磊提出的第三点意见是什么?").hits[0].text.startswith("三要")
