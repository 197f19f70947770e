"""Article dates: what counts as one, where a file's date comes from, and date ranges.

A date is ISO `YYYY-MM-DD`, or `YYYY-MM` for a monthly page whose day is not
known. Everything else is refused at ingestion, so that a filter by date, a
listing sorted by date and "the newest date in the corpus" mean something.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from pathlib import PurePath
from typing import Any

import numpy as np

from .errors import InputError
from .index import distinct

_ISO = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
# a date inside a file or folder name: 2023-05-01, 2023_05_01, 20230501, 2023-05 (not 12345678 inside a longer number)
_IN_NAME = re.compile(r"(?<!\d)((?:19|20)\d{2})[-_.]?(0[1-9]|1[0-2])(?:[-_.]?(0[1-9]|[12]\d|3[01]))?(?!\d)")
_YEAR, _MONTH, _DAY = re.compile(r"^(?:19|20)\d{2}$"), re.compile(r"^(0?[1-9]|1[0-2])$"), re.compile(r"^(0?[1-9]|[12]\d|3[01])$")


class DateError(InputError):
    """A date that is not ISO YYYY-MM-DD or YYYY-MM (or not on the calendar)."""


def check_date(value: str) -> str:
    """The date as given if it is ISO `YYYY-MM-DD` or `YYYY-MM` and on the calendar; else DateError."""
    m = _ISO.match(value.strip())
    if not m:
        raise DateError(f"date {value!r} is not YYYY-MM-DD or YYYY-MM")
    year, month, day = int(m[1]), int(m[2]), m[3]
    try:
        dt.date(year, month, int(day) if day else 1)
    except ValueError:
        raise DateError(f"date {value!r} is not a calendar date") from None
    return value.strip()


def _valid(year: str, month: str, day: str | None) -> str | None:
    text = f"{year}-{int(month):02d}" + (f"-{int(day):02d}" if day else "")
    try:
        return check_date(text)
    except DateError:
        return None


def date_from_parts(parts: Sequence[str]) -> str | None:
    """The date a path spells: the file name first (news-2020-02-04.txt), then a
    YYYY/MM/DD or YYYY/MM folder chain, then the nearest folder whose name holds one.

    `parts` are the path's folders and the file's stem, outermost first; only the
    part of the path the user chose (relative to the folder given) is passed, so a
    temporary or home directory's digits never date an article.
    """
    if not parts:
        return None
    m = _IN_NAME.search(parts[-1])
    if m and (found := _valid(*m.groups())):
        return found
    folders = list(parts[:-1])
    for i in range(len(folders) - 1, -1, -1):  # a chain of year / month [/ day] folders, innermost first
        if not _YEAR.match(folders[i]):
            continue
        month = folders[i + 1] if i + 1 < len(parts) - 1 and _MONTH.match(folders[i + 1]) else None
        if month is None:
            continue
        day = folders[i + 2] if i + 2 < len(parts) - 1 and _DAY.match(folders[i + 2]) else None
        if day is None and i + 2 == len(parts) - 1 and _DAY.match(parts[-1]):
            day = parts[-1]  # 2023/05/01.txt
        if found := _valid(folders[i], month, day):
            return found
    for name in reversed(folders):
        m = _IN_NAME.search(name)
        if m and (found := _valid(*m.groups())):
            return found
    return None


def date_from_path(path: PurePath) -> str | None:
    return date_from_parts([*path.parent.parts, path.stem] if str(path.parent) != "." else [path.stem])


def bounds(since: str | None, until: str | None) -> tuple[str, str]:
    """The inclusive day range [since, until] as YYYY-MM-DD strings; a month means all of it."""
    lo = "0000-00-00"
    hi = "9999-99-99"
    if since:
        s = check_date(since)
        lo = s if len(s) == 10 else s + "-01"
    if until:
        u = check_date(until)
        if len(u) == 7:
            y, m = int(u[:4]), int(u[5:])
            u = f"{u}-{calendar.monthrange(y, m)[1]:02d}"
        hi = u
    if lo > hi:
        raise DateError(f"--since {since} is after --until {until}")
    return lo, hi


def in_range(date: str | None, lo: str, hi: str) -> bool:
    """Whether an article's date overlaps [lo, hi]; a month-only date overlaps when any of its days does.
    An undated article is outside every range: a filter by date asks for dated news."""
    if not date:
        return False
    if len(date) == 7:
        return date + "-01" <= hi and date + "-31" >= lo
    return lo <= date <= hi


def article_mask(dates: Sequence[str | None], since: str | None, until: str | None, *, days_only: bool = False) -> np.ndarray:
    """A boolean per article: inside the range or not. With days_only, an article dated by
    month only is outside (for a day named in a question it is no evidence either way)."""
    lo, hi = bounds(since, until)
    return np.fromiter((in_range(d, lo, hi) and not (days_only and d is not None and len(d) < 10) for d in dates), dtype=bool, count=len(dates))


class DatedIndex:
    """A BM25 index seen through a passage filter: `top_k` returns only allowed passages,
    with the unfiltered index's scores (the statistics of the whole corpus, so a
    filtered question ranks its passages exactly as the full one would). Everything
    else is the wrapped index's."""

    def __init__(self, index: Any, allowed: np.ndarray) -> None:
        self._index = index
        self.allowed = allowed

    def __getattr__(self, name: str) -> Any:
        return getattr(self._index, name)

    def top_k(self, tokens: Sequence[str], k: int) -> tuple[np.ndarray, np.ndarray]:
        ix = self._index
        within = getattr(ix, "top_k_within", None)
        if within is not None:  # an engine that filters itself (retrieval/milvus.py)
            return within(tokens, k, self.allowed)  # type: ignore[no-any-return]
        tids = sorted({ix.vocab[t] for t in tokens if t in ix.vocab})
        if k <= 0 or not tids or not self.allowed.any():
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        docs = distinct(np.concatenate([np.asarray(ix.docs[int(ix.indptr[t]) : int(ix.indptr[t + 1])]) for t in tids]))
        docs = docs[self.allowed[docs]]
        scores = ix.get_scores(list(tokens))[docs]
        order = np.lexsort((docs, -scores))[:k]
        return docs[order].astype(np.int64), scores[order].copy()


