"""Rate limits, counted by django-ratelimit in the shared cache.

The cache is the database by default, or Redis (``POSTCHECK_REDIS_URL``), so every
worker and every server counts in one place. A signed-in person is counted by account;
anyone else by their address, which behind a trusted proxy is the one the proxy saw
(``POSTCHECK_TRUSTED_PROXIES``), never an address a client wrote into a header.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage

from .errors import RateLimited


def rate_limit(scope: str, key: str, rate: str) -> None:
    """Count one request of ``key`` in ``scope``; raise :class:`RateLimited` past the rate.

    ``rate`` is ``"<count>/<seconds>"`` (``"0/60"`` turns the limit off).
    """
    _count(scope, key, rate, increment=True)


def check_limit(scope: str, key: str, rate: str) -> None:
    """Raise :class:`RateLimited` if ``key`` is past the rate in ``scope``, counting nothing.

    With :func:`rate_limit` called on failures only, this limits failures, not requests.
    """
    _count(scope, key, rate, increment=False)


def _count(scope: str, key: str, rate: str, *, increment: bool) -> None:
    if int(rate.partition("/")[0] or 0) <= 0:
        return
    usage = get_usage(
        None,  # the key is given: django-ratelimit reads nothing from the request
        group=scope,
        key=lambda _group, _request: key,
        rate=rate,
        increment=increment,
    )
    # Counting, the request past the limit is refused; only checking, the one at it is
    # (``limit`` failures are allowed, not one more). No usage: the store could not
    # count, and refusing everyone then would be worse than letting a few through.
    if usage is None or usage["limit"] <= 0:
        return
    count, limit = usage["count"], usage["limit"]
    if count > limit or (not increment and count == limit):
        raise RateLimited(max(int(usage["time_left"]), 1))


def client_key(request: HttpRequest) -> str:
    """Who is counted: the account when signed in, else the client's address."""
    user = getattr(request, "user", None)
    if getattr(user, "is_authenticated", False):
        return f"user:{user.pk}"  # type: ignore[union-attr]
    return f"ip:{client_address(request)}"


@lru_cache(maxsize=8)
def _networks(
    proxies: tuple[str, ...],
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _trusted(address: str) -> bool:
    if not _is_address(address):
        return False
    ip = ipaddress.ip_address(address)
    return any(ip in net for net in _networks(tuple(settings.POSTCHECK_TRUSTED_PROXIES)))


def client_address(request: HttpRequest) -> str:
    """The client's address: the peer, or, when the peer is a trusted proxy, the first
    address in ``X-Forwarded-For`` (read from the right) that is not a trusted proxy.

    Addresses to the left of that one were written by the client and are ignored.
    """
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    if not _trusted(address):
        return address
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed([h.strip() for h in forwarded.split(",") if h.strip()]):
        if not _is_address(hop):
            break  # not an address: nothing further left can be trusted either
        address = hop
        if not _trusted(hop):
            break
    return address


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def sign_in_address(request: HttpRequest) -> str | None:
    """:func:`client_address` for django-axes' sign-in log: ``None`` when it is not an
    address (a request made in code), since the log stores addresses only."""
    address = client_address(request)
    return address if _is_address(address) else None
