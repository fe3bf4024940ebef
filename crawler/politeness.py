"""Per-host request slots: bounded concurrency plus a minimum gap between request starts."""

from __future__ import annotations

import asyncio
import time
from contextlib import asynccontextmanager
from typing import AsyncIterator, Awaitable, Callable


def host_key(host: str) -> str:
    """Politeness key: www.x and x are usually one server, so they share a slot."""
    host = (host or "").lower()
    return host[4:] if host.startswith("www.") else host


class _Host:
    def __init__(self, concurrency: int, delay: float) -> None:
        self.sem = asyncio.Semaphore(max(1, concurrency))
        self.delay = delay
        self.next_start = 0.0
        self.lock = asyncio.Lock()


class HostSlots:
    """Concurrency and start-spacing per host; clock and sleep are injectable for tests."""

    def __init__(
        self,
        concurrency: int,
        delay: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.concurrency = concurrency
        self.default_delay = delay
        self.clock = clock
        self.sleep = sleep
        self._hosts: dict[str, _Host] = {}

    def _get(self, host: str) -> _Host:
        key = host_key(host)
        if key not in self._hosts:
            self._hosts[key] = _Host(self.concurrency, self.default_delay)
        return self._hosts[key]

    def set_delay(self, host: str, delay: float) -> None:
        """Raise a host's gap (e.g. from robots Crawl-delay); never lowers it below the default."""
        h = self._get(host)
        h.delay = max(self.default_delay, delay)

    def delay(self, host: str) -> float:
        """Current gap between request starts for a host."""
        return self._get(host).delay

    def defer(self, host: str, seconds: float) -> None:
        """Push the host's next start out (Retry-After / backoff applies to the whole host)."""
        h = self._get(host)
        h.next_start = max(h.next_start, self.clock() + max(0.0, seconds))

    @asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        """Hold one of the host's concurrent slots, starting no sooner than its gap allows."""
        h = self._get(host)
        async with h.sem:
            # Reserve a start time under the lock so concurrent waiters are spaced out.
            async with h.lock:
                now = self.clock()
                start = max(now, h.next_start)
                h.next_start = start + h.delay
            wait = start - now
            if wait > 0:
                await self.sleep(wait)
            yield
