"""retrieval/ is a plain library: it never imports the bot or telegram."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_retrieval_source_never_imports_bot_or_telegram() -> None:
    for path in (ROOT / "retrieval").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] not in {"telegram", "bot"}, f"{path.name} imports {name}"
                assert name.split(".")[0] not in {"pickle", "joblib", "dill"}, f"{path.name} imports {name}"


def test_running_the_cli_loads_no_telegram() -> None:
    code = (
        "import sys, io; from retrieval.cli import main; "
        "main(['ask', '温县县委书记是谁?', '--json'], stdout=io.StringIO()); "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('telegram', 'bot')]; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, timeout=120)
