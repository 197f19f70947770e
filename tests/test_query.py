"""From question terms to the searched terms and the answer rule (retrieval/query.py)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from retrieval import answers
from retrieval.index import BM25Index, BM25Params
from retrieval.model import Article
from retrieval.query import coverage_units, credit_answers, known_part, names_piece, plan, weight, without_courtesy
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
    # 长由 is jieba's glue of a known character and a function one: covered by 长; 担任 and
    # 红烧 hold no function character and stay missing, so abstention still sees them
    assert "长" in q.coverage_terms and "长由" not in q.coverage_terms
    assert "担任" in q.coverage_terms and "红烧" in q.coverage_terms


@pytest.mark.parametrize(
    ("term", "unit"),
    [("长是", "长"), ("长由", "长"), ("任要", "任"), ("长好", "长好"), ("是由", "是由"), ("红是", "红是"), ("长", "长")],
)
def test_a_word_glued_from_a_known_and_a_function_character_is_covered_by_the_known_one(small: BM25Index, term: str, unit: str) -> None:
    # 长好: 好 is no function character; 是由: nothing known; 红是: 红 is not in the corpus
    assert plan(["宗家桢", term], "宗家桢" + term, small, stopwords=set()).coverage_terms == ("宗家桢", unit)


def test_a_glued_word_no_longer_makes_the_service_abstain(qa: NewsQA) -> None:
    # jieba cuts 指挥长是谁 into 指挥 / 长是; counted missing, 长是 left 0.24 of the mass covered (< 0.3)
    a = qa.ask("马村区防疫指挥部的指挥长是谁啊?")
    assert a.answered and "宗家桢任指挥长" in a.hits[0].text
    assert not qa.ask("你好").answered  # 你 glues nothing: a greeting is still no question


@pytest.mark.parametrize(
    ("term", "part"), [("说卡点", "卡点"), ("卡点说", "卡点"), ("哪四早", "早"), ("四早", "早"), ("第一个", None), ("红烧肉", None), ("卡点", None)]
)
def test_a_word_the_corpus_lacks_is_searched_by_the_corpus_word_inside_it(qa: NewsQA, term: str, part: str | None) -> None:
    # jieba glues 说 onto 卡点 (李培华说卡点是…) and 哪 onto 四早; 第一个 is an ordinal, not 第一
    assert known_part(term, qa.index.vocab) == part


def test_a_dictionary_word_is_not_searched_by_its_parts(qa: NewsQA) -> None:
    # 时间段 is jieba's own word (the corpus lacks it): 时间 would find 一时间, 第一时间…
    dictionary = qa.analyzer.in_dictionary
    assert dictionary("时间段") and not dictionary("说卡点")
    assert known_part("时间段", qa.index.vocab) == "时间" and known_part("时间段", qa.index.vocab, dictionary) is None
    assert known_part("说卡点", qa.index.vocab, dictionary) == "卡点"


def test_a_glued_question_finds_its_passage(qa: NewsQA) -> None:
    a = qa.ask("李培華說卡點是疫情防控的什麼?")
    assert a.answered and "卡点是疫情防控的第一道关" in a.hits[0].text
    a = qa.ask("李培华1月29号上午说要做到哪四早")  # coverage counted 哪四早 missing: 0.26 < 0.3
    assert a.answered and "早发现、早报告" in a.hits[0].text


def test_which_ones_is_answered_with_the_list(qa: NewsQA) -> None:
    # as a count (几项) it wanted a number with 项 in the best passages, found none and abstained
    a = qa.ask("宗家桢在区疫情防控指挥部办公室要求落实哪几项制度?")
    assert a.answered and a.hits[0].answer is not None and "疫情日报制度" in a.hits[0].answer.text


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
        ("宗家桢要求落实哪几项制度?", False),  # 哪几项: "which ones", a list, not how many
        ("宗家桢要求落实了几项制度?", True),
        ("宗家桢任什么职务?", False),
        ("几乎所有温县人都戴口罩吗?", False),
        ("几何学在温县有什么用?", False),
        ("温县的茶几是什么样?", False),
        ("疫情在多大程度上得到控制?", False),
        ("溫縣有幾個卡點?", True),
    ],
)
def test_questions_asking_for_a_number(analyzer: Analyzer, question: str, asks: bool) -> None:
    assert (answers.expected(analyzer.fold(question)).kind in (answers.NUMBER, answers.DATE)) is asks


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
    assert bool(answers.numbers(analyzer.fold(text))) is number


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
def test_questions_asking_for_a_name(analyzer: Analyzer, question: str, asks: bool) -> None:
    assert (answers.expected(analyzer.fold(question)).kind == answers.NAME) is asks


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


# --- questions asking who wrote or photographed a piece: answered by its byline ---------------

ABOUT_WHAT_A_PIECE_SAYS = [  # name a piece or a maker, but ask about the text
    "新闻发布会上记者问了什么?",
    "新聞發布會上記者問了什麼?",
    "记者会上通报了什么?",
    "通讯员在哪里工作?",
    "马村区的新闻记者有多少人?",
    "报道中提到的《红楼梦》作者是谁?",
    "消息称记者被隔离了吗?",
    "宗家桢接受记者采访时说了什么?",
    "这条消息说了什么?",
    "摄影展在哪里举办?",
    "捐款的照片是在哪里拍摄的?",
    "报道中英利经贸捐了多少钱?",
    "这篇报道里谁拍板决定的?",
    "这条新闻里是谁发现了疫情?",
    "赵飞琴的请战书是谁写的?",  # 赵飞琴 did: the piece's headline is not what is asked about
    "这些防控物资是从哪来的?",  # a source, but of no piece
    "这些物资是谁供的?",  # a supplier, not a piece's source
    "捐款的来源是什么?",
]


@pytest.mark.parametrize(
    ("question", "photo"),
    [
        ("直面没有硝烟的战场这篇纪实的作者是谁?", False),
        ("宗家桢看望慰问困难群众这篇报道是哪位记者写的?", False),
        ("宗家桢看望慰问困难群众这篇报道由谁撰写?", False),
        ("写宗家桢看望慰问困难群众这篇报道的是谁?", False),
        ("宗家桢看望慰问困难群众的报道是谁发的?", False),
        ("宗家桢看望慰问困难群众一文的作者?", False),
        ("这篇是哪家发的", False),  # a newspaper or a media office, not a person
        ("这条新闻是哪个媒体发的?", False),
        ("这篇稿子是哪来的?", False),  # its source: the byline (温融媒)
        ("这稿是哪来的", False),  # 这稿: this piece, as 这篇
        ("那稿子出自哪里?", False),
        ("這篇報導的來源是?", False),
        ("这篇稿子是哪里发的?", False),
        ("这篇是哪里供的稿?", False),
        ("那篇经济会稿子来源是哪?", False),
        ("這篇報導的記者是誰?", False),  # folded to Simplified first
        ("这篇报道作者是?", False),  # cut short after 是: asks it all the same
        ("英利经贸捐款的那张新闻照片是谁拍的?", True),
        ("捐款那张照片是谁照的?", True),
        ("拍英利经贸捐款照片的是谁?", True),
        ("英利经贸捐款的照片是哪位摄影师拍的?", True),
        ("马村区视频会议那篇报道,署名记者是谁?", False),  # makers in a row: 署名 记者
        ("温县经济运行调度会那篇报道的署名单位是哪个?", False),
        ("毛文明督导那篇稿子署名是哪家?", False),  # a byline may be an office (温融媒): 哪家 asks it
    ],
)
def test_questions_naming_a_piece_and_asking_its_maker(analyzer: Analyzer, small: BM25Index, question: str, photo: bool) -> None:
    q = plan([], analyzer.fold(question), small, stopwords=set())
    assert (q.asks_credit, q.names_piece, q.asks_photo) == (True, True, photo)


@pytest.mark.parametrize("question", ["直面没有硝烟的战场是谁写的?", "《红楼梦》的作者是谁?", "作者是谁?"])
def test_a_maker_asked_without_naming_a_piece(analyzer: Analyzer, small: BM25Index, question: str) -> None:
    q = plan([], analyzer.fold(question), small, stopwords=set())
    assert (q.asks_credit, q.names_piece) == (True, False)  # the service decides, by the headline


@pytest.mark.parametrize("question", [*ABOUT_WHAT_A_PIECE_SAYS[:4], "温县县委书记是谁?", "这篇报道讲了什么?", "这篇报道作者是温县的吗?"])
def test_no_piece_named_with_its_maker(analyzer: Analyzer, question: str) -> None:
    assert names_piece(analyzer.fold(question)) is False


def test_a_credit_question_searches_only_for_the_piece(qa: NewsQA) -> None:
    question = "宗家桢看望慰问困难群众这篇报道是哪位记者写的?"
    terms = qa.analyzer.tokens(question)
    folded = qa.analyzer.fold(question)
    as_written = plan(terms, folded, qa.index, qa.analyzer.stopwords)
    about_the_piece = plan(terms, folded, qa.index, qa.analyzer.stopwords, credit=True)
    assert {"报道", "记者", "写"} <= set(as_written.coverage_terms)
    assert set(about_the_piece.coverage_terms) == {"宗家桢", "看望", "慰问", "困难", "群众", "困难群众"}


@pytest.mark.parametrize(
    ("byline", "photo", "answers"),
    [
        ("孙洁", False, True),
        ("梁双 摄", False, True),  # a photo caption's credit is its author too
        ("梁双 摄", True, True),
        ("(梁双 摄)", True, True),
        ("新华社记者 李贺摄", True, True),
        ("新华社记者 李贺 摄影报道", True, True),
        ("图/新华社", True, True),
        ("孙洁", True, False),  # a writer's byline does not say who took a picture
        ("", False, False),
        ("  ", False, False),
        (None, False, False),
    ],
)
def test_which_bylines_answer(byline: str | None, photo: bool, answers: bool) -> None:
    assert credit_answers(byline, photo) is answers


def test_the_byline_answers_first_then_the_passages(qa: NewsQA) -> None:
    answer = qa.ask("英利经贸捐款的那张新闻照片是谁拍的?", top_k=3)
    first, *rest = answer.hits
    assert answer.answered and [h.rank for h in answer.hits] == [1, 2, 3]
    assert (first.kind, first.text, first.marks) == ("byline", "梁双 摄", ((0, 4),))
    assert first.article.title == "市英利经贸有限公司向马村区红十字会捐款10万元"
    # shown after the sentence it closes, as printed, and opening the same article
    assert first.before.endswith("用实际行动支持疫情防控工作。 ") and first.after == ""
    assert qa.article_of_passage(first.passage_id)[0] == first.article
    assert all(h.kind == "passage" for h in rest) and len({h.text for h in rest}) == len(rest)  # no window twice
    assert rest[0].article == first.article and "英利经贸有限公司向马村区红十字会捐款10万元" in rest[0].text
    bare = qa.with_search(replace(qa.search, context=0)).ask("英利经贸捐款的那张新闻照片是谁拍的?")
    assert (bare.hits[0].text, bare.hits[0].before) == ("梁双 摄", "")


def test_a_headline_asked_for_its_maker_gets_the_byline(qa: NewsQA) -> None:
    assert qa.ask("直面没有硝烟的战场是谁写的?").hits[0].text == "崔晶"
    assert qa.ask("《直面没有硝烟的战场》的作者是谁?").hits[0].text == "崔晶"


@pytest.mark.parametrize("question", [*ABOUT_WHAT_A_PIECE_SAYS, "《红楼梦》的作者是谁?", "作者是谁?", "谁写的?"])
def test_questions_about_the_text_get_no_byline(qa: NewsQA, question: str) -> None:
    on = qa.ask(question)
    off = qa.with_search(replace(qa.search, byline_answers=False)).ask(question)
    assert all(h.kind == "passage" for h in on.hits)
    assert (on.answered, [h.passage_id for h in on.hits]) == (off.answered, [h.passage_id for h in off.hits])


def test_a_photo_question_on_a_piece_without_a_photo_credit_is_not_answered(qa: NewsQA) -> None:
    answer = qa.ask("马村区领导督导疫情防控工作这篇报道的照片是谁拍的?")
    assert answer.hits and answer.answered is False  # its byline, 孙洁, is the writer's
    assert all(h.kind == "passage" for h in answer.hits)
    assert qa.ask("马村区领导督导疫情防控工作这篇报道是谁写的?").hits[0].text == "孙洁"


def test_byline_answers_can_be_switched_off(qa: NewsQA) -> None:
    off = qa.with_search(replace(qa.search, byline_answers=False)).ask("直面没有硝烟的战场这篇纪实的作者是谁?")
    assert off.answered is False and all(h.kind == "passage" and "崔晶" not in h.text for h in off.hits)
    assert qa.ask("直面没有硝烟的战场这篇纪实的作者是谁?", top_k=0).hits == []


@pytest.mark.parametrize("byline", [None, "  "])
def test_without_a_byline_a_credit_question_is_a_question_about_the_text(byline: str | None) -> None:
    """Encyclopedia-like corpora (CMRC) have no bylines: "…这张照片是谁拍摄的" asks about the text."""
    kiss = "《胜利之吻》是一张著名的新闻照片。这张照片由摄影师艾森斯塔特在时代广场拍摄。照片刊登于《生活》杂志。"
    others = ["长城是中国古代的军事防御工程。", "黄河是中国第二长河。", "时代广场位于纽约曼哈顿。", "《生活》是美国的一本杂志。"]
    articles = [Article("kiss", "胜利之吻", kiss, byline=byline)] + [Article(str(i), t[:2], t) for i, t in enumerate(others)]
    qa = NewsQA.build(articles)
    question = "《胜利之吻》这张新闻照片是谁拍摄的?"
    on, off = qa.ask(question), qa.with_search(replace(qa.search, byline_answers=False)).ask(question)
    assert on.answered and [h.text for h in on.hits] == [h.text for h in off.hits]
    assert all(h.kind == "passage" for h in on.hits) and any("艾森斯塔特" in h.text for h in on.hits[:2])


@pytest.mark.parametrize(
    ("question", "left"),
    [
        ("麻烦问一下，李培华在卡点说，卡点是疫情防控的第几道关来着？", "，李培华在卡点说，卡点是疫情防控的第几道关？"),
        ("请问报上说马村有多少人?", "请问马村有多少人?"),  # 请问 is a stopword already
        ("我想知道文章里提到的捐款有多少", "捐款有多少"),
        ("这篇文章是谁写的?", "这篇文章是谁写的?"),  # the piece asked about stays
        ("防疫顾问下午去了哪", "防疫顾问下午去了哪"),  # 问下 inside words is no opener
    ],
)
def test_courtesy_and_talk_of_the_paper_itself_are_left_out(question: str, left: str) -> None:
    assert without_courtesy(question).replace(" ", "") == left.replace(" ", "")


def test_a_padded_question_is_answered_as_the_plain_one(qa: NewsQA) -> None:
    padded = qa.ask("麻烦问一下，李培华在卡点说，卡点是疫情防控的第几道关来着？")
    assert padded.answered and "第一道关" in padded.hits[0].text
    assert padded.question.startswith("麻烦问一下")  # the answer keeps the question as asked


def test_a_credit_question_keeps_the_genre_that_names_its_piece(qa: NewsQA) -> None:
    # the subtitle 马村区万众一心奋战疫情防控纪实: 马村 alone is in nearly every passage of the page
    answer = qa.ask("马村那篇纪实谁写的")
    assert answer.answered and answer.hits[0].kind == "byline" and answer.hits[0].article.subtitle == "马村区万众一心奋战疫情防控纪实"
