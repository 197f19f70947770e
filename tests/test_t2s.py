"""t2s.t2s equals OpenCC's own t2s conversion: on phrases (whole, cut, run together), single
characters with several readings, OpenCC's separators and Simplified text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from opencc import OpenCC

from retrieval.ingest import read_articles
from retrieval.service import bundled_corpus
from retrieval.t2s import _OPENCC, _TABLES, t2s

_REFERENCE = OpenCC("t2s")  # its own instance: nothing the fast path loaded is shared
[[(_, _, _PHRASES), (_, _, _CHARS)]] = _OPENCC._dict_chain_data
_PHRASE_KEYS = sorted(_PHRASES)
_CHAR_KEYS = sorted(_CHARS)
_SEPARATORS = list(" \t\n-,.?!*\u3000，。、；：？！…“”‘’『』「」—－（）《》〈〉～．／＼［］｛｝【】")
_PAGE = read_articles([bundled_corpus()])[0].text

fragment = st.one_of(
    st.sampled_from(_PHRASE_KEYS),
    st.sampled_from(_PHRASE_KEYS).flatmap(lambda p: st.integers(0, len(p)).map(lambda i: p[:i] if i % 2 else p[i:])),
    st.text(st.sampled_from(_CHAR_KEYS), min_size=1, max_size=6),
    st.text(st.sampled_from(_SEPARATORS), min_size=1, max_size=3),
    st.integers(0, len(_PAGE) - 10).map(lambda i: _PAGE[i : i + 10]),
)


@settings(max_examples=500, deadline=None)
@given(st.lists(fragment, max_size=10).map("".join))
def test_same_as_opencc(text: str) -> None:
    assert t2s(text) == _REFERENCE.convert(text)


def test_the_fast_path_is_taken() -> None:
    """OpenCC's dictionaries are laid out as t2s.py reads them, so the comparison above is not vacuous."""
    assert _TABLES is not None


def test_phrase_and_characters() -> None:
    """A phrase converts as a whole (its own reading), the rest character by character."""
    for phrase in _PHRASE_KEYS[:50]:
        text = f"這是{phrase}，還有{phrase}。"
        assert t2s(text) == _REFERENCE.convert(text)
    assert t2s("這個國家") == "这个国家"
