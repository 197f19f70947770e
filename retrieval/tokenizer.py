"""The analyzer: text in, index terms out, for passages and questions alike.

Whoosh's rule: the analyzer belongs to the index. Its whole specification
(mode, stopwords, user words) is saved with the index and read back from it,
so a question is always cut the way the passages were.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from .answers import names
from .errors import InputError
from .numbers import normalize_numbers, normalize_numbers_mapped
from .segment import Segmenter
from .t2s import t2s
from .text import is_cjk, normalize


def _import_jieba() -> Any:
    """jieba, imported without pkg_resources: jieba only uses it to open its own dictionary
    (and falls back to a plain open() without it), and importing it is a third of a one-shot
    `newsqa ask`'s imports (~0.1-0.3 s)."""
    if "pkg_resources" in sys.modules:
        import jieba
    else:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # makes `import pkg_resources` fail
        try:
            import jieba
        finally:
            del sys.modules["pkg_resources"]
    return jieba


jieba = _import_jieba()
jieba.setLogLevel(logging.WARNING)

# 3: words jieba's HMM made also yield their characters (oov_chars); 一时/一点 stay words (numbers.py)
# 4: rjieba cuts where it agrees with jieba (segment.py), t2s by table (t2s.py): the same terms as 3
# on every set measured, but other code
# 5: 著 as a particle folds to 着 (跟著 -> 跟着), as Simplified writes it; 著名, 显著… stay
ANALYZER_VERSION = 5
MODES = ("precise", "search")


# 著 is zhù (著名, 著作, 显著, 名著) only in these; elsewhere it is the particle Simplified writes
# 着 (跟著, 隨著, 有著, 接著, 著手, 著急). OpenCC's t2s keeps 著 as it is, since both are Simplified.
_ZHU = re.compile(r"(?<![显卓昭土巨专论原编合遗译拙名新大杰鸿])著(?![名作称述者书录有文])")


def zhe(text: str) -> str:
    """Traditional's particle 著 as Simplified's 着, character for character (offsets kept)."""
    return _ZHU.sub("着", text)


def _traditional_chars() -> dict[str, str]:
    """OpenCC's single-character t2s table. Text without any of its keys is already
    Simplified and skips the conversion (t2s.py): nearly every passage of a mainland corpus."""
    import opencc

    table = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    chars = {}
    for line in table.read_text(encoding="utf-8").splitlines():
        src, _, dst = line.partition("\t")
        first = dst.split(" ")[0]
        if len(src) == 1 and len(first) == 1 and first != src:
            chars[src] = first
    return chars


_TRADITIONAL = _traditional_chars()
_TRADITIONAL_KEYS = frozenset(_TRADITIONAL)
_TRADITIONAL_TABLE = str.maketrans(_TRADITIONAL)
_WORD = re.compile(r"\w", re.UNICODE)
_NAME_PLACE_ENTRY = re.compile(r"^(\S+)[ \t]+\S+[ \t]+(n[rts]\S*)[ \t\r]*$", re.M)  # a dictionary line `word freq nr|nt|ns…`


def simplified_chars(text: str) -> str:
    """Traditional characters mapped one to one to Simplified (lengths kept): enough for
    pattern rules on function words (這/该 -> 这/该), where OpenCC's phrase pass is not needed."""
    return text.translate(_TRADITIONAL_TABLE)


def _data_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def parse_stopwords(text: str) -> tuple[str, ...]:
    words: list[str] = []
    for line in _data_lines(text):
        words.extend(normalize(line).lower().split())
    return tuple(dict.fromkeys(words))


def parse_user_dict(text: str) -> tuple[tuple[str, int | None, str | None], ...]:
    """jieba's user-dictionary format: `word [freq] [tag]` a line."""
    entries = []
    for line in _data_lines(text):
        parts = normalize(line).split()
        word = parts[0]
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[-1] if len(parts) > 1 and not parts[-1].isdigit() else None
        entries.append((word, freq, tag))
    return tuple(entries)


def bundled_text(name: str) -> str:
    return resources.files("retrieval").joinpath("data", name).read_text(encoding="utf-8")


class AnalyzerVersionError(InputError):
    """A spec saved by a newsqa that cut text differently: its index must be rebuilt."""


