"""scale.py's data: a seeded synthetic corpus of exactly N passages and the questions asked of it.

Kept apart from the engines so that the smoke test can check the corpus (seeded, sized)
without building anything, and so that the sampling rules live in one place."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.squad import read_squad

SEED = 20200204
MIN_CHARS, MAX_CHARS = 8, 120
_SENTENCE = re.compile(r"[^。！？!?]*[。！？!?]+|[^。！？!?]+$")


@dataclass(frozen=True)
class Cmrc:
    sentences: list[str]  # the pool passages are drawn from
    titles: list[str]
    questions: list[str]


def split_sentences(text: str) -> list[str]:
    """Sentences ending at 。！？!? (kept), whitespace stripped."""
    return [s for s in (m.group().strip() for m in _SENTENCE.finditer(text)) if s]


def load_cmrc(path: Path) -> Cmrc:
    """Sentence pool, page titles and questions of a SQuAD-style CMRC file, in file order."""
    from retrieval.chunking import chunk_spans  # lazily: a child process imports retrieval from its snapshot
    from retrieval.text import normalize

    sentences, titles, questions = [], [], []
    for doc in read_squad(path):
        if doc.title:
            titles.append(doc.title)
        for para in doc.paragraphs:
            for s in split_sentences(para.context):
                # one line of the corpus must be one passage of the index, so N lines = N passages
                if MIN_CHARS <= len(s) <= MAX_CHARS and len(chunk_spans(normalize(s))) == 1:
                    sentences.append(s)
            questions += [q.question.strip() for q in para.qas if q.question.strip()]
    if not sentences or not titles or not questions:
        raise SystemExit(f"scale: {path}: no usable sentences, titles or questions")
    return Cmrc(sentences, titles, questions)


def articles(cmrc: Cmrc, n: int) -> Iterator[dict[str, str]]:
    """n passages in articles of 5-15 sentences (the last may be shorter), seeded."""
    rng = random.Random(SEED)
    made = a = 0
    while made < n:
        k = min(rng.randint(5, 15), n - made)
        title = rng.choice(cmrc.titles)
        text = "\n".join(rng.choice(cmrc.sentences) for _ in range(k))
        a += 1
        made += k
        yield {"id": f"s{a:07d}", "title": title, "text": text}


def write_corpus(cmrc: Cmrc, n: int, path: Path) -> int:
    """Write the JSONL corpus; return its article count."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8") as f:
        for art in articles(cmrc, n):
            f.write(json.dumps(art, ensure_ascii=False) + "\n")
            count += 1
    return count


def sample_queries(questions: Sequence[str], n: int) -> list[str]:
    """n questions sampled with the seed, cycling through shuffled copies past the set's size."""
    rng = random.Random(SEED)
    out: list[str] = []
    while len(out) < n:
        out += rng.sample(list(questions), min(len(questions), n - len(out)))
    return out
