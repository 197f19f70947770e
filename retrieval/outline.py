"""Numbered points in an article: 提出四点要求。一要…。二要…。三是…

Chinese news reports a speech as an announcing sentence and numbered points,
each a short heading sentence followed by sentences that spell it out. Alone,
"一要强化危机意识" says neither who asked for it nor that it is the first point,
and "要抓好物资供应" does not say which point it belongs to. So each heading gets
its ordinal as a term (第一) and the announcing sentence's terms, and each
sentence under a heading gets the heading's terms: context fields, as the
headline is, without changing the passage a reader sees.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .numbers import parse_chinese_number

# A point's marker at the start of a sentence: 一要 / 二是 / 三则, 第一 / 第二, 一、 / (一) / 1、
_MARKER = re.compile(
    r"\s*(?:[(（]([一二三四五六七八九十]{1,3})[)）]"
    r"|第([一二三四五六七八九十]{1,3})(?:[,，、:：是要]|点)"
    r"|([一二三四五六七八九十]{1,3})(?:要|是|则|[、.．])"
    r"|([1-9]\d?)[、.．](?!\d))"
)
_ORDINAL_DIGITS = "零一二三四五六七八九"
MISSING_FIRST_REACH = 12  # sentences before a 二 searched for its 一: none there, the first point went unnumbered


@dataclass(frozen=True)
class Point:
    heading: int  # passage index of the point's numbered sentence
    end: int  # passage index after its last sentence
    number: int


def paragraph_breaks(text: str, spans: Sequence[tuple[int, int]]) -> list[bool]:
    """For each sentence span of text, whether a paragraph ends after it (a newline before the
    next sentence, or the end of the text)."""
    return ["\n" in text[b:a] for (_, b), (a, _) in zip(spans, spans[1:])] + [True] * bool(spans)


def marker_number(sentence: str) -> int | None:
    """The number a sentence opens with as a point's marker, or None."""
    m = _MARKER.match(sentence)
    if not m:
        return None
    raw = next(g for g in m.groups() if g)
    return int(raw) if raw.isdigit() else parse_chinese_number(raw)


def points(sentences: Sequence[str], breaks: Sequence[bool]) -> list[tuple[int | None, list[Point]]]:
    """Runs of numbered points (1, 2, 3 … in order, at least two) with the sentence that
    announces them (None when the run opens the article). breaks[i] is True when a
    paragraph ends after sentence i; the last point ends with its paragraph."""
    numbers = [marker_number(s) for s in sentences]
    runs: list[tuple[int | None, list[Point]]] = []
    i = 0
    while i < len(sentences):
        # a run opens at 一; or at 二 when the paper left the first point unnumbered (要做好招商
        # 对接工作。…二要抓好项目推进工作。三要…): then it must run on to 四 at least
        first = numbers[i] if numbers[i] == 1 or numbers[i] == 2 and 1 not in numbers[max(0, i - MISSING_FIRST_REACH) : i] else None
        if first is None:
            i += 1
            continue
        heads = [i]
        j = i + 1
        while j < len(sentences):
            if numbers[j] == len(heads) + first:
                heads.append(j)
            elif numbers[j] == 1:
                break  # a new list starts
            elif breaks[j - 1] and numbers[j] is None and _paragraph_has_no_marker(numbers, breaks, j):
                break  # the text moved on: a paragraph with no further points
            j += 1
        if len(heads) < (2 if first == 1 else 3):
            i += 1
            continue
        last_end = heads[-1] + 1
        while last_end < len(sentences) and not breaks[last_end - 1] and numbers[last_end] is None:
            last_end += 1
        ends = [*heads[1:], last_end]
        announcer = i - 1 if i > 0 and numbers[i - 1] is None and first == 1 else None
        runs.append((announcer, [Point(h, e, n) for n, (h, e) in enumerate(zip(heads, ends), start=first)]))
        i = last_end
    return runs


def _paragraph_has_no_marker(numbers: Sequence[int | None], breaks: Sequence[bool], start: int) -> bool:
    j = start
    while j < len(numbers):
        if numbers[j] is not None:
            return False
        if breaks[j]:
            return True
        j += 1
    return True


def ordinal_term(n: int) -> str:
    """第一 … 第九十九: the form a question asks in (第一点要求) and the analyzer keeps."""
    if n < 10:
        return "第" + _ORDINAL_DIGITS[n]
    tens, ones = divmod(n, 10)
    return "第" + ("" if tens == 1 else _ORDINAL_DIGITS[tens]) + "十" + (_ORDINAL_DIGITS[ones] if ones else "")


def context_terms(sentences: Sequence[str], breaks: Sequence[bool], tokens: Sequence[list[str]]) -> list[list[str]]:
    """Extra terms for each sentence of an article (most get none)."""
    extra: list[list[str]] = [[] for _ in sentences]
    for announcer, run in points(sentences, breaks):
        lead = list(tokens[announcer]) if announcer is not None else []
        for p in run:
            extra[p.heading] += [ordinal_term(p.number), *lead]
            for k in range(p.heading + 1, p.end):
                extra[k] += tokens[p.heading]
    return extra
