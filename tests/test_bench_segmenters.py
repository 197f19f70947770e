"""bench/segmenters.py's agreement figures and bench/build_stages.py's stage timing, on small input."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from types import ModuleType


def test_agreement_counts_identical_lists_and_term_set_overlap(bench_module: Callable[[str], ModuleType]) -> None:
    seg = bench_module("segmenters")
    ref = [["北京", "大学"], ["a", "b"], []]
    got = [["北京", "大学"], ["a", "c"], []]
    exact, jaccard = seg.agreement(ref, got)
    assert exact == 2 / 3
    assert jaccard == (1.0 + 1 / 3 + 1.0) / 3


def test_terms_drop_punctuation_space_and_stopwords(bench_module: Callable[[str], ModuleType]) -> None:
    seg = bench_module("segmenters")
    assert seg.terms(["北京", "，", " ", "的", "大学 "], frozenset({"的"})) == ["北京", "大学"]


def test_the_newsqa_segmenter_row_agrees_with_jieba(bench_module: Callable[[str], ModuleType]) -> None:
    seg = bench_module("segmenters")
    cuts = seg.segmenters((("宗家桢", None, "nr"),))
    text = "区委书记宗家桢任指挥长，1-2月增长3.5%。"
    assert cuts["newsqa (segment.py)"](text) == cuts["jieba"](text)


def test_build_stages_times_every_stage(bench_module: Callable[[str], ModuleType], tmp_path: Path) -> None:
    stages = bench_module("build_stages")
    corpus = tmp_path / "corpus.jsonl"
    lines = [{"id": f"a{i}", "title": "焦作新闻", "text": "马村区疫情防控指挥部成立。\n区委书记任指挥长。"} for i in range(3)]
    corpus.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    res = stages.measure(corpus)
    assert res["articles"] == 3 and res["texts"] == 3 * 2 + 3
    assert all(sec >= 0 for sec in res["cpu_s"].values()) and "cutting (segment.py)" in res["cpu_s"]
    assert "| whole worker (build._process) |" in stages.markdown(res)
