"""The [bot] section, the token from the environment, the per-user limiter and log redaction."""

from __future__ import annotations

import io
import logging
from pathlib import Path
from typing import Any

import pytest

from bot import logsafe
from bot.config import BotConfig, BotConfigError, TokenError, load_bot_config, resolve_token
from bot.ratelimit import SlidingWindowLimiter
from retrieval.config import ConfigError, load_config

TOKEN = "123456789:AAH-secret_tokenvalue0123456789abcdefgh"


def cfg(environ: dict[str, str] | None = None, **bot: Any) -> BotConfig:
    return load_bot_config({"bot": bot}, "test.toml", environ or {})


# ------------------------------------------------------------------ [bot]
def test_defaults() -> None:
    c = load_bot_config({}, None, {})
    assert c == BotConfig()
    assert (c.mode, c.rate_limit_per_minute, c.max_question_chars, c.log_level) == ("polling", 20, 200, "INFO")
    assert c.allowed_chat_ids == frozenset() and c.base_url is None and c.token_env == "TELEGRAM_BOT_TOKEN"


def test_every_key_from_a_real_file(tmp_path: Path) -> None:
    path = tmp_path / "newsqa.toml"
    path.write_text(
        """
[search]
top_k = 3

[bot]
token_env = "MY_TOKEN"
base_url = "http://127.0.0.1:8081/bot"
mode = "webhook"
webhook_listen = "0.0.0.0"
webhook_port = 8080
webhook_url = "http://bot.example.org/tg/hook"
webhook_secret_token = "file-secret"
webhook_secret_env = "MY_SECRET"
allowed_chat_ids = [1001, -100200300]
rate_limit_per_minute = 5
max_question_chars = 80
log_level = "debug"
examples = ["问题一", " 问题二 "]
flood_max_retries = 2
flood_rate_per_second = 0
""",
        encoding="utf-8",
    )
    config = load_config(path)  # retrieval skips [bot] and keeps it in raw
    assert config.search.top_k == 3
    c = load_bot_config(config.raw, config.source, {})
    assert c == BotConfig(
        token_env="MY_TOKEN",
        base_url="http://127.0.0.1:8081/bot",
        mode="webhook",
        webhook_listen="0.0.0.0",
        webhook_port=8080,
        webhook_url="http://bot.example.org/tg/hook",
        webhook_secret_token="file-secret",
        webhook_secret_env="MY_SECRET",
        allowed_chat_ids=frozenset({1001, -100200300}),
        rate_limit_per_minute=5,
        max_question_chars=80,
        log_level="DEBUG",
        examples=("问题一", "问题二"),
        flood_max_retries=2,
        flood_rate_per_second=0.0,
    )
    assert c.webhook_path == "tg/hook"
    assert (
        load_bot_config(config.raw, config.source, {"MY_SECRET": "env-secret", "LOG_LEVEL": "warning"}).webhook_secret_token == "env-secret"
    )  # the environment wins over the file


@pytest.mark.parametrize(
    "bot, fragment",
    [
        ({"rate_limit": 5}, "unknown key(s) rate_limit"),
        ({"mode": "carrier-pigeon"}, "mode must be one of polling, webhook"),
        ({"mode": "webhook"}, 'needs webhook_url = "https://'),
        ({"mode": "webhook", "webhook_url": "http://x.org/hook"}, 'needs webhook_url = "https://'),
        ({"webhook_port": 0}, "webhook_port must be between 1 and 65535"),
        ({"webhook_port": "8443"}, "webhook_port must be a whole number, got str"),
        ({"rate_limit_per_minute": True}, "rate_limit_per_minute must be a whole number, not a boolean"),
        ({"rate_limit_per_minute": 0}, "between 1 and 10000"),
        ({"max_question_chars": 2.5}, "max_question_chars must be a whole number"),
        ({"max_question_chars": 1001}, "max_question_chars must be between 1 and 1000"),  # the library's limit
        ({"allowed_chat_ids": [1, "2"]}, "allowed_chat_ids must be a list of whole numbers"),
        ({"allowed_chat_ids": 5}, "allowed_chat_ids must be a list"),
        ({"log_level": "LOUD"}, "log_level (or env LOG_LEVEL) must be one of"),
        ({"base_url": "ftp://x"}, "base_url must be an http(s) URL"),
        ({"token_env": "MY-TOKEN"}, "token_env must be an environment variable name"),
        ({"webhook_secret_token": "has space"}, "webhook secret must be 1-256 characters"),
        ({"examples": ["ok", ""]}, "examples must be a list of non-empty strings"),
        ({"flood_max_retries": 99}, "flood_max_retries must be between 0 and 20"),
        ({"flood_rate_per_second": -1}, "flood_rate_per_second must be between 0 and 1000"),
    ],
)
def test_bad_values_name_file_and_key(bot: dict[str, Any], fragment: str) -> None:
    with pytest.raises(BotConfigError) as err:
        cfg(**bot)
    assert str(err.value).startswith("test.toml [bot]: ") and fragment in str(err.value)
    assert isinstance(err.value, ConfigError)  # main() reports both kinds the same way


def test_webhook_over_http_only_with_a_local_bot_api_server() -> None:
    c = cfg(mode="webhook", webhook_url="http://10.0.0.2:8443/hook", base_url="http://10.0.0.1:8081/bot")
    assert c.mode == "webhook" and c.webhook_path == "hook"


def test_bad_env_overrides() -> None:
    with pytest.raises(BotConfigError, match="LOG_LEVEL"):
        cfg({"LOG_LEVEL": "chatty"})
    with pytest.raises(BotConfigError, match="webhook secret"):
        cfg({"TELEGRAM_WEBHOOK_SECRET": "bad secret!"})
    assert cfg({"LOG_LEVEL": "debug"}).log_level == "DEBUG"


