"""Faster segmenters against jieba: token agreement per passage and speed, in one run.

    PYTHONPATH=. python bench/segmenters.py [--rounds N] [--json] [--docs]

Every candidate cuts the SAME folded text (the analyzer's fold: NFKC, lower case, OpenCC t2s,
numbers) in search mode with HMM, as newsqa's analyzer does, and its words go through the
analyzer's own filter (punctuation and spaces dropped, stopwords dropped). Agreement with jieba
is counted per passage (exact token-list equality, and the Jaccard index of the term sets,
averaged) on the passages of CMRC 2018 trial and DRCD test (../shared/bench, read from their
paths) and of the bundled page (with its user dictionary added word by word, as the analyzer
does), and on each set's questions. Speed is single-process cutting time over all those
passages, best of --rounds, the candidates interleaved within each round. `--docs` writes the
table into docs/segmenters.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.squad import read_squad  # noqa: E402
from retrieval.chunking import chunk_spans  # noqa: E402
from retrieval.ingest import read_articles  # noqa: E402
from retrieval.service import bundled_corpus, sample_settings  # noqa: E402
from retrieval.tokenizer import _WORD, ANALYZER_VERSION, Analyzer, AnalyzerSpec  # noqa: E402

SHARED = ROOT.parent / "shared" / "bench"
PUBLIC = {"cmrc2018_trial.json": "CMRC 2018 trial", "DRCD_test.json": "DRCD test"}
PAGE_QUESTIONS = ROOT / "tests" / "data" / "questions.jsonl"
DOCS = ROOT / "docs" / "segmenters.md"
Cut = Callable[[str], list[str]]  # folded text -> search-mode words (HMM on)
UserWords = tuple[tuple[str, int | None, str | None], ...]


@dataclass
class TextSet:
    name: str
    passages: list[str]  # as written
    questions: list[str]
    user_words: UserWords


def text_sets() -> list[TextSet]:
    sets = []
    for file, name in PUBLIC.items():
        path = SHARED / file
        if not path.is_file():
            continue
        passages, questions = [], []
        for doc in read_squad(path):
            for para in doc.paragraphs:
                passages.extend(para.context[a:b] for a, b in chunk_spans(para.context))
                questions.extend(qa.question for qa in para.qas)
        sets.append(TextSet(name, passages, questions, ()))
    page_spec = AnalyzerSpec.from_files(user_dict=sample_settings().user_dict)
    page = [a.text[x:y] for a in read_articles([bundled_corpus()]) for x, y in chunk_spans(a.text)]
    page_q = [json.loads(line)["q"] for line in PAGE_QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    sets.append(TextSet("page (bundled, user words)", page, page_q, page_spec.user_words))
    return sets


def segmenters(user_words: UserWords) -> dict[str, Cut]:
    """Each candidate with the user words added; missing packages are left out."""
    import jieba

    out: dict[str, Cut] = {}
    jb = jieba.Tokenizer()
    jb.initialize()
    for w, f, t in user_words:
        jb.add_word(w, f, t)
    out["jieba"] = lambda s: jb.lcut_for_search(s, HMM=True)
    from retrieval.segment import Segmenter

    jb2 = jieba.Tokenizer()
    jb2.initialize()
    seg = Segmenter(jb2)
    for w, f, t in user_words:
        seg.add_word(w, f, t)
    out["newsqa (segment.py)"] = lambda s: seg.cut(s, True, search=True)
    try:
        import rjieba

        rj = rjieba.Jieba()
        for w, f, t in user_words:
            rj.add_word(w, f, t)
        out["rjieba"] = lambda s: rj.cut_for_search(s, True)
    except ImportError:
        pass
    try:
        import jieba_fast_dat

        own = jieba_fast_dat.Tokenizer()
        own.initialize()
        same = jieba_fast_dat.Tokenizer(Path(jieba.__file__).parent / "dict.txt")
        same.initialize()
        for tok in (own, same):
            for w, f, t in user_words:
                tok.add_word(w, f, t)
        out["jieba-fast-dat (jieba's dict)"] = lambda s: same.lcut_for_search(s, HMM=True)
        out["jieba-fast-dat (own dict)"] = lambda s: own.lcut_for_search(s, HMM=True)
    except ImportError:
        pass
    return out


def terms(words: list[str], stop: frozenset[str]) -> list[str]:
    """The analyzer's filter (Analyzer.raw_tokens and tokens, oov_chars off)."""
    return [w for w in (w.strip() for w in words) if w and _WORD.search(w) and w not in stop]


def agreement(ref: list[list[str]], got: list[list[str]]) -> tuple[float, float]:
    """(share of texts with the same token list, mean Jaccard of the term sets)."""
    same = sum(a == b for a, b in zip(ref, got))
    jac = 0.0
    for a, b in zip(ref, got):
        sa, sb = set(a), set(b)
        jac += len(sa & sb) / len(sa | sb) if sa | sb else 1.0
    return same / max(len(ref), 1), jac / max(len(ref), 1)


