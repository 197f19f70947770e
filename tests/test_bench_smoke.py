"""bench/scale.py at a small size on real data: the figures are there, and newsqa ranks like rank-bm25.

Needs the CMRC 2018 trial file beside the repository (../shared/bench/): skipped without it,
failed without it under CI (conftest.require_data).
"""

from __future__ import annotations

import importlib.util
import math
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
from conftest import in_ci

SIZE, QUERIES = 2_000, 30


def _has_milvus() -> bool:
    return all(importlib.util.find_spec(m) for m in ("pymilvus", "milvus_lite"))


@pytest.fixture(scope="module")
def cmrc_path(require_data: Callable[[Path], Path], shared_bench: Path) -> Path:
    return require_data(shared_bench / "cmrc2018_trial.json")


@pytest.fixture(scope="module")
def report(cmrc_path: Path, bench_module: Callable[[str], ModuleType], tmp_path_factory: pytest.TempPathFactory) -> tuple[ModuleType, dict]:
    scale = bench_module("scale")
    engines = ["newsqa", "rank_bm25"] + (["bm25s"] if importlib.util.find_spec("bm25s") else []) + (["milvus"] if _has_milvus() else [])
    return scale, scale.run(cmrc_path, [SIZE], tmp_path_factory.mktemp("scale"), QUERIES, engines)


def test_corpus_is_seeded_and_sized(cmrc_path: Path, bench_module: Callable[[str], ModuleType]) -> None:
    scale = bench_module("scale")
    cmrc = scale.load_cmrc(cmrc_path)
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


def test_milvus_row_answers_as_newsqa(report: tuple[ModuleType, dict]) -> None:
    """newsqa on Milvus Lite (okapi mode): the same hits, in the same order, for every question."""
    if not _has_milvus():
        if in_ci():
            pytest.fail("pymilvus/milvus-lite not installed; CI installs the milvus extra", pytrace=False)
        pytest.skip("pymilvus/milvus-lite not installed (pip install '.[milvus]')")
    scale, rep = report
    rows = {r.engine: r for r in rep["rows"]}
    ours, mv = rows["newsqa"], rows["milvus"]
    assert mv.build_s and mv.build_s > 0 and mv.index_mb and mv.index_mb > 0 and mv.peak_mb and mv.peak_mb > 0
    assert [ids for ids, _ in mv.results] == [ids for ids, _ in ours.results]
    for (_, a), (_, b) in zip(mv.results, ours.results):
        assert a == pytest.approx(b, rel=1e-9)
    p = next(p for p in rep["parity"] if p["vs"] == "milvus")
    assert p["agree"] == p["compared"] > 0
    assert "Milvus Lite (okapi mode)" in scale.render(rep)


def test_report_goes_between_the_page_markers(report: tuple[ModuleType, dict], tmp_path: Path) -> None:
    scale, rep = report
    from bench.report import DOCS_BEGIN, DOCS_END, write_docs

    page = tmp_path / "scaling.md"
    page.write_text(f"# Scaling\n\nbefore\n\n{DOCS_BEGIN}\nold figures\n{DOCS_END}\n\nafter\n", encoding="utf-8")
    write_docs(page, rep)
    text = page.read_text(encoding="utf-8")
    assert "old figures" not in text and scale.render(rep) in text
    assert text.startswith("# Scaling\n\nbefore\n\n" + DOCS_BEGIN) and text.endswith(DOCS_END + "\n\nafter\n")
    assert f"--sizes {SIZE} " in text
    write_docs(page, rep)  # again: the same page, not a second copy
    assert page.read_text(encoding="utf-8") == text
    page.write_text("# no markers\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="markers"):
        write_docs(page, rep)


def test_reuse_searches_the_index_a_run_left(cmrc_path: Path, bench_module: Callable[[str], ModuleType], tmp_path: Path) -> None:
    scale = bench_module("scale")
    first = scale.run(cmrc_path, [1_000], tmp_path, 10, ["newsqa"])
    index = tmp_path / "1000" / "newsqa-index" / "meta.json"
    built = index.stat().st_mtime_ns
    again = scale.run(cmrc_path, [1_000], tmp_path, 10, ["newsqa"], reuse=True)
    assert index.stat().st_mtime_ns == built  # not rebuilt
    a, b = first["rows"][0], again["rows"][0]
    assert a.build_s is not None and b.build_s is None and b.build_peak_mb is None
    assert a.results == b.results and again["sizes"][0]["articles"] == first["sizes"][0]["articles"]


def test_readme_speed_table_lists_every_engine_of_the_largest_size(report: tuple[ModuleType, dict], tmp_path: Path) -> None:
    _, rep = report
    from bench.report import README_BEGIN, README_END, readme_table, write_readme

    text = readme_table(rep)
    rows = {r.engine: r for r in rep["rows"]}
    assert f"| {SIZE:,} passages |" in text.splitlines()[0]
    assert f"| newsqa `ask`, levers off | {rows['newsqa'].build_s:.0f} | {rows['newsqa'].p50_ms:.2f} |" in text
    assert f"| rank_bm25 | {rows['rank_bm25'].build_s:.0f} | {rows['rank_bm25'].p50_ms:.2f} |" in text
    assert "newsqa `ask`, default settings" in text and "newsqa `top_k` alone" in text
    readme = tmp_path / "README.md"
    readme.write_text(f"# x\n\n{README_BEGIN}\nold\n{README_END}\n\nrest\n", encoding="utf-8")
    assert write_readme(readme, rep)
    assert readme.read_text(encoding="utf-8") == f"# x\n\n{README_BEGIN}\n{text}\n{README_END}\n\nrest\n"
    (tmp_path / "plain.md").write_text("# no markers\n", encoding="utf-8")
    assert not write_readme(tmp_path / "plain.md", rep)
