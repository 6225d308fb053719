"""Throttling of sign-in attempts, per account and per client address, for the token endpoint and the login page.

Per account, every attempt is counted and a successful sign-in forgets the count, so concurrent
guesses cannot overshoot the limit and a user's own earlier typos stop counting once they get in. Per address,
only failures are counted, so an office behind one address can sign in all morning. Both limits use
a moving window: an attacker can delay a user's sign-in for at most the window, never for good.
"""

from __future__ import annotations

from fastapi import Request

from ioc.kit.ratelimit import TooManyRequests, hashed, limits_of


def _account(username: str) -> str:
    return hashed(username.strip().lower())


def begin_login(request: Request, username: str) -> None:
    """Count a sign-in attempt; raise TooManyRequests when the account or the address is over its limit."""
    limits = limits_of(request)
    wait = limits.retry_after("login.address", limits.address(request)) or limits.hit("login.account", _account(username))
    if wait:
        raise TooManyRequests(f"Too many sign-in attempts; try again in {wait} s.", wait)


def login_failed(request: Request) -> None:
    """Count a failed sign-in against the client address."""
    limits = limits_of(request)
    limits.hit("login.address", limits.address(request))


def login_succeeded(request: Request, username: str) -> None:
    """Forget the account's attempts once the right password was given."""
    limits_of(request).clear("login.account", _account(username))
