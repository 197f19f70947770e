"""jieba's segmentation, with the common blocks cut by rjieba (jieba-rs) for speed.

jieba cuts text block by block: runs of its "Han" class (CJK, ASCII letters and digits,
`+#&._%-`) are segmented independently, and everything between them is yielded a character
(or a whitespace run) at a time. jieba-rs implements the same algorithm with the same
dictionary and HMM model, many times faster (docs/segmenters.md), but treats `-`, `.`, `_`,
`#` inside a block differently (1-2 stays one word, 1.5cm becomes 5cm + 1.5cm) and draws its
Han class wider. So rjieba cuts a text whole only when it holds none of those characters, and
otherwise only its blocks of CJK characters, ASCII letters and digits; jieba cuts every other
block. On CMRC 2018, DRCD and the bundled page (passages and questions, with user words) and
100 k synthetic passages the result equals jieba's on every text (bench/segmenters.py);
tests/test_segment.py checks it on generated text.
"""

from __future__ import annotations

import re

import jieba
import rjieba

# jieba's own block patterns (jieba/__init__.py: re_han_default, re_skip_default), so the two
# cannot drift apart
_BLOCK: re.Pattern[str] = jieba.re_han_default
_SKIP: re.Pattern[str] = jieba.re_skip_default
# blocks on which rjieba was measured to cut exactly as jieba does: no `+#&._%-`
_FAST = re.compile("[\u4e00-\u9fd5a-zA-Z0-9]+")
# A text with none of these is cut by rjieba whole: `+#&._%-`, the ideographs in rjieba's Han
# class but not jieba's (and U+4DC0-U+4DFF beside them), and U+001C-U+001F (whitespace to
# Python's \s, not to Rust's). Its blocks are then all plain, and between blocks both yield
# each character, whitespace included, one by one (\r\n as one).
_RISKY = re.compile("[+#&._%\\-\u3400-\u4dff\u9fd6-\u9fff\uf900-\ufaff\U00020000-\U0003ffff\x1c-\x1f]")


class Segmenter:
    """jieba.Tokenizer's cut and cut_for_search (HMM as given), rjieba on the plain blocks."""

    def __init__(self, tokenizer: jieba.Tokenizer) -> None:
        self.jieba = tokenizer
        self._rust = rjieba.Jieba()
        self._jieba_only = False  # a user word of frequency 0 (jieba then forces its split in the HMM too)

    def add_word(self, word: str, freq: int | None, tag: str | None) -> None:
        """A user word, added to both segmenters alike (jieba's suggested freq when None)."""
        self.jieba.add_word(word, freq, tag)
        if self.jieba.FREQ[word] == 0:
            self._jieba_only = True
        self._rust.add_word(word, self.jieba.FREQ[word], tag)

    def cut(self, text: str, hmm: bool = True, search: bool = False) -> list[str]:
        """jieba's lcut (search=False) or lcut_for_search (search=True) of text."""
        slow = self.jieba.lcut_for_search if search else self.jieba.lcut
        if self._jieba_only:
            return list(slow(text, HMM=hmm))
        rust = self._rust.cut_for_search if search else self._rust.cut
        if not _RISKY.search(text):
            return rust(text, hmm)
        out: list[str] = []
        for block in _BLOCK.split(text):
            if not block:
                continue
            if _FAST.fullmatch(block):
                out += rust(block, hmm)
            elif _BLOCK.match(block) or _SKIP.search(block):
                out += slow(block, HMM=hmm)
            else:  # between blocks, no whitespace: jieba yields each character (too short for search grams)
                out.extend(block)
        return out
