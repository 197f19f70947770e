"""What the handlers share, derived once from the loaded index at start-up.

Nothing here is needed to serve a button press after a restart: the fingerprint is a pure
function of the index, and the limiters may start empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeAlias

from telegram.ext import Application

from retrieval.dialogue import Dialogues
from retrieval.service import NewsQA, Stats

from .config import BotConfig
from .formatting import index_fingerprint
from .ratelimit import SlidingWindowLimiter
from .texts import DEFAULT_EXAMPLES

AnyApplication: TypeAlias = Application[Any, Any, Any, Any, Any, Any]


@dataclass(frozen=True)
class BotState:
    """Stored in application.bot_data["state"], next to the NewsQA in bot_data["qa"]."""

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
        cfg=bot_cfg, stats=stats, fingerprint=fingerprint, examples=examples, titles=headlines,
        asks=SlidingWindowLimiter(bot_cfg.rate_limit_per_minute),
        browse=SlidingWindowLimiter(3 * bot_cfg.rate_limit_per_minute),
        dialogues=Dialogues(),
        invalid=SlidingWindowLimiter(bot_cfg.rate_limit_per_minute),
    )
