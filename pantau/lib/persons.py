"""Adults' identifiers (the NIK of a staff member, of a person alleged in a case), encrypted at rest with a
keyed hash that is the same whatever table holds the person: "is this suspect on a home's staff?" is then
one indexed equality, and no clear NIK is ever compared or logged.

Each column encrypts under its own context (a ciphertext copied into another column does not decrypt);
the blind index uses one context for every adult, so the hashes of one NIK agree across tables. Children's
identifiers keep their own contexts (children/identifiers.py) and are never matched against adults'.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from pantau.lib.crypto import blind_index, decrypt, encrypt

PERSON_NIK_INDEX = "person.nik"


def clean_nik(raw: str | None) -> str:
    """The NIK's 16 digits (spaces, dots and dashes removed), "" when none is given, or a ValidationError."""
    digits = re.sub(r"[\s.\-]", "", raw or "")
    if not digits:
        return ""
    if not re.fullmatch(r"\d{16}", digits):
        raise ValidationError(
            _("A NIK has exactly 16 digits (this one has %(n)s characters).") % {"n": len(digits)}
        )
    return digits


def nik_hash(digits: str) -> str:
    """The keyed hash of a cleaned NIK ("" for none): equal for the same NIK in every table."""
    return blind_index(digits, context=PERSON_NIK_INDEX) if digits else ""


def set_nik(record: Any, digits: str, *, context: str) -> None:
    """Fill ``record.nik_cipher`` and ``record.nik_hash`` from a cleaned NIK (blank both for none)."""
    record.nik_cipher = encrypt(digits, context=context) if digits else ""
    record.nik_hash = nik_hash(digits)


def read_nik(record: Any, *, context: str) -> str:
    return decrypt(record.nik_cipher, context=context) if record.nik_cipher else ""
