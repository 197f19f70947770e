"""The index directory: plain files, versioned, verified, swapped in whole."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from retrieval import store
from retrieval.ingest import IngestError, read_articles
from retrieval.service import NewsQA
from retrieval.store import IndexFormatError


@pytest.fixture()
def saved(qa: NewsQA, tmp_path: Path) -> Path:
    return qa.save(tmp_path / "idx")


def test_round_trip_gives_identical_answers(qa: NewsQA, saved: Path, questions: list[dict]) -> None:
    loaded = NewsQA.open(saved)
    assert loaded.stats() == qa.stats()
    for q in questions[:40]:
        a, b = qa.ask(q["q"]), loaded.ask(q["q"])
        assert [(h.passage_id, h.text, h.article.id) for h in a.hits] == [(h.passage_id, h.text, h.article.id) for h in b.hits]
        assert [h.score for h in a.hits] == pytest.approx([h.score for h in b.hits])
        assert a.answered == b.answered


def test_plain_files_no_pickle(saved: Path) -> None:
    meta = json.loads((saved / "meta.json").read_text(encoding="utf-8"))
    assert meta["format"] == "newsqa-index" and meta["version"] == store.VERSION
    assert meta["analyzer"]["stopwords"] and meta["analyzer"]["user_words"]  # the analyzer travels with the index
    for npy in saved.glob("*.npy"):
        arr = np.load(npy, allow_pickle=False)
        assert arr.dtype != object
    assert json.loads((saved / "terms.json").read_text(encoding="utf-8"))


def test_wrong_version_refused(saved: Path) -> None:
    meta = json.loads((saved / "meta.json").read_text(encoding="utf-8"))
    meta["version"] = 999
    (saved / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(IndexFormatError, match="version 999"):
        NewsQA.open(saved)


def test_index_of_an_older_analyzer_refused(saved: Path) -> None:
    meta = json.loads((saved / "meta.json").read_text(encoding="utf-8"))
    meta["analyzer"]["version"] = 2
    (saved / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(IndexFormatError, match="another version of newsqa .*rebuild the index"):
        NewsQA.open(saved)


def test_outline_setting_saved_and_read(saved: Path) -> None:
    meta = json.loads((saved / "meta.json").read_text(encoding="utf-8"))
    assert meta["outline"] is True and NewsQA.open(saved).build_spec.outline is True


def test_truncated_file_refused(saved: Path) -> None:
    data = (saved / "docs.npy").read_bytes()
    (saved / "docs.npy").write_bytes(data[: len(data) // 2])
    with pytest.raises(IndexFormatError, match="docs.npy is truncated"):
        NewsQA.open(saved)


def test_corrupted_file_refused(saved: Path) -> None:
    data = bytearray((saved / "texts.txt").read_bytes())
    data[100] ^= 0xFF
    (saved / "texts.txt").write_bytes(bytes(data))
    with pytest.raises(IndexFormatError, match="texts.txt is corrupted"):
        NewsQA.open(saved)


def test_missing_and_foreign_directories(tmp_path: Path, qa: NewsQA) -> None:
    with pytest.raises(IndexFormatError, match="no index here"):
        NewsQA.open(tmp_path / "nothing")
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "precious.txt").write_text("user data", encoding="utf-8")
    with pytest.raises(IndexFormatError, match="not a newsqa index; refusing"):
        qa.save(tmp_path / "mine")
    assert (tmp_path / "mine" / "precious.txt").read_text(encoding="utf-8") == "user data"


def test_rebuild_replaces_whole_and_leaves_no_temp(qa: NewsQA, saved: Path, tmp_path: Path) -> None:
    small = NewsQA.build(read_articles([_jsonl(tmp_path)]))
    small.save(saved)
    assert NewsQA.open(saved).stats().articles == 1
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_bad_input_keeps_the_good_index(saved: Path, tmp_path: Path) -> None:
    before = (saved / "meta.json").read_bytes()
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"title": "x"', encoding="utf-8")
    with pytest.raises(IngestError):
        NewsQA.build(read_articles([bad])).save(saved)
    assert (saved / "meta.json").read_bytes() == before
    assert NewsQA.open(saved).stats().articles == 8


def _jsonl(tmp_path: Path) -> Path:
    p = tmp_path / "one.jsonl"
    p.write_text(json.dumps({"title": "测试", "text": "这是一篇测试文章。"}, ensure_ascii=False), encoding="utf-8")
    return p
