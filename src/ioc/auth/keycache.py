"""A bounded, short-lived in-process cache of live API keys: key hash → principal.

A camera posting every few seconds would otherwise cost one database read per request for a key that
has not changed. Only live keys are kept (an unknown or revoked key is read every time), for at most
`IOC_API_KEY_CACHE_SECONDS`. A revocation in this process empties the cache at once (and again when it
commits, so a request racing it cannot put the key back); another process refuses the key once its
entry expires, at most that many seconds later.
"""

from __future__ import annotations

import threading
import time

from ioc.auth.principal import Principal

MAX_KEYS = 1024  # far more live keys than a province's integrations use; full: the oldest entries go


class KeyCache:
    """Key hash → (principal, when it expires), oldest first."""

    def __init__(self, max_keys: int = MAX_KEYS) -> None:
        self._entries: dict[str, tuple[Principal, float]] = {}
        self._lock = threading.Lock()
        self._max = max_keys

    def get(self, key_hash: str) -> Principal | None:
        """The cached principal of a key hash, or None when absent or expired."""
        found = self._entries.get(key_hash)
        if found is None:
            return None
        if found[1] <= time.monotonic():
            with self._lock:
                if self._entries.get(key_hash) is found:
                    del self._entries[key_hash]
            return None
        return found[0]

    def put(self, key_hash: str, principal: Principal, ttl: float) -> None:
        """Keep a live key's principal for `ttl` seconds (nothing when ttl ≤ 0)."""
        if ttl <= 0:
            return
        with self._lock:
            self._entries.pop(key_hash, None)
            while len(self._entries) >= self._max:
                del self._entries[next(iter(self._entries))]
            self._entries[key_hash] = (principal, time.monotonic() + ttl)

    def clear(self, *_args: object) -> None:
        """Forget every key (a key was revoked); also usable as a session event listener."""
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


live_keys = KeyCache()