def test_section_must_be_a_table() -> None:
    with pytest.raises(BotConfigError, match="must be a table"):
        load_bot_config({"bot": 5}, "x.toml", {})


# ------------------------------------------------------------------ the token
def test_token_from_the_configured_variable() -> None:
    assert resolve_token(BotConfig(), {"TELEGRAM_BOT_TOKEN": f"  {TOKEN}\n"}) == TOKEN
    assert resolve_token(cfg(token_env="OTHER"), {"OTHER": TOKEN}) == TOKEN


@pytest.mark.parametrize(
    "value", ["", "   ", "123456789", "abc:" + "x" * 35, "123:short", "123:" + "x" * 29, "123:" + "x" * 34 + "!", "１２３:" + "x" * 35, TOKEN + "\n" + TOKEN]
)
def test_missing_or_malformed_token(value: str) -> None:
    with pytest.raises(TokenError) as err:
        resolve_token(BotConfig(), {"TELEGRAM_BOT_TOKEN": value} if value else {})
    message = str(err.value)
    assert "TELEGRAM_BOT_TOKEN" in message and ("missing" in message or "malformed" in message)
    assert not value.strip() or value.strip() not in message  # never echo the secret


# ------------------------------------------------------------------ per-user sliding window
def test_sliding_window() -> None:
    now = [1000.0]
    limiter = SlidingWindowLimiter(3, 60, clock=lambda: now[0])
    assert [limiter.allow("u") for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("other")  # per key
    assert limiter.retry_after("u") == pytest.approx(60)
    now[0] += 30
    assert not limiter.allow("u") and limiter.retry_after("u") == pytest.approx(30)
    now[0] += 30  # the first three leave the window together
    assert limiter.retry_after("u") == 0 and limiter.allow("u")


def test_sliding_window_has_no_bucket_edge_burst() -> None:
    now = [0.0]
    limiter = SlidingWindowLimiter(2, 60, clock=lambda: now[0])
    now[0] = 59.0
    assert limiter.allow(1) and limiter.allow(1)
    now[0] = 61.0  # a fixed per-minute bucket would reset here
    assert not limiter.allow(1)


def test_sliding_window_forgets_idle_users() -> None:
    now = [0.0]
    limiter = SlidingWindowLimiter(1, 10, clock=lambda: now[0])
    for user in range(1023):
        limiter.allow(user)
    now[0] = 100.0
    limiter.allow("active")  # the 1024th check sweeps the idle ones
    assert len(limiter) == 1
    with pytest.raises(ValueError):
        SlidingWindowLimiter(0)


# ------------------------------------------------------------------ log redaction
@pytest.fixture
def protected() -> Any:
    logsafe.protect(TOKEN)
    yield
    logsafe.unprotect()


def test_redact() -> None:
    assert logsafe.redact(f"POST https://api.telegram.org/bot{TOKEN}/getMe") == "POST https://api.telegram.org/bot[REDACTED]/getMe"
    other = "987654321:" + "Z" * 35  # token-shaped strings are hidden even if unregistered
    assert logsafe.redact(f"x {other} y") == "x [REDACTED] y"


def test_records_are_redacted_everywhere(protected: None, caplog: pytest.LogCaptureFixture) -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logsafe.install_on_handlers([handler])
    logger = logging.getLogger("test.logsafe")
    logger.addHandler(handler)
    try:
        with caplog.at_level(logging.DEBUG, logger="test.logsafe"):
            logger.debug("url %s and %r", f"/bot{TOKEN}/sendMessage", {"token": TOKEN})
            try:
                raise RuntimeError(f"request to https://api.telegram.org/bot{TOKEN}/getUpdates failed")
            except RuntimeError:
                logger.exception("boom %d", 1)
            logger.warning(f"a secret in the format string {TOKEN} %s", "!", stack_info=True)
    finally:
        logger.removeHandler(handler)
    outputs = [stream.getvalue(), caplog.text, *(r.getMessage() for r in caplog.records)]
    assert all(TOKEN not in out and TOKEN.split(":")[1] not in out for out in outputs)
    assert "/bot[REDACTED]/sendMessage" in stream.getvalue() and "RuntimeError" in caplog.text
    assert "boom 1" in caplog.text


def test_filter_alone_redacts_in_place() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "token %s", (TOKEN,), None)
    logsafe.protect(TOKEN)
    try:
        assert logsafe.RedactingFilter().filter(record) is True
        assert record.getMessage() == "token [REDACTED]"
    finally:
        logsafe.unprotect()


def test_example_config_documents_every_key_with_its_default() -> None:
    example = Path(__file__).resolve().parents[1] / "config.example.toml"
    if not example.exists():
        pytest.skip("no config.example.toml")
    config = load_config(example)
    assert load_bot_config(config.raw, config.source, {}) == BotConfig()
    block = example.read_text(encoding="utf-8").split("[bot]", 1)[1]
    assert all(f"{key} = " in block for key in BotConfig.__dataclass_fields__)


def test_one_refusal_per_window() -> None:
    now = [0.0]
    limiter = SlidingWindowLimiter(2, 60, clock=lambda: now[0])
    assert [limiter.verdict("u") for _ in range(5)] == ["allow", "allow", "refuse", "silent", "silent"]
    now[0] = 30.0
    assert limiter.verdict("u") == "silent"  # still the same window: told once already
    now[0] = 61.0  # the window moved on: allowed again, and a later excess is refused once more
    assert [limiter.verdict("u") for _ in range(4)] == ["allow", "allow", "refuse", "silent"]
    assert limiter.verdict("other") == "allow"