@dataclass(frozen=True)
class AnalyzerSpec:
    """Everything that decides how text becomes terms; saved with the index."""

    mode: str = "search"
    hmm: bool = True
    simplify: bool = True  # Traditional characters folded to Simplified (OpenCC t2s) before cutting
    numbers: bool = True  # 十五万 -> 15万, 第三次 -> 第3次, 3000余 -> 3000多
    # A word jieba's HMM glued together outside its dictionary (a name, or a name with the next
    # character: 杨昊现, 刘七是, 花为) also yields its Chinese characters, so a question and a
    # passage that glue it differently still share terms (docs/quality.md: CMRC top-5 +0.008).
    # Off by default: those characters' postings double query time at 1M passages (docs/scaling.md)
    oov_chars: bool = False
    stopwords: tuple[str, ...] = field(default_factory=lambda: parse_stopwords(bundled_text("stopwords.txt")))
    # No user words by default: a corpus's own names come from jieba's HMM and name patterns
    # (answers.py); the bundled sample's list is the sample's setting (service.sample_settings).
    user_words: tuple[tuple[str, int | None, str | None], ...] = ()

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"tokenizer mode must be one of {', '.join(MODES)}, not {self.mode!r}")

    @classmethod
    def from_files(
        cls,
        mode: str = "search",
        stopwords: str | Path | None = None,
        user_dict: str | Path | None = None,
        *,
        oov_chars: bool = False,
    ) -> AnalyzerSpec:
        """Spec from the config's files; None means the bundled stopword list and no user dictionary."""
        kwargs: dict[str, Any] = {"mode": mode, "oov_chars": oov_chars}
        if stopwords is not None:
            kwargs["stopwords"] = parse_stopwords(_read(stopwords, "stopword list"))
        if user_dict is not None:
            kwargs["user_words"] = parse_user_dict(_read(user_dict, "user dictionary"))
        return cls(**kwargs)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["version"] = ANALYZER_VERSION
        data["stopwords"] = list(self.stopwords)
        data["user_words"] = [list(w) for w in self.user_words]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AnalyzerSpec:
        version = data.get("version")
        if version != ANALYZER_VERSION:
            raise AnalyzerVersionError(f"analyzer version {version!r}, this newsqa reads {ANALYZER_VERSION}")
        return cls(
            mode=data["mode"],
            hmm=bool(data["hmm"]),
            simplify=bool(data["simplify"]),
            numbers=bool(data["numbers"]),
            oov_chars=bool(data["oov_chars"]),
            stopwords=tuple(data["stopwords"]),
            user_words=tuple((w[0], w[1], w[2]) for w in data["user_words"]),
        )


def _read(path: str | Path, what: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"cannot read {what} {path}: {e}") from e


