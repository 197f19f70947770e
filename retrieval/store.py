"""The index on disk: a directory of plain files with a format version (like bm25s).

    meta.json         format, version, settings, analyzer spec, counts, and the
                      size and SHA-256 of every other file
    terms.json        the vocabulary, term id = list position
    articles.jsonl    article metadata, one object a line; article_offsets.npy cuts it
    texts.txt         article texts, UTF-8, concatenated; text_offsets.npy cuts them
    *.npy             postings (indptr, docs, tfs, impacts), doc_len, the passage table

An index kept in Milvus (meta.json's `backend`, retrieval/milvus.py) is the same without
its postings: df.npy (document frequency per term) replaces indptr, docs, tfs and impacts,
since Milvus holds the passages' impacts and what the answer checks need of a passage is
re-analysed from its text. Its format version is MILVUS_VERSION, so a directory of either
kind written by another newsqa is refused with the rebuild message.

Nothing here unpickles or executes anything (np.load with allow_pickle=False),
arrays are memory-mapped, and a directory that does not match its meta.json is
refused. A new index is written beside the old one and swapped in, so a failed
build never leaves a half-written index where a good one was.

Writers take a lock file beside the index (`.NAME.lock`, flock: released by the
kernel when a writer dies, even by SIGKILL), so two `newsqa index --add` runs
follow each other instead of one losing the other's update; the next writer
removes what a killed one left (`.NAME.tmp-PID`, `.NAME.old-PID`). The swap
exchanges the two directories in one step where Linux allows (renameat2), so
there is an index at NAME at every moment; elsewhere it is two renames, and a
reader that finds nothing there while a writer holds the lock waits for it.
On open every array's values are range-checked as well as its size, so a
damaged file is refused with its name, not met later as an IndexError.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import json
import mmap
import os
import re
import shutil
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any, overload

import numpy as np

from .build import BuildSpec
from .chunking import ChunkSettings
from .corpus import Corpus
from .errors import InputError
from .index import BM25Index, BM25Params, TermStats
from .model import ArticleInfo
from .tokenizer import AnalyzerSpec, AnalyzerVersionError

FORMAT = "newsqa-index"
VERSION = 3  # the built-in engine's directory
MILVUS_VERSION = 4  # a directory whose passages Milvus ranks: no postings (3 held them)
VERIFY_LIMIT = 256 * 1024 * 1024  # hash every file on open below this total size
SWAP_WAIT = 10.0  # seconds a reader waits for a writer's swap before reporting what it found
_ARRAYS = (
    "indptr",
    "docs",
    "tfs",
    "doc_len",
    "passage_article",
    "passage_start",
    "passage_end",
    "article_first",
    "text_offsets",
    "article_offsets",
    "impacts",
)
_LEAN_ARRAYS = tuple(a for a in _ARRAYS if a not in ("indptr", "docs", "tfs", "impacts")) + ("df",)


class IndexFormatError(InputError):
    """An index directory that cannot be used; the message says why and what to do."""


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class _Blob:
    """Records cut from one memory-mapped file by an offsets array, read on demand,
    so opening a large index does not parse every article up front."""

    def __init__(self, path: Path, offsets: np.ndarray) -> None:
        self._offsets = offsets
        self._file = path.open("rb")
        size = os.fstat(self._file.fileno()).st_size  # the file opened, not whatever is at path now
        if len(offsets) and int(offsets[-1]) != size:  # another build's file, swapped in since the offsets were read
            self._file.close()
            raise ValueError(f"{path.name} is {size} bytes, its offsets end at {int(offsets[-1])}")
        self._map = mmap.mmap(self._file.fileno(), 0, access=mmap.ACCESS_READ) if size else b""

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def _bytes(self, i: int) -> bytes:
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return bytes(self._map[int(self._offsets[i]) : int(self._offsets[i + 1])])


class TextBlob(_Blob, Sequence[str]):
    """Article texts from texts.txt."""

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> list[str]: ...
    def __getitem__(self, i: int | slice) -> str | list[str]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        return self._bytes(i).decode("utf-8")


class ArticleBlob(_Blob, Sequence[ArticleInfo]):
    """Article metadata from articles.jsonl, one JSON object decoded per access."""

    @overload
    def __getitem__(self, i: int) -> ArticleInfo: ...
    @overload
    def __getitem__(self, i: slice) -> list[ArticleInfo]: ...
    def __getitem__(self, i: int | slice) -> ArticleInfo | list[ArticleInfo]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        return ArticleInfo(**json.loads(self._bytes(i)))


# --- one writer at a time -------------------------------------------------------

_held: dict[str, int] = {}  # lock files this process holds, with their nesting depth
_held_guard = threading.Lock()


def lock_path(index_dir: str | Path) -> Path:
    out = Path(index_dir)
    return out.parent / f".{out.name}.lock"


def _try_lock(lock: Path) -> int | None:
    """The fd of the lock file, locked, or None if another writer holds it."""
    import fcntl

    while True:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            os.close(fd)
            if e.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                return None
            raise
        try:  # the holder before us may have removed the file as it let go: lock the file that is there
            same = os.stat(lock).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
            return fd
        os.close(fd)


def _holder(lock: Path) -> str:
    try:
        return lock.read_text(encoding="utf-8").strip() or "?"
    except OSError:
        return "?"


@contextlib.contextmanager
def writer_lock(index_dir: str | Path, *, timeout: float | None = None, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the index's writer lock: wait for another writer (telling on_wait once), up to timeout seconds.

    Re-entrant within a process, so `save` can take it inside a caller's read-modify-write."""
    out = Path(index_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    lock = lock_path(out)
    key = str(lock.resolve())
    with _held_guard:
        if key in _held:
            _held[key] += 1
            nested = True
        else:
            nested = False
    if nested:
        try:
            yield
        finally:
            with _held_guard:
                _held[key] -= 1
        return
    deadline = None if timeout is None else time.monotonic() + timeout
    told = False
    while (fd := _try_lock(lock)) is None:
        if not told and on_wait is not None:
            on_wait(f"{out}: another newsqa (pid {_holder(lock)}) is writing this index; waiting for it to finish")
            told = True
        if deadline is not None and time.monotonic() >= deadline:
            raise IndexFormatError(f"{out}: another newsqa (pid {_holder(lock)}) is writing this index; try again when it has finished")
        time.sleep(0.1)
    with _held_guard:
        _held[key] = 1
    try:
        yield
    finally:
        with _held_guard:
            del _held[key]
        with contextlib.suppress(OSError):
            os.unlink(lock)  # before letting go: the next writer checks it locked the file that is there
        os.close(fd)


def writer_active(index_dir: str | Path) -> bool:
    """Whether some process holds the index's writer lock (a build or a swap may be under way)."""
    lock = lock_path(index_dir)
    with _held_guard:
        if str(lock.resolve()) in _held:
            return True
    import fcntl

    try:
        fd = os.open(lock, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)
    return False


def _leftovers(out: Path) -> list[Path]:
    """This index's .NAME.tmp-PID / .NAME.old-PID directories (not those of an index named NAME.x)."""
    pattern = re.compile(rf"\.{re.escape(out.name)}\.(tmp|old)-\d+")
    return sorted(p for p in out.parent.glob(f".{out.name}.*-*") if pattern.fullmatch(p.name))


def recover(out: Path) -> None:
    """Under the lock: put back an old index a killed two-rename swap left aside, and remove
    every temporary or old directory of a killed build (no other writer can own them now)."""
    if not out.exists():
        olds = [p for p in _leftovers(out) if ".old-" in p.name and (p / "meta.json").is_file()]
        if olds:
            os.replace(max(olds, key=lambda p: p.stat().st_mtime), out)
    for p in _leftovers(out):
        shutil.rmtree(p, ignore_errors=True)


def save(
    path: str | Path,
    corpus: Corpus,
    index: BM25Index | TermStats,
    spec: BuildSpec,
    backend: dict[str, Any] | None = None,
) -> Path:
    """Write the index to a temporary sibling directory, then swap it in for `path` (under the writer lock).

    `backend` (retrieval/milvus.py) is kept in meta.json: which engine searches this directory's
    passages; with one, the postings are not written (only the index's TermStats)."""
    if backend is None and not isinstance(index, BM25Index):
        raise ValueError("an index on the built-in engine needs its postings")
    out = Path(path)
    with writer_lock(out):
        recover(out)
        if out.exists() and not (out / "meta.json").is_file() and any(out.iterdir()):
            raise IndexFormatError(f"{out}: exists and is not a newsqa index; refusing to overwrite it")
        tmp = out.parent / f".{out.name}.tmp-{os.getpid()}"
        if tmp.exists():
            shutil.rmtree(tmp)
        tmp.mkdir()
        try:
            _write(tmp, corpus, index, spec, backend)
            _swap(tmp, out)
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)
    return out


