"""Splitting an article's text into sentence passages.

A passage is one sentence: what a reader wants as an answer. Spans are offsets
into the article text, so passages never lose or reorder text: between two
passages there is only whitespace.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import CLOSERS, quote_balance

# Longer sentences are split at ;/, boundaries. 120 cut 16 CMRC answers (lists of places, names)
# in two; at 200 one is left, passages stay sentences (p50 36, p99 153 characters): docs/quality.md
MAX_CHARS = 200
MIN_CHARS = 8  # shorter fragments ("揪心!”) merge with a neighbour

# A sentence ends after 。!?, an ellipsis run (…… or ...), or a "." followed by space,
# together with any closing quotes/brackets that follow.
_END = re.compile(rf"(?:[。!?！？]+|…+|\.{{3,}}|(?<![0-9A-Za-z])\.(?=\s)|(?<=[a-z])\.(?=\s|$))[{re.escape(CLOSERS)}]*")
_ELLIPSIS_END = re.compile(r"(?:…+|\.{3,})")  # an ellipsis with no closing quote after it
_SOFT = re.compile(r"[;；]")
_CLAUSE = re.compile(r"[,，、:：]")


@dataclass(frozen=True)
class ChunkSettings:
    max_chars: int = MAX_CHARS
    min_chars: int = MIN_CHARS


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans in text[start:end], whitespace trimmed, in order."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    pos = start
    for m in _END.finditer(text, start, end):
        if _ELLIPSIS_END.fullmatch(m.group(0)) and quote_balance(text[pos : m.start()]) > 0:
            continue  # a pause inside a quotation ("我们……一定能赢"), not the end of the sentence
        spans.append((pos, m.end()))
        pos = m.end()
    if pos < end:
        spans.append((pos, end))
    return [s for s in (_trim(text, a, b) for a, b in spans) if s[0] < s[1]]


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _split_long(text: str, a: int, b: int, max_chars: int) -> list[tuple[int, int]]:
    """Cut an over-long sentence at ; boundaries, else , boundaries, into near-equal pieces.

    Equal pieces rather than greedy packing: a greedy split leaves a short tail
    that, carrying the headline terms like every passage, outranks real answers.
    """
    if b - a <= max_chars:
        return [(a, b)]
    for pattern in (_SOFT, _CLAUSE):
        cuts = [m.end() for m in pattern.finditer(text, a, b) if a < m.end() < b]
        if not cuts:
            continue
        n = -(-(b - a) // max_chars)
        chosen: list[int] = []
        for i in range(1, n):
            target = a + (b - a) * i / n
            best = min(cuts, key=lambda c: abs(c - target))
            if best not in chosen and (not chosen or best > chosen[-1]):
                chosen.append(best)
        bounds = [a, *chosen, b]
        out: list[tuple[int, int]] = []
        for pa, pb in zip(bounds, bounds[1:]):
            pa, pb = _trim(text, pa, pb)
            if pa < pb:
                out.extend(_split_long(text, pa, pb, max_chars))
        if len(out) > 1:
            return out
    # no boundary at all: cut hard, so no passage is unbounded
    return [(i, min(i + max_chars, b)) for i in range(a, b, max_chars)]


def _merge_tiny(text: str, spans: list[tuple[int, int]], min_chars: int) -> list[tuple[int, int]]:
    """Merge fragments shorter than min_chars into the previous sentence, or the next if first."""
    out: list[tuple[int, int]] = []
    pending: tuple[int, int] | None = None  # a tiny first fragment waiting for its successor
    for a, b in spans:
        if pending is not None:
            a = pending[0]
            pending = None
        if b - a < min_chars:
            if out:
                out[-1] = (out[-1][0], b)
                continue
            pending = (a, b)
            continue
        out.append((a, b))
    if pending is not None:
        out.append(pending)
    return out


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    pos = 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def chunk_spans(text: str, settings: ChunkSettings = ChunkSettings()) -> list[tuple[int, int]]:
    """Passage spans of an article's text; paragraphs always end a passage."""
    result: list[tuple[int, int]] = []
    for pa, pb in paragraph_spans(text):
        sentences = []
        for a, b in sentence_spans(text, pa, pb):
            sentences.extend(_split_long(text, a, b, settings.max_chars))
        result.extend(_merge_tiny(text, sentences, settings.min_chars))
    return result
