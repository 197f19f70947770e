"""From question terms to the searched terms and the answer rule (retrieval/query.py)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from retrieval.index import BM25Index, BM25Params
from retrieval.query import coverage_units, has_number, passage_has_number, plan, weight
from retrieval.service import NewsQA
from retrieval.tokenizer import Analyzer


@pytest.fixture(scope="module")
def small() -> BM25Index:
    docs = [["区委书记", "宗家桢", "任", "指挥", "长"], ["捐款", "5000", "元"], ["指挥部", "会议"]]
    return BM25Index.build(docs, BM25Params())


def test_a_word_the_corpus_lacks_is_searched_by_the_characters_it_has(small: BM25Index) -> None:
    q = plan(["指挥", "长由", "担任", "红烧"], "指挥长由谁担任红烧", small, stopwords={"由"})
    # 长由 -> 长 (由 is a stopword), 担任 -> 任 (宗家桢任指挥长); 红烧 has no known character
    assert q.terms == ("指挥", "长", "任", "红烧")
    assert "长由" in q.coverage_terms and "长" not in q.coverage_terms  # still missing for abstention


def test_fallback_can_be_switched_off(small: BM25Index) -> None:
    assert plan(["长由"], "长由", small, stopwords=set(), fallback=False).terms == ("长由",)


def test_an_unknown_word_holding_a_question_character_is_a_question_word(small: BM25Index) -> None:
    q = plan(["宗家桢", "哪几", "几天", "哪几天", "啥样"], "宗家桢哪几天啥样", small, stopwords=set())
    assert q.terms == ("宗家桢",) and q.coverage_terms == ("宗家桢",)


@pytest.mark.parametrize("word", ["几何学", "茶几", "哪吒", "谁家孩子"])
def test_an_unknown_content_word_with_a_question_character_still_counts(small: BM25Index, word: str) -> None:
    q = plan(["宗家桢", word], "宗家桢" + word, small, stopwords=set())
    assert word in q.coverage_terms  # missing: an off-topic question is not answered through 宗家桢 alone


def test_fallback_adds_no_character_the_analyzer_already_gave(small: BM25Index) -> None:
    # with oov_chars the analyzer emits 宗家桢任 and its characters; the fallback must not count them twice
    q = plan(["宗家桢任", "宗", "任"], "宗家桢任", small, stopwords=set())
    assert q.terms.count("任") == 1


def test_a_missing_compound_counts_once(small: BM25Index) -> None:
    assert coverage_units(["一把", "把手", "一把手", "宗家桢"], small.vocab) == ("一把手", "宗家桢")
    # known sub-words are separate evidence, as BM25 scores them
    assert coverage_units(["区委", "区委书记"], {"区委", "区委书记"}) == ("区委", "区委书记")


def test_missing_single_character_weighs_half(small: BM25Index) -> None:
    assert weight("捐", small) == pytest.approx(weight("红烧肉", small) / 2)
    assert weight("宗家桢", small) == pytest.approx(small.idf_of("宗家桢"))
    q = plan(["宗家桢", "捐"], "宗家桢捐", small, stopwords=set())
    assert q.mass == pytest.approx(small.idf_of("宗家桢") + small.idf_of("捐") / 2)


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("赵林林捐了多少钱?", True),
        ("马村区设了几个隔离点?", True),
        ("李培华是哪一年出生的?", True),
        ("北京到上海要多久?", True),
        ("疫情什么时候结束?", True),
        ("温县那几个卡点晚上车看得见不?", False),  # 那几个: "those", not a count
        ("宗家桢任什么职务?", False),
        ("几乎所有温县人都戴口罩吗?", False),
        ("几何学在温县有什么用?", False),
        ("温县的茶几是什么样?", False),
        ("疫情在多大程度上得到控制?", False),
        ("溫縣有幾個卡點?", True),
    ],
)
def test_questions_asking_for_a_number(analyzer: Analyzer, small: BM25Index, question: str, asks: bool) -> None:
    assert plan([], analyzer.fold(question), small, stopwords=set()).asks_number is asks


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("捐款五千元", True),
        ("捐款五萬元", True),
        ("捐款１０万元", True),  # a full-width digit, as written
        ("连续7天", True),
        ("卡点是第一道关", True),
        ("第三次会议", True),
        ("一时间,全国各地纷纷沦陷", False),
        ("万众一心", False),
        ("第一时间递交请战书", False),
        ("村第一书记到岗", False),
    ],
)
def test_has_number(analyzer: Analyzer, text: str, number: bool) -> None:
    assert has_number(analyzer.fold(text)) is number
    assert passage_has_number(text, analyzer.fold) is number  # the shortcut agrees


def test_number_question_reranks_passages_holding_numbers(qa: NewsQA) -> None:
    question = "馬村區有多少人民?"
    plain = replace(qa.search, number_boost=0.0)
    without = qa.with_search(plain).ask(question, top_k=20)
    with_boost = qa.ask(question, top_k=20)
    rank = lambda a: next(h.rank for h in a.hits if "15万马村人民" in h.text)  # noqa: E731
    assert rank(with_boost) < rank(without)
    assert with_boost.hits[0].score >= with_boost.hits[1].score


def test_number_check_is_what_abstains(qa: NewsQA) -> None:
    question = "马村区确诊了多少例?"
    unchecked = qa.with_search(replace(qa.search, number_check=False))
    assert unchecked.ask(question).answered is True
    assert qa.ask(question).answered is False
    assert qa.ask("赵林林捐了多少钱?").answered is True  # its passage holds 5000元



@pytest.mark.parametrize(
    ("question", "asks"),
    [("温县县委书记是谁?", True), ("传达了哪位省委书记的讲话?", True), ("那个小伙子叫啥?", True), ("赵林林捐了多少钱?", False)],
)
def test_questions_asking_for_a_name(analyzer: Analyzer, small: BM25Index, question: str, asks: bool) -> None:
    assert plan([], analyzer.fold(question), small, stopwords=set()).asks_name is asks


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("区委书记宗家桢任指挥长", True),
        ("市英利经贸有限公司向马村区红十字会捐款", True),  # an organization answers 谁 too
        ("北孔庄村4名大学生自发组成突击队", False),
        ("疫情防控形势严峻复杂", False),
    ],
)
def test_has_name(qa: NewsQA, text: str, name: bool) -> None:
    assert qa.analyzer.has_name(text) is name


def test_name_check_is_what_abstains(qa: NewsQA) -> None:
    question = "北孔庄村那4名大学生分别叫什么名字?"
    unchecked = qa.with_search(replace(qa.search, name_check=False))
    assert unchecked.ask(question).answered is True
    assert qa.ask(question).answered is False
    assert qa.ask("温县县委书记是谁?").answered is True


def test_no_hits_is_no_answer(qa: NewsQA) -> None:
    answer = qa.ask("赵林林捐了多少钱?", top_k=0)
    assert answer.hits == [] and answer.answered is False


def test_analyzer_must_match_the_index(qa: NewsQA) -> None:
    with pytest.raises(ValueError, match="analyzer"):
        NewsQA(qa.corpus, qa.index, qa.build_spec, qa.search, Analyzer(replace(qa.build_spec.analyzer, mode="precise")))
