"""Start-up stays out of took_ms: NewsQA.warm() loads what the first question would load."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.service import NewsQA
from retrieval.tokenizer import Analyzer


def _loads(qa: NewsQA, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every dictionary or tag-table load the analyzer does from now on."""
    calls: list[str] = []
    jieba_init = qa.analyzer._jieba.initialize
    tagged = qa.analyzer._tagged
    monkeypatch.setattr(qa.analyzer._jieba, "initialize", lambda *a, **k: calls.append("dictionary") or jieba_init(*a, **k))
    monkeypatch.setattr(qa.analyzer, "_tagged", lambda: calls.append("tags") or tagged())
    return calls


def test_a_warm_index_loads_nothing_on_its_first_question(qa: NewsQA, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    saved = NewsQA.open(qa.save(tmp_path / "index"))  # a fresh analyzer, as a new process has
    assert saved.warm() is saved
    calls = _loads(saved, monkeypatch)
    answer = saved.ask("温县县委书记是谁?")  # a question for a name: it reads the name tags
    assert answer.answered and calls == []


def test_a_cold_index_loads_on_its_first_question(qa: NewsQA, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The other side of the test above: without warm(), the first question pays for the loads."""
    cold = NewsQA.open(qa.save(tmp_path / "index"))
    calls = _loads(cold, monkeypatch)
    cold.ask("温县县委书记是谁?")
    assert calls == ["dictionary", "tags"]


def test_name_tags_are_the_dictionary_lines_tagged_nr_nt_ns(analyzer: Analyzer) -> None:
    """The tag table read by one regex holds exactly the lines a split() of each line finds."""
    analyzer.warm()
    with analyzer._jieba.get_dict_file() as f:
        lines = f.read().decode("utf-8").splitlines()
    expected: dict[str, str] = {}
    for line in lines:
        parts = line.split()
        if len(parts) == 3 and parts[2].startswith(("nr", "nt", "ns")):
            expected[parts[0]] = parts[2]
    assert analyzer._tagged() == expected and len(expected) > 50_000
