"""`newsqa-bot`: build the python-telegram-bot Application around a loaded NewsQA, and run it.

Exit codes: 0 stopped normally, 1 Telegram refused to start (e.g. a revoked token),
2 bad config, missing/malformed token, or an index that cannot be loaded — all of these
are reported on stderr before any network call.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TypedDict

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from retrieval.config import Config, ConfigError, load_config, with_overrides
from retrieval.ingest import IngestError
from retrieval.service import NewsQA
from retrieval.store import IndexFormatError

from . import handlers, logsafe
from .config import BotConfig, load_bot_config, resolve_token
from .state import CONTEXT_TYPES, AnyApplication, make_state

log = logging.getLogger(__name__)
# Edited messages are requested: an edited question is answered again.
ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY]
# Updates handled at once (each waits on a search thread or on Telegram, not on the CPU).
CONCURRENT_UPDATES = 64
# HTTP connections to the Bot API. Telegram allows ~30 messages/s, so more buys nothing, and
# httpcore's request-to-connection assignment costs O(pool x waiting requests) per request:
# with PTB's default of 256 the bot spent more CPU there than anywhere else under load.
CONNECTION_POOL_SIZE = 32


def register(app: AnyApplication) -> None:
    """Route updates to handlers: questions new or edited, commands only when new."""
    new, any_text = filters.UpdateType.MESSAGE, filters.UpdateType.MESSAGES
    private, groups = filters.ChatType.PRIVATE, filters.ChatType.GROUPS
    app.add_handler(TypeHandler(Update, handlers.gate), group=-1)
    app.add_handler(CommandHandler(["start", "help"], handlers.start, filters=new))
    app.add_handler(CommandHandler("new", handlers.new_topic, filters=new))
    app.add_handler(CommandHandler("ask", handlers.ask_command, filters=any_text))
    app.add_handler(MessageHandler(any_text & private & filters.TEXT & ~filters.COMMAND, handlers.private_text))
    app.add_handler(MessageHandler(any_text & groups & filters.TEXT & ~filters.COMMAND, handlers.group_text))
    app.add_handler(MessageHandler(new & private & filters.COMMAND, handlers.unknown_command))
    app.add_handler(MessageHandler(new & private & ~filters.TEXT, handlers.not_text))
    app.add_handler(CallbackQueryHandler(handlers.on_button))
    app.add_handler(InlineQueryHandler(handlers.on_inline))
    app.add_error_handler(handlers.on_error)


def build_application(cfg: Config, bot_cfg: BotConfig, token: str, qa: NewsQA | None = None) -> AnyApplication:
    """The ready-to-run Application; loads the index unless one is passed in (tests share one)."""
    logsafe.protect(token, bot_cfg.webhook_secret_token)
    qa = qa if qa is not None else NewsQA.from_config(cfg)
    qa.warm()  # the first question's took_ms is like the others' (not its return value: qa may be a wrapper)
    limiter = AIORateLimiter(overall_max_rate=bot_cfg.flood_rate_per_second, max_retries=bot_cfg.flood_max_retries)
    builder = (
        Application.builder()
        .token(token)
        .context_types(CONTEXT_TYPES)
        .rate_limiter(limiter)
        .concurrent_updates(CONCURRENT_UPDATES)
        .post_init(handlers.post_init)
        .post_stop(handlers.post_stop)
        .connection_pool_size(CONNECTION_POOL_SIZE)
    )
    if bot_cfg.base_url:
        builder = builder.base_url(bot_cfg.base_url)
    app = builder.build()
    app.bot_data.serve(qa, make_state(qa, bot_cfg))
    if cfg.index_dir is not None:  # a saved index can be rebuilt under us: watch it
        app.bot_data.reload = (Path(cfg.index_dir), cfg.search, bot_cfg.reload_seconds)
    register(app)
    return app


class WebhookOptions(TypedDict):
    listen: str
    port: int
    url_path: str
    webhook_url: str | None
    secret_token: str | None
    allowed_updates: list[str]


def webhook_options(bot_cfg: BotConfig) -> WebhookOptions:
    """Keyword arguments for run_webhook/start_webhook from the [bot] section."""
    return {
        "listen": bot_cfg.webhook_listen,
        "port": bot_cfg.webhook_port,
        "url_path": bot_cfg.webhook_path,
        "webhook_url": bot_cfg.webhook_url,
        "secret_token": bot_cfg.webhook_secret_token,
        "allowed_updates": ALLOWED_UPDATES,
    }


def run(app: AnyApplication, bot_cfg: BotConfig) -> None:
    """Block until SIGINT/SIGTERM, polling or serving the webhook."""
    if bot_cfg.mode == "webhook":
        if not bot_cfg.webhook_secret_token:
            log.warning("webhook without a secret token: anyone who finds the URL can post updates")
        app.run_webhook(**webhook_options(bot_cfg))
    else:
        app.run_polling(allowed_updates=ALLOWED_UPDATES)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="newsqa-bot", description="Answer questions about the news corpus on Telegram.")
    p.add_argument("--config", metavar="FILE", help="TOML config with a [bot] section (see config.example.toml)")
    p.add_argument("--index", metavar="DIR", help="index directory built by `newsqa index` (default: the bundled page, in memory)")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Console-script entry point: newsqa-bot [--config FILE] [--index DIR]."""
    args = _parser().parse_args(argv)
    try:
        cfg = with_overrides(load_config(args.config), index_dir=args.index)
        bot_cfg = load_bot_config(cfg.raw, cfg.source)
        token = resolve_token(bot_cfg)
    except ConfigError as e:
        print(f"newsqa-bot: error: {e}", file=sys.stderr)
        return 2
    logsafe.configure_logging(bot_cfg.log_level, token, bot_cfg.webhook_secret_token)
    try:
        app = build_application(cfg, bot_cfg, token)
    except (ConfigError, IngestError, IndexFormatError, OSError, ValueError) as e:
        print(f"newsqa-bot: error: cannot load the index: {logsafe.redact(str(e))}", file=sys.stderr)
        return 2
    stats = app.bot_data.state.stats
    log.info("index loaded: %d articles, %d passages; starting in %s mode", stats.articles, stats.passages, bot_cfg.mode)
    try:
        run(app, bot_cfg)
    except TelegramError as e:
        log.error("Telegram refused to start the bot: %s", e)
        return 1
    return 0
