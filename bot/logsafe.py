"""Keep the bot token (and webhook secret) out of every log line.

The token is part of every Bot API URL (`…/bot<token>/sendMessage`), and httpx logs full
request URLs at INFO; exceptions from the HTTP stack quote URLs too.  Two layers, sharing
one `redact` function:

* `RedactingFilter` on the root logger's handlers, as logging's docs suggest for handlers;
* a log-record factory, so that handlers added later (pytest's caplog, a library's own
  handler) see already-redacted records as well.

Both rewrite `msg`/`args` into one final string, and pre-format `exc_text`/`stack_info`,
so no formatter can later re-render the secret from the original objects.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
from collections.abc import Callable, Iterable
from typing import Any

REDACTED = "[REDACTED]"
# Anything shaped like a bot token, whether or not we were told about it (e.g. a mistyped one).
_TOKENISH = re.compile(r"[0-9]{5,}:[A-Za-z0-9_-]{30,}")
_secrets: set[str] = set()
_lock = threading.Lock()
_base_factory: Callable[..., logging.LogRecord] | None = None
_formatter = logging.Formatter()


def redact(text: str) -> str:
    """`text` with every registered secret and every token-shaped string replaced."""
    for secret in sorted(_secrets, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, REDACTED)
    return _TOKENISH.sub(REDACTED, text)


def scrub(record: logging.LogRecord) -> logging.LogRecord:
    """Redact a record in place (idempotent): message, exception text and stack."""
    if getattr(record, "_newsqa_scrubbed", False):
        return record
    try:
        message = record.getMessage()
    except Exception:  # a broken format string: keep logging, show the raw pieces
        message = f"{record.msg!r} % {record.args!r}"
    record.msg, record.args = redact(message), None
    if record.exc_info and record.exc_info[0] is not None and not record.exc_text:
        record.exc_text = _formatter.formatException(record.exc_info)
    if record.exc_text:
        record.exc_text = redact(record.exc_text)
    if record.stack_info:
        record.stack_info = redact(record.stack_info)
    setattr(record, "_newsqa_scrubbed", True)  # noqa: B010 - a marker no formatter knows
    return record


class RedactingFilter(logging.Filter):
    """A handler filter that never drops a record, only redacts it."""

    def filter(self, record: logging.LogRecord) -> bool:
        scrub(record)
        return True


def _factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
    assert _base_factory is not None
    return scrub(_base_factory(*args, **kwargs))


def protect(*secrets: str | None) -> None:
    """Register secrets to redact and make sure every new record is scrubbed."""
    global _base_factory
    with _lock:
        _secrets.update(s for s in secrets if s)
        if _base_factory is None:
            _base_factory = logging.getLogRecordFactory()
            logging.setLogRecordFactory(_factory)
    install_on_handlers(logging.getLogger().handlers)


def install_on_handlers(handlers: Iterable[logging.Handler]) -> None:
    """Add a RedactingFilter to each handler that has none yet."""
    for handler in handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())


def unprotect() -> None:
    """Forget the secrets and restore the original record factory (for tests)."""
    global _base_factory
    with _lock:
        _secrets.clear()
        if _base_factory is not None:
            logging.setLogRecordFactory(_base_factory)
            _base_factory = None


def configure_logging(level: int | str, *secrets: str | None) -> None:
    """Log to stderr at `level`, with secrets redacted and the HTTP stack's URL logs quiet."""
    logging.basicConfig(
        level=level,
        stream=sys.stderr,
        force=True,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # httpx/httpcore log each request URL (which holds the token) at INFO/DEBUG.
    for name in ("httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.WARNING)
    protect(*secrets)
