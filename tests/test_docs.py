"""The docs' code blocks run: a README example that no longer works is a failing test.

- every ```python block of README.md and docs/*.md is executed (in a temporary directory);
- every ```console block's `$ newsqa …` commands are run in process, and their output must
  be the one shown (scores aside: they move with any change to the ranking's arithmetic);
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


@pytest.mark.parametrize(("argv", "shown"), [(a, o) for _, a, o in console_commands()],
                         ids=[f"{n}:{' '.join(a)[:40]}" for n, a, _ in console_commands()])
def test_console_block_prints_what_it_shows(argv: list[str], shown: str) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(argv, stdout=out, stderr=err) == 0, err.getvalue()
    assert _SCORE.sub("score S", out.getvalue()) == _SCORE.sub("score S", shown)


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
