"""The `[bot]` section of the config file, read into a typed, validated, frozen dataclass.

`retrieval.config.load_config` skips `[bot]`; the bot parses it here so that a typo in a
key or a wrong type fails at start-up with the file and key named, not at the first update.
Secrets (the token, the webhook secret) come from environment variables, never the file's
logs: the file only says which variable to read.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from retrieval.config import ConfigError
from retrieval.service import MAX_QUESTION_CHARS

TOKEN_RE = re.compile(r"[0-9]+:[A-Za-z0-9_-]{30,}")  # the spec's ^\d+:[A-Za-z0-9_-]{30,}$, ASCII digits only
_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")  # Telegram's rule for webhook secret_token
_ENV_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")
MODES = ("polling", "webhook")


class BotConfigError(ConfigError):
    """A `[bot]` section (or environment) the bot cannot run with; the message names the key."""


class TokenError(BotConfigError):
    """The bot token is missing or malformed; the message never contains the token itself."""


@dataclass(frozen=True)
class BotConfig:
    """Everything the Telegram side needs; the retrieval side keeps its own `Config`."""

    token_env: str = "TELEGRAM_BOT_TOKEN"
    base_url: str | None = None  # e.g. "http://127.0.0.1:8081/bot" for a self-hosted Bot API server
    mode: str = "polling"
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    webhook_url: str | None = None
    webhook_secret_token: str | None = None  # from the file, or from env webhook_secret_env (env wins)
    webhook_secret_env: str = "TELEGRAM_WEBHOOK_SECRET"
    allowed_chat_ids: frozenset[int] = field(default_factory=frozenset)  # empty: everyone
    rate_limit_per_minute: int = 20
    max_question_chars: int = 200
    log_level: str = "INFO"
    examples: tuple[str, ...] = ()  # empty: defaults that fit the corpus
    flood_max_retries: int = 5  # AIORateLimiter retries after Telegram's 429 retry_after
    flood_rate_per_second: float = 30.0  # AIORateLimiter overall pace; 0 turns throttling off
    reload_seconds: float = 5.0  # how often to check the index directory for a rebuild; 0: only on SIGHUP

    @property
    def webhook_path(self) -> str:
        """The path the webhook server listens on: the path of webhook_url."""
        return urlsplit(self.webhook_url or "").path.lstrip("/")


_KEYS = set(BotConfig.__dataclass_fields__)
_DEFAULTS = BotConfig()


def _fail(where: str, msg: str) -> BotConfigError:
    return BotConfigError(f"{where}: {msg}")


def _get(section: Mapping[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    """The key's value (or the dataclass default) after a type check that rejects bools as ints."""
    if key not in section:
        return getattr(_DEFAULTS, key)
    value = section[key]
    if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
        raise _fail(where, f"{key} must be {_kind_name(kind)}, not a boolean")
    if not isinstance(value, kind):
        raise _fail(where, f"{key} must be {_kind_name(kind)}, got {type(value).__name__}")
    return value


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {str: "a string", int: "a whole number", float: "a number", list: "a list"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def load_bot_config(raw: Mapping[str, Any], source: Path | str | None = None, environ: Mapping[str, str] | None = None) -> BotConfig:
    """Validate `raw["bot"]` (the parsed TOML) and the env overrides into a BotConfig."""
    env = os.environ if environ is None else environ
    where = f"{source or '<defaults>'} [bot]"
    section = raw.get("bot", {})
    if not isinstance(section, dict):
        raise _fail(where, "must be a table")
    unknown = set(section) - _KEYS
    if unknown:
        raise _fail(where, f"unknown key(s) {', '.join(sorted(unknown))} (known: {', '.join(sorted(_KEYS))})")

    token_env = _get(section, "token_env", str, where)
    secret_env = _get(section, "webhook_secret_env", str, where)
    for key, name in (("token_env", token_env), ("webhook_secret_env", secret_env)):
        if not _ENV_NAME_RE.match(name):
            raise _fail(where, f"{key} must be an environment variable name, got {name!r}")

    base_url = _get(section, "base_url", str, where) or None
    if base_url and urlsplit(base_url).scheme not in ("http", "https"):
        raise _fail(where, f"base_url must be an http(s) URL, got {base_url!r}")

    mode = _get(section, "mode", str, where)
    if mode not in MODES:
        raise _fail(where, f"mode must be one of {', '.join(MODES)}, got {mode!r}")
    listen = _get(section, "webhook_listen", str, where)
    port = _get(section, "webhook_port", int, where)
    if not 1 <= port <= 65535:
        raise _fail(where, "webhook_port must be between 1 and 65535")
    webhook_url = _get(section, "webhook_url", str, where) or None
    secret = env.get(secret_env) or _get(section, "webhook_secret_token", str, where) or None
    if secret is not None and not _SECRET_RE.match(secret):
        raise _fail(where, "webhook secret must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
    if mode == "webhook":
        scheme = urlsplit(webhook_url or "").scheme
        # Telegram only calls https webhooks; a self-hosted Bot API server (--local) also allows http.
        allowed = ("https", "http") if base_url else ("https",)
        if scheme not in allowed:
            raise _fail(where, f'mode = "webhook" needs webhook_url = "{"http(s)" if base_url else "https"}://…"')

    ids = _get(section, "allowed_chat_ids", list, where)
    if not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
        raise _fail(where, "allowed_chat_ids must be a list of whole numbers (chat ids)")

    rate = _get(section, "rate_limit_per_minute", int, where)
    if not 1 <= rate <= 10_000:
        raise _fail(where, "rate_limit_per_minute must be between 1 and 10000")
    max_chars = _get(section, "max_question_chars", int, where)
    if not 1 <= max_chars <= MAX_QUESTION_CHARS:  # the library refuses longer questions anyway
        raise _fail(where, f"max_question_chars must be between 1 and {MAX_QUESTION_CHARS}")

    level = (env.get("LOG_LEVEL") or _get(section, "log_level", str, where)).upper()
    if level not in _LEVELS:
        raise _fail(where, f"log_level (or env LOG_LEVEL) must be one of {', '.join(_LEVELS)}, got {level!r}")

    examples = _get(section, "examples", list, where)
    if not all(isinstance(e, str) and e.strip() for e in examples):
        raise _fail(where, "examples must be a list of non-empty strings")

    retries = _get(section, "flood_max_retries", int, where)
    if not 0 <= retries <= 20:
        raise _fail(where, "flood_max_retries must be between 0 and 20")
    pace = _get(section, "flood_rate_per_second", (int, float), where)
    if not 0 <= pace <= 1000:
        raise _fail(where, "flood_rate_per_second must be between 0 and 1000")
    reload_every = _get(section, "reload_seconds", (int, float), where)
    if not 0 <= reload_every <= 86_400:
        raise _fail(where, "reload_seconds must be between 0 and 86400")

    return BotConfig(
        token_env=token_env,
        base_url=base_url,
        mode=mode,
        webhook_listen=listen,
        webhook_port=port,
        webhook_url=webhook_url,
        webhook_secret_token=secret,
        webhook_secret_env=secret_env,
        allowed_chat_ids=frozenset(ids),
        rate_limit_per_minute=rate,
        max_question_chars=max_chars,
        log_level=level,
        examples=tuple(e.strip() for e in examples),
        flood_max_retries=retries,
        flood_rate_per_second=float(pace),
        reload_seconds=float(reload_every),
    )


def resolve_token(bot_cfg: BotConfig, environ: Mapping[str, str] | None = None) -> str:
    """The token from the configured env variable; TokenError (without the value) if unusable."""
    env = os.environ if environ is None else environ
    token = (env.get(bot_cfg.token_env) or "").strip()
    if not token:
        raise TokenError(f"the bot token is missing: set the environment variable {bot_cfg.token_env} to the token @BotFather gave you")
    if not TOKEN_RE.fullmatch(token):
        raise TokenError(f"the bot token in {bot_cfg.token_env} is malformed: expected <digits>:<at least 30 letters, digits, _ or ->, as @BotFather gives it")
    return token