def _write(tmp: Path, corpus: Corpus, index: BM25Index | TermStats, spec: BuildSpec, backend: dict[str, Any] | None = None) -> None:
    (tmp / "terms.json").write_text(json.dumps(index.terms, ensure_ascii=False), encoding="utf-8")
    article_offsets = [0]
    with (tmp / "articles.jsonl").open("wb") as fb:
        for a in corpus.articles:
            line = (json.dumps(vars(a), ensure_ascii=False) + "\n").encode("utf-8")  # asdict's bytes, without its deep copy
            fb.write(line)
            article_offsets.append(article_offsets[-1] + len(line))
    offsets = [0]
    with (tmp / "texts.txt").open("wb") as f:
        for text in corpus.texts:
            data = text.encode("utf-8")
            f.write(data)
            offsets.append(offsets[-1] + len(data))
    arrays: dict[str, np.ndarray] = {
        "doc_len": index.doc_len,
        "passage_article": corpus.passage_article,
        "passage_start": corpus.passage_start,
        "passage_end": corpus.passage_end,
        "article_first": corpus.article_first,
        "text_offsets": np.asarray(offsets, dtype=np.int64),
        "article_offsets": np.asarray(article_offsets, dtype=np.int64),
    }
    if backend is None:
        assert isinstance(index, BM25Index)
        arrays |= {"indptr": index.indptr, "docs": index.docs, "tfs": index.tfs, "impacts": np.asarray(index.impacts, dtype=np.float64)}
        postings = int(len(index.docs))
    else:
        arrays["df"] = np.asarray(index.df, dtype=np.int64)
        postings = int(arrays["df"].sum())
    for name, arr in arrays.items():
        np.save(tmp / f"{name}.npy", np.ascontiguousarray(arr), allow_pickle=False)
    files = {p.name: {"bytes": p.stat().st_size, "sha256": _sha256(p)} for p in sorted(tmp.iterdir())}
    meta = {
        "format": FORMAT,
        "version": VERSION if backend is None else MILVUS_VERSION,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "counts": {
            "articles": len(corpus.articles),
            "passages": corpus.n_passages,
            "terms": len(index.terms),
            "postings": postings,
        },
        "dates": list(corpus.dates()),
        "bm25": asdict(index.params),
        "title_weight": spec.title_weight,
        "outline": spec.outline,
        "chunking": asdict(spec.chunking),
        "analyzer": spec.analyzer.to_json(),
        "files": files,
    }
    if backend is not None:
        meta["backend"] = backend
    (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    for p in tmp.iterdir():
        with p.open("rb") as f:
            os.fsync(f.fileno())


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories in one step (Linux renameat2 RENAME_EXCHANGE); False where that is not available."""
    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False  # an old kernel or a file system without it
    raise OSError(err, os.strerror(err), str(b))


def _swap(tmp: Path, out: Path) -> None:
    """Put tmp in out's place; the old index is removed only once the new one is in place.

    With an exchange, out is a complete index (old, then new) at every moment. Without,
    a kill between the two renames leaves the old one at .NAME.old-PID, which the next
    writer puts back (`recover`) and a reader meanwhile waits for or falls back to."""
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if out.exists() and _exchange(tmp, out):
        shutil.rmtree(tmp, ignore_errors=True)  # tmp now holds the old index
        return
    if out.exists():
        os.replace(out, old)
    os.replace(tmp, out)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


def read_meta(path: Path) -> dict[str, Any]:
    meta_path = path / "meta.json"
    if not path.is_dir():
        raise IndexFormatError(f"{path}: no index here (build one with: newsqa index PATH... --out {path})")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise IndexFormatError(f"{path}: not a newsqa index (no meta.json)") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise IndexFormatError(f"{path}: meta.json is unreadable or corrupted ({e}); rebuild the index") from e
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise IndexFormatError(f"{path}: not a newsqa index (format {meta.get('format') if isinstance(meta, dict) else None!r})")
    kept = meta.get("backend") is not None
    want = MILVUS_VERSION if kept else VERSION
    if meta.get("version") != want:
        kind = "an index kept in Milvus" if kept else "an index on the built-in engine"
        raise IndexFormatError(f"{path}: index format version {meta.get('version')!r}, this newsqa reads version {want} for {kind}; rebuild the index")
    return meta


def verify(path: Path, meta: dict[str, Any], *, full: bool | None = None) -> None:
    """Check every file against meta.json: sizes always, SHA-256 when small or asked."""
    files: dict[str, dict[str, Any]] = meta["files"]
    total = sum(f["bytes"] for f in files.values())
    full = total <= VERIFY_LIMIT if full is None else full
    for name, info in files.items():
        p = path / name
        if not p.is_file():
            raise IndexFormatError(f"{path}: missing {name}; the index is incomplete, rebuild it")
        if p.stat().st_size != info["bytes"]:
            raise IndexFormatError(f"{path}: {name} is truncated or changed (size {p.stat().st_size}, expected {info['bytes']}); rebuild the index")
        if full and _sha256(p) != info["sha256"]:
            raise IndexFormatError(f"{path}: {name} is corrupted (checksum mismatch); rebuild the index")


def load(path: str | Path, *, verify_files: bool | None = None) -> tuple[Corpus, BM25Index, BuildSpec]:
    """Open an index directory: arrays memory-mapped, refused if it does not match its meta.json (see load_all)."""
    corpus, index, spec, backend = load_all(path, verify_files=verify_files)
    if not isinstance(index, BM25Index):
        raise IndexFormatError(f"{path}: kept in {backend['name'] if backend else 'another engine'}, without postings; open it with NewsQA.open")
    return corpus, index, spec


def load_all(path: str | Path, *, verify_files: bool | None = None) -> tuple[Corpus, BM25Index | TermStats, BuildSpec, dict[str, Any] | None]:
    """`load`, with meta.json's `backend` (None: the built-in engine), read from the same meta.json as the arrays;
    an index with a backend comes without postings (TermStats).

    An index caught mid-swap (gone, or files of two builds) is retried while a writer holds
    the lock or meta.json changed under the read, for up to SWAP_WAIT seconds, instead of
    being reported as damaged or, worse, served with one build's offsets over another's records."""
    path = Path(path)
    deadline = time.monotonic() + SWAP_WAIT
    while True:
        before = _meta_bytes(path)
        try:
            got = _load(path, verify_files)
        except IndexFormatError:
            swapped = _meta_bytes(path) != before  # files of two builds: the writer may be done already
            if time.monotonic() < deadline and (swapped or writer_active(path)):
                time.sleep(0.05)
                continue
            if not path.exists():  # a writer killed between its two renames: the old index is aside
                olds = [p for p in _leftovers(path) if ".old-" in p.name and (p / "meta.json").is_file()]
                if olds:
                    return _load(max(olds, key=lambda p: p.stat().st_mtime), verify_files)
            raise
        if _meta_bytes(path) == before:  # no swap while its files were opened one by one
            return got
        if time.monotonic() >= deadline:
            raise IndexFormatError(f"{path}: the index kept changing while it was read; try again when the rebuild is done")
        time.sleep(0.01)


def _meta_bytes(path: Path) -> bytes | None:
    """meta.json as stored (None when missing): the same bytes before and after a load mean
    every file opened in between belongs to one build, since meta.json holds their sizes and hashes."""
    try:
        return (path / "meta.json").read_bytes()
    except OSError:
        return None


def _check_values(path: Path, meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> None:
    """Every stored number within its range: postings point at passages, passages at articles
    and into their texts, offsets rise to the files' ends. A flipped byte that the size check
    (and, above VERIFY_LIMIT, the skipped checksum) lets through is refused here by name."""
    counts = meta["counts"]
    n_articles, n_passages = counts["articles"], counts["passages"]
    files = meta["files"]

    def bad(name: str, what: str) -> IndexFormatError:
        return IndexFormatError(f"{path}: {name}.npy is damaged ({what}); rebuild the index")

    def rising(name: str, start: int, end: int) -> None:
        a = arrays[name]
        if len(a) == 0 or int(a[0]) != start or int(a[-1]) != end or (len(a) > 1 and bool((np.diff(a) < 0).any())):
            raise bad(name, f"offsets must rise from {start} to {end}")

    for name, arr in arrays.items():
        if arr.dtype.kind not in "iuf" or arr.ndim != 1:
            raise bad(name, f"unexpected array type {arr.dtype} with {arr.ndim} dimensions")
    if "df" in arrays:
        df = arrays["df"]
        if len(df) and (int(df.min()) < 1 or int(df.max()) > n_passages):
            raise bad("df", f"document frequencies must be in 1..{n_passages}")
    else:
        _check_postings(arrays, counts, bad, rising)
    rising("article_first", 0, n_passages)
    rising("text_offsets", 0, files["texts.txt"]["bytes"])
    rising("article_offsets", 0, files["articles.jsonl"]["bytes"])
    pa = arrays["passage_article"]
    if len(pa) and (int(pa.min()) < 0 or int(pa.max()) >= n_articles or bool((np.diff(pa) < 0).any())):
        raise bad("passage_article", f"article numbers must rise within 0..{n_articles - 1}")
    start, end = arrays["passage_start"], arrays["passage_end"]
    if len(start) != n_passages or len(end) != n_passages:
        raise bad("passage_start", "one start and one end per passage")
    if n_passages and (int(start.min()) < 0 or bool((end < start).any())):
        raise bad("passage_end", "a passage must end after it starts")
    if n_passages and bool((end > np.diff(arrays["text_offsets"])[pa]).any()):  # chars <= UTF-8 bytes
        raise bad("passage_end", "a passage must end inside its article's text")
    if len(arrays["doc_len"]) and int(arrays["doc_len"].min()) < 0:
        raise bad("doc_len", "passage lengths must not be negative")


def _check_postings(
    arrays: dict[str, np.ndarray], counts: dict[str, int], bad: Callable[[str, str], IndexFormatError], rising: Callable[[str, int, int], None]
) -> None:
    """The postings' values (a built-in index): within the passages, tfs positive, impacts finite."""
    rising("indptr", 0, counts["postings"])
    docs = arrays["docs"]
    if len(docs) and (int(docs.min()) < 0 or int(docs.max()) >= counts["passages"]):
        raise bad("docs", f"passage ids must be in 0..{counts['passages'] - 1}")
    if len(arrays["tfs"]) and int(arrays["tfs"].min()) < 1:
        raise bad("tfs", "term frequencies must be at least 1")
    if not bool(np.isfinite(arrays["impacts"]).all()):
        raise bad("impacts", "scores must be finite")


def _load(path: Path, verify_files: bool | None) -> tuple[Corpus, BM25Index | TermStats, BuildSpec, dict[str, Any] | None]:
    meta = read_meta(path)
    verify(path, meta, full=verify_files)
    lean = meta.get("backend") is not None
    try:
        # plain ndarray views of the maps: same pages, without np.memmap's per-slice Python overhead
        names = _LEAN_ARRAYS if lean else _ARRAYS
        arrays = {name: np.load(path / f"{name}.npy", mmap_mode="r", allow_pickle=False).view(np.ndarray) for name in names}
        terms = json.loads((path / "terms.json").read_text(encoding="utf-8"))
        articles = ArticleBlob(path / "articles.jsonl", arrays["article_offsets"])
        spec = BuildSpec(
            AnalyzerSpec.from_json(meta["analyzer"]),
            ChunkSettings(**meta["chunking"]),
            int(meta["title_weight"]),
            bool(meta["outline"]),
        )
        params = BM25Params(**meta["bm25"])
    except AnalyzerVersionError as e:
        raise IndexFormatError(f"{path}: built by another version of newsqa ({e}); rebuild the index") from e
    except (OSError, ValueError, TypeError, KeyError) as e:
        raise IndexFormatError(f"{path}: index files are damaged ({e}); rebuild the index") from e
    counts = meta["counts"]
    shapes_ok = (
        len(articles) == counts["articles"] == len(arrays["article_first"]) - 1 == len(arrays["text_offsets"]) - 1
        and len(arrays["article_offsets"]) == counts["articles"] + 1
        and counts["passages"] == len(arrays["passage_article"]) == len(arrays["doc_len"])
    )
    if lean:
        shapes_ok = shapes_ok and len(terms) == counts["terms"] == len(arrays["df"]) and counts["postings"] == int(arrays["df"].sum())
    else:
        shapes_ok = (
            shapes_ok
            and len(terms) == counts["terms"] == len(arrays["indptr"]) - 1
            and counts["postings"] == len(arrays["docs"]) == len(arrays["tfs"]) == int(arrays["indptr"][-1])
            and len(arrays["impacts"]) == counts["postings"]
        )
    if not shapes_ok:
        raise IndexFormatError(f"{path}: index files disagree with meta.json; rebuild the index")
    _check_values(path, meta, arrays)
    try:  # a texts.txt of another build (a swap between its offsets and it) is no damage: load_all retries
        texts = TextBlob(path / "texts.txt", arrays["text_offsets"])
    except (OSError, ValueError) as e:
        raise IndexFormatError(f"{path}: index files are damaged ({e}); rebuild the index") from e
    corpus = Corpus(
        articles,
        texts,
        arrays["passage_article"],
        arrays["passage_start"],
        arrays["passage_end"],
        arrays["article_first"],
        date_range=(meta["dates"][0], meta["dates"][1]),
    )
    index: BM25Index | TermStats
    if lean:
        index = TermStats(terms, arrays["df"], arrays["doc_len"], params)
    else:
        index = BM25Index(terms, arrays["indptr"], arrays["docs"], arrays["tfs"], arrays["doc_len"], params, arrays["impacts"])
    backend = meta.get("backend")
    if backend is not None and not (isinstance(backend, dict) and isinstance(backend.get("name"), str)):
        raise IndexFormatError(f"{path}: meta.json's backend is damaged ({backend!r}); rebuild the index")
    return corpus, index, spec, backend
