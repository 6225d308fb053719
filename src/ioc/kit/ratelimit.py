"""Rate limits on a store shared by the processes (the `limits` library), and the client's address.

`memory://` counts in this process only; `redis://host:6379` shares the counts between the
workers and hosts of a deployment. Counting uses a moving window, so a client over a limit is
refused only until its oldest counted hit leaves the window — nobody is locked out for good.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import math
import time
from collections.abc import Iterable

from fastapi import Request
from limits import RateLimitItem, parse_many
from limits.errors import StorageError
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from ioc.kit.errors import Problem

log = logging.getLogger(__name__)
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class TooManyRequests(Problem):
    """429 with Retry-After: the caller is over a rate limit until its oldest counted hit leaves the window."""

    status, kind, title = 429, "too-many-requests", "Too many requests"

    def __init__(self, detail: str, retry_after: int) -> None:
        super().__init__(detail, headers={"Retry-After": str(retry_after)})
        self.retry_after = retry_after


def parse_networks(text: str) -> list[Network]:
    """Comma-separated addresses or networks (10.0.0.0/8, 127.0.0.1, ::1) as networks."""
    return [ipaddress.ip_network(part.strip(), strict=False) for part in text.split(",") if part.strip()]


def _within(address: str, networks: Iterable[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in networks)


def client_address(request: Request, trusted: list[Network]) -> str:
    """The caller's address: the peer, or the nearest untrusted hop of X-Forwarded-For behind a trusted proxy."""
    peer = request.client.host if request.client else ""
    if not trusted or not _within(peer, trusted):
        return peer  # a client can write any X-Forwarded-For; only our own proxies are believed
    hops = [h.strip() for value in request.headers.getlist("x-forwarded-for") for h in value.split(",") if h.strip()]
    for hop in reversed(hops):
        if not _within(hop, trusted):
            return hop
    return hops[0] if hops else peer


def hashed(value: str) -> str:
    """A short fixed-length key for any text (usernames can be long or hold odd characters)."""
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:32]


class RateLimits:
    """Named limits ("login.account", "report.address") counted under keys in one storage."""

    def __init__(self, storage_uri: str, prefix: str, limits: dict[str, str], trusted_proxies: str = "") -> None:
        self.storage = storage_from_string(storage_uri, wrap_exceptions=True)
        self.limiter = MovingWindowRateLimiter(self.storage)
        self.prefix = prefix
        self.items: dict[str, list[RateLimitItem]] = {name: parse_many(text) for name, text in limits.items()}
        self.trusted = parse_networks(trusted_proxies)

    @classmethod
    def from_settings(cls, settings) -> RateLimits:
        """The limits a deployment's settings ask for."""
        return cls(
            settings.rate_limit_storage,
            settings.rate_limit_prefix,
            {
                "login.account": settings.login_limit_account,
                "login.address": settings.login_limit_address,
                "report.address": settings.report_limit_address,
            },
            settings.trusted_proxies,
        )

    def address(self, request: Request) -> str:
        """The client address of a request, as these limits see it."""
        return client_address(request, self.trusted)

    def _wait(self, item: RateLimitItem, name: str, key: str) -> int:
        reset = self.limiter.get_window_stats(item, self.prefix, name, key).reset_time
        return max(1, math.ceil(reset - time.time()))

    def retry_after(self, name: str, key: str) -> int:
        """Seconds until one more hit is allowed (0: allowed now); nothing is counted."""
        try:
            over = [i for i in self.items[name] if not self.limiter.test(i, self.prefix, name, key)]
            waits = [self._wait(i, name, key) for i in over]
        except StorageError:
            log.warning("rate limit store unreachable; request allowed", extra={"limit": name})
            return 0
        return max(waits, default=0)

    def hit(self, name: str, key: str) -> int:
        """Count one hit; returns the seconds to wait when it went over a limit (0: within every limit)."""
        try:
            over = [i for i in self.items[name] if not self.limiter.hit(i, self.prefix, name, key)]
            return max((self._wait(i, name, key) for i in over), default=0)
        except StorageError:
            log.warning("rate limit store unreachable; request allowed", extra={"limit": name})
            return 0

    def clear(self, name: str, key: str) -> None:
        """Forget the hits counted under a key."""
        try:
            for item in self.items[name]:
                self.limiter.clear(item, self.prefix, name, key)
        except StorageError:
            log.warning("rate limit store unreachable; nothing cleared", extra={"limit": name})


def limits_of(request: Request) -> RateLimits:
    """The app's rate limits."""
    return request.app.state.rate_limits


def refuse_if_over(request: Request, limit: str, what: str) -> None:
    """Count a hit of a per-address limit; raise TooManyRequests (429, Retry-After) when it went over."""
    limits = limits_of(request)
    wait = limits.hit(limit, limits.address(request))
    if wait:
        raise TooManyRequests(f"Too many {what} from this address; try again in {wait} s.", wait)


def open311_submissions(request: Request) -> None:
    """Dependency: Open311 requests are limited per client address whatever the app's key (a citizen's phone)."""
    refuse_if_over(request, "report.address", "service requests")
