"""segment.Segmenter (rjieba on the plain blocks) cuts exactly as jieba does, and so the analyzer's
terms are the ones the jieba-only analyzer made: on generated mixes of Simplified, Traditional,
numbers, Latin, jieba's block punctuation and whitespace, in both modes, HMM on and off."""

from __future__ import annotations

import jieba
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from retrieval.ingest import read_articles
from retrieval.segment import Segmenter
from retrieval.service import bundled_corpus, sample_settings
from retrieval.tokenizer import _TRADITIONAL, _WORD, Analyzer, AnalyzerSpec

_PAGE = read_articles([bundled_corpus()])[0].text
_SIMPLIFIED = sorted({ch for ch in _PAGE if "\u4e00" <= ch <= "\u9fff"})
_TRADITIONAL_CHARS = sorted(_TRADITIONAL)[:400]
# rjieba's Han class is wider than jieba's (extension A, compatibility ideographs, past U+9FD5)
# and the whitespace Python's \\s knows and Rust's does not (U+001C-U+001F)
_EDGES = list("\u3400\u4db5\u4dc0\uf900\ufa2d\u9fd6\u9fff\u3007\U00020000\x1c\x1f\x85\u3000\r\n")
_OTHER = list("0123456789abcxyzABCXYZ+#&._%-  \t\n，。、“”！？：；（）《》…·")

fragment = st.one_of(
    st.integers(0, len(_PAGE) - 12).map(lambda i: _PAGE[i : i + 12]),  # real text, cut anywhere
    st.text(st.sampled_from(_SIMPLIFIED + _TRADITIONAL_CHARS), min_size=1, max_size=8),
    st.text(st.sampled_from(_OTHER + _EDGES), min_size=1, max_size=6),
    st.from_regex(r"[0-9]{1,4}(\.[0-9]{1,2})?(%|万|年|cm|-[0-9]{1,3})?", fullmatch=True),
    st.sampled_from(["u.s.", "jean-pierre", "1.5cm", "formula_2", "c#", "at&t", "b超", "3d"]),
)
mixed = st.lists(fragment, max_size=12).map("".join)

_jieba = jieba.Tokenizer()
_seg = Segmenter(_jieba)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=mixed, search=st.booleans(), hmm=st.booleans())
def test_segmenter_cuts_as_jieba(text: str, search: bool, hmm: bool) -> None:
    want = _jieba.lcut_for_search(text, HMM=hmm) if search else _jieba.lcut(text, HMM=hmm)
    assert _seg.cut(text, hmm, search=search) == want


def _jieba_only_tokens(analyzer: Analyzer, text: str) -> list[str]:
    """The analyzer's terms as version 3 made them: jieba alone on the folded text."""
    folded = analyzer.fold(text)
    words = analyzer._jieba.lcut_for_search(folded, HMM=analyzer.spec.hmm)
    return [w for w in (w.strip() for w in words) if w and _WORD.search(w) and w not in analyzer.stopwords]


_sample = Analyzer(AnalyzerSpec.from_files(user_dict=sample_settings().user_dict))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=mixed)
def test_analyzer_terms_unchanged_with_user_words(text: str) -> None:
    """The sample's user words (names, freq and tag) reach both segmenters alike."""
    assert _sample.tokens(text) == _jieba_only_tokens(_sample, text)


@pytest.mark.parametrize("name", ["宗家桢", "毛文明", "盖森材料", "油蔴村"])
def test_user_words_cut_whole_in_plain_blocks(name: str) -> None:
    """A user word inside a plain block is cut by rjieba, which must know it too."""
    text = f"报道称{name}前往现场"
    assert name in _sample.tokens(text)
    assert _sample.tokens(text) == _jieba_only_tokens(_sample, text)


def test_every_page_passage_unchanged() -> None:
    for article in read_articles([bundled_corpus()]):
        for line in article.text.splitlines():
            assert _sample.tokens(line) == _jieba_only_tokens(_sample, line)


def test_a_word_of_frequency_zero_leaves_cutting_to_jieba() -> None:
    """jieba forces such a word apart in its HMM as well; rjieba has no such rule."""
    tok = jieba.Tokenizer()
    seg = Segmenter(tok)
    try:
        seg.add_word("杨昊现", 0, None)  # a name jieba's HMM would otherwise glue together
        for text in ("我们看到了杨昊现和刘七是", "a-1 杨昊现"):
            assert "杨昊现" not in tok.lcut(text, HMM=True)
            assert seg.cut(text, True, search=True) == tok.lcut_for_search(text, HMM=True)
            assert seg.cut(text, True) == tok.lcut(text, HMM=True)
    finally:  # jieba keeps forced splits for the whole process, every tokenizer alike
        jieba.finalseg.Force_Split_Words.discard("杨昊现")
