"""Measuring answer quality on questions with gold answer strings.

A hit is a passage whose text holds a gold string (both normalized). Questions
with no gold strings are unanswerable: the right response is `answered: false`.

Each question may carry a stable `id` and a `half`: "tune" (look at it while
choosing levers) or "heldout" (only to confirm a choice). The half is decided by
a hash of the id (`half_of`), never by whether the question passes.

Answer spans: where the top-1 hit holds a gold string, `Hit.answer` (a span of
the hit's text) is scored too: does it contain a gold string, does it equal one
(punctuation and whitespace aside), and over all answerable questions, how often
the top-1 span contains gold (`span_top1`). `mean_chars` is the mean length of
the top-1 hits' text: a longer passage holds the answer more easily.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .service import Hit, NewsQA, answer_matches
from .text import normalize

HALVES = ("tune", "heldout")


def half_of(qid: str) -> str:
    """The half a question id falls in: sha1 of the id (UTF-8), even -> "tune", odd -> "heldout"."""
    return HALVES[int(hashlib.sha1(qid.encode("utf-8")).hexdigest(), 16) % 2]


@dataclass(frozen=True)
class Question:
    q: str
    answers: tuple[str, ...]
    kind: str = ""
    id: str = ""
    half: str = ""  # "tune", "heldout", or "" (not split)


@dataclass
class Report:
    answerable: int = 0
    unanswerable: int = 0
    top1: int = 0
    top5: int = 0
    top20: int = 0
    rr: float = 0.0
    answered: int = 0  # answerable questions the system answered
    abstained: int = 0  # unanswerable questions the system declined
    chars: int = 0  # total len(hit.text) of the top-1 hits (answerable questions with gold at rank 1)
    span_contains: int = 0  # …of those, how many have a `hit.answer` span containing a gold string
    span_exact: int = 0  # …and equal to one (punctuation and whitespace aside)
    span_top1: int = 0  # answerable questions whose top-1 hit's span contains a gold string
    misses: list[dict[str, Any]] = field(default_factory=list)

    def rates(self) -> dict[str, float | int]:
        n, u = self.answerable or 1, self.unanswerable or 1
        return {
            "questions": self.answerable + self.unanswerable,
            "answerable": self.answerable,
            "unanswerable": self.unanswerable,
            "top1": self.top1 / n,
            "top5": self.top5 / n,
            "top20": self.top20 / n,
            "mrr10": self.rr / n,
            "answered": self.answered / n,
            "abstained": self.abstained / u,
            "mean_chars": self.chars / (self.top1 or 1),
            "span_contains": self.span_contains / (self.top1 or 1),
            "span_exact": self.span_exact / (self.top1 or 1),
            "span_top1": self.span_top1 / n,
        }

    def __add__(self, other: Report) -> Report:
        """Both reports' counts together (e.g. the tune and heldout halves: all)."""
        if not isinstance(other, Report):
            return NotImplemented
        out = Report(misses=self.misses + other.misses)
        for name in ("answerable", "unanswerable", "top1", "top5", "top20", "rr", "answered", "abstained", "chars", "span_contains", "span_exact", "span_top1"):
            setattr(out, name, getattr(self, name) + getattr(other, name))
        return out


def _bare(text: str) -> str:
    """Normalized, without punctuation or whitespace: what an exact span match compares."""
    return "".join(ch for ch in normalize(text) if not (ch.isspace() or unicodedata.category(ch)[0] in "PZ"))


def span_scores(hit: Hit, answers: Iterable[str]) -> tuple[bool, bool]:
    """(the hit's answer span contains a gold string, equals one); (False, False) without a span."""
    if hit.answer is None:
        return False, False
    span = normalize(hit.answer.text)
    contains = any(normalize(a) in span for a in answers if a)
    bare = _bare(hit.answer.text)
    exact = bool(bare) and any(_bare(a) == bare for a in answers)
    return contains, exact


def read_questions(path: str | Path) -> list[Question]:
    out = []
    with Path(path).open(encoding="utf-8") as f:
        for lineno, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                qid = str(obj.get("id") or "")
                half = obj.get("half") or ""
                if half not in ("", *HALVES):
                    raise TypeError(f"half must be one of {HALVES} or absent, not {half!r}")
                out.append(Question(obj["q"], tuple(obj.get("answers") or ()), obj.get("kind", ""), qid, half))
            except (json.JSONDecodeError, KeyError, TypeError) as e:
                raise ValueError(f'{path}:{lineno}: expected {{"q": str, "answers": [str], "id": str, "half": "tune"|"heldout"}} ({e})') from e
    return out


def evaluate(qa: NewsQA, questions: Iterable[Question], depth: int = 20) -> Report:
    r = Report()
    for q in questions:
        answer = qa.ask(q.q, top_k=depth)
        if not q.answers:
            r.unanswerable += 1
            r.abstained += not answer.answered
            if answer.answered:
                r.misses.append({"id": q.id, "q": q.q, "kind": q.kind, "why": "answered an unanswerable question", "top": answer.hits[0].text})
            continue
        r.answerable += 1
        ranks = [h.rank for h in answer.hits if answer_matches(h.text, q.answers)]
        first = ranks[0] if ranks else None
        r.top1 += first == 1
        r.top5 += first is not None and first <= 5
        r.top20 += first is not None and first <= 20
        r.rr += 1 / first if first is not None and first <= 10 else 0.0
        r.answered += answer.answered
        contains, exact = span_scores(answer.hits[0], q.answers) if answer.hits else (False, False)
        r.span_top1 += contains
        if first == 1:
            r.chars += len(answer.hits[0].text)
            r.span_contains += contains
            r.span_exact += exact
        if first != 1 or not answer.answered:
            r.misses.append(
                {
                    "id": q.id,
                    "q": q.q,
                    "kind": q.kind,
                    "why": "abstained" if first == 1 else f"gold at rank {first}",
                    "answers": list(q.answers),
                    "top": answer.hits[0].text if answer.hits else None,
                }
            )
    return r
