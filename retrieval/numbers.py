"""Writing numbers one way: 十五万 / 15万, 三千多 / 3000余, 第三次 / 第3次, 十四天 / 14天.

Applied by the analyzer to passages and questions alike, so either spelling
matches the other. Only runs that are clearly numbers are rewritten: a run with
a multiplier (十百千万亿), a run after 第, or a numeral before a unit; idioms
such as 万众一心, 十统一 or 一线 keep their characters.
"""

from __future__ import annotations

import re

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL = {"十": 10, "百": 100, "千": 1000}
NUMERALS = "零〇一二两三四五六七八九十百千万亿"  # the characters Chinese numbers are written with
UNITS = "天次点名元岁人户辆家条项倍年月日号时秒米层期批轮届所台件吨斤亩"
_RUN = re.compile(rf"(第)?([{NUMERALS}]+)(?=(小时|分钟|公里|[{UNITS}万千百])?)")
_ABOUT = re.compile(r"(?<=\d)余")
_ORDINAL_DIGITS = re.compile(r"(?<=第)([1-9]\d?)(?!\d)")


def parse_chinese_number(s: str) -> int | None:
    """Value of a Chinese numeral (e.g. 二十四 -> 24, 三千 -> 3000, 二〇二〇 -> 2020); None if not one."""
    if not s or any(ch not in NUMERALS for ch in s):
        return None
    if all(ch in _DIGITS for ch in s):  # digit by digit: 二〇二〇
        return int("".join(str(_DIGITS[ch]) for ch in s)) if len(s) > 1 else _DIGITS[s]
    total, section, digit = 0, 0, None
    for ch in s:
        if ch in _DIGITS:
            if digit not in (None, 0) and _DIGITS[ch] != 0:
                return None  # two digits in a row inside a positional numeral: not a number
            digit = _DIGITS[ch]
        elif ch in _SMALL:
            section += (1 if digit is None else digit) * _SMALL[ch]
            digit = None
        else:  # 万 / 亿 close a section
            unit = 10_000 if ch == "万" else 100_000_000
            section += digit or 0
            total = (total + section) * unit if ch == "亿" or total < unit else total + section * unit
            section, digit = 0, None
    return total + section + (digit or 0)


def _format(value: int) -> str:
    """Keep 万/亿 as units, the way news prints them: 150000 -> 15万."""
    if value >= 100_000_000 and value % 100_000_000 == 0:
        return f"{value // 100_000_000}亿"
    if value >= 10_000 and value % 10_000 == 0:
        return f"{value // 10_000}万"
    return str(value)


def _to_chinese(n: int) -> str:
    """1..99 as written after 第: 3 -> 三, 12 -> 十二, 24 -> 二十四."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def _rewrite(m: re.Match[str]) -> str:
    ordinal, run, unit = m.group(1), m.group(2), m.group(3)
    if ordinal and run:  # ordinals stay in characters (第一, 第三次): jieba knows them as words
        return m.group(0)
    if run == "一" and unit in ("时", "点"):  # 一时间 (at once), 一点 (a little): words, not 1时 / 1点
        return m.group(0)
    multiplier = any(ch in "十百千万亿" for ch in run)
    if not (unit or (multiplier and len(run) > 1)) or run in ("万", "亿"):
        return m.group(0)
    value = parse_chinese_number(run)
    if value is None:
        return m.group(0)
    return (ordinal or "") + _format(value)


def normalize_numbers(text: str) -> str:
    text = _ORDINAL_DIGITS.sub(lambda m: _to_chinese(int(m.group(1))), text)
    return _ABOUT.sub("多", _RUN.sub(_rewrite, text))


def normalize_numbers_mapped(text: str) -> tuple[str, list[int], list[int]]:
    """normalize_numbers, plus for each output character the source span it came from.

    Used to mark a question's (folded) terms in a passage as written.
    """
    if normalize_numbers(text) == text:  # the common case: nothing rewritten, offsets are the identity
        return text, list(range(len(text))), list(range(1, len(text) + 1))
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    matches = sorted([*_RUN.finditer(text), *_ORDINAL_DIGITS.finditer(text)], key=lambda m: m.start())
    for m in matches:
        if m.start() < pos:
            continue
        for i in range(pos, m.start()):
            out.append(text[i])
            starts.append(i)
            ends.append(i + 1)
        new = _rewrite(m) if m.re is _RUN else _to_chinese(int(m.group(1)))
        if new == m.group(0):
            for i in range(m.start(), m.end()):
                out.append(text[i])
                starts.append(i)
                ends.append(i + 1)
        else:
            out.extend(new)
            starts.extend([m.start()] * len(new))
            ends.extend([m.end()] * len(new))
        pos = m.end()
    for i in range(pos, len(text)):
        out.append(text[i])
        starts.append(i)
        ends.append(i + 1)
    folded = "".join(out)
    return _ABOUT.sub("多", folded), starts, ends  # 余 -> 多 keeps lengths
