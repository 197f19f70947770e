"""Picking up a rebuilt index without a restart: on SIGHUP, or when its meta.json changes.

`newsqa index` swaps a new index directory in whole, so a reload opens the new one
in a worker thread and then serves it and its BotState (`BotData.serve`) in one
step. Questions already being answered keep the NewsQA they started with (its
memory-mapped files stay readable after the swap), so none is dropped; a reload
that fails (say, mid-swap) keeps the old index and is tried again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from dataclasses import replace
from pathlib import Path

from retrieval.config import SearchSettings
from retrieval.service import NewsQA

from .state import AnyApplication, BotState, make_state

log = logging.getLogger(__name__)
Signature = tuple[int, int, int]


def signature(index_dir: Path) -> Signature | None:
    """What changes when an index is rebuilt in place: meta.json's inode, size and mtime."""
    try:
        st = (index_dir / "meta.json").stat()
    except OSError:
        return None  # mid-swap, or gone: keep serving the old index
    return (st.st_ino, st.st_size, st.st_mtime_ns)


class IndexWatcher:
    """Reopens the index when its meta.json changes or on SIGHUP (`wake`), and serves it."""

    def __init__(self, app: AnyApplication, index_dir: Path, search: SearchSettings, interval: float) -> None:
        self.app, self.index_dir, self.search, self.interval = app, index_dir, search, interval
        self.seen = signature(index_dir)
        self.wake = asyncio.Event()
        self.reloads = 0

    async def run(self) -> None:
        while True:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.wake.wait(), self.interval if self.interval > 0 else None)
            forced = self.wake.is_set()
            self.wake.clear()
            current = signature(self.index_dir)
            if current is not None and (forced or current != self.seen):
                await self.reload(current)

    async def reload(self, current: Signature | None = None) -> bool:
        old_state: BotState = self.app.bot_data.state
        try:
            qa = await asyncio.to_thread(lambda: NewsQA.open(self.index_dir, self.search).warm())
            state = await asyncio.to_thread(make_state, qa, old_state.cfg)
        except Exception as e:  # a bad or half-swapped index: keep serving the old one
            log.warning("index reload failed, keeping the loaded index: %s", e)
            return False
        # keep the rate limiters (a reload must not reset anyone's budget) and the conversations
        state = replace(state, asks=old_state.asks, browse=old_state.browse, invalid=old_state.invalid, dialogues=old_state.dialogues)
        self.app.bot_data.serve(qa, state)
        self.seen = current or signature(self.index_dir)
        self.reloads += 1
        log.info("index reloaded: %d articles, %d passages", state.stats.articles, state.stats.passages)
        return True


def start(app: AnyApplication, index_dir: Path, search: SearchSettings, interval: float) -> IndexWatcher:
    """Start watching (and listening for SIGHUP where the platform allows it)."""
    watcher = IndexWatcher(app, index_dir, search, interval)
    app.bot_data.watcher = watcher
    app.bot_data.watcher_task = asyncio.get_running_loop().create_task(watcher.run())
    with contextlib.suppress(NotImplementedError, RuntimeError, ValueError, AttributeError):
        asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, watcher.wake.set)
    return watcher


async def stop(app: AnyApplication) -> None:
    task, app.bot_data.watcher_task = app.bot_data.watcher_task, None
    if task is not None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    with contextlib.suppress(NotImplementedError, RuntimeError, ValueError, AttributeError):
        asyncio.get_running_loop().remove_signal_handler(signal.SIGHUP)
