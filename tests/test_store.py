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
from retrieval.tokenizer import ANALYZER_VERSION


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
    """The analyzer before this one (jieba alone, version 3) cut with other code: rebuild."""
    meta = json.loads((saved / "meta.json").read_text(encoding="utf-8"))
    assert meta["analyzer"]["version"] == ANALYZER_VERSION
    meta["analyzer"]["version"] = ANALYZER_VERSION - 1
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


# --- issue 12: safe updates ---------------------------------------------------------------------

import os  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OTHER = ["某县开展植树造林活动,干部群众共植树一万棵。", "全市春季森林防火有序推进。", "温县举办太极拳比赛,吸引数百人参加。"]


def _corpus(path: Path, rows: list[tuple[str, str]]) -> Path:
    path.write_text("\n".join(json.dumps({"id": i, "title": i, "text": t}, ensure_ascii=False) for i, t in rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture()
def small(tmp_path: Path) -> Path:
    """A three-article index and the folder it is in."""
    base = _corpus(tmp_path / "base.jsonl", [(f"o{i}", t) for i, t in enumerate(OTHER)])
    NewsQA.build(read_articles([base])).save(tmp_path / "idx")
    return tmp_path / "idx"


def _newsqa(*argv: str, prelude: str = "") -> subprocess.Popen[str]:
    code = f"import sys\n{prelude}\nfrom retrieval.cli import main\nsys.exit(main(sys.argv[1:]))"
    return subprocess.Popen([sys.executable, "-c", code, *argv], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _dotfiles(idx: Path) -> list[str]:
    return sorted(p.name for p in idx.parent.iterdir() if p.name.startswith(f".{idx.name}"))


def test_two_concurrent_adds_both_land(small: Path, tmp_path: Path) -> None:
    a = _corpus(tmp_path / "a.jsonl", [("a1", "某市召开春耕生产会议。")])
    b = _corpus(tmp_path / "b.jsonl", [("b1", "某区召开安全生产会议。")])
    procs = [_newsqa("index", "--add", str(p), "--index", str(small)) for p in (a, b)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    ids = {info.id for info, _ in NewsQA.open(small).articles()}
    assert ids == {"o0", "o1", "o2", "a1", "b1"}
    assert _dotfiles(small) == []


def test_a_writer_waits_for_the_lock_and_says_so(small: Path, tmp_path: Path) -> None:
    a = _corpus(tmp_path / "a.jsonl", [("a1", "某市召开春耕生产会议。")])
    with store.writer_lock(small):
        proc = _newsqa("index", "--add", str(a), "--index", str(small))
        time.sleep(4)
        assert proc.poll() is None  # still waiting
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0 and "is writing this index; waiting for it to finish" in err
    assert NewsQA.open(small).stats().articles == 4
    code = f"from retrieval import store\nwith store.writer_lock({str(small)!r}, timeout=0.5): pass"
    with store.writer_lock(small):
        with store.writer_lock(small):  # re-entrant within a process (save inside a caller's update)
            pass
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode != 0 and f"(pid {os.getpid()}) is writing this index; try again" in out.stderr
    assert not store.lock_path(small).exists()  # removed by the last writer as it let go


_KILLS = {
    # while writing the new files
    "write": "import numpy, os, signal\n_s = numpy.save\n_n = [0]\n"
    "def _save(*a, **k):\n    _n[0] += 1\n    if _n[0] == 4: os.kill(os.getpid(), signal.SIGKILL)\n    return _s(*a, **k)\n"
    "numpy.save = _save",
    # written, not yet swapped
    "before-swap": "import os, signal\nfrom retrieval import store\nstore._swap = lambda tmp, out: os.kill(os.getpid(), signal.SIGKILL)",
    # swapped by exchange, the old index not yet removed
    "after-exchange": "import os, signal\nfrom retrieval import store\n_x = store._exchange\n"
    "def _ex(a, b):\n    _x(a, b)\n    os.kill(os.getpid(), signal.SIGKILL)\nstore._exchange = _ex",
    # no exchange on this system: killed between the two renames (the index is aside at .idx.old-PID)
    "between-renames": "import os, signal\nfrom retrieval import store\nstore._exchange = lambda a, b: False\n_r = os.replace\n"
    "def _rep(a, b):\n    _r(a, b)\n    os.kill(os.getpid(), signal.SIGKILL)\nstore.os.replace = _rep",
}


@pytest.mark.parametrize("point", list(_KILLS))
def test_sigkill_leaves_an_index_serving_and_the_next_build_cleans_up(small: Path, tmp_path: Path, point: str) -> None:
    a = _corpus(tmp_path / "a.jsonl", [("a1", "某市召开春耕生产会议。")])
    proc = _newsqa("index", "--add", str(a), "--index", str(small), prelude=_KILLS[point])
    proc.communicate(timeout=300)
    assert proc.returncode == -signal.SIGKILL
    assert _dotfiles(small)  # something was left behind
    served = NewsQA.open(small)  # a reader still gets an index: the old one, or the new one once swapped
    expected = {"o0", "o1", "o2", "a1"} if point == "after-exchange" else {"o0", "o1", "o2"}
    assert {info.id for info, _ in served.articles()} == expected
    assert served.ask("植树造林").hits
    b = _corpus(tmp_path / "b.jsonl", [("b1", "某区召开安全生产会议。")])
    proc = _newsqa("index", "--add", str(b), "--index", str(small))
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert {info.id for info, _ in NewsQA.open(small).articles()} == expected | {"b1"}
    assert _dotfiles(small) == []


def test_an_add_after_a_kill_between_renames_puts_the_index_back_without_waiting(small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The writer holds the lock itself, so a read that waited for the lock's holder to finish the
    swap would wait store.SWAP_WAIT (10 s) for nothing: it puts the index back first."""
    import io

    from retrieval.cli import main

    os.replace(small, small.parent / f".{small.name}.old-99999")  # where a kill between the renames leaves it
    a = _corpus(tmp_path / "a.jsonl", [("a1", "某市召开春耕生产会议。")])

    def no_waiting(seconds: float) -> None:
        raise AssertionError(f"slept {seconds} s: waited for the lock this process holds")

    monkeypatch.setattr(store.time, "sleep", no_waiting)
    err = io.StringIO()
    assert main(["index", "--add", str(a), "--index", str(small)], stderr=err) == 0, err.getvalue()
    assert {info.id for info, _ in NewsQA.open(small).articles()} == {"o0", "o1", "o2", "a1"}
    assert _dotfiles(small) == []


def test_leftovers_of_crashed_builds_removed(qa: NewsQA, tmp_path: Path) -> None:
    for name in (".idx.tmp-99999", ".idx.old-99998", ".idx.tmp-1"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "docs.npy").write_bytes(b"x")
    (tmp_path / ".other.tmp-5").mkdir()  # other indexes': not ours to remove
    (tmp_path / ".idx.v2.tmp-6").mkdir()
    qa.save(tmp_path / "idx")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == [".idx.v2.tmp-6", ".other.tmp-5"]


def test_a_reader_during_a_swap_waits_instead_of_failing(saved: Path, tmp_path: Path) -> None:
    aside = tmp_path / "aside"
    held, done = threading.Event(), threading.Event()

    def writer() -> None:
        with store.writer_lock(saved):
            os.replace(saved, aside)  # the moment between two renames
            held.set()
            time.sleep(0.5)
            os.replace(aside, saved)
        done.set()

    t = threading.Thread(target=writer)
    t.start()
    held.wait(5)
    lock = store.lock_path(saved)
    assert lock.exists()
    # the lock is held by this process's thread: readers in other processes see it through flock
    code = f"from retrieval.service import NewsQA; print(NewsQA.open({str(saved)!r}).stats().articles)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    t.join()
    assert out.returncode == 0 and out.stdout.strip() == "8", out.stderr


def _damage(path: Path, name: str, change: object) -> None:
    arr = np.load(path / f"{name}.npy", allow_pickle=False).copy()
    change(arr)  # type: ignore[operator]
    np.save(path / f"{name}.npy", arr, allow_pickle=False)


@pytest.mark.parametrize(
    ("name", "change", "message"),
    [
        ("docs", lambda a: a.__setitem__(5, 10**6), "docs.npy is damaged .passage ids must be in"),
        ("docs", lambda a: a.__setitem__(0, -3), "docs.npy is damaged"),
        ("indptr", lambda a: a.__setitem__(3, a[4] + 1000), "indptr.npy is damaged .offsets must rise"),
        ("passage_article", lambda a: a.__setitem__(-1, 99), "passage_article.npy is damaged"),
        ("passage_end", lambda a: a.__setitem__(0, 10**6), "passage_end.npy is damaged"),
        ("text_offsets", lambda a: a.__setitem__(-1, a[-1] + 7), "text_offsets.npy is damaged"),
        ("impacts", lambda a: a.__setitem__(0, np.nan), "impacts.npy is damaged"),
    ],
)
def test_damaged_values_refused_when_checksums_are_skipped(saved: Path, monkeypatch: pytest.MonkeyPatch, name: str, change: object, message: str) -> None:
    """Above VERIFY_LIMIT only sizes are compared: a value out of range must still be a clear error."""
    monkeypatch.setattr(store, "VERIFY_LIMIT", 0)
    _damage(saved, name, change)
    with pytest.raises(IndexFormatError, match=message):
        NewsQA.open(saved)


@pytest.mark.parametrize("shrink", [True, False])
def test_a_rebuild_swapped_in_mid_load_is_read_whole(small: Path, monkeypatch: pytest.MonkeyPatch, shrink: bool) -> None:
    """A reader opens an index's files one by one; a rebuild swapped in between its arrays and
    its articles file must not give it one build's offsets over the other's records (it once
    read an empty record past a smaller file's end: JSONDecodeError). It reads the new build."""
    before = NewsQA.open(small)
    kept = [info.id for info, _ in before.articles()]
    rebuilt = before.removed(kept[-1:]) if shrink else before.added(read_articles([_corpus(small.parent / "more.jsonl", [("m1", "某县召开防汛工作会议。")])]))
    real = store.ArticleBlob
    swaps: list[int] = []

    def swapping(path: Path, offsets: np.ndarray) -> store.ArticleBlob:
        if not swaps:  # once: the arrays of the old build are open, its articles file not yet
            swaps.append(1)
            rebuilt.save(small)
        return real(path, offsets)

    monkeypatch.setattr(store, "ArticleBlob", swapping)
    got = NewsQA.open(small)
    assert swaps == [1]
    assert [info.id for info, _ in got.articles()] == [info.id for info, _ in rebuilt.articles()]
    assert got.stats() == rebuilt.stats()
