"""The docs' code blocks run: a README example that no longer works is a failing test.

- every ```python block of README.md and docs/*.md is executed (in a temporary directory);
- every ```console block's `$ newsqa …` commands are run in process, and their output must
  be the one shown (scores aside: they move with any change to the ranking's arithmetic);
- the `newsqa …` lines of the README's ```bash blocks run, in order, in a directory where
  ARCHIVE/ holds the bundled page and NEW/ one more article (other lines there install
  packages or start the bot: not run);
- the JSON example of docs/cli.md has exactly the keys `newsqa ask --json` prints.
"""

from __future__ import annotations

import io
import json
import re
import shlex
from pathlib import Path

import pytest

from retrieval.cli import main
from retrieval.service import bundled_corpus

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_FENCE = re.compile(r"^```(\w+)[^\n]*\n(.*?)^```\s*$", re.M | re.S)
_SCORE = re.compile(r"score -?\d+\.\d+")


def blocks(lang: str) -> list[tuple[str, str]]:
    """(name for the test id, code) of every block fenced as lang."""
    found = []
    for path in DOCS:
        text = path.read_text(encoding="utf-8")
        for m in _FENCE.finditer(text):
            if m.group(1) == lang:
                line = text.count("\n", 0, m.start()) + 1
                found.append((f"{path.relative_to(ROOT)}:{line}", m.group(2)))
    return found


def console_commands() -> list[tuple[str, list[str], str]]:
    """(block name, argv after `newsqa`, the output shown) for each `$ newsqa` line."""
    commands = []
    for name, code in blocks("console"):
        for chunk in re.split(r"^\$ ", code, flags=re.M)[1:]:
            command, _, output = chunk.partition("\n")
            argv = shlex.split(command)
            assert argv[0] == "newsqa", f"{name}: only newsqa commands belong in console blocks: {command}"
            commands.append((name, argv[1:], output))
    return commands


def test_the_readme_has_blocks_to_run() -> None:
    assert blocks("python") and console_commands()


@pytest.mark.parametrize("code", [c for _, c in blocks("python")], ids=[n for n, _ in blocks("python")])
def test_python_block_runs(code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # an example that saves an index writes it here
    exec(compile(code, "<doc block>", "exec"), {"__name__": "__doc_block__"})


@pytest.mark.parametrize(("argv", "shown"), [(a, o) for _, a, o in console_commands()], ids=[f"{n}:{' '.join(a)[:40]}" for n, a, _ in console_commands()])
def test_console_block_prints_what_it_shows(argv: list[str], shown: str) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(argv, stdout=out, stderr=err) == 0, err.getvalue()
    assert _SCORE.sub("score S", out.getvalue()) == _SCORE.sub("score S", shown)


def test_readme_shell_commands_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = [line for m in _FENCE.finditer(text) if m.group(1) == "bash" for line in m.group(2).splitlines()]
    commands = [shlex.split(line, comments=True)[1:] for line in lines if line.startswith("newsqa ")]
    assert [c[0] for c in commands] == ["index", "ask", "index"]  # the README's own-files walk-through
    (tmp_path / "ARCHIVE").mkdir()
    (tmp_path / "ARCHIVE" / bundled_corpus().name).write_bytes(bundled_corpus().read_bytes())
    (tmp_path / "NEW").mkdir()
    extra = {"id": "new:1", "title": "温县召开会议", "text": "温县召开疫情防控工作会议。", "date": "2020-02-05"}
    (tmp_path / "NEW" / "more.jsonl").write_text(json.dumps(extra, ensure_ascii=False) + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for argv in commands:
        out, err = io.StringIO(), io.StringIO()
        assert main(argv, stdout=out, stderr=err) == 0, (argv, err.getvalue())
        if argv[0] == "ask":
            assert "毛文明" in out.getvalue()  # 温县县委书记, from the archive's own index
    assert "8 -> 9 articles" in err.getvalue()


def test_the_documented_json_has_the_real_keys() -> None:
    [(_, example)] = [(n, c) for n, c in blocks("json") if n.startswith("docs/cli.md")]
    documented = json.loads(example)
    out = io.StringIO()
    assert main(["ask", documented["question"], "--json", "--top-k", "1"], stdout=out) == 0
    real = json.loads(out.getvalue())
    assert set(documented) == set(real)
    assert set(documented["hits"][0]) == set(real["hits"][0])
    assert set(documented["hits"][0]["answer"]) == set(real["hits"][0]["answer"])
    assert set(documented["hits"][0]["article"]) == set(real["hits"][0]["article"])
    assert documented["hits"][0]["answer"]["text"] == real["hits"][0]["answer"]["text"]
