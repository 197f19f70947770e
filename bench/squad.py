"""The one reader of SQuAD-style files (CMRC 2018, DRCD): both benches parse the same JSON.

scale.py draws sentences, titles and questions from it, quality.py converts it to a corpus and
questions; reading the format in one place means a quirk of the files (a missing title or id,
blank answers) is met once. Values are kept as the file has them (no stripping, no fallbacks):
each caller applies its own rules, so neither bench's output changes with the reader."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Qa:
    id: Any  # the file's value, None when absent (callers fall back on falsy ids)
    question: str
    answers: list[str]  # every answer text, as written (possibly blank or repeated)


@dataclass(frozen=True)
class Paragraph:
    id: Any  # the file's value, None when absent
    context: str
    qas: list[Qa]


@dataclass(frozen=True)
class Document:
    title: str  # stripped; "" when absent or empty
    id: str | None  # str() of the file's id, None only when the key is absent
    paragraphs: list[Paragraph]


def read_squad(path: Path) -> list[Document]:
    """Every document of a SQuAD-style JSON file, in file order."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))["data"]
    return [
        Document(
            (doc.get("title") or "").strip(),
            str(doc["id"]) if "id" in doc else None,
            [
                Paragraph(
                    para.get("id"),
                    para["context"],
                    [Qa(qa.get("id"), qa["question"], [a["text"] for a in qa.get("answers", [])]) for qa in para["qas"]],
                )
                for para in doc["paragraphs"]
            ],
        )
        for doc in data
    ]
