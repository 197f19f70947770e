"""The bundled page reads as exactly its 8 articles, every layout artefact mended."""

from __future__ import annotations

import pytest

from retrieval.layout import classify, mend_page_breaks, parse_page, split_byline, title_from_lead
from retrieval.model import Article

TITLES = [
    "直面没有硝烟的战场",
    "马村区疫情防控指挥部第三次工作视频会议召开",
    "宗家桢看望慰问困难群众",
    "市英利经贸有限公司向马村区红十字会捐款10万元",  # photo caption, titled from its lead
    "马村区领导督导疫情防控工作",
    "温县坚决打赢疫情防控阻击战",
    "温县召开经济运行调度视频会议",
    "温县县委副书记、县长李培华多次深入一线督导疫情防控工作",  # no headline: titled from its lead
]
BYLINES = ["崔晶", "孙洁", "周博阳", "梁双 摄", "孙洁", "温融媒", "温政办", "温融媒"]


def test_eight_articles_with_titles_and_bylines(page_articles: list[Article]) -> None:
    assert [a.title for a in page_articles] == TITLES
    assert [a.byline for a in page_articles] == BYLINES


def test_kicker_and_subtitle_kept_apart(page_articles: list[Article]) -> None:
    assert page_articles[0].subtitle == "马村区万众一心奋战疫情防控纪实"
    assert page_articles[5].kicker == "领导深入一线 实地检查指导"
    assert not page_articles[0].text.startswith("——马村区万众")


def test_bylines_removed_from_text(page_articles: list[Article]) -> None:
    for a in page_articles:
        assert not a.text.endswith(")"), a.id
        assert a.byline and a.byline.split()[0] not in a.text[-10:], a.id


@pytest.mark.parametrize(
    ("article", "joined", "broken"),
    [
        (0, "在医疗机构、企业", "在医\n"),
        (0, "盖森材料、双盛石材", "盖\n"),
        (1, "宣传要再深入,保障要再加强", "宣传要再\n"),
        (5, "李肇村、大尚村", "李肇村、\n"),
        (5, "继续加大排查武汉返乡人员", "排\n"),
        (6, "等招商优势", "招\n"),
        (6, "项目目标化、目标具体化”的要求", "、目\n"),
    ],
)
def test_page_break_joined(page_articles: list[Article], article: int, joined: str, broken: str) -> None:
    text = page_articles[article].text
    assert joined in text
    assert broken not in text + "\n"


def test_fragment_printed_earlier_joins_its_article(page_articles: list[Article]) -> None:
    economy = page_articles[6]
    assert economy.text.endswith("防控事马上办。")
    assert "标具体化" not in page_articles[5].text  # not left in the article printed before it
    assert sum("标具体化”的要求" in a.text for a in page_articles) == 1


def test_every_paragraph_ends_a_sentence(page_articles: list[Article]) -> None:
    for a in page_articles:
        for para in a.text.split("\n"):
            assert para[-1] in "。!?…”", (a.id, para[-20:])


def test_dates_from_file_name(page_articles: list[Article]) -> None:
    assert {a.date for a in page_articles} == {"2020-02"}


# --- the rules are general: a page that is not the bundled one --------------------------------

PAGE = """
副题在这里
某市召开春耕会议

本报讯 3月1日,某市召开春耕生产会议,部署全年粮食生产工作。会议要求各乡镇抓好农资供

应,确保春耕顺利开展。(张三)

棵”的要求,全市共有三百个村参与。(李四)

另一篇文章的标题

本报讯 3月2日,某县开展植树活动,干部群众共植树一万棵,要求养护到“种一棵、活一

本报讯 3月3日,某区举办招聘会,提供岗位五千个。

春天的公园里游人如织,孩子们在草地上放风筝。 王五摄
"""


def test_general_rules_on_another_page() -> None:
    arts = parse_page(PAGE.strip())
    titles = [a.title for a in arts]
    assert titles[0] == "某市召开春耕会议" and arts[0].kicker == "副题在这里"
    assert "抓好农资供应,确保" in arts[0].paragraphs[0]  # page break mended
    assert arts[0].byline == "张三"
    # the headless fragment completes the article whose last sentence was left open with a quote
    tree = next(a for a in arts if a.title == "另一篇文章的标题")
    assert tree.paragraphs[-1].endswith("要求养护到“种一棵、活一棵”的要求,全市共有三百个村参与。")
    assert tree.byline == "李四"
    assert len(arts) == 4
    # a dateline without headline starts its own article, titled from its lead
    assert any(t.startswith("某区举办招聘会") for t in titles)
    caption = arts[-1]
    assert caption.byline == "王五 摄" and caption.title.startswith("春天的公园里游人如织")


def test_split_byline_forms() -> None:
    assert split_byline("会议召开。(孙洁)") == ("会议召开。", "孙洁", False)
    assert split_byline("必胜! 崔晶") == ("必胜!", "崔晶", False)
    assert split_byline("捐款10万元。 梁双摄") == ("捐款10万元。", "梁双 摄", True)
    assert split_byline("要做好各监测站(点、卡口)工作部署。")[1] is None


def test_dash_line_is_subtitle_only_under_a_headline() -> None:
    kinds = [k for k, _ in classify(["标题", "——副标题", "正文第一句。", "——列举一项,盖"])]
    assert kinds == ["head", "sub", "body", "body"]
    mended = mend_page_breaks(classify(["正文。", "——列举一项,盖", "森材料等捐款。"]))
    assert [p for _, p in mended] == ["正文。", "——列举一项,盖森材料等捐款。"]


def test_title_from_lead_drops_dateline_and_date() -> None:
    assert title_from_lead("本报讯 1月27日至2月4日,温县县长多次深入一线督导工作,副县长等一同督导。") == "温县县长多次深入一线督导工作"
