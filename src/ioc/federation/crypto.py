"""Ed25519 keys and signatures over the exact bytes of a body (the `cryptography` package)."""

from __future__ import annotations

import base64
import hashlib
import os

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

KEY_HEADER = "X-IOC-Key-Id"
SIGNATURE_HEADER = "X-IOC-Signature"  # base64 of the 64-byte Ed25519 signature of the body


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def generate() -> tuple[str, str]:
    """A new key pair as (private, public), each base64 of its 32 raw bytes."""
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return _b64(private), _b64(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))


def public_of(private: str) -> str:
    """The public key of a private one (base64)."""
    key = Ed25519PrivateKey.from_private_bytes(base64.b64decode(private))
    return _b64(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))


def key_id_of(public: str, prefix: str) -> str:
    """A stable id for a public key: the jurisdiction and the first 16 hex digits of its SHA-256."""
    return f"{prefix}-{hashlib.sha256(base64.b64decode(public)).hexdigest()[:16]}"


def sign(private: str, body: bytes) -> str:
    """The base64 signature of `body`."""
    return _b64(Ed25519PrivateKey.from_private_bytes(base64.b64decode(private)).sign(body))


def check_public(public: str) -> bool:
    """Whether a text is a base64 Ed25519 public key."""
    try:
        Ed25519PublicKey.from_public_bytes(base64.b64decode(public, validate=True))
    except ValueError:
        return False
    return True


def verify(public: str, body: bytes, signature: str) -> bool:
    """Whether `signature` (base64) is the key's signature of exactly `body`."""
    try:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public, validate=True))
        key.verify(base64.b64decode(signature, validate=True), body)
    except (InvalidSignature, ValueError):
        return False
    return True


SEALED_PREFIX = "v1:"  # a private key sealed with AES-256-GCM under a secret (stored form); else clear base64


class SealError(ValueError):
    """A sealed private key that does not open under the given secret."""


def _sealing_key(secret: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"ioc-federation-identity").derive(
        secret.encode()
    )


def seal(private: str, secret: str, key_id: str) -> str:
    """The stored form of a private key: AES-256-GCM under a key derived from `secret`, bound to its key id."""
    nonce = os.urandom(12)
    sealed = AESGCM(_sealing_key(secret)).encrypt(nonce, private.encode(), key_id.encode())
    return SEALED_PREFIX + _b64(nonce + sealed)


def unseal(stored: str, secret: str, key_id: str) -> str:
    """The private key (base64) of its stored form; a key stored in clear (before sealing) is returned as is."""
    if not stored.startswith(SEALED_PREFIX):
        return stored
    raw = base64.b64decode(stored[len(SEALED_PREFIX) :])
    try:
        return AESGCM(_sealing_key(secret)).decrypt(raw[:12], raw[12:], key_id.encode()).decode()
    except (InvalidTag, ValueError):
        raise SealError(f"the signing key {key_id} does not open with this secret") from None


def is_sealed(stored: str) -> bool:
    """Whether a stored private key is sealed."""
    return stored.startswith(SEALED_PREFIX)
