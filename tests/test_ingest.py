"""Input formats, encodings and bad input: clear errors naming file and line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from retrieval.ingest import UNTITLED, IngestError, IngestReport, read_articles
from retrieval.service import bundled_corpus

PAGE = "某市召开春耕会议\n\n本报讯 3月1日,某市召开春耕生产会议,部署全年粮食生产工作。(张三)\n"


def test_utf8_bom_and_gb18030_read_alike(tmp_path: Path) -> None:
    (tmp_path / "bom.txt").write_bytes("\ufeff".encode() + PAGE.encode("utf-8"))
    (tmp_path / "gbk.txt").write_bytes(PAGE.encode("gb18030"))
    bom, gbk = read_articles([tmp_path / "bom.txt"]), read_articles([tmp_path / "gbk.txt"])
    assert bom[0].title == gbk[0].title == "某市召开春耕会议"
    assert bom[0].text == gbk[0].text


def test_bundled_page_as_gbk(tmp_path: Path) -> None:
    raw = bundled_corpus().read_text(encoding="utf-8")
    (tmp_path / "page.txt").write_bytes(raw.encode("gb18030"))
    assert [a.text for a in read_articles([tmp_path / "page.txt"])] == [a.text for a in read_articles([bundled_corpus()])]


def test_nfkc_normalization(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text(json.dumps({"title": "ＡＢＣ新闻", "text": "全角，标点！"}, ensure_ascii=False), encoding="utf-8")
    art = read_articles([tmp_path / "a.jsonl"])[0]
    assert art.title == "ABC新闻" and art.text == "全角,标点!"


def test_jsonl_fields_and_defaults(tmp_path: Path) -> None:
    lines = [
        {"title": "标题一", "text": "第一段。\n\n第二段。", "id": "x1", "date": "2020-02-03", "byline": "记者", "url": "http://e/1"},
        {"title": "标题二", "text": "正文。"},
    ]
    (tmp_path / "n.jsonl").write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n\n", encoding="utf-8")
    a, b = read_articles([tmp_path])
    assert (a.id, a.date, a.byline, a.url, a.text) == ("x1", "2020-02-03", "记者", "http://e/1", "第一段。\n第二段。")
    assert b.id == "n:2" and b.byline is None and b.source == "n.jsonl"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"title": "t", "text": "x"}\n{"title": "t", "text": \n', "bad.jsonl:2: malformed JSON"),
        ('{"title": "t"}\n', "bad.jsonl:1: field 'text'"),
        ('["not", "an", "object"]\n', "bad.jsonl:1: expected a JSON object"),
        ('{"title": "t", "text": "x", "date": [1]}\n', "bad.jsonl:1: field 'date'"),
    ],
)
def test_bad_jsonl_names_file_and_line(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "bad.jsonl").write_text(content, encoding="utf-8")
    with pytest.raises(IngestError, match=message):
        read_articles([tmp_path / "bad.jsonl"])


def test_binary_empty_missing_and_unsupported(tmp_path: Path) -> None:
    (tmp_path / "bin.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (tmp_path / "empty.txt").write_text("  \n\n", encoding="utf-8")
    (tmp_path / "x.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (tmp_path / "latin.txt").write_bytes(bytes(range(0x80, 0x100)) * 3)
    with pytest.raises(IngestError, match="bin.txt: not a text file"):
        read_articles([tmp_path / "bin.txt"])
    with pytest.raises(IngestError, match="empty.txt: empty file"):
        read_articles([tmp_path / "empty.txt"])
    with pytest.raises(IngestError, match="nope.txt: no such file"):
        read_articles([tmp_path / "nope.txt"])
    with pytest.raises(IngestError, match="x.doc: unsupported file type"):
        read_articles([tmp_path / "x.doc"])
    with pytest.raises(IngestError, match="latin.txt: not a text file"):
        read_articles([tmp_path / "latin.txt"])


def test_directory_recursive_and_duplicate_ids(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    row = json.dumps({"id": "same", "title": "t", "text": "x。"})
    (tmp_path / "a.jsonl").write_text(row, encoding="utf-8")
    (tmp_path / "sub" / "b.jsonl").write_text(row, encoding="utf-8")
    with pytest.raises(IngestError, match="duplicate article id 'same'"):
        read_articles([tmp_path])
    (tmp_path / "emptydir").mkdir()
    with pytest.raises(IngestError, match="emptydir: no .txt, .md, .jsonl, .html"):
        read_articles([tmp_path / "emptydir"])


def test_jsonl_parsed_before_normalizing(tmp_path: Path) -> None:
    """Full-width ＂ and ＼ｎ inside JSON strings are text, not syntax; ids are kept as written."""
    line = '{"id": "ＩＤ-１", "title": "发布＂非接触式＂清单", "text": "发布＂非接触式＂清单。路径Ｃ:＼ｎew。"}'
    (tmp_path / "x.jsonl").write_text(line + "\n", encoding="utf-8")
    art = read_articles([tmp_path / "x.jsonl"])[0]
    assert art.id == "ＩＤ-１"
    assert art.title == '发布"非接触式"清单'
    assert art.text == '发布"非接触式"清单。路径C:\\new。'


# --- issue 12: archives, encodings, dates ------------------------------------------------------

TRAD = "某市召開春耕會議\n\n本報訊 3月1日,某市召開春耕生產會議,部署全年糧食生產工作。(張三)\n"


@pytest.mark.parametrize(
    ("name", "data", "title"),
    [
        ("utf8.txt", PAGE.encode("utf-8"), "某市召开春耕会议"),
        ("bom.txt", b"\xef\xbb\xbf" + PAGE.encode("utf-8"), "某市召开春耕会议"),
        ("utf16le.txt", PAGE.encode("utf-16"), "某市召开春耕会议"),  # Python writes a BOM
        ("utf16be.txt", b"\xfe\xff" + PAGE.encode("utf-16-be"), "某市召开春耕会议"),
        ("gb.txt", PAGE.encode("gb18030"), "某市召开春耕会议"),
        ("big5.txt", TRAD.encode("big5"), "某市召開春耕會議"),
    ],
)
def test_encodings(tmp_path: Path, name: str, data: bytes, title: str) -> None:
    (tmp_path / name).write_bytes(data)
    art = read_articles([tmp_path / name])[0]
    assert art.title == title
    assert art.byline in ("张三", "張三")


def test_big5_page_of_the_bundled_style_is_not_mojibake(tmp_path: Path) -> None:
    """Big5 bytes decode as GB18030 without error; the text must still come out as written."""
    from opencc import OpenCC

    trad = OpenCC("s2t").convert(bundled_corpus().read_text(encoding="utf-8"))
    data = trad.encode("big5", errors="ignore")
    (tmp_path / "page.txt").write_bytes(data)
    arts = read_articles([tmp_path / "page.txt"])
    assert arts[0].title == "直面沒有硝煙的戰場"
    assert "馬村區" in "".join(a.text for a in arts)


def test_undecodable_file_refused_by_name(tmp_path: Path) -> None:
    (tmp_path / "odd.txt").write_bytes("Grüße, café".encode("latin-1") * 5)
    with pytest.raises(IngestError, match=r"odd.txt: not a text file \(neither UTF-8, UTF-16, GB18030 nor Big5\)"):
        read_articles([tmp_path / "odd.txt"])


def test_untitled_jsonl_article_titled_from_lead_and_counted(tmp_path: Path) -> None:
    rows = [
        {"text": "本报讯 5月1日,某市召开春耕生产会议,部署全年工作。"},
        {"title": "  ", "text": "第二篇的正文写在这里,内容不少。"},
        {"title": "有题", "text": "正文。"},
    ]
    (tmp_path / "n.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    report = IngestReport()
    a, b, c = read_articles([tmp_path / "n.jsonl"], report)
    assert a.title == "某市召开春耕生产会议" and b.title.startswith("第二篇的正文") and c.title == "有题"
    assert report.notes[UNTITLED] == 2
    assert "2 untitled articles titled from their lead" in report.summary()


def test_archive_layout_ids_dates_sources(tmp_path: Path) -> None:
    arc = tmp_path / "archive"
    for day in ("2023-05-01", "2023-05-02"):
        (arc / day).mkdir(parents=True)
        (arc / day / "A01.txt").write_text(PAGE, encoding="utf-8")
    (arc / "2023" / "06" / "07").mkdir(parents=True)
    (arc / "2023" / "06" / "07" / "A01.txt").write_text(PAGE, encoding="utf-8")
    (arc / "20230708").mkdir()
    (arc / "20230708" / "feed.jsonl").write_text(
        json.dumps({"title": "t", "text": "正文。"}) + "\n" + json.dumps({"title": "u", "text": "正文。", "date": "2023-07-09"}) + "\n", encoding="utf-8"
    )
    (arc / "2023-09").mkdir()
    (arc / "2023-09" / "news-2023-09-03.md").write_text(PAGE, encoding="utf-8")
    got = {(a.id, a.date, a.source) for a in read_articles([arc])}
    assert got == {
        ("2023-05-01/A01:1", "2023-05-01", "2023-05-01/A01.txt"),
        ("2023-05-02/A01:1", "2023-05-02", "2023-05-02/A01.txt"),
        ("2023/06/07/A01:1", "2023-06-07", "2023/06/07/A01.txt"),
        ("20230708/feed:1", "2023-07-08", "20230708/feed.jsonl"),
        ("20230708/feed:2", "2023-07-09", "20230708/feed.jsonl"),  # the line's own date wins
        ("2023-09/news-2023-09-03:1", "2023-09-03", "2023-09/news-2023-09-03.md"),  # the file name before the folder
    }
    # a single file keeps stem:n and its bare name as source
    (one,) = read_articles([arc / "2023-05-01" / "A01.txt"])
    assert (one.id, one.source, one.date) == ("A01:1", "A01.txt", None)


def test_bundled_page_keeps_its_ids_in_a_folder(tmp_path: Path) -> None:
    (tmp_path / "jiaozuo-news-2020-02.txt").write_bytes(bundled_corpus().read_bytes())
    ids = [a.id for a in read_articles([tmp_path])]
    assert ids == [a.id for a in read_articles([bundled_corpus()])] and ids[0] == "jiaozuo-news-2020-02:1"


@pytest.mark.parametrize("date", ["明年春天", "2023-13-01", "2023-02-30", "2023/05/01", "23-05-01", "2023"])
def test_bad_dates_name_file_and_line(tmp_path: Path, date: str) -> None:
    rows = [{"title": "t", "text": "x。", "date": "2023-05-01"}, {"title": "t", "text": "x。", "date": date}]
    (tmp_path / "d.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    with pytest.raises(IngestError, match=r"d.jsonl:2: field 'date': date .* is not"):
        read_articles([tmp_path / "d.jsonl"])


def test_month_dates_accepted(tmp_path: Path) -> None:
    (tmp_path / "d.jsonl").write_text(json.dumps({"title": "t", "text": "x。", "date": "2020-02"}), encoding="utf-8")
    assert read_articles([tmp_path / "d.jsonl"])[0].date == "2020-02"


def test_hidden_and_unsupported_skipped_with_counts(tmp_path: Path) -> None:
    (tmp_path / ".git" / "objects").mkdir(parents=True)
    (tmp_path / ".git" / "objects" / "x.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / ".notes.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "a.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG")
    (tmp_path / "README").write_text("x", encoding="utf-8")
    report = IngestReport()
    arts = read_articles([tmp_path], report)
    assert [a.id for a in arts] == ["a:1"]
    assert report.skipped == {"hidden": 2, "unsupported": 2}
    assert report.summary() == "read 1 articles from 1 files; skipped 2 hidden, 2 unsupported"