# --- a date named in the question --------------------------------------------------

_Q_DAY = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})[日号]")
_Q_RELATIVE = {"今天": 0, "今日": 0, "昨天": 1, "昨日": 1, "前天": 2, "前日": 2}
REPORT_LAG_DAYS = 1  # a paper reports yesterday's events: the day named and the next day's paper are both "of that date"


def named_day(question: str, newest: str | None) -> str | None:
    """The day a question names (2月3日, 2020年2月3日, 昨天), as YYYY-MM-DD.

    Relative words and a date without a year are read against the corpus's newest
    date (昨天 = the day before it; 2月3日 = the latest 2月3日 not after it), since a
    corpus is an archive, not today's news. None when nothing is named or it cannot
    be placed (no dated corpus; 昨天 in a corpus dated by month only)."""
    m = _Q_DAY.search(question)
    if m:
        month, day = int(m[2]), int(m[3])
        if m[1]:
            years = [int(m[1])]
        elif newest:
            y = int(newest[:4])
            years = [y, y - 1]
        else:
            return None
        for year in years:
            try:
                found = dt.date(year, month, day).isoformat()
            except ValueError:
                return None
            if m[1] or not newest or found[: len(newest)] <= newest:
                return found
        return None
    if newest and len(newest) == 10:
        for word, back in _Q_RELATIVE.items():
            if word in question:
                return (dt.date.fromisoformat(newest) - dt.timedelta(days=back)).isoformat()
    return None


def report_window(day: str) -> tuple[str, str]:
    """The papers that may carry the events of `day`: that day's and the next REPORT_LAG_DAYS days'."""
    return day, (dt.date.fromisoformat(day) + dt.timedelta(days=REPORT_LAG_DAYS)).isoformat()


def without_named_day(question: str) -> str:
    """The question without the day it names, for asking the papers of that day: the filter
    already says when, and 2月2日 left in would favour any article that prints a date."""
    out = _Q_DAY.sub("", question, count=1)
    if out != question:
        return out
    for word in _Q_RELATIVE:
        if word in question:
            return question.replace(word, "", 1)
    return question
