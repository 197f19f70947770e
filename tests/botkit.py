"""Helpers of the bot's end-to-end tests: an Application on the fake Bot API, run as
run_polling would, and waits on what it sends.

A helper module, not a test module, so the bot test modules and make_transcript.py share
it without importing each other.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from telegram.ext import Application

from bot.app import ALLOWED_UPDATES, build_application
from bot.config import load_bot_config
from retrieval.config import load_config
from retrieval.service import NewsQA

try:
    from tests.fake_botapi import FakeBotAPI
except ImportError:  # tests/ on sys.path instead of the repo root
    from fake_botapi import FakeBotAPI  # type: ignore[no-redef]

TOKEN = "123456:AAE2e-test_token_0123456789abcdefXYZ"
BOT = "newsqa_test_bot"
GROUP = -100200300


def make_app(fake: FakeBotAPI, qa: NewsQA, **bot: Any) -> Application:
    """The real Application over qa, talking to the fake server, with [bot] settings `bot`."""
    bot_cfg = load_bot_config({"bot": {"base_url": fake.base_url, **bot}}, "e2e.toml", {})
    return build_application(load_config(None), bot_cfg, TOKEN, qa=qa)


@asynccontextmanager
async def running(app: Application, allowed_updates: list[str] | None = ALLOWED_UPDATES) -> AsyncIterator[Application]:
    """What Application.run_polling does, minus signal handling, so the test keeps the loop."""
    await app.initialize()
    try:
        if app.post_init:
            await app.post_init(app)
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1, allowed_updates=allowed_updates)
        await app.start()
        yield app
    finally:
        if app.updater and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()


async def wait_sent(fake: FakeBotAPI, chat_id: int, n: int, timeout: float = 10) -> list[dict]:
    """The bot's messages to chat_id, once there are at least n."""
    return await fake.async_wait_for(lambda s: len(s.sent_messages(chat_id)) >= n and s.sent_messages(chat_id), timeout)


async def settled(fake: FakeBotAPI, app: Application, timeout: float = 10) -> None:
    """Every update pushed so far fetched and handled to the end, so a reply not sent by now
    will never be (a sleep would only make that likely). Fetched: no update awaits a
    getUpdates offset; handled: PTB's queue is empty and no handler runs. PTB yields once
    between taking an update off its queue and starting the handler, so the quiet must
    hold on two checks in a row, with the event loop running between them."""
    quiet_checks = 0

    def quiet(s: FakeBotAPI) -> bool:
        nonlocal quiet_checks
        idle = not s.pending_updates() and app.update_queue.empty() and app.update_processor.current_concurrent_updates == 0
        quiet_checks = quiet_checks + 1 if idle else 0
        return quiet_checks >= 2

    await fake.async_wait_for(quiet, timeout)
