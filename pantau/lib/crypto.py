"""Encryption of identifiers at rest (NIK, KK, birth certificate numbers) and keyed hashes for look-up.

* AES-256-GCM with a random nonce; the field's name is bound in as associated data, so a ciphertext
  copied into another column does not decrypt.
* Keys are versioned: ``PANTAU_FIELD_KEYS="k2:<base64>,k1:<base64>"`` encrypts with the first and still
  decrypts with the others; ``manage.py rotate_field_keys`` re-encrypts everything with the first.
* The blind index is an HMAC-SHA256 of the normalised value under a separate key, so "is there already
  a child with this NIK?" is an indexed equality query that never needs the clear value.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

VERSION = "v1"


class DecryptionError(Exception):
    pass


def _keys() -> dict[str, bytes]:
    return dict(settings.PANTAU_FIELD_KEYS)


def current_key_id() -> str:
    return settings.PANTAU_FIELD_KEYS[0][0]


def encrypt(plain: str, *, context: str) -> str:
    key_id = current_key_id()
    nonce = os.urandom(12)
    sealed = AESGCM(_keys()[key_id]).encrypt(nonce, plain.encode(), context.encode())
    return f"{VERSION}.{key_id}.{base64.urlsafe_b64encode(nonce + sealed).decode()}"


def decrypt(token: str, *, context: str) -> str:
    try:
        version, key_id, payload = token.split(".", 2)
        if version != VERSION:
            raise ValueError(version)
        raw = base64.urlsafe_b64decode(payload)
        return AESGCM(_keys()[key_id]).decrypt(raw[:12], raw[12:], context.encode()).decode()
    except Exception as error:  # wrong key, tampered text, unknown key id: all mean "cannot read"
        raise DecryptionError(f"cannot decrypt a {context} value") from error


def key_id_of(token: str) -> str:
    return token.split(".", 2)[1]


def blind_index(value: str, *, context: str) -> str:
    return hmac.new(
        settings.PANTAU_BLIND_INDEX_KEY, f"{context}\0{value}".encode(), hashlib.sha256
    ).hexdigest()
