"""conftest.require_data: missing benchmark data skips a test on a laptop and fails it in CI."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import in_ci, required


def test_present_data_is_returned(tmp_path: Path, require_data: Callable[[Path], Path]) -> None:
    data = tmp_path / "set.json"
    data.write_text("{}", encoding="utf-8")
    assert require_data(data) == data


def test_missing_data_skips_without_ci(tmp_path: Path) -> None:
    with pytest.raises(pytest.skip.Exception, match="absent"):
        required(tmp_path / "none.json", environ={})
    with pytest.raises(pytest.skip.Exception):
        required(tmp_path / "none.json", environ={"CI": "false"})


def test_missing_data_fails_under_ci(tmp_path: Path) -> None:
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        required(tmp_path / "none.json", environ={"CI": "true"})


def test_ci_values() -> None:
    assert [in_ci({"CI": v}) for v in ("true", "1", "yes", "True")] == [True] * 4
    assert [in_ci(e) for e in ({}, {"CI": ""}, {"CI": "0"}, {"CI": "false"})] == [False] * 4
