"""The bot picks up a rebuilt index without a restart, and drops no question meanwhile."""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path

import pytest
from telegram.ext import Application

from bot import reload
from bot.app import build_application
from bot.config import load_bot_config
from retrieval.config import load_config
from retrieval.ingest import read_articles
from retrieval.service import NewsQA, bundled_corpus

try:
    from tests.botkit import TOKEN, running, wait_sent
    from tests.fake_botapi import FakeBotAPI
except ImportError:  # tests/ not a package
    from botkit import TOKEN, running, wait_sent  # type: ignore[no-redef]
    from fake_botapi import FakeBotAPI  # type: ignore[no-redef]

QUESTION = "李培华要求防控从控车向什么转变?"
ANSWER = "从控车向控人转变"  # only in the page's last article


@asynccontextmanager
async def _bot_on(idx: Path, fake: FakeBotAPI, *, reload_seconds: float) -> AsyncIterator[Application]:
    """The bot over the index at idx, polling the fake Bot API, its index watcher stopped after."""
    cfg = replace(load_config(None), index_dir=idx)
    bot_cfg = load_bot_config({"bot": {"base_url": fake.base_url, "reload_seconds": reload_seconds}}, "e2e.toml", {})
    app = build_application(cfg, bot_cfg, TOKEN)
    async with running(app):
        try:
            yield app
        finally:
            await reload.stop(app)


@pytest.mark.asyncio
async def test_rebuilt_index_is_reloaded_without_dropping_questions(tmp_path: Path) -> None:
    articles = read_articles([bundled_corpus()])
    idx = tmp_path / "idx"
    NewsQA.build(articles[:-1]).save(idx)
    with FakeBotAPI(TOKEN) as fake:
        async with _bot_on(idx, fake, reload_seconds=0.2) as app:
            fake.push_message(1, 1, QUESTION)
            [before] = await wait_sent(fake, 1, 1)
            assert ANSWER not in before["text"]
            assert app.bot_data.state.stats.articles == 7

            rebuild = asyncio.to_thread(lambda: NewsQA.build(articles).save(idx))
            for user in range(100, 120):  # questions arriving while the index is swapped
                fake.push_message(user, user, "温县县委书记是谁?")
            await rebuild
            await fake.async_wait_for(lambda s: all(s.sent_messages(u) for u in range(100, 120)), 30)
            await fake.async_wait_for(lambda s: app.bot_data.watcher.reloads >= 1, 10)
            assert app.bot_data.state.stats.articles == 8

            fake.push_message(2, 2, QUESTION)
            [after] = await wait_sent(fake, 2, 1)
            assert ANSWER in after["text"]
            assert all(len(fake.sent_messages(u)) == 1 for u in range(100, 120))  # each answered once


@pytest.mark.asyncio
async def test_broken_rebuild_keeps_the_old_index(tmp_path: Path) -> None:
    idx = tmp_path / "idx"
    NewsQA.build(read_articles([bundled_corpus()])).save(idx)
    with FakeBotAPI(TOKEN) as fake:
        async with _bot_on(idx, fake, reload_seconds=0) as app:
            watcher = app.bot_data.watcher
            # a damaged index swapped in (new files, as `newsqa index` writes them; files
            # rewritten in place under a live memory map are not survivable by any mmap reader)
            damaged = tmp_path / "damaged"
            shutil.copytree(idx, damaged)
            (damaged / "docs.npy").write_bytes(b"garbage")
            os.replace(idx, tmp_path / "old")
            os.replace(damaged, idx)
            assert await watcher.reload() is False
            fake.push_message(3, 3, QUESTION)
            [card] = await wait_sent(fake, 3, 1)
            assert ANSWER in card["text"]
