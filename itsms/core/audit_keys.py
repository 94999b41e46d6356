"""The audit trail's keys: HMAC keys of the chains (with ids, for rotation) and the checkpoint signing key.

The settings module calls the `*_from_env` functions, so a missing or malformed key stops the process at
start-up with ImproperlyConfigured naming the variable. Nothing here touches models: settings import it.

- `AUDIT_HMAC_KEYS="k2:secret2,k1:secret1"`: the first key makes new entries, every key verifies the
  entries that name its id. A single `AUDIT_HMAC_KEY=secret` is the key "k1".
- `AUDIT_SIGNING_KEY`: the Ed25519 private key that signs checkpoints, as base64 of its 32-byte seed or
  as PEM (PKCS#8). `AUDIT_SIGNING_OLD_PUBLIC_KEYS` lists retired public keys that still verify old
  checkpoints.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import os
import re

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.core.exceptions import ImproperlyConfigured

# The development server's chains were keyed with the old development SECRET_KEY: keeping it as the
# development HMAC key keeps existing local databases verifiable.
DEVELOPMENT_HMAC_KEY = "insecure-development-key-change-me"
# Deterministic so that development checkpoints stay verifiable across restarts; never for production.
DEVELOPMENT_SIGNING_SEED = hashlib.sha256(b"itsms insecure development audit signing key").digest()
PUBLIC_KEY_PREFIX = "ed25519:"
MIN_SECRET_LENGTH = 16
_KEY_ID = re.compile(r"^[A-Za-z0-9_.-]{1,32}$")


def parse_hmac_keys(keys: str, single: str) -> dict[str, str]:
    """{key id: secret}, current key first. Raises ValueError with a message for the operator."""
    if keys.strip():
        parsed: dict[str, str] = {}
        for item in keys.split(","):
            item = item.strip()
            if not item:
                continue
            key_id, sep, secret = item.partition(":")
            if not sep or not _KEY_ID.match(key_id):
                raise ValueError(
                    "AUDIT_HMAC_KEYS must be comma-separated id:secret pairs (ids: letters, digits, ._-)"
                )
            if key_id in parsed:
                raise ValueError(f"AUDIT_HMAC_KEYS names the key id {key_id!r} twice")
            if len(secret) < MIN_SECRET_LENGTH:
                raise ValueError(
                    f"AUDIT_HMAC_KEYS: the secret of {key_id!r} is shorter than {MIN_SECRET_LENGTH}"
                )
            parsed[key_id] = secret
        if not parsed:
            raise ValueError("AUDIT_HMAC_KEYS names no key")
        return parsed
    if len(single) < MIN_SECRET_LENGTH:
        raise ValueError(f"AUDIT_HMAC_KEY is shorter than {MIN_SECRET_LENGTH} characters")
    return {"k1": single}


def hmac_keys_from_env(*, development: bool) -> dict[str, str]:
    """The chains' keys from the environment; required unless `development` (no SECRET_KEY fallback)."""
    keys = os.environ.get("AUDIT_HMAC_KEYS", "")
    single = os.environ.get("AUDIT_HMAC_KEY", "")
    if not keys.strip() and not single:
        if not development:
            raise ImproperlyConfigured(
                "The environment variable AUDIT_HMAC_KEY (or AUDIT_HMAC_KEYS) is required: it keys the audit "
                "chains and must be kept apart from SECRET_KEY."
            )
        single = DEVELOPMENT_HMAC_KEY
    try:
        return parse_hmac_keys(keys, single)
    except ValueError as exc:
        raise ImproperlyConfigured(str(exc)) from None


def load_private_key(text: str) -> Ed25519PrivateKey:
    """A private key from base64 of the 32-byte seed or from PEM. Raises ValueError."""
    text = text.strip()
    if text.startswith("-----BEGIN"):
        key = serialization.load_pem_private_key(text.encode(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError("the PEM key is not an Ed25519 key")
        return key
    try:
        seed = base64.b64decode(text, validate=True)
    except binascii.Error:
        raise ValueError("not base64 and not PEM") from None
    if len(seed) != 32:
        raise ValueError(f"the seed must be 32 bytes, got {len(seed)}")
    return Ed25519PrivateKey.from_private_bytes(seed)


def signing_key_from_env(*, development: bool) -> str:
    """The signing key's text, checked; required unless `development` (then a fixed development key)."""
    text = os.environ.get("AUDIT_SIGNING_KEY", "")
    if not text.strip():
        if not development:
            raise ImproperlyConfigured(
                "The environment variable AUDIT_SIGNING_KEY is required: it signs the audit checkpoints "
                "(make one with `manage.py audit_keygen`)."
            )
        return base64.b64encode(DEVELOPMENT_SIGNING_SEED).decode()
    try:
        load_private_key(text)
    except ValueError as exc:
        raise ImproperlyConfigured(f"AUDIT_SIGNING_KEY is not an Ed25519 private key: {exc}") from None
    return text


def public_key_text(public_key: Ed25519PublicKey) -> str:
    """The published form of a public key: `ed25519:` and base64 of its 32 raw bytes."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return PUBLIC_KEY_PREFIX + base64.b64encode(raw).decode()


def public_key_id(public_key: Ed25519PublicKey) -> str:
    """Derived from the key itself, so a verifier can tell which key to use without trusting a name."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def load_public_key(text: str) -> Ed25519PublicKey:
    """A public key from `ed25519:<base64>`, bare base64 of the raw 32 bytes, or PEM. Raises ValueError."""
    text = text.strip()
    if text.startswith("-----BEGIN"):
        key = serialization.load_pem_public_key(text.encode())
        if not isinstance(key, Ed25519PublicKey):
            raise ValueError("the PEM key is not an Ed25519 key")
        return key
    if text.startswith(PUBLIC_KEY_PREFIX):
        text = text[len(PUBLIC_KEY_PREFIX) :]
    try:
        raw = base64.b64decode(text, validate=True)
    except binascii.Error:
        raise ValueError("not base64 and not PEM") from None
    if len(raw) != 32:
        raise ValueError(f"a public key is 32 bytes, got {len(raw)}")
    return Ed25519PublicKey.from_public_bytes(raw)


@functools.lru_cache(maxsize=4)
def _private(text: str) -> Ed25519PrivateKey:
    # Keyed by the setting's text: a test that overrides the setting gets its own key, never a stale one.
    return load_private_key(text)


def signing_key() -> Ed25519PrivateKey:
    from django.conf import settings

    return _private(settings.AUDIT_SIGNING_KEY)


def verification_keys() -> dict[str, Ed25519PublicKey]:
    """{key id: public key}: the current signing key's and every retired one's."""
    from django.conf import settings

    current = signing_key().public_key()
    keys = {public_key_id(current): current}
    for text in getattr(settings, "AUDIT_SIGNING_OLD_PUBLIC_KEYS", []):
        key = load_public_key(text)
        keys.setdefault(public_key_id(key), key)
    return keys


def verify_signature(public_key: Ed25519PublicKey, signature: bytes, message: bytes) -> bool:
    try:
        public_key.verify(signature, message)
    except InvalidSignature:
        return False
    return True


def new_key_pair() -> tuple[str, str]:
    """(private key as base64 of the seed, public key text) for `manage.py audit_keygen`."""
    private = Ed25519PrivateKey.generate()
    seed = private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return base64.b64encode(seed).decode(), public_key_text(private.public_key())


def hmac_keys() -> dict[str, str]:
    from django.conf import settings

    keys: dict[str, str] = settings.AUDIT_HMAC_KEYS
    return keys


def current_hmac_key_id() -> str:
    return next(iter(hmac_keys()))
