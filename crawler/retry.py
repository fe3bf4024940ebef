"""Retry policy: which failures to retry and how long to wait (httpx retries none of these)."""

from __future__ import annotations

import os
import random
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

import httpx

# 408 is the client being slow, 429/503 are the server asking us to come back later.
RETRY_STATUSES = frozenset({408, 429, 503})

# Transport failures worth another try for an idempotent GET.
RETRY_EXCEPTIONS: tuple[type[BaseException], ...] = (
    httpx.TimeoutException,
    httpx.ConnectError,
    httpx.ReadError,
    httpx.RemoteProtocolError,
)


def one_line(exc: BaseException) -> str:
    """'Type: message (root cause)' on a single line, never empty."""
    text = " ".join(str(exc).split())
    # anyio hides the errno ("All connection attempts failed"); the root OSError says what happened.
    cause, root = exc.__cause__ or exc.__context__, None
    for _ in range(10):
        if cause is None:
            break
        if isinstance(cause, OSError) and cause.errno is not None:
            root = cause
        cause = cause.__cause__ or cause.__context__
    if root is not None and f"Errno {root.errno}" not in text:
        text = f"{text} ([Errno {root.errno}] {os.strerror(root.errno)})"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def is_retryable_exception(exc: BaseException) -> bool:
    """Connect errors and timeouts, except TLS verification failures (retrying won't fix a certificate)."""
    if not isinstance(exc, RETRY_EXCEPTIONS):
        return False
    text = str(exc)
    return "CERTIFICATE_VERIFY_FAILED" not in text and "SSL" not in text


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or HTTP date); None if absent or invalid."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    now = now or datetime.now(timezone.utc)
    return max(0.0, (when - now).total_seconds())


def backoff(attempt: int, base: float, cap: float, rng: random.Random | None = None) -> float:
    """Exponential backoff with full-range jitter (x0.5..1.5), capped."""
    r = (rng or random).uniform(0.5, 1.5)
    return min(cap, base * (2**attempt) * r)


def retry_wait(
    attempt: int,
    retry_after: str | None,
    *,
    base: float,
    cap: float,
    rng: random.Random | None = None,
) -> float:
    """Wait before the next attempt: the server's Retry-After when given, else backoff; both capped."""
    seconds = parse_retry_after(retry_after)
    if seconds is not None:
        return min(cap, seconds)
    return backoff(attempt, base, cap, rng)
