"""Settings, read from TOML only at the entry points and passed down as typed dataclasses."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .chunking import ChunkSettings
from .errors import InputError
from .index import BM25Params
from .milvus import MODES as MILVUS_MODES
from .milvus import MilvusSettings
from .tokenizer import MODES

BACKENDS = ("builtin", "milvus")


class ConfigError(InputError):
    """A config file that cannot be used; the message says which file and key."""


@dataclass(frozen=True)
class IndexSettings:
    """What decides the index's content; saved with the index."""

    # rank-bm25's own defaults are k1=1.5, b=0.75; on sentence passages carrying their headline
    # a weak length penalty measured better (docs/quality.md): CMRC top-1 0.677 -> 0.732
    bm25: BM25Params = BM25Params(k1=1.2, b=0.3)
    title_weight: int = 2  # how many times the headline's terms are added to each passage
    outline: bool = True  # numbered points (一要…二要…) carry their announcing sentence's and heading's terms
    chunking: ChunkSettings = ChunkSettings()
    tokenizer_mode: str = "search"
    oov_chars: bool = False  # words jieba's HMM made outside its dictionary also yield their characters
    stopwords: Path | None = None  # None: the bundled list
    user_dict: Path | None = None  # None: the bundled dictionary


@dataclass(frozen=True)
class SearchSettings:
    """What decides how a question is answered; free to change without rebuilding."""

    top_k: int = 5
    min_coverage: float = 0.3  # share of the question's coverage mass (IDF of its terms) the best passage must hold
    context: int = 1  # sentences shown on each side of the passage
    oov_fallback: bool = True  # a question word the corpus lacks is searched by the characters it has
    number_boost: float = 0.3  # a question asking 多少/几/哪年 …: passages holding a number score x(1 + this)
    number_check: bool = True  # …and is answered only when a passage that covers it holds a number
    name_check: bool = True  # a question asking 谁/哪位/叫什么名字 is answered only when one does hold a name
    byline_answers: bool = True  # "这篇报道的作者是谁" is answered first with the best article's byline (NewsQA.ask)
    answer_windows: bool = True  # a hit shows the neighbour its sentence depends on (windows.py)
    typed_answers: bool = True  # the kind of answer asked (a count and its unit, a date, a name, a place) re-ranks and checks
    answer_spans: bool = True  # each hit carries the span that answers (answers.best_span)


@dataclass(frozen=True)
class Config:
    """Everything newsqa reads from a TOML file (see config.example.toml), frozen.

    Read only at the entry points (`load_config`) and passed down, so a library
    call never depends on a file or an environment variable behind its back.
    `raw` keeps the parsed TOML for the sections this library does not own (`[bot]`).
    """

    corpus: tuple[Path, ...] = ()  # empty: the bundled sample page
    index_dir: Path | None = None
    backend: str = "builtin"  # what `newsqa index --out` builds on: "builtin" or "milvus" (--backend wins)
    milvus: MilvusSettings = MilvusSettings()
    index: IndexSettings = IndexSettings()
    search: SearchSettings = SearchSettings()
    source: Path | None = None
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


_KNOWN: dict[str, set[str]] = {
    "corpus": {"paths"},
    "index": {"dir", "backend"},
    "milvus": {"uri", "token", "database", "collection", "mode"},
    "bm25": {"k1", "b", "epsilon", "title_weight", "outline"},
    "tokenizer": {"mode", "oov_chars", "stopwords", "user_dict"},
    "chunking": {"max_chars", "min_chars"},
    "search": {
        "top_k",
        "min_coverage",
        "context",
        "oov_fallback",
        "number_boost",
        "number_check",
        "name_check",
        "byline_answers",
        "answer_windows",
        "typed_answers",
        "answer_spans",
    },
}
_OTHER_SECTIONS = {"bot"}  # read by the bot's own entry point


def _check(cond: bool, where: str, msg: str) -> None:
    if not cond:
        raise ConfigError(f"{where}: {msg}")


def _number(section: dict[str, Any], key: str, default: float, where: str, *, integer: bool = False) -> Any:
    value = section.get(key, default)
    ok = isinstance(value, int) if integer else isinstance(value, (int, float))
    _check(ok and not isinstance(value, bool), where, f"{key} must be a {'whole number' if integer else 'number'}")
    return value


def _flag(section: dict[str, Any], key: str, default: bool, where: str) -> bool:
    value = section.get(key, default)
    _check(isinstance(value, bool), where, f"{key} must be true or false")
    return bool(value)


