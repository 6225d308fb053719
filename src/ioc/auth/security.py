"""Password hashing, signed tokens and API key hashing."""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

# IOC_PASSWORD_HASHING: RFC 9106's low-memory Argon2id (64 MiB, 3 passes) unless a test suite asks for the
# cheapest; a stored hash carries its own parameters, so either verifies the other's hashes.
HASHING = {"rfc9106": profiles.RFC_9106_LOW_MEMORY, "cheapest": profiles.CHEAPEST}
_hasher = PasswordHasher.from_parameters(HASHING["rfc9106"])
_dummy: dict[str, str] = {}
API_KEY_PREFIX = "ioc_"


def use_hashing(name: str) -> None:
    """Hash new passwords with this process's chosen Argon2id parameters (IOC_PASSWORD_HASHING)."""
    global _hasher
    _hasher = PasswordHasher.from_parameters(HASHING[name])


def hash_password(password: str) -> str:
    """Argon2id hash of a password."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True if the password matches the hash."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def dummy_hash() -> str:
    """A fixed hash with the current parameters, so unknown usernames cost as much as wrong passwords."""
    key = str(_hasher.time_cost) + ":" + str(_hasher.memory_cost)
    if key not in _dummy:
        _dummy[key] = _hasher.hash("dummy-password-for-timing")
    return _dummy[key]


class TokenSigner:
    """Signs and checks bearer tokens and session cookies with the deployment's secret."""

    def __init__(self, secret_key: str) -> None:
        self._tokens = URLSafeTimedSerializer(secret_key, salt="ioc.access-token")
        self._sessions = URLSafeTimedSerializer(secret_key, salt="ioc.session")

    def access_token(self, user_id: int, token_version: int) -> str:
        """A bearer token for a user."""
        return self._tokens.dumps({"uid": user_id, "v": token_version})

    def read_access_token(self, token: str, max_age: int) -> dict | None:
        """The token's claims, or None if forged or expired."""
        try:
            return self._tokens.loads(token, max_age=max_age)
        except (BadSignature, SignatureExpired):
            return None

    def session_cookie(self, user_id: int, token_version: int, csrf: str, sid: str) -> str:
        """The signed value of the web session cookie; `sid` names the session so it can be signed out alone."""
        return self._sessions.dumps({"uid": user_id, "v": token_version, "csrf": csrf, "sid": sid})

    def read_session_cookie(self, value: str, max_age: int) -> dict | None:
        """The session's claims, or None."""
        try:
            return self._sessions.loads(value, max_age=max_age)
        except (BadSignature, SignatureExpired):
            return None


def new_api_key() -> str:
    """A fresh random API key."""
    return API_KEY_PREFIX + secrets.token_urlsafe(32)


def hash_api_key(key: str) -> str:
    """SHA-256 of a key: keys are long and random, so a slow hash adds nothing."""
    return hashlib.sha256(key.encode()).hexdigest()


def new_session_id() -> str:
    """A random id for one browser's session."""
    return secrets.token_urlsafe(24)


def new_csrf_token() -> str:
    """A random CSRF token."""
    return secrets.token_urlsafe(24)
