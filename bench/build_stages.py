"""Where a tokenizer worker's time goes: CPU seconds per build stage over one corpus, in one process.

    PYTHONPATH=. python bench/build_stages.py CORPUS.jsonl [--json]

CORPUS is a JSONL corpus, e.g. the one `bench/scale.py --work DIR` keeps in DIR/SIZE/.
The stages run one after the other over every passage and headline, as `build._process`
does them: chunking, the analyzer's fold (and within it the number rewrite), cutting
(newsqa's segmenter, and jieba alone on the same folded text for comparison), the term
filter, counting; then the whole worker (`build._process` in batches) once.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from retrieval import build  # noqa: E402
from retrieval.chunking import chunk_spans  # noqa: E402
from retrieval.config import IndexSettings  # noqa: E402
from retrieval.index import count_terms  # noqa: E402
from retrieval.ingest import read_articles  # noqa: E402
from retrieval.numbers import normalize_numbers  # noqa: E402
from retrieval.text import normalize  # noqa: E402
from retrieval.tokenizer import AnalyzerSpec  # noqa: E402

T = TypeVar("T")


def cpu(fn: Callable[[], T]) -> tuple[float, T]:
    t0 = time.process_time()
    out = fn()
    return time.process_time() - t0, out


def measure(path: Path) -> dict[str, Any]:
    arts = read_articles([path])
    s = IndexSettings()
    spec = AnalyzerSpec.from_files(s.tokenizer_mode, s.stopwords, s.user_dict, oov_chars=s.oov_chars)
    bspec = build.BuildSpec(spec, s.chunking, s.title_weight, s.outline)
    build._init_worker(bspec)
    assert build._worker is not None
    an = build._worker[0]
    stages: dict[str, float] = {}
    stages["analyzer start-up (dictionaries)"], _ = cpu(an._init)
    assert an._seg is not None
    stages["chunking"], spans = cpu(lambda: [chunk_spans(a.text, s.chunking) for a in arts])
    texts = [a.text[x:y] for a, sp in zip(arts, spans) for x, y in sp] + [a.headline for a in arts]
    stages["fold (NFKC, lower, t2s, numbers)"], folded = cpu(lambda: [an.fold(t) for t in texts])
    lowered = [normalize(t).lower() for t in texts]
    stages["  of which numbers"], _ = cpu(lambda: [normalize_numbers(t) for t in lowered])
    hmm, search = spec.hmm, spec.mode == "search"
    stages["cutting (segment.py)"], cuts = cpu(lambda: [an._seg.cut(f, hmm, search=search) for f in folded])  # type: ignore[union-attr]
    jb = an._jieba
    stages["cutting, jieba alone (for comparison)"], _ = cpu(lambda: [jb.lcut_for_search(f, HMM=hmm) if search else jb.lcut(f, HMM=hmm) for f in folded])
    stages["term filter"], tokens = cpu(lambda: [[t for t in map(an._terms.__getitem__, c) if t] for c in cuts])
    stages["counting"], _ = cpu(lambda: count_terms(iter(tokens), {}))
    items = [(a.headline, a.text) for a in arts]
    size = build.BATCH_ARTICLES
    stages["whole worker (build._process)"], _ = cpu(lambda: [build._process(items[i : i + size]) for i in range(0, len(items), size)])
    return {"corpus": str(path), "articles": len(arts), "texts": len(texts), "chars": sum(map(len, texts)), "cpu_s": stages}


def markdown(res: dict[str, Any]) -> str:
    lines = [
        f"{res['articles']:,} articles, {res['texts']:,} passages and headlines, {res['chars'] / 1e6:.2f} M characters; CPU seconds, one process:",
        "",
        "| stage | CPU s |",
        "|---|---:|",
    ]
    lines += [f"| {name} | {sec:.2f} |" for name, sec in res["cpu_s"].items()]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    p.add_argument("corpus", type=Path, help="a JSONL corpus (bench/scale.py --work keeps DIR/SIZE/corpus.jsonl)")
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    res = measure(args.corpus)
    print(json.dumps(res, indent=1) if args.json else markdown(res))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