class Analyzer:
    """jieba segmentation with its own dictionary instance, punctuation and stopwords dropped."""

    def __init__(self, spec: AnalyzerSpec | None = None) -> None:
        self.spec = spec or AnalyzerSpec()
        self._stop = frozenset(self.spec.stopwords)
        self._jieba = jieba.Tokenizer()
        self._seg: Segmenter | None = None  # made with the dictionary, on first use
        self._ready = False
        self._lock = threading.Lock()
        self._tags: dict[str, str] | None = None  # name and place words' tags, loaded on first use
        self._terms = _Terms(self._stop)

    @property
    def stopwords(self) -> frozenset[str]:
        return self._stop

    def _init(self) -> None:
        with self._lock:
            if self._ready:
                return
            self._jieba.initialize()
            seg = Segmenter(self._jieba)
            for word, freq, tag in self.spec.user_words:
                seg.add_word(word, freq, tag)
            self._seg = seg
            self._ready = True

    def warm(self) -> None:
        """Load the dictionary and the name and place tags now, not on the first question."""
        self._init()
        if self._tags is None:
            self._tags = self._tagged()

    def has_name(self, text: str) -> bool:
        """Whether text names a person or an organization, by answers.names' rule (dictionary
        tags, words jieba's HMM made outside the dictionary, transliterations)."""
        return bool(names(self.fold(text), self.tagged_words))

    def in_dictionary(self, word: str) -> bool:
        """Whether the segmenter's dictionary knows a word (not one its HMM made up)."""
        if not self._ready:
            self._init()
        return bool(self._jieba.FREQ.get(word))

    def tagged_words(self, folded: str) -> list[tuple[str, bool, str]]:
        """jieba's words of folded text, each with whether the dictionary knows it and its tag
        when it is a name or a place (nr*, nt*, ns*; "" otherwise)."""
        if self._tags is None:
            self._tags = self._tagged()
        assert self._seg is not None  # _tagged() loaded the dictionary
        freq, tags = self._jieba.FREQ, self._tags
        return [(w, bool(freq.get(w)), tags.get(w, "")) for w in self._seg.cut(folded, self.spec.hmm)]

    def _tagged(self) -> dict[str, str]:
        """The words jieba's dictionary and the user dictionary tag as names or places (nr*, nt*,
        ns*): some 60,000 words, not jieba.posseg's whole tag table (about 100 MB)."""
        if not self._ready:
            self._init()
        kinds = ("nr", "nt", "ns")
        with self._jieba.get_dict_file() as f:  # one regex over the file: 5x faster than a loop over its lines
            tags: dict[str, str] = dict(_NAME_PLACE_ENTRY.findall(f.read().decode("utf-8")))
        tags.update({word: tag for word, _, tag in self.spec.user_words if tag and tag.startswith(kinds)})
        return tags

    def fold(self, text: str) -> str:
        """The text as the segmenter sees it: NFKC, lower case, Simplified, numbers in digits."""
        text = normalize(text).lower()
        if self.spec.simplify and not _TRADITIONAL_KEYS.isdisjoint(text):
            text = t2s(text)
        if self.spec.simplify and "著" in text:
            text = zhe(text)
        if self.spec.numbers:
            text = normalize_numbers(text)
        return text

    def fold_mapped(self, text: str) -> tuple[str, list[int], list[int]]:
        """fold() of already-normalized text, with each folded character's source span.

        Character-level Simplified folding keeps lengths, so only the number rewrite moves
        offsets; this is what lets a question's terms be marked in the passage as written.
        """
        lowered = text.lower()
        if len(lowered) != len(text):
            lowered = text
        if self.spec.simplify:
            lowered = lowered.translate(_TRADITIONAL_TABLE)
            if "著" in lowered:
                lowered = zhe(lowered)
        if self.spec.numbers:
            return normalize_numbers_mapped(lowered)
        return lowered, list(range(len(text))), list(range(1, len(text) + 1))

    def marks(self, text: str, terms: Iterable[str]) -> tuple[tuple[int, int], ...]:
        """Spans of text (as written) where any of the (folded) terms occurs, overlaps merged."""
        folded, starts, ends = self.fold_mapped(text)
        return _merged((starts[a], ends[b - 1]) for a, b in folded_marks(folded, terms))

    def raw_tokens(self, text: str) -> list[str]:
        """Segments before stopword removal (punctuation and spaces dropped)."""
        if not self._ready:
            self._init()
        assert self._seg is not None
        words = self._seg.cut(self.fold(text), self.spec.hmm, search=self.spec.mode == "search")
        return [w for w in (w.strip() for w in words) if w and _WORD.search(w)]

    def tokens(self, text: str) -> list[str]:
        """Index terms of text, in order, repeats kept (BM25 counts them)."""
        if not self._ready:
            self._init()
        assert self._seg is not None
        cut = self._seg.cut(self.fold(text), self.spec.hmm, search=self.spec.mode == "search")
        words = [t for t in map(self._terms.__getitem__, cut) if t]
        if not self.spec.oov_chars:
            return words
        out: list[str] = []
        freq = self._jieba.FREQ
        for w in words:
            out.append(w)
            if len(w) > 1 and not freq.get(w) and any(is_cjk(ch) for ch in w):  # not a dictionary word: HMM-made
                out.extend(ch for ch in w if is_cjk(ch) and ch not in self._stop)
        return out


class _Terms(dict[str, str]):
    """A segmenter's word -> its index term, "" when dropped (punctuation, space, stopword).

    raw_tokens' and tokens' filter, remembered per distinct word: a corpus repeats its words,
    and the filter's strip and regex cost more than the lookup.
    """

    limit = 1 << 20  # words remembered; past it the rest are filtered each time

    def __init__(self, stop: frozenset[str]) -> None:
        super().__init__()
        self._stop = stop

    def __missing__(self, word: str) -> str:
        w = word.strip()
        term = w if w and _WORD.search(w) and w not in self._stop else ""
        if len(self) < self.limit:
            self[word] = term
        return term


def folded_marks(folded: str, terms: Iterable[str]) -> tuple[tuple[int, int], ...]:
    """Spans of folded text where any of the terms occurs, overlaps merged."""
    spans = []
    for term in sorted(set(terms), key=len, reverse=True):
        i = folded.find(term)
        while i >= 0:
            spans.append((i, i + len(term)))
            i = folded.find(term, i + 1)
    return _merged(spans)


def _merged(spans: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return tuple(merged)
