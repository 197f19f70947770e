"""bench/quality.py on the bundled page alone: one table, every half, the project's own figures."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from retrieval.evaluate import evaluate, read_questions
from retrieval.model import Article
from retrieval.service import NewsQA


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory, bench_module: Callable[[str], ModuleType]) -> tuple[ModuleType, list]:
    pytest.importorskip("rank_bm25")
    pytest.importorskip("bm25s")
    quality = bench_module("quality")
    return quality, quality.run([], True, tmp_path_factory.mktemp("quality"), None)


def test_rows_per_half_and_system(page: tuple[ModuleType, list], page_articles: list[Article]) -> None:
    quality, (report,) = page
    qa = NewsQA.build(page_articles)  # the bench indexes the page as any corpus: no sample dictionary
    assert report.name == quality.PAGE and report.straddling is None
    halves = [r.half for r in report.rows]
    assert halves == ["tune"] * 4 + ["heldout"] * 4 + ["all"] * 4
    project = {r.half: r for r in report.rows if r.system.startswith("newsqa")}
    questions = read_questions(quality.PAGE_QUESTIONS)
    # the project's row for all = retrieval.evaluate on the in-memory page
    rates = evaluate(qa, questions).rates()
    assert (project["all"].top1, project["all"].top5, project["all"].answered) == (rates["top1"], rates["top5"], rates["answered"])
    assert project["all"].abstained == rates["abstained"] and project["all"].mean_chars == rates["mean_chars"]
    # the halves partition the questions
    assert project["tune"].answerable + project["heldout"].answerable == project["all"].answerable == 139
    assert project["tune"].unanswerable + project["heldout"].unanswerable == project["all"].unanswerable == 53
    tune = evaluate(qa, [q for q in questions if q.half == "tune"]).rates()
    assert project["tune"].top1 == tune["top1"]
    for r in report.rows:
        if not r.system.startswith("newsqa"):  # baselines: answerable only, no answered/abstained/spans
            assert r.unanswerable == 0 and r.answered is r.abstained is r.span_contains is r.span_top1 is None
            assert r.answerable == project[r.half].answerable and 0 < r.top1 <= r.top5 <= r.top20 <= 1
            assert r.mean_chars and r.p50_ms and r.p50_ms > 0


def test_table_and_written_files(page: tuple[ModuleType, list], tmp_path: Path) -> None:
    quality, reports = page
    text = quality.table([row for r in reports for row in r.rows])
    assert text.count("\n") == 2 + 12 - 1 and "| page (canned questions) | heldout | newsqa (defaults) | 73 + 26 |" in text
    assert "| – | – |" in text  # baselines' answered/abstained
    meta = quality.provenance(["--page", "--docs"], None)
    js, md = quality.write(tmp_path, meta, reports)
    body = md.read_text(encoding="utf-8")
    assert body.startswith("# Quality figures") and "`PYTHONPATH=. python bench/quality.py --page --docs`" in body
    assert meta["date"] in body and text in body
    figures = json.loads(js.read_text(encoding="utf-8"))
    assert figures["command"] == meta["command"] and len(figures["sets"][0]["rows"]) == 12


def test_convert_keeps_ids_and_splits_by_hash(tmp_path: Path, bench_module: Callable[[str], ModuleType]) -> None:
    quality = bench_module("quality")
    src = tmp_path / "squad.json"
    qas = [{"id": f"Q{i}", "question": f"问题{i}?", "answers": [{"text": "答案", "answer_start": 0}]} for i in range(40)]
    qas.append({"id": "none", "question": "无答案?", "answers": []})
    src.write_text(json.dumps({"data": [{"title": "题", "paragraphs": [{"id": "P1", "context": "答案在此。", "qas": qas}]}]}), "utf-8")
    corpus, qfile, owners = quality.convert(src, tmp_path / "work")
    questions = read_questions(qfile)
    assert [q.id for q in questions] == [f"Q{i}" for i in range(40)] and owners == ["P1"] * 40
    assert {q.half for q in questions} == {"tune", "heldout"}
    assert all(q.half == quality.half_of(q.id) for q in questions)


def test_out_inside_the_repository_is_refused(bench_module: Callable[[str], ModuleType]) -> None:
    repo = Path(__file__).resolve().parents[1]
    with pytest.raises(SystemExit):
        bench_module("quality").main(["--page", "--out", str(repo / "tmp-bench")])
    assert not (repo / "tmp-bench").exists()


def test_docs_without_the_public_sets_is_refused(
    bench_module: Callable[[str], ModuleType], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Writing the published table from a tree with no ../shared/bench would drop CMRC and DRCD."""
    quality = bench_module("quality")
    monkeypatch.setattr(quality, "SHARED", tmp_path / "nowhere")
    monkeypatch.setattr(quality, "DOCS", tmp_path / "docs")
    with pytest.raises(SystemExit):
        quality.main(["--docs"])
    assert "not found" in capsys.readouterr().err and not (tmp_path / "docs").exists()


def test_the_readme_table_is_written_between_its_markers(page: tuple[ModuleType, list], tmp_path: Path) -> None:
    quality, reports = page
    readme = tmp_path / "README.md"
    readme.write_text(f"# x\n\n{quality.README_BEGIN}\nold\n{quality.README_END}\n\nrest\n", encoding="utf-8")
    assert quality.update_readme(reports, readme)
    text = readme.read_text(encoding="utf-8")
    assert "old" not in text and text.endswith("\n\nrest\n") and "| page (canned questions) | heldout |" in text
    (tmp_path / "plain.md").write_text("no markers\n", encoding="utf-8")
    assert quality.update_readme(reports, tmp_path / "plain.md") is False
