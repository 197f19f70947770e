"""The index on disk: a directory of plain files with a format version (like bm25s).

    meta.json         format, version, settings, analyzer spec, counts, and the
                      size and SHA-256 of every other file
    terms.json        the vocabulary, term id = list position
    articles.jsonl    article metadata, one object a line; article_offsets.npy cuts it
    texts.txt         article texts, UTF-8, concatenated; text_offsets.npy cuts them
    *.npy             postings (indptr, docs, tfs, impacts), doc_len, the passage table

Nothing here unpickles or executes anything (np.load with allow_pickle=False),
arrays are memory-mapped, and a directory that does not match its meta.json is
refused. A new index is written beside the old one and swapped in, so a failed
build never leaves a half-written index where a good one was.
"""

from __future__ import annotations

import hashlib
import json
import mmap
import os
import shutil
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any, overload

import numpy as np

from .build import BuildSpec
from .chunking import ChunkSettings
from .corpus import Corpus
from .index import BM25Index, BM25Params
from .model import ArticleInfo
from .tokenizer import AnalyzerSpec, AnalyzerVersionError

FORMAT = "newsqa-index"
VERSION = 3
VERIFY_LIMIT = 256 * 1024 * 1024  # hash every file on open below this total size
_ARRAYS = (
    "indptr", "docs", "tfs", "doc_len", "passage_article", "passage_start", "passage_end", "article_first",
    "text_offsets", "article_offsets", "impacts",
)


class IndexFormatError(ValueError):
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
        size = path.stat().st_size
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


def save(
    path: str | Path,
    corpus: Corpus,
    index: BM25Index,
    spec: BuildSpec,
) -> Path:
    """Write the index to a temporary sibling directory, then swap it in for `path`."""
    out = Path(path)
    if out.exists() and not (out / "meta.json").is_file() and any(out.iterdir()):
        raise IndexFormatError(f"{out}: exists and is not a newsqa index; refusing to overwrite it")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.parent / f".{out.name}.tmp-{os.getpid()}"
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir()
    try:
        _write(tmp, corpus, index, spec)
        _swap(tmp, out)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return out


def _write(tmp: Path, corpus: Corpus, index: BM25Index, spec: BuildSpec) -> None:
    (tmp / "terms.json").write_text(json.dumps(index.terms, ensure_ascii=False), encoding="utf-8")
    article_offsets = [0]
    with (tmp / "articles.jsonl").open("wb") as fb:
        for a in corpus.articles:
            line = (json.dumps(asdict(a), ensure_ascii=False) + "\n").encode("utf-8")
            fb.write(line)
            article_offsets.append(article_offsets[-1] + len(line))
    offsets = [0]
    with (tmp / "texts.txt").open("wb") as f:
        for text in corpus.texts:
            data = text.encode("utf-8")
            f.write(data)
            offsets.append(offsets[-1] + len(data))
    arrays = {
        "indptr": index.indptr,
        "docs": index.docs,
        "tfs": index.tfs,
        "doc_len": index.doc_len,
        "passage_article": corpus.passage_article,
        "passage_start": corpus.passage_start,
        "passage_end": corpus.passage_end,
        "article_first": corpus.article_first,
        "text_offsets": np.asarray(offsets, dtype=np.int64),
        "article_offsets": np.asarray(article_offsets, dtype=np.int64),
        "impacts": np.asarray(index.impacts, dtype=np.float64),
    }
    for name, arr in arrays.items():
        np.save(tmp / f"{name}.npy", np.ascontiguousarray(arr), allow_pickle=False)
    files = {p.name: {"bytes": p.stat().st_size, "sha256": _sha256(p)} for p in sorted(tmp.iterdir())}
    meta = {
        "format": FORMAT,
        "version": VERSION,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "counts": {
            "articles": len(corpus.articles),
            "passages": corpus.n_passages,
            "terms": len(index.terms),
            "postings": int(len(index.docs)),
        },
        "dates": list(corpus.dates()),
        "bm25": asdict(index.params),
        "title_weight": spec.title_weight,
        "outline": spec.outline,
        "chunking": asdict(spec.chunking),
        "analyzer": spec.analyzer.to_json(),
        "files": files,
    }
    (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    for p in tmp.iterdir():
        with p.open("rb") as f:
            os.fsync(f.fileno())


def _swap(tmp: Path, out: Path) -> None:
    """Replace out by tmp with two renames; the old index is removed only once the new one is in place."""
    old = out.parent / f".{out.name}.old-{os.getpid()}"
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
    if meta.get("version") != VERSION:
        raise IndexFormatError(
            f"{path}: index format version {meta.get('version')!r}, this newsqa reads version {VERSION}; rebuild the index"
        )
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
    """Open an index directory: arrays memory-mapped, refused if it does not match its meta.json."""
    path = Path(path)
    meta = read_meta(path)
    verify(path, meta, full=verify_files)
    try:
        # plain ndarray views of the maps: same pages, without np.memmap's per-slice Python overhead
        arrays = {
            name: np.load(path / f"{name}.npy", mmap_mode="r", allow_pickle=False).view(np.ndarray) for name in _ARRAYS
        }
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
        len(terms) == counts["terms"] == len(arrays["indptr"]) - 1
        and len(articles) == counts["articles"] == len(arrays["article_first"]) - 1 == len(arrays["text_offsets"]) - 1
        and len(arrays["article_offsets"]) == counts["articles"] + 1
        and counts["passages"] == len(arrays["passage_article"]) == len(arrays["doc_len"])
        and counts["postings"] == len(arrays["docs"]) == len(arrays["tfs"]) == int(arrays["indptr"][-1])
        and len(arrays["impacts"]) == counts["postings"]
    )
    if not shapes_ok:
        raise IndexFormatError(f"{path}: index files disagree with meta.json; rebuild the index")
    corpus = Corpus(
        articles,
        TextBlob(path / "texts.txt", arrays["text_offsets"]),
        arrays["passage_article"],
        arrays["passage_start"],
        arrays["passage_end"],
        arrays["article_first"],
        date_range=(meta["dates"][0], meta["dates"][1]),
    )
    index = BM25Index(terms, arrays["indptr"], arrays["docs"], arrays["tfs"], arrays["doc_len"], params, arrays["impacts"])
    return corpus, index, spec
