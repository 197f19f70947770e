"""Input formats, encodings and bad input: clear errors naming file and line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from retrieval.ingest import IngestError, read_articles
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
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    (tmp_path / "latin.txt").write_bytes(bytes(range(0x80, 0x100)) * 3)
    with pytest.raises(IngestError, match="bin.txt: not a text file"):
        read_articles([tmp_path / "bin.txt"])
    with pytest.raises(IngestError, match="empty.txt: empty file"):
        read_articles([tmp_path / "empty.txt"])
    with pytest.raises(IngestError, match="nope.txt: no such file"):
        read_articles([tmp_path / "nope.txt"])
    with pytest.raises(IngestError, match="x.pdf: unsupported file type"):
        read_articles([tmp_path / "x.pdf"])
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
    with pytest.raises(IngestError, match="emptydir: no .txt, .md or .jsonl"):
        read_articles([tmp_path / "emptydir"])


def test_jsonl_parsed_before_normalizing(tmp_path: Path) -> None:
    """Full-width ＂ and ＼ｎ inside JSON strings are text, not syntax; ids are kept as written."""
    line = '{"id": "ＩＤ-１", "title": "发布＂非接触式＂清单", "text": "发布＂非接触式＂清单。路径Ｃ:＼ｎew。"}'
    (tmp_path / "x.jsonl").write_text(line + "\n", encoding="utf-8")
    art = read_articles([tmp_path / "x.jsonl"])[0]
    assert art.id == "ＩＤ-１"
    assert art.title == '发布"非接触式"清单'
    assert art.text == '发布"非接触式"清单。路径C:\\new。'
