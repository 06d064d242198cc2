"""One way to write an account number or a social-media handle, so the registry, monitoring and the
public check compare the same strings."""

from __future__ import annotations

import re


def normalise_account_number(value: str) -> str:
    """Bank account numbers are written with dots, dashes and spaces; compare digits only."""
    return re.sub(r"\D", "", value or "")


def normalise_handle(value: str) -> str:
    """ "@Panti.Kasih", "https://www.tiktok.com/@panti.kasih/" and "panti.kasih" are one handle."""
    # No handle holds control characters; a NUL would also be refused by PostgreSQL in a query (500).
    handle = re.sub(r"[\x00-\x1f\x7f]", "", value or "").strip().lower()
    handle = re.sub(r"^https?://(www\.)?[^/]+/", "", handle)
    return handle.strip("/").lstrip("@")