def measure(rounds: int) -> dict[str, Any]:
    sets = text_sets()
    analyzer = Analyzer()
    stop = analyzer.stopwords
    rows: list[dict[str, Any]] = []
    speed_texts: list[str] = []
    for ts in sets:
        cuts = segmenters(ts.user_words)
        for kind, texts in (("passages", ts.passages), ("questions", ts.questions)):
            folded = [analyzer.fold(t) for t in texts]
            if kind == "passages":
                speed_texts.extend(folded)
            ref = [terms(cuts["jieba"](f), stop) for f in folded]
            for name, cut in cuts.items():
                if name == "jieba":
                    continue
                got = [terms(cut(f), stop) for f in folded]
                exact, jaccard = agreement(ref, got)
                diff = next(((f, a, b) for f, a, b in zip(folded, ref, got) if a != b), None)
                rows.append(
                    {
                        "set": ts.name,
                        "kind": kind,
                        "texts": len(texts),
                        "segmenter": name,
                        "exact": exact,
                        "jaccard": jaccard,
                        "example": None if diff is None else _example(*diff),
                    }
                )
    cuts = segmenters(())
    chars = sum(len(t) for t in speed_texts)
    best = {name: float("inf") for name in cuts}
    for _ in range(rounds):
        for name, cut in cuts.items():
            t0 = time.perf_counter()
            for t in speed_texts:
                cut(t)
            best[name] = min(best[name], time.perf_counter() - t0)
    speed = {name: {"s_per_mchar": s / chars * 1e6, "speedup": best["jieba"] / s} for name, s in best.items()}
    versions = {}
    for pkg in ("jieba", "rjieba", "jieba-fast-dat"):
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            pass
    return {"rows": rows, "speed": speed, "chars": chars, "texts": len(speed_texts), "rounds": rounds, "versions": versions}


def _example(folded: str, ref: list[str], got: list[str]) -> str:
    """The first place two token lists part, with a little context."""
    i = next((k for k, (a, b) in enumerate(zip(ref, got)) if a != b), min(len(ref), len(got)))
    lo = max(i - 2, 0)
    return f"jieba {' '.join(ref[lo : i + 3])} / {' '.join(got[lo : i + 3])}"


def markdown(res: dict[str, Any]) -> str:
    v = res["versions"]
    lines = [
        "# Segmenters: jieba and faster candidates",
        "",
        "Written by `PYTHONPATH=. python bench/segmenters.py --docs` (do not edit by hand). Every",
        "candidate cuts the same folded text (NFKC, lower case, OpenCC t2s, numbers) in search mode",
        "with HMM, as the analyzer does, and the analyzer's filter drops punctuation, spaces and",
        "stopwords. Agreement is with jieba, per text: the share of texts whose token lists are",
        "identical, and the mean Jaccard index of their term sets. The page's user dictionary",
        "is added word by word (`add_word(word, freq, tag)`) to every candidate.",
        "",
        "Versions: " + ", ".join(f"{k} {x}" for k, x in v.items()) + ".",
        "",
        f"newsqa's analyzer (version {ANALYZER_VERSION}) cuts with `retrieval/segment.py`: rjieba on the blocks of CJK,",
        "ASCII letters and digits, where it agrees with jieba, and jieba itself on every block holding",
        "`+#&._%-` (where rjieba keeps 1-2, s.k. or formula_2 whole, and cuts 1.5cm as 5cm + 1.5cm).",
        "jieba-fast-dat is not used: it drops `%` and decimals in its HMM path (99% -> 99, 9.25 -> 9 25)",
        "and ships another dictionary. Install it (`pip install jieba-fast-dat`) for its rows.",
        "",
        "| set | texts | segmenter | identical token lists | mean term-set Jaccard |",
        "|---|---:|---|---:|---:|",
    ]
    for r in res["rows"]:
        lines.append(f"| {r['set']}, {r['kind']} | {r['texts']:,} | {r['segmenter']} | {r['exact']:.1%} | {r['jaccard']:.4f} |")
    lines += [
        "",
        f"Speed, one process, cutting only (fold and filter excluded), over the {res['texts']:,} passages above",
        f"({res['chars'] / 1e6:.2f} M characters), best of {res['rounds']} interleaved rounds:",
        "",
        "| segmenter | s per M characters | speed-up over jieba |",
        "|---|---:|---:|",
    ]
    for name, s in res["speed"].items():
        lines.append(f"| {name} | {s['s_per_mchar']:.2f} | {s['speedup']:.1f}x |")
    examples = [r for r in res["rows"] if r["example"]]
    if examples:
        lines += ["", "First difference per row (jieba's tokens / the candidate's):", ""]
        lines += [f"- {r['set']}, {r['kind']}, {r['segmenter']}: {r['example']}" for r in examples]
    lines += ["", f"Machine: {platform.python_implementation()} {platform.python_version()}, run {dt.date.today().isoformat()}.", ""]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument("--docs", action="store_true", help=f"write {DOCS.relative_to(ROOT)}")
    args = p.parse_args(argv)
    res = measure(args.rounds)
    text = markdown(res)
    print(json.dumps(res, ensure_ascii=False, indent=1) if args.json else text)
    if args.docs:
        DOCS.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
