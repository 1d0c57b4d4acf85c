"""Rate limits per client and scope: a fixed window in the cache."""

from __future__ import annotations

from django.core.cache import cache
from django.utils import timezone

from .errors import RateLimited


def parse_rate(rate: str) -> tuple[int, int]:
    """``"60/60"`` -> (60 requests, 60 seconds)."""
    count, _, seconds = rate.partition("/")
    return int(count), int(seconds or 60)


def rate_limit(scope: str, client: str, rate: str) -> None:
    """Count one request of ``client`` in ``scope``; raise :class:`RateLimited` past the rate.

    A fixed window in the cache: cheap, and good enough to stop a runaway script.
    """
    limit, window = parse_rate(rate)
    if limit <= 0:
        return
    bucket = int(timezone.now().timestamp()) // window
    key = f"rl:{scope}:{client}:{bucket}"
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=window + 1)
        count = 1
    if count > limit:
        retry = window - int(timezone.now().timestamp()) % window
        raise RateLimited(max(retry, 1))


def client_address(request) -> str:  # type: ignore[no-untyped-def]
    """The client's address as the server sees it (set a trusted proxy to pass it on)."""
    return request.META.get("REMOTE_ADDR", "unknown")
