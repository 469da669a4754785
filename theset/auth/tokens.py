"""OAuth tokens encrypted at rest (Fernet, with a key derived from SECRET_KEY)."""

from __future__ import annotations

import base64
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

__all__ = ["InvalidToken", "decrypt", "encrypt"]


@lru_cache(maxsize=4)
def _fernet(secret_key: str) -> Fernet:
    # A key of its own, so the session-signing secret is never used to encrypt directly.
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"theset", info=b"oauth-tokens"
    ).derive(secret_key.encode())
    return Fernet(base64.urlsafe_b64encode(derived))


def encrypt(plain: str) -> str:
    """`plain` encrypted with the app's token key."""
    return _fernet(current_app.config["SECRET_KEY"]).encrypt(plain.encode()).decode()


def decrypt(stored: str) -> str:
    """A token stored by encrypt(); raises InvalidToken if the key changed."""
    return _fernet(current_app.config["SECRET_KEY"]).decrypt(stored.encode()).decode()
