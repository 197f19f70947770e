"""Answer passages: a sentence shown with the neighbour it depends on."""

from __future__ import annotations

from dataclasses import replace

import pytest

from retrieval import windows
from retrieval.model import Article
from retrieval.service import NewsQA


@pytest.mark.parametrize(
    ("sentence", "refers"),
    [
        ("这是该区的果断态度。", True),
        ("该标志被评为第三名。", True),
        ("該學校於1919年以書塾的形式成立。", True),  # Traditional
        ("在这之前,当地主要说低地德语。", True),  # a connective first
        ("他说,要严把标准。", True),
        ("此外,还要做好物资保障。", False),  # a connective, not a reference
        ("其他地区也在行动。", False),
        ("马村区迅速行动。", False),
    ],
)
def test_refers_back(sentence: str, refers: bool) -> None:
    assert windows.refers_back(sentence) is refers


@pytest.mark.parametrize(
    ("sentence", "leads"),
    [
        ("问:疫情期间如何保障供应?", True),
        ("记者:下一步有什么打算?", True),
        ("会议提出四点要求:", True),
        ("具体措施如下。", True),
        ("三要抓好改革服务工作。", True),  # a numbered point's heading: what it says comes next
        ("二是加强医疗救治。", True),
        ("(四)严格督导问责。", True),
        ("二要坚持联防联控,加强医疗救治,抓好物资供应,保障群众生活,强化舆论引导。", False),  # says it itself
        ("三要素包括土地和资金。", False),
        ("马村区召开会议。", False),
    ],
)
def test_leads_on(sentence: str, leads: bool) -> None:
    assert windows.leads_on(sentence) is leads


def test_window_takes_one_neighbour_each_side_at_most() -> None:
    s = ["马村区成立指挥部。", "这是该区的果断态度。", "会议还部署了其他工作。"]
    assert windows.window(s, 1) == (0, 1)  # refers back
    assert windows.window(s, 0) == (0, 1)  # the next refers back to it
    assert windows.window(s, 2) == (2, 2)
    qa = ["问:如何保障供应?", "答:超市每天补货两次。", "另外,药店延长营业。"]
    assert windows.window(qa, 0) == (0, 1) and windows.window(qa, 1) == (0, 1)


@pytest.mark.parametrize(
    ("sentence", "following", "goes_on"),
    [
        ("在城区部分商场超市,毛文明要求,要落实好各项措施。", "要诚信经营,确保物价平稳。", True),
        ("他强调:要严把标准。", "同时要做好物资保障。", True),
        ("在城区部分商场超市,毛文明要求,要落实好各项措施。", "随后,毛文明到岳村街道察看。", False),  # another scene
        ("毛文明到商场超市督导。", "要诚信经营,确保物价平稳。", False),  # no demand reported before
    ],
)
def test_a_reported_demand_goes_on_in_the_next_point(sentence: str, following: str, goes_on: bool) -> None:
    assert windows.speech_goes_on(sentence, following) is goes_on
    assert windows.window([sentence, following], 0) == ((0, 1) if goes_on else (0, 0))


@pytest.mark.parametrize(
    ("previous", "sentence", "said"),
    [
        ("一定要注意车辆的管控,所有进出人员一定要测量体温。”", "在丽景社区出入卡点,宗家桢说,“要加强管控。", True),  # a quotation's last sentence
        ("“困难群众咱没忘!”", "宗家桢叮嘱随行人员兜牢民生底线。", True),
        ("“困难群众咱没忘!”", "2月4日上午,宗家桢到东马村看望困难群众。", False),  # no one says it here
        ("马村区召开会议。", "宗家桢说,要强化危机意识。", False),  # no quotation before
    ],
)
def test_a_quotation_goes_with_the_sentence_saying_who_said_it(previous: str, sentence: str, said: bool) -> None:
    assert windows.said_before(sentence, previous) is said
    assert windows.window([previous, sentence], 1) == ((0, 1) if said else (1, 1))
    assert windows.window([previous, sentence], 0) == ((0, 1) if said else (0, 0))  # the quotation found: who said it


def test_a_quotation_asked_about_is_shown_with_who_said_it(qa: NewsQA) -> None:
    # “要加大宣传力度,…推出去……” then 在区疫情防控指挥部办公室,宗家桢要求道。: without the
    # second sentence the quotation names no one, and a 谁说的 question abstained
    a = qa.ask("「要加大宣傳力度,把我們的先進典型和做法推出去」這是誰說的?")
    assert a.answered and "宗家桢要求道" in a.hits[0].text


def test_window_stays_short() -> None:
    long = "这" + "很长的句子" * 60 + "。"
    assert windows.window(["前一句说了一件事。", long], 1) == (1, 1)


def test_an_interview_answer_is_shown_with_its_question() -> None:
    art = Article(
        id="i1",
        title="区长答记者问",
        text="问:全区的口罩供应怎么保障?\n答:区里协调三家企业转产,日产口罩两万只。\n另外,药店将延长营业时间。",
    )
    qa = NewsQA.build([art])
    hit = qa.ask("口罩供应怎么保障?").hits[0]
    assert "日产口罩两万只" in hit.text and hit.text.startswith("问:")
    assert hit.context.startswith(hit.before) and "药店" in hit.after
    off = qa.with_search(replace(qa.search, answer_windows=False)).ask("口罩供应怎么保障?").hits[0]
    assert "日产口罩" not in off.text  # without windows the question sentence stands alone


def test_a_neighbour_holding_the_rest_of_the_question_completes_the_passage() -> None:
    """The question's words run across a sentence end: the answer most often does too."""
    art = Article(
        id="w1",
        title="湖岸",
        text="多伦多市位于安大略湖西北岸。湖岸线全长约46公里,沿岸有多处公园。市内人口约二百八十万。",
    )
    qa = NewsQA.build([art])
    hit = qa.ask("多伦多市的湖岸线有多长?").hits[0]
    assert "46公里" in hit.text and "多伦多市" in hit.text
    assert hit.answer is not None and hit.answer.text == "约46公里"  # with its hedge
    assert "人口" not in hit.text  # only the neighbour that completes the question


def test_the_completing_rule_reads_the_index(qa: NewsQA) -> None:
    terms, docs = ["马村区", "宗家桢", "不在语料里的词"], [0, 1, 2]
    held = qa.index.holding(terms, docs)
    assert held.shape == (3, 3) and not held[2].any()
    for n, t in enumerate(terms[:2]):
        assert list(held[n]) == [bool(qa.index.coverage([t], [d])[0]) for d in docs]


def test_passages_showing_one_window_are_one_hit(qa: NewsQA) -> None:
    # 2月1日上午,市英利经贸有限公司向马村区红十字会捐款10万元,… and 该企业代表表示,… (which
    # refers back to it) show the same two sentences: a reader paging ◀ ▶ should not see them twice
    hits = qa.ask("哪家公司向马村区红十字会捐款10万元?").hits
    assert "英利经贸" in hits[0].text
    assert len({h.text for h in hits}) == len(hits) == 5
    assert [h.rank for h in hits] == [1, 2, 3, 4, 5]
