"""bench/scale.py at a small size on real data: the figures are there, and newsqa ranks like rank-bm25.

Skipped when the CMRC 2018 trial file is not beside the repository (../shared/bench/).
"""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[1]
CMRC = Path(__file__).resolve().parents[2] / "shared/bench/cmrc2018_trial.json"
SIZE, QUERIES = 2_000, 30


def _scale() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_scale", REPO / "bench" / "scale.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[ModuleType, dict]:
    if not CMRC.is_file():
        pytest.skip(f"{CMRC} is absent")
    pytest.importorskip("rank_bm25")
    scale = _scale()
    engines = ["newsqa", "rank_bm25"] + (["bm25s"] if importlib.util.find_spec("bm25s") else [])
    return scale, scale.run(CMRC, [SIZE], tmp_path_factory.mktemp("scale"), QUERIES, engines)


def test_corpus_is_seeded_and_sized() -> None:
    if not CMRC.is_file():
        pytest.skip(f"{CMRC} is absent")
    scale = _scale()
    cmrc = scale.load_cmrc(CMRC)
    arts = list(scale.articles(cmrc, 1_000))
    assert arts == list(scale.articles(cmrc, 1_000))
    assert sum(len(a["text"].split("\n")) for a in arts) == 1_000
    assert all(5 <= len(a["text"].split("\n")) <= 15 for a in arts[:-1])
    assert all(a["title"] in cmrc.titles for a in arts)
    assert all(8 <= len(s) <= 120 for s in cmrc.sentences)
    assert scale.sample_queries(cmrc.questions, 30) == scale.sample_queries(cmrc.questions, 30)
    assert len(scale.sample_queries(cmrc.questions, 2_500)) == 2_500


def test_table_has_positive_figures(report: tuple[ModuleType, dict]) -> None:
    scale, rep = report
    rows = {r.engine: r for r in rep["rows"]}
    assert {"newsqa", "rank_bm25"} <= set(rows)
    for r in rows.values():
        assert r.size == SIZE and len(r.ms) == QUERIES
        for value in (r.build_s, r.p50_ms, r.p99_ms, r.peak_mb):
            assert value is not None and value > 0 and math.isfinite(value), r
    assert rows["newsqa"].index_mb > 0 and rows["newsqa"].open_s > 0
    assert rows["rank_bm25"].index_mb is None
    text = scale.render(rep)
    assert text.count(f"| {SIZE:,} |") >= len(rows) and "Machine:" in text
    assert rep["sizes"][0]["newsqa"]["postings"] > SIZE


def test_newsqa_top1_equals_rank_bm25(report: tuple[ModuleType, dict]) -> None:
    """Where both have a unique best score, the best passage is the same one, with the same score."""
    scale, rep = report
    rows = {r.engine: r for r in rep["rows"]}
    ours, ref = rows["newsqa"], rows["rank_bm25"]
    compared = 0
    for (ids_a, sc_a), (ids_b, sc_b) in zip(ours.results, ref.results):
        if scale.unique_best(sc_a) and scale.unique_best(sc_b):
            compared += 1
            assert ids_a[0] == ids_b[0]
            assert sc_a[0] == pytest.approx(sc_b[0], rel=1e-9)
    assert compared >= QUERIES * 2 // 3
    p = next(p for p in rep["parity"] if p["vs"] == "rank_bm25")
    assert p["agree"] == p["compared"] == compared
