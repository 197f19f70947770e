"""bench/ablation.py on the page alone: each row is its config's real figures."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest


def test_rows_follow_their_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bench_module: Callable[[str], ModuleType]) -> None:
    ablation = bench_module("ablation")
    levers = [lever for lever in ablation.LEVERS if lever[0] in ("nothing (defaults)", "`byline_answers = false`")]
    monkeypatch.setattr(ablation, "LEVERS", levers)
    defaults, off = ablation.run(None, tmp_path)
    assert set(defaults) == {"lever", "top1", "top5", "answered", "offtopic", "nearmiss"}
    # the byline questions are answered at rank 1 only with byline answers on
    assert defaults["top1"] > off["top1"] and defaults["top5"] > off["top5"]
    assert all(0 < defaults[k] <= 1 for k in ("top1", "top5", "answered", "offtopic", "nearmiss"))
    text = ablation.table([defaults, off])
    assert text.count("\n") == 3 and f"| {defaults['top1']:.3f} |" in text and "CMRC" not in text
