"""bench/dialogue_misses.py: follow-up misses counted by reading and gold rank."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import pytest

from retrieval.service import NewsQA


def test_misses_reads_rank_and_kind(qa: NewsQA, bench_module: Callable[[str], ModuleType]) -> None:
    misses = bench_module("dialogue_misses")
    answered = {"id": "a", "half": "tune", "turns": [{"q": "温县县委书记是谁?", "answers": ["毛文明"]}, {"q": "那马村区呢?", "answers": ["宗家桢"]}]}
    missed = {"id": "b", "half": "tune", "turns": [{"q": "温县县委书记是谁?", "answers": ["毛文明"]}, {"q": "那马村区呢?", "answers": ["不在页面上的字符串"]}]}
    other_half = {**missed, "id": "c", "half": "heldout"}
    total, out = misses.misses(qa, [answered, missed, other_half], "tune")
    assert total == 2  # one follow-up in each tuning dialogue; the held-out one is not run
    assert [(m["id"], m["turn"], m["kind"], m["rank"]) for m in out] == [("b", 1, "ellipsis", 0)]
    assert "马村区" in out[0]["asked"] and out[0]["previous"] == "温县县委书记是谁?"


def test_held_out_half_is_never_listed(bench_module: Callable[[str], ModuleType]) -> None:
    misses = bench_module("dialogue_misses")
    with pytest.raises(SystemExit):
        misses.main(["--half", "heldout", "--list"])
