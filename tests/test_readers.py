"""Web pages, feeds and PDF e-paper pages read into articles (issue 12), on files written here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from samples import ARTICLE, ATOM, BODY1, BODY2, BYLINE_IN_BODY, HEAD1, HEAD2, LIST_PAGE, RSS, SUB1, _epaper

from retrieval.html import NO_BODY
from retrieval.ingest import IngestError, IngestReport, read_articles


def test_html_article_main_text_and_metadata(tmp_path: Path) -> None:
    (tmp_path / "a1.html").write_text(ARTICLE, encoding="utf-8")
    (a,) = read_articles([tmp_path / "a1.html"])
    assert a.title == "某市召开春耕生产会议"
    assert a.byline == "张三" and a.date == "2023-05-01"
    assert a.url == "https://news.example.cn/2023/0501/a1.html"
    assert a.text.startswith("本报讯 5月1日,某市召开春耕生产会议") and "粮食安全" in a.text
    for boilerplate in ("首页", "相关新闻", "植树造林", "网友", "丰收年", "版权所有", "分享到"):
        assert boilerplate not in a.text, boilerplate
    assert (a.id, a.source) == ("a1:1", "a1.html")


def test_html_gbk_page_byline_in_body_and_date_in_text(tmp_path: Path) -> None:
    (tmp_path / "p.htm").write_bytes(BYLINE_IN_BODY.encode("gbk"))
    (a,) = read_articles([tmp_path / "p.htm"])
    assert a.title == "马村区开展疫情防控督导检查"
    assert a.byline == "记者 王五" and a.date == "2020-02-03"
    assert a.text.startswith("2月2日,马村区委") and a.text.endswith("要求各级干部坚守岗位。")
    assert "热点排行" not in a.text and "网友" not in a.text


def test_html_pages_without_body_skipped_with_count(tmp_path: Path) -> None:
    (tmp_path / "list.html").write_text(LIST_PAGE, encoding="utf-8")
    (tmp_path / "a1.html").write_text(ARTICLE, encoding="utf-8")
    report = IngestReport()
    arts = read_articles([tmp_path], report)
    assert [a.id for a in arts] == ["a1:1"]
    assert report.skipped == {NO_BODY: 1} and report.files == 1


def test_rss_and_atom_entries(tmp_path: Path) -> None:
    (tmp_path / "local.rss").write_text(RSS, encoding="utf-8")
    (tmp_path / "site.atom").write_text(ATOM, encoding="utf-8")
    report = IngestReport()
    got = [(a.id, a.title, a.date, a.url, a.byline, a.text) for a in read_articles([tmp_path], report)]
    assert got == [
        (
            "local:1",
            "某市召开春耕生产会议",
            "2023-05-01",
            "https://news.example.cn/a/1.html",
            "张三",
            "本报讯 5月1日,某市召开春耕生产会议。\n会议部署全年粮食生产工作。",
        ),
        ("local:2", "某县开展植树活动", "2023-04-30", "https://news.example.cn/a/2.html", None, "4月30日,某县干部群众义务植树。"),
        ("site:1", "全市春季森林防火工作会议召开", "2023-05-02", "https://example.cn/f/1", "李四", "5月2日,全市召开春季森林防火工作会议。\n会议要求严防死守。"),
    ]
    assert report.notes["feed entries without text skipped"] == 1


def test_xml_that_is_not_a_feed_skipped_but_a_bad_rss_refused(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "sitemap.xml").write_text('<?xml version="1.0"?><urlset><url><loc>x</loc></url></urlset>', encoding="utf-8")
    (tmp_path / "d" / "a.jsonl").write_text(json.dumps({"title": "t", "text": "x。"}), encoding="utf-8")
    report = IngestReport()
    assert len(read_articles([tmp_path / "d"], report)) == 1 and report.skipped == {"XML files that are not feeds": 1}
    (tmp_path / "bad.rss").write_text("<html><body>not a feed</body></html>", encoding="utf-8")
    with pytest.raises(IngestError, match="bad.rss: not an RSS or Atom feed"):
        read_articles([tmp_path / "bad.rss"])


# --- PDF e-paper pages -----------------------------------------------------------------------------
# reportlab's built-in Adobe CID font STSong-Light draws Chinese without a font file (none is installed
# here: `fc-list :lang=zh` is empty); the PDF names the font, and its text layer is real Unicode.


def test_pdf_epaper_columns_in_reading_order(tmp_path: Path) -> None:
    (tmp_path / "2023-05-01").mkdir()
    _epaper(tmp_path / "2023-05-01" / "A01.pdf")
    a, b = read_articles([tmp_path])
    assert (a.id, a.date, a.source) == ("2023-05-01/A01:1", "2023-05-01", "2023-05-01/A01.pdf")
    assert a.title == HEAD1 and a.subtitle == SUB1.lstrip("—")
    assert a.byline == "张三"
    assert a.text == "\n".join(BODY1).removesuffix("(张三)")
    assert (b.title, b.byline, b.text) == (HEAD2, "李四", "\n".join(BODY2).removesuffix("(李四)"))


def test_pdf_without_text_or_broken(tmp_path: Path) -> None:
    pytest.importorskip("reportlab")
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(tmp_path / "scan.pdf"))
    c.rect(10, 10, 100, 100, fill=1)  # a picture, no text layer
    c.save()
    with pytest.raises(IngestError, match="scan.pdf: no text in this PDF"):
        read_articles([tmp_path / "scan.pdf"])
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\n garbage")
    with pytest.raises(IngestError, match="broken.pdf: not a readable PDF"):
        read_articles([tmp_path / "broken.pdf"])


def test_nothing_but_skipped_files_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "list.html").write_text(LIST_PAGE, encoding="utf-8")
    with pytest.raises(IngestError, match=r"list.html: no articles found \(read 0 articles from 0 files; skipped 1 web pages"):
        read_articles([tmp_path / "list.html"])