def load_config(path: str | Path | None) -> Config:
    """Read a TOML config; relative paths in it are relative to the file. None gives the defaults."""
    if path is None:
        return Config()
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"{path}: cannot read: {e}") from e
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: invalid TOML: {e}") from e
    base = path.parent

    def rel(p: str) -> Path:
        return (base / Path(p).expanduser()).resolve()

    for name, section in data.items():
        where = f"{path} [{name}]"
        if name in _OTHER_SECTIONS:
            continue
        _check(name in _KNOWN, str(path), f"unknown section [{name}] (known: {', '.join(sorted(set(_KNOWN) | _OTHER_SECTIONS))})")
        _check(isinstance(section, dict), where, "must be a table")
        unknown = set(section) - _KNOWN[name]
        _check(not unknown, where, f"unknown key(s) {', '.join(sorted(unknown))}")

    corpus = data.get("corpus", {})
    paths = corpus.get("paths", [])
    _check(isinstance(paths, list) and all(isinstance(p, str) for p in paths), f"{path} [corpus]", "paths must be a list of strings")
    index_dir = data.get("index", {}).get("dir")
    _check(index_dir is None or isinstance(index_dir, str), f"{path} [index]", "dir must be a string")
    backend = data.get("index", {}).get("backend", "builtin")
    _check(backend in BACKENDS, f"{path} [index]", f"backend must be one of {', '.join(BACKENDS)}")

    mv = data.get("milvus", {})
    w = f"{path} [milvus]"
    for key in ("uri", "token", "database", "collection", "mode"):
        _check(mv.get(key) is None or isinstance(mv.get(key), str), w, f"{key} must be a string")
    _check(mv.get("mode", "okapi") in MILVUS_MODES, w, f"mode must be one of {', '.join(MILVUS_MODES)}")
    uri = mv.get("uri")
    try:
        milvus = MilvusSettings(
            uri=str(rel(uri)) if uri and "://" not in uri else uri,
            token=mv.get("token"),
            database=mv.get("database"),
            collection=mv.get("collection", MilvusSettings.collection),
            mode=mv.get("mode", MilvusSettings.mode),
        )
    except InputError as e:
        raise ConfigError(f"{w}: {e}") from e

    bm = data.get("bm25", {})
    w = f"{path} [bm25]"
    try:
        d = IndexSettings.bm25
        params = BM25Params(_number(bm, "k1", d.k1, w), _number(bm, "b", d.b, w), _number(bm, "epsilon", d.epsilon, w))
    except ValueError as e:
        raise ConfigError(f"{w}: {e}") from e
    title_weight = _number(bm, "title_weight", IndexSettings.title_weight, w, integer=True)
    _check(title_weight >= 0, w, "title_weight must be >= 0")
    outline = _flag(bm, "outline", IndexSettings.outline, w)

    tok = data.get("tokenizer", {})
    w = f"{path} [tokenizer]"
    mode = tok.get("mode", "search")
    _check(mode in MODES, w, f"mode must be one of {', '.join(MODES)}")
    oov_chars = _flag(tok, "oov_chars", IndexSettings.oov_chars, w)
    for key in ("stopwords", "user_dict"):
        _check(tok.get(key) is None or isinstance(tok.get(key), str), w, f"{key} must be a path")

    ch = data.get("chunking", {})
    w = f"{path} [chunking]"
    chunking = ChunkSettings(
        max_chars=_number(ch, "max_chars", ChunkSettings.max_chars, w, integer=True),
        min_chars=_number(ch, "min_chars", ChunkSettings.min_chars, w, integer=True),
    )
    _check(chunking.max_chars >= 20 and 0 <= chunking.min_chars < chunking.max_chars, w, "need max_chars >= 20 and 0 <= min_chars < max_chars")

    se = data.get("search", {})
    w = f"{path} [search]"
    search = SearchSettings(
        top_k=_number(se, "top_k", 5, w, integer=True),
        min_coverage=_number(se, "min_coverage", SearchSettings.min_coverage, w),
        context=_number(se, "context", 1, w, integer=True),
        oov_fallback=_flag(se, "oov_fallback", SearchSettings.oov_fallback, w),
        number_boost=_number(se, "number_boost", SearchSettings.number_boost, w),
        number_check=_flag(se, "number_check", SearchSettings.number_check, w),
        name_check=_flag(se, "name_check", SearchSettings.name_check, w),
        byline_answers=_flag(se, "byline_answers", SearchSettings.byline_answers, w),
        answer_windows=_flag(se, "answer_windows", SearchSettings.answer_windows, w),
        typed_answers=_flag(se, "typed_answers", SearchSettings.typed_answers, w),
        answer_spans=_flag(se, "answer_spans", SearchSettings.answer_spans, w),
    )
    _check(1 <= search.top_k <= 100, w, "top_k must be between 1 and 100")
    _check(0 <= search.min_coverage <= 1, w, "min_coverage must be between 0 and 1")
    _check(0 <= search.context <= 5, w, "context must be between 0 and 5")
    _check(0 <= search.number_boost <= 10, w, "number_boost must be between 0 and 10")

    return Config(
        corpus=tuple(rel(p) for p in paths),
        index_dir=rel(index_dir) if index_dir else None,
        backend=backend,
        milvus=milvus,
        index=IndexSettings(
            bm25=params,
            title_weight=title_weight,
            outline=outline,
            chunking=chunking,
            tokenizer_mode=mode,
            oov_chars=oov_chars,
            stopwords=rel(tok["stopwords"]) if tok.get("stopwords") else None,
            user_dict=rel(tok["user_dict"]) if tok.get("user_dict") else None,
        ),
        search=search,
        source=path,
        raw=data,
    )


def with_overrides(cfg: Config, *, top_k: int | None = None, index_dir: str | None = None) -> Config:
    """CLI flags win over the file."""
    if top_k is not None:
        cfg = replace(cfg, search=replace(cfg.search, top_k=top_k))
    if index_dir is not None:
        cfg = replace(cfg, index_dir=Path(index_dir))
    return cfg
