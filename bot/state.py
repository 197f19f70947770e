"""What the handlers share, derived once from the loaded index at start-up.

Nothing here is needed to serve a button press after a restart: the fingerprint is a pure
function of the index, and the limiters may start empty.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeAlias

from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot

from retrieval.config import SearchSettings
from retrieval.dialogue import Dialogues
from retrieval.service import NewsQA, Stats

from .config import BotConfig
from .formatting import index_fingerprint
from .ratelimit import SlidingWindowLimiter
from .texts import DEFAULT_EXAMPLES


class BotData:
    """application.bot_data: what every handler shares, as typed attributes, not string keys.

    python-telegram-bot creates it (ContextTypes(bot_data=BotData), no arguments) before
    the index is loaded, so `qa` and `state` are filled in by `serve`, which sets both in
    one step: a question starting during a reload sees the old pair or the new pair, never
    a new index with the old fingerprint.
    """

    def __init__(self) -> None:
        self._qa: NewsQA | None = None
        self._state: BotState | None = None
        self.reload: tuple[Path, SearchSettings, float] | None = None  # a saved index to watch
        self.watcher: Any = None  # reload.IndexWatcher once watching (reload imports this module)
        self.watcher_task: asyncio.Task[None] | None = None

    def serve(self, qa: NewsQA, state: BotState) -> None:
        """Answer from now on with this index and what was derived from it."""
        self._qa, self._state = qa, state

    @property
    def qa(self) -> NewsQA:
        """The current index (a reload swaps it; each question keeps the one it started with)."""
        if self._qa is None:
            raise RuntimeError("no index is being served yet (BotData.serve was not called)")
        return self._qa

    @property
    def state(self) -> BotState:
        """Limiters, conversations and what the handlers derive from the index."""
        if self._state is None:
            raise RuntimeError("no index is being served yet (BotData.serve was not called)")
        return self._state


# What handlers receive as `context`: PTB's defaults except bot_data, which is BotData.
Context: TypeAlias = CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]
CONTEXT_TYPES: ContextTypes[Context, dict[Any, Any], dict[Any, Any], BotData] = ContextTypes(bot_data=BotData)
AnyApplication: TypeAlias = Application[Any, Any, Any, Any, BotData, Any]


@dataclass(frozen=True)
class BotState:
    """Served as BotData.state, next to the NewsQA it was derived from."""

    cfg: BotConfig
    stats: Stats
    fingerprint: str  # names the index in callback data; another index makes old buttons expire
    examples: tuple[str, ...]  # for /start, /help and the /ask usage hint
    titles: tuple[tuple[str, frozenset[str]], ...]  # every headline and its terms: the nearest are suggested
    asks: SlidingWindowLimiter  # questions and commands: rate_limit_per_minute per user
    browse: SlidingWindowLimiter  # button presses and inline queries: 3x that (cheap, bursty)
    dialogues: Dialogues  # follow-up memory per private chat, per (group, user) in groups
    invalid: SlidingWindowLimiter  # replies to stickers and over-long text: not counted as questions


def make_state(qa: NewsQA, bot_cfg: BotConfig) -> BotState:
    """Fingerprint, examples (configured, or defaults the corpus answers, else titles), limiters."""
    articles = [info for info, _ in qa.articles()]
    stats = qa.stats()
    fingerprint = index_fingerprint(stats, articles[0].id if articles else "", articles[-1].id if articles else "")
    titles = tuple(a.title for a in articles if a.title)
    headlines = tuple((title, frozenset(qa.analyzer.tokens(title))) for title in dict.fromkeys(titles))
    # Asking the defaults also warms the analyzer up (jieba loads its dictionary on first use),
    # so the first user's question is not the slow one.
    examples = bot_cfg.examples or tuple(q for q in DEFAULT_EXAMPLES if qa.ask(q).answered)
    examples = (examples + tuple(t for t in titles if t not in examples))[:3]
    return BotState(
        cfg=bot_cfg,
        stats=stats,
        fingerprint=fingerprint,
        examples=examples,
        titles=headlines,
        asks=SlidingWindowLimiter(bot_cfg.rate_limit_per_minute),
        browse=SlidingWindowLimiter(3 * bot_cfg.rate_limit_per_minute),
        dialogues=Dialogues(),
        invalid=SlidingWindowLimiter(bot_cfg.rate_limit_per_minute),
    )
