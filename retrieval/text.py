"""Character-level rules shared by ingestion, chunking and tokenization.

Kept in one place so that the page-layout rules, the sentence splitter and the
analyzer agree on what counts as sentence-final punctuation or a closing quote.
"""

from __future__ import annotations

import re
import unicodedata

# NFKC folds full-width ，！？（） to ASCII, which is what we want for matching,
# but it also turns the Chinese ellipsis "……" into "......": keep U+2026 as written.
_ELLIPSIS = "\u2026"
_ELLIPSIS_PLACEHOLDER = "\ue000"

SENTENCE_END = "。!?！？"
CLOSERS = "”’」』)）】》\"'"
OPENERS = "“‘「『(（【《"
SOFT_BREAKS = ";；"
CLAUSE_BREAKS = ",，、:："


def normalize(text: str) -> str:
    """NFKC-normalize text (except the ellipsis) and unify line endings."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if _ELLIPSIS in text:
        text = text.replace(_ELLIPSIS, _ELLIPSIS_PLACEHOLDER)
        text = unicodedata.normalize("NFKC", text)
        return text.replace(_ELLIPSIS_PLACEHOLDER, _ELLIPSIS)
    return unicodedata.normalize("NFKC", text)


_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def is_cjk(ch: str) -> bool:
    return bool(_CJK.match(ch))


def ends_sentence(text: str) -> bool:
    """True when text ends at a sentence boundary (terminal mark, optionally closed by quotes)."""
    stripped = text.rstrip().rstrip(CLOSERS)
    if not stripped:
        return False
    return stripped[-1] in SENTENCE_END or stripped.endswith(_ELLIPSIS) or stripped.endswith("...")


def has_sentence_end(text: str) -> bool:
    return any(ch in SENTENCE_END for ch in text) or _ELLIPSIS in text


def quote_balance(text: str) -> int:
    """Opening minus closing Chinese double quotes: >0 means a quote is left open."""
    return text.count("“") - text.count("”")
