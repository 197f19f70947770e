"""Pure formatting functions of the bot: escaping, bold marks, cards, splitting, callback data.

Validity and length are checked with the fake server's Telegram-HTML parser, which measures
like Telegram does (UTF-16 code units after entity parsing).
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from bot import formatting as fmt
from bot.texts import lang_of, t
from retrieval.config import load_config
from retrieval.model import ArticleInfo
from retrieval.service import Hit, NewsQA, Span, Stats

try:
    from tests.fake_botapi import parse_html, u16len
except ImportError:  # tests/ on sys.path instead of the repo root
    from fake_botapi import parse_html, u16len

FP = "0123abcd"
NASTY = "A<b>&amp;</b> & <script>x</script> 😀"


def visible(markup: str) -> tuple[str, list[dict]]:
    """What Telegram shows (raises on invalid HTML), with its entities."""
    return parse_html(markup, strict=True)


def bold_pieces(markup: str) -> list[str]:
    text, entities = visible(markup)
    utf16 = text.encode("utf-16-le")
    return [utf16[2 * e["offset"] : 2 * (e["offset"] + e["length"])].decode("utf-16-le") for e in entities if e["type"] == "bold"]


def info(title: str = "标题", byline: str | None = "记者 张三", date: str | None = "2020-02") -> ArticleInfo:
    return ArticleInfo(id="x:1", title=title, byline=byline, date=date)


def hit(text: str, marks: tuple[tuple[int, int], ...] = (), before: str = "", after: str = "", article: ArticleInfo | None = None) -> Hit:
    return Hit(rank=1, score=1.0, passage_id=7, text=text, before=before, after=after, marks=marks, article=article or info(), coverage=1.0)


@pytest.fixture(scope="module")
def newsqa() -> NewsQA:
    return NewsQA.from_config(load_config(None))


# ------------------------------------------------------------------ escaping and bold marks
def test_escape_only_what_telegram_needs() -> None:
    assert fmt.esc("a<b>&\"c'") == "a&lt;b&gt;&amp;\"c'"
    assert visible(fmt.esc(NASTY))[0] == NASTY


@pytest.mark.parametrize(
    "text, marks, bold",
    [
        ("杨磊任第一副总指挥", [(0, 2)], ["杨磊"]),
        ("杨磊任第一副总指挥", [(0, 2), (1, 4), (7, 9)], ["杨磊任第", "指挥"]),  # overlapping merge
        ("杨磊任第一副总指挥", [(0, 2), (2, 3)], ["杨磊任"]),  # touching spans become one
        ("杨磊任第一副总指挥", [(7, 9)], ["指挥"]),  # at the very end
        ("杨磊任第一副总指挥", [(-3, 1), (8, 99)], ["杨", "挥"]),  # clipped to the text
        ("杨磊任第一副总指挥", [(3, 3), (5, 4)], []),  # empty and reversed spans dropped
        ("a<b & c>d", [(1, 5), (6, 8)], ["<b &", "c>"]),  # escaped characters inside marks
        ("😀问😀", [(1, 2)], ["问"]),  # code-point marks, UTF-16 entities
    ],
)
def test_bold_marks(text: str, marks: list[tuple[int, int]], bold: list[str]) -> None:
    markup = fmt.bold_marks(text, marks)
    assert visible(markup)[0] == text
    assert bold_pieces(markup) == bold


def test_merge_marks_sorted_and_disjoint() -> None:
    assert fmt.merge_marks([(5, 7), (0, 2), (1, 3), (7, 8)], 10) == [(0, 3), (5, 8)]


# ------------------------------------------------------------------ the answer card
def test_card_for_a_real_answer_opens_with_the_passage(newsqa: NewsQA) -> None:
    q = "马村区疫情防控指挥部第一副总指挥是谁?"
    answer = newsqa.ask(q)
    best = answer.hits[0]
    card = fmt.answer_card(best, 0, len(answer.hits), question=q)
    text, entities = visible(card)
    first = text.split("\n")[0]
    assert first.lstrip("…") in best.text and "杨磊任第一副总指挥" in first  # from the answer's clause on
    assert best.answer is not None and best.answer.text == "杨磊" and "<b>杨磊</b>" in card
    assert f"\n问：{q}\n" in text and text.endswith(f"第 1/{len(answer.hits)} 条")
    assert "直面没有硝烟的战场 · 崔晶 · 2020年2月" in text and "2020-02" not in text
    assert [e["type"] for e in entities] == [*(["bold"] if best.answer else []), "expandable_blockquote", "italic"]
    quote = next(e for e in entities if e["type"] == "expandable_blockquote")
    assert text[quote["offset"] : quote["offset"] + quote["length"]] == best.context.strip()


def answered(text: str, answer: str, **kw: object) -> Hit:
    i = text.index(answer)
    return replace(hit(text, **kw), answer=Span(answer, i, i + len(answer)))


def test_the_answer_span_is_bold_and_leads_the_card() -> None:
    long = "面对危机,该区快速运转、沉着应对,即刻成立全区疫情防控指挥部,区委书记宗家桢任指挥长,区委副书记、区长杨磊任第一副总指挥。"
    card = fmt.answer_card(answered(long, "杨磊"), 0, 5, question="第一副总指挥是谁?")
    text, _ = visible(card)
    assert bold_pieces(card) == ["杨磊"]
    assert text.index("杨磊") <= fmt.LEAD_SLACK + 1 and text.startswith("…")  # led up to from its clause
    short = fmt.answer_card(answered("宗家桢任指挥长。", "宗家桢"), 0, 1, question="谁?")
    assert bold_pieces(short) == ["宗家桢"] and visible(short)[0].startswith("宗家桢任指挥长。")


@pytest.mark.parametrize("span", [None, (3, 4), (5, 3), (0, 99)])
def test_no_answer_no_bold_and_never_a_single_character(span: tuple[int, int] | None) -> None:
    h = hit("温县县长李培华一行到卡点督导。", marks=((0, 1), (2, 3), (4, 5)))  # question terms are not bolded
    if span:
        h = replace(h, answer=Span(h.text[span[0] : span[1]], *span))
    card = fmt.answer_card(h, 0, 2, question="县长是谁?")
    assert bold_pieces(card) == [] and visible(card)[0].startswith("温县县长李培华一行到卡点督导。")


def test_a_report_shown_again_says_it_is_no_answer() -> None:
    h = hit("温县县长李培华一行到卡点督导。")
    card = fmt.answer_card(h, 0, 2, question="他今年多大?", again=True)
    text, entities = visible(card)
    assert text.startswith(t("zh", "again") + "\n温县县长李培华一行到卡点督导。")
    assert entities[0] == {"type": "italic", "offset": 0, "length": len(t("zh", "again"))} and bold_pieces(card) == []
    assert not visible(fmt.answer_card(h, 0, 2, question="他今年多大?"))[0].startswith(t("zh", "again"))


def test_thanks_and_other_chatter_get_one_short_line() -> None:
    assert fmt.chatter_text("谢谢!") == t("zh", "chatter_thanks") == fmt.chatter_text("謝謝您")
    assert fmt.chatter_text("哈哈哈") == t("zh", "chatter") != t("zh", "chatter_thanks")
    assert fmt.chatter_text("thanks", "en") == t("en", "chatter_thanks")


def test_a_byline_answers_itself_in_bold() -> None:
    h = replace(hit("梁双 摄", before="英利经贸捐款10万元。 "), kind="byline")
    card = fmt.answer_card(h, 0, 3, question="这张照片是谁拍的?")
    assert bold_pieces(card) == ["梁双 摄"] and visible(card)[0].startswith("梁双 摄")


def test_a_headline_answers_itself_in_bold() -> None:
    h = replace(hit("直面没有硝烟的战场 ——马村区万众一心奋战疫情防控纪实"), kind="title")
    card = fmt.answer_card(h, 0, 3, question="标题叫啥?")
    assert bold_pieces(card) == ["直面没有硝烟的战场 ——马村区万众一心奋战疫情防控纪实"]


def test_card_escapes_corpus_text() -> None:
    h = answered(NASTY, "<b>", before="<i>前</i>", after="&后", article=info(title="<b>标题</b>", byline="A & B"))
    text, entities = visible(fmt.answer_card(h, 2, 3, question="<q> & ?", previous="<p>"))
    assert text == (NASTY + "\n\n问：<q> & ?（接上题：<p>）\n<i>前</i>" + NASTY + "&后\n<b>标题</b> · A & B · 2020年2月\n第 3/3 条")
    assert [e["type"] for e in entities] == ["bold", "expandable_blockquote", "italic"]


def test_the_question_line_reads_back_in_every_language() -> None:
    for lang in ("zh", "zht", "en"):
        for previous in (None, "温县县委书记是谁?"):
            card = fmt.answer_card(hit("正文。", before="前。"), 0, 2, lang, question="那马村区呢?", previous=previous)
            assert fmt.read_question_line(visible(card)[0]) == ("那马村区呢?", previous)
    assert fmt.read_question_line("没有问题行") is None and fmt.read_question_line(None) is None


def test_inline_cards_have_no_counter() -> None:
    text, _ = visible(fmt.answer_card(hit("正文。"), 0, 5, question="问?", counter=False))
    assert "第 1/5 条" not in text and "1/5" not in text


@pytest.mark.parametrize(
    "date, zh, en",
    [
        ("2020-02-03", "2020年2月3日", "3 February 2020"),
        ("2020-02", "2020年2月", "February 2020"),
        ("2020-13", "2020-13", "2020-13"),
        (None, "", ""),
        ("春节", "春节", "春节"),
    ],
)
def test_human_dates(date: str | None, zh: str, en: str) -> None:
    assert fmt.human_date(date) == zh and fmt.human_date(date, "en") == en


@pytest.mark.parametrize("sizes", [(9000, 300, 9000), (0, 9000, 0), (9000, 9000, 9000), (10, 4090, 10000), (5000, 100, 3)])
def test_card_stays_under_4096_and_keeps_entities_whole(sizes: tuple[int, int, int]) -> None:
    nb, nt, na = sizes
    filler = "前&<😀句。"
    before, text, after = (filler * nb)[:nb], ("正文&<😀" * nt)[:nt], ("后>&😀" * na)[:na]
    h = replace(hit(text, (), before, after, info(title="题" * 500)), answer=Span(text[4:8], 4, 8) if nt > 8 else None)
    card = fmt.answer_card(h, 0, 5, question="问" * 200, previous="前" * 200)
    shown, entities = visible(card)  # raises if an entity or tag had been cut
    assert u16len(shown) <= fmt.TG_LIMIT
    assert shown.endswith("第 1/5 条") and "问：" + "问" * 200 in shown
    assert all(e["offset"] + e["length"] <= u16len(shown) for e in entities)


def test_cut_never_splits_a_surrogate_pair() -> None:
    assert fmt.cut("😀😀😀", 4) == "😀…"
    assert fmt.cut_left("😀😀😀", 4) == "…😀"
    assert u16len(fmt.cut("a😀" * 100, 51)) <= 51
    assert fmt.cut("短", 5) == "短" and fmt.cut("长文本", 0) == ""


# ------------------------------------------------------------------ other texts
def test_no_answer_text_escapes_question_and_lists_the_nearest_titles() -> None:
    markup = fmt.no_answer_text("<b>红烧肉</b> & 怎么做?", ["一 & 二", "<三>"], 8)
    text, entities = visible(markup)
    assert "「<b>红烧肉</b> & 怎么做?」" in text and "没有找到" in text
    assert "我收录了 8 篇报道，和这个问题最接近的是：" in text and "• 一 & 二" in text and "• <三>" in text
    assert entities == []
    assert "nothing about" in visible(fmt.no_answer_text("q", ["t"], 1, "en"))[0]


def test_nearest_titles_by_the_questions_terms(newsqa: NewsQA) -> None:
    titles = [(a.title, frozenset(newsqa.analyzer.tokens(a.title))) for a, _ in newsqa.articles()]
    assert fmt.nearest_titles(newsqa.analyzer.tokens("温县的经济运行怎么样?"), titles, 1) == ["温县召开经济运行调度视频会议"]
    first = fmt.nearest_titles(newsqa.analyzer.tokens("宗家桢慰问了谁?"), titles)
    assert first[0] == "宗家桢看望慰问困难群众" and len(first) == 3
    assert fmt.nearest_titles([], titles, 2) == [titles[0][0], titles[1][0]]


@pytest.mark.parametrize(
    "first, last, shown",
    [("2020-02", "2020-02", "（2020年2月）"), ("2020-01-30", "2020-03-02", "（2020年1月30日 至 2020年3月2日）"), (None, None, "篇新闻报道，")],
)
def test_help_text(first: str | None, last: str | None, shown: str) -> None:
    stats = Stats(8, 167, 1524, first, last)
    markup = fmt.help_text(stats, ["问题一<?>", "问题二", "问题三", "问题四"], "newsqa_test_bot")
    text, _ = visible(markup)
    assert "8 篇" in text and shown in text and "167" not in text and "个句子" not in text
    assert "• 问题一<?>" in text and "问题三" in text and "问题四" not in text
    assert "上一条" in text and "下一条" in text and "原文" in text and "/ask" in text and "/new" in text
    assert "@newsqa_test_bot" in text
    assert "Hi!" in visible(fmt.help_text(stats, ["q"], "b", "en"))[0]
    assert "怎麼用" in visible(fmt.help_text(stats, ["q"], "b", "zht"))[0]


def test_lang_of() -> None:
    codes = ("zh-hans", "zh-TW", "zh-hant", "zh-HK", "ZH", None, "", "en", "ru")
    assert [lang_of(c) for c in codes] == ["zh", "zht", "zht", "zht", "zh", "zh", "zh", "en", "en"]
    assert t("fr", "expired") == t("zh", "expired") == "这个按钮已过期，请重新提问"
    assert t("zht", "expired") == "這個按鈕已過期，請重新提問"


# ------------------------------------------------------------------ splitting the article
def sentences_of(n: int, seed: int = 0) -> list[str]:
    base = "马村区疫情防控<指挥部>工作例会每日一次&安排在傍晚😀"
    return [f"{i}号句" + base * ((i * 7 + seed) % 40 + 1) + "。" for i in range(n)]


@pytest.mark.parametrize("n, limit", [(0, 4096), (1, 4096), (40, 4096), (200, 4096), (60, 500)])
def test_split_article_at_sentence_boundaries(n: int, limit: int) -> None:
    sentences = sentences_of(n) if limit == 4096 else [s[:200] for s in sentences_of(n)]
    parts = fmt.split_article(info(title="<标题>"), sentences, limit=limit)
    shown = [visible(p)[0] for p in parts]
    assert all(u16len(s) <= limit for s in shown)
    assert shown[0].startswith("<标题>\n记者 张三 · 2020年2月")
    if len(parts) > 1:
        assert all(s.endswith(f"（第 {i}/{len(parts)} 段）") for i, s in enumerate(shown, 1))
        bodies = [s.rsplit("\n\n", 1)[0] for s in shown]
    else:
        bodies = shown
    joined = "".join(bodies)
    assert "".join(sentences) in joined.replace("<标题>\n记者 张三 · 2020年2月\n\n", "", 1) or not sentences
    for sentence in sentences:  # no sentence is cut: each lies inside one message
        assert any(sentence in body for body in bodies)
    if n == 200:
        assert len(parts) > 10


def test_split_article_cuts_a_giant_sentence_only_when_it_must() -> None:
    giant = "长句😀&" * 3000  # 12000 UTF-16 units, no sentence end
    parts = fmt.split_article(info(), ["开头。", giant, "结尾。"])
    shown = [visible(p)[0] for p in parts]
    assert all(u16len(s) <= fmt.TG_LIMIT for s in shown) and len(parts) >= 4
    bodies = [s.rsplit("\n\n", 1)[0] for s in shown]
    assert bodies[0].endswith("开头。")  # the giant one starts a fresh message
    assert "".join(bodies[1:]).replace("结尾。", "") == giant and bodies[-1].endswith("结尾。")


# ------------------------------------------------------------------ callback data
def test_callback_roundtrip_and_size() -> None:
    for kind, value in (("page", "0"), ("page", "4"), ("example", "2"), ("article", "jiaozuo-news-2020-02:1")):
        data = fmt.encode_callback(kind, value)
        assert len(data.encode()) <= fmt.CALLBACK_LIMIT
        assert fmt.decode_callback(data) == fmt.Button(kind, value)
    for bad_kind, bad_value in (("article", "x" * 70), ("x", "1"), ("page", "-1"), ("page", "a")):
        with pytest.raises(ValueError):
            fmt.encode_callback(bad_kind, bad_value)


def test_article_keys_fit_and_are_stable() -> None:
    assert fmt.article_key("jiaozuo-news-2020-02:1") == "jiaozuo-news-2020-02:1"
    for long_id in ("报道:1", "x" * 200, "#hash-looking"):
        key = fmt.article_key(long_id)
        assert re.fullmatch(r"#[0-9a-f]{16}", key) and key == fmt.article_key(long_id)
        assert fmt.decode_callback(fmt.encode_callback("article", key)) == fmt.Button("article", key)


def test_cards_sent_before_article_keys_still_decode() -> None:
    assert fmt.decode_callback(f"p:{FP}:3") == fmt.Button("page", "3", FP)
    assert fmt.decode_callback(f"a:{FP}:17") == fmt.Button("legacy_article", "17", FP)


@pytest.mark.parametrize(
    "data", [None, "", "p", "pg", "pg:", "pg:-1", "pg:a", "ex:1.5", "art:", "art:有中文", "art:" + "x" * 70, "p:0123abcd:", "p:0123ABCD:1", "zz:1", "more"]
)
def test_malformed_callback_is_none(data: str | None) -> None:
    assert fmt.decode_callback(data) is None


def test_buttons_per_page() -> None:
    labels = lambda rows: [label for label, _, _ in rows[0]]  # noqa: E731
    assert labels(fmt.answer_buttons(0, 5, "x:1")) == ["原文", "下一条 ▶"]
    assert labels(fmt.answer_buttons(2, 5, "x:1")) == ["◀ 上一条", "原文", "下一条 ▶"]
    assert labels(fmt.answer_buttons(4, 5, "x:1")) == ["◀ 上一条", "原文"]
    assert labels(fmt.answer_buttons(0, 1, "x:1", lang="en")) == ["Full text"]
    rows = fmt.answer_buttons(2, 5, "x:1", "https://example.com/a?b=1")
    assert [d for _, _, d in rows[0]] == ["pg:1", "art:x:1", "pg:3"]
    assert rows[1] == [("🔗 阅读网页原文", "url", "https://example.com/a?b=1")]
    assert len(fmt.answer_buttons(0, 1, "x:1", "javascript:alert(1)")) == 1  # only web links become buttons


def test_example_buttons_ask_by_index() -> None:
    rows = fmt.example_buttons(["温县县长是谁?", "问" * 80, "三", "四"])
    assert [r[0][2] for r in rows] == ["ex:0", "ex:1", "ex:2"] and u16len(rows[1][0][0]) <= 40


def test_fingerprint_names_the_index() -> None:
    stats = Stats(8, 167, 1524, "2020-02", "2020-02")
    fp = fmt.index_fingerprint(stats, "a:1", "a:8")
    assert re.fullmatch(r"[0-9a-f]{8}", fp) and fp == fmt.index_fingerprint(stats, "a:1", "a:8")
    assert fp != fmt.index_fingerprint(Stats(8, 168, 1524, "2020-02", "2020-02"), "a:1", "a:8")
    assert fp != fmt.index_fingerprint(stats, "a:1", "a:9")


# ------------------------------------------------------------------ reading the question back
def entities_of(text: str) -> list[fmt.Entity]:
    """Commands and mentions the way Telegram marks them (UTF-16 offsets)."""
    found = [("bot_command", m) for m in re.finditer(r"^/\w+(?:@\w+)?", text)]
    command_end = found[0][1].end() if found else 0
    found += [("mention", m) for m in re.finditer(r"@\w{5,}", text) if m.start() >= command_end]
    return [(kind, u16len(text[: m.start()]), u16len(m.group(0))) for kind, m in found]


@pytest.mark.parametrize(
    "text, question, mentioned",
    [
        ("/ask 杨磊任什么职务?", "杨磊任什么职务?", False),
        ("/ask@newsqa_test_bot   温县县长是谁?", "温县县长是谁?", False),
        ("@NewsQA_Test_Bot 温县县长是谁?", "温县县长是谁?", True),
        ("😀😀 @newsqa_test_bot 温县 县长是谁?", "😀😀 温县 县长是谁?", True),
        ("请问 @newsqa_test_bot 温县县长是谁? @someone_else", "请问 温县县长是谁? @someone_else", True),
        ("问 @someone_else 问题", "问 @someone_else 问题", False),
        ("/ask", "", False),
        ("@newsqa_test_bot", "", True),
    ],
)
def test_extract_question(text: str, question: str, mentioned: bool) -> None:
    entities = entities_of(text)
    assert fmt.extract_question(text, entities, "newsqa_test_bot") == question
    assert fmt.mentions_bot(text, entities, "newsqa_test_bot") is mentioned


def test_extract_question_without_entities_or_text() -> None:
    assert fmt.extract_question(None, [], "bot") == ""
    assert fmt.extract_question("  普通  问题 ", [], None) == "普通 问题"
    assert not fmt.mentions_bot("@newsqa_test_bot hi", [], "newsqa_test_bot")  # entity-based only
    overlapping = [("bot_command", 0, 20), ("mention", 4, 16)]  # never sent by Telegram, still safe
    assert fmt.extract_question("/ask@newsqa_test_bot 问题", overlapping, "newsqa_test_bot") == "问题"


def test_the_gold_answer_is_near_the_start_of_the_card(newsqa: NewsQA) -> None:
    """The issue measured the gold answer 106 visible characters into the reply (median); the
    answer-first card must bring it within 60, before any answer span is even known."""
    import json
    import statistics
    from pathlib import Path

    from retrieval.text import normalize

    positions = []
    for line in (Path(__file__).parent / "data" / "questions.jsonl").read_text(encoding="utf-8").splitlines():
        q = json.loads(line)
        answer = newsqa.ask(q["q"])
        if not q["answers"] or not answer.answered:
            continue
        shown = normalize(visible(fmt.answer_card(answer.hits[0], 0, len(answer.hits), question=q["q"]))[0])
        found = [shown.find(normalize(g)) for g in q["answers"] if normalize(g) in shown]
        if found:
            positions.append(min(found))
    assert len(positions) > 100 and statistics.median(positions) <= 60
