"""Per-user sliding-window rate limit: at most `limit` events in any `window` seconds.

A sliding window (not a fixed minute bucket) means a user can never burst 2×limit across a
bucket edge.  State lives in memory only: after a restart everyone starts fresh, which is
harmless for a limit of this kind.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Hashable


class SlidingWindowLimiter:
    """`allow(key)` records an event and says whether it is within the limit."""

    def __init__(self, limit: int, window: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        if limit < 1 or window <= 0:
            raise ValueError("limit must be >= 1 and window > 0")
        self.limit = limit
        self.window = window
        self._clock = clock
        self._events: dict[Hashable, deque[float]] = {}
        self._refused: dict[Hashable, float] = {}  # when each key was last told it is over the limit
        self._checks = 0

    def _recent(self, key: Hashable, now: float) -> deque[float]:
        events = self._events.setdefault(key, deque())
        while events and events[0] <= now - self.window:
            events.popleft()
        return events

    def allow(self, key: Hashable) -> bool:
        """True (and counted) if the key has had fewer than `limit` allowed events in the window."""
        now = self._clock()
        events = self._recent(key, now)
        allowed = len(events) < self.limit
        if allowed:
            events.append(now)
        self._checks += 1
        if self._checks % 1024 == 0:
            self._forget_idle(now)
        return allowed

    def verdict(self, key: Hashable) -> str:
        """ "allow" (and counted), "refuse" (over the limit: say so, once) or "silent" (over the
        limit and already told in this window: a flood of messages must not get a flood of
        refusals, which would themselves count against Telegram's limits)."""
        if self.allow(key):
            self._refused.pop(key, None)
            return "allow"
        now = self._clock()
        last = self._refused.get(key)
        if last is not None and last > now - self.window:
            return "silent"
        self._refused[key] = now
        return "refuse"

    def retry_after(self, key: Hashable) -> float:
        """Seconds until the key may act again (0 if it may now)."""
        now = self._clock()
        events = self._recent(key, now)
        if len(events) < self.limit:
            return 0.0
        return max(0.0, events[0] + self.window - now)

    def _forget_idle(self, now: float) -> None:
        """Drop users with no events in the window, so memory follows active users only."""
        for key in [k for k, ev in self._events.items() if not ev or ev[-1] <= now - self.window]:
            del self._events[key]
        for key in [k for k, at in self._refused.items() if at <= now - self.window]:
            del self._refused[key]

    def __len__(self) -> int:
        return len(self._events)
