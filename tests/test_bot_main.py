"""`newsqa-bot` / `python -m bot`: argument and token checks, and whole runs in a subprocess."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import logsafe
from bot.app import main

try:
    from tests.fake_botapi import FakeBotAPI
except ImportError:  # tests/ on sys.path instead of the repo root
    from fake_botapi import FakeBotAPI

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "123456:AAMain-test_token_0123456789abcdefXYZ"
YANG = "马村区疫情防控指挥部第一副总指挥是谁?"


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    """main() configures the root logger for a process; give the next test the one it had."""
    root = logging.getLogger()
    saved = root.level, list(root.handlers), {n: logging.getLogger(n).level for n in ("httpx", "httpcore")}
    yield
    for handler in root.handlers:
        if handler not in saved[1]:
            root.removeHandler(handler)
    for handler in saved[1]:
        if handler not in root.handlers:
            root.addHandler(handler)
    root.setLevel(saved[0])
    for name, level in saved[2].items():
        logging.getLogger(name).setLevel(level)
    logsafe.unprotect()


@pytest.fixture
def fake() -> Iterator[FakeBotAPI]:
    with FakeBotAPI(TOKEN) as server:
        yield server


def config_file(tmp_path: Path, fake: FakeBotAPI, extra: str = "") -> Path:
    path = tmp_path / "bot.toml"
    path.write_text(f'[search]\ntop_k = 5\n\n[bot]\nbase_url = "{fake.base_url}"\n{extra}', encoding="utf-8")
    return path


# ------------------------------------------------------------------ refusing to start
@pytest.mark.parametrize(
    "value, word", [(None, "missing"), ("", "missing"), ("123:tooshort", "malformed"), ("bot" + TOKEN, "malformed"), (TOKEN.replace("_", "!"), "malformed")]
)
def test_missing_or_malformed_token_exits_2_before_any_network_call(
    value: str | None, word: str, tmp_path: Path, fake: FakeBotAPI, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    if value is not None:
        monkeypatch.setenv("TELEGRAM_BOT_TOKEN", value)
    assert main(["--config", str(config_file(tmp_path, fake))]) == 2
    err = capsys.readouterr().err
    assert err.startswith("newsqa-bot: error: ") and word in err and "TELEGRAM_BOT_TOKEN" in err
    assert not value or value not in err
    assert fake.raw_paths == []  # not even getMe


def test_token_variable_name_is_configurable(tmp_path: Path, fake: FakeBotAPI, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)  # set, but not the one configured
    monkeypatch.delenv("NEWSQA_TOKEN", raising=False)
    assert main(["--config", str(config_file(tmp_path, fake, 'token_env = "NEWSQA_TOKEN"\n'))]) == 2
    assert "NEWSQA_TOKEN" in capsys.readouterr().err and fake.raw_paths == []


@pytest.mark.parametrize(
    "content, fragment",
    [
        ("[bot]\nmode = 'smoke-signals'\n", "[bot]: mode must be one of"),
        ("[bot]\ntoken = 'do not put it here'\n", "unknown key(s) token"),
        ("[bots]\n", "unknown section [bots]"),
        ("[bot\n", "invalid TOML"),
    ],
)
def test_bad_config_exits_2(content: str, fragment: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    path = tmp_path / "bad.toml"
    path.write_text(content, encoding="utf-8")
    assert main(["--config", str(path)]) == 2
    err = capsys.readouterr().err
    assert fragment in err and TOKEN not in err


def test_missing_config_file_and_missing_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    assert main(["--config", str(tmp_path / "nope.toml")]) == 2
    assert "config file not found" in capsys.readouterr().err
    assert main(["--index", str(tmp_path / "no-index")]) == 2
    assert "cannot load the index" in capsys.readouterr().err


# ------------------------------------------------------------------ whole runs
def start_bot(tmp_path: Path, fake: FakeBotAPI, token: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": token, "LOG_LEVEL": "DEBUG", "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "--config", str(config_file(tmp_path, fake)), *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(proc: subprocess.Popen[str], timeout: float = 20) -> tuple[int, str]:
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate()
        pytest.fail(f"the bot did not stop within {timeout}s:\n{err[-3000:]}")
    return proc.returncode, err


def test_python_m_bot_runs_answers_and_stops_on_sigint(tmp_path: Path, fake: FakeBotAPI) -> None:
    proc = start_bot(tmp_path, fake, TOKEN)
    try:
        fake.push_command(1001, 1001, "/start")
        fake.push_message(1002, 1002, YANG)
        fake.wait_for(lambda s: len(s.sent_messages()) == 2, timeout=30)
        fake.inject("sendMessage", 502)  # an error, logged with its traceback at DEBUG
        fake.push_message(1003, 1003, YANG)
        fake.wait_for(lambda s: s.sent_messages(1003), timeout=10)
        time.sleep(0.2)
    finally:
        proc.send_signal(signal.SIGINT)
        code, err = finish(proc)
    assert code == 0, err[-3000:]
    assert "杨磊任第一副总指挥" in fake.sent_messages(1002)[0]["text"]
    assert fake.sent_messages(1003)[0]["text"] == "抱歉，出了点问题，请稍后再试。"
    assert fake.commands  # post_init registered the menu in the real run_polling path
    assert "DEBUG" in err and "Traceback" in err and "error while handling an update" in err
    assert TOKEN not in err and TOKEN.split(":")[1] not in err


def test_a_token_the_server_rejects_exits_1_without_logging_it(tmp_path: Path, fake: FakeBotAPI) -> None:
    other = "654321:AAOther-token_0123456789abcdefXYZ"  # well-formed, but not the server's
    code, err = finish(start_bot(tmp_path, fake, other))
    assert code == 1 and "Telegram refused to start the bot" in err
    assert [c.status for c in fake.calls][:1] == [401]
    assert other not in err and other.split(":")[1] not in err and "[REDACTED]" in err
