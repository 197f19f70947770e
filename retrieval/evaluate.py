"""Measuring answer quality on questions with gold answer strings.

A hit is a passage whose text holds a gold string (both normalized). Questions
with no gold strings are unanswerable: the right response is `answered: false`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .service import NewsQA, answer_matches


@dataclass(frozen=True)
class Question:
    q: str
    answers: tuple[str, ...]
    kind: str = ""


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
        }


def read_questions(path: str | Path) -> list[Question]:
    out = []
    with Path(path).open(encoding="utf-8") as f:
        for lineno, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                out.append(Question(obj["q"], tuple(obj.get("answers") or ()), obj.get("kind", "")))
            except (json.JSONDecodeError, KeyError, TypeError) as e:
                raise ValueError(f"{path}:{lineno}: expected {{\"q\": str, \"answers\": [str]}} ({e})") from e
    return out


def evaluate(qa: NewsQA, questions: Iterable[Question], depth: int = 20) -> Report:
    r = Report()
    for q in questions:
        answer = qa.ask(q.q, top_k=depth)
        if not q.answers:
            r.unanswerable += 1
            r.abstained += not answer.answered
            if answer.answered:
                r.misses.append({"q": q.q, "kind": q.kind, "why": "answered an unanswerable question", "top": answer.hits[0].text})
            continue
        r.answerable += 1
        ranks = [h.rank for h in answer.hits if answer_matches(h.text, q.answers)]
        first = ranks[0] if ranks else None
        r.top1 += first == 1
        r.top5 += first is not None and first <= 5
        r.top20 += first is not None and first <= 20
        r.rr += 1 / first if first is not None and first <= 10 else 0.0
        r.answered += answer.answered
        if first != 1 or not answer.answered:
            r.misses.append(
                {
                    "q": q.q,
                    "kind": q.kind,
                    "why": "abstained" if first == 1 else f"gold at rank {first}",
                    "answers": list(q.answers),
                    "top": answer.hits[0].text if answer.hits else None,
                }
            )
    return r
