"""Search terms kept on the server, so that they never appear in an address.

A list filtered by a child's name must not carry the name in its URL: addresses are written to access
and proxy logs and browser histories, where the database's protection does not reach. The search form
is POSTed; the term is kept in the person's session, encrypted (a term can be a name or an identifier),
under a random id that expires; the list and its pages are addressed by that id (``?search=<id>``).
"""

from __future__ import annotations

import secrets
import time

from django.http import HttpRequest

from pantau.lib.crypto import DecryptionError, decrypt, encrypt

KEPT = 20  # searches remembered per session; the oldest goes first
LIFETIME_SECONDS = 2 * 60 * 60
_CONTEXT = "search-term"


def _store(request: HttpRequest, name: str) -> dict[str, list[object]]:
    kept = request.session.get(f"searches:{name}")
    return dict(kept) if isinstance(kept, dict) else {}


def remember(request: HttpRequest, name: str, term: str) -> str:
    """Keep ``term`` for the list ``name``; returns the id to put in the list's address."""
    now = time.time()
    kept = {k: v for k, v in _store(request, name).items() if float(v[1]) > now}  # type: ignore[arg-type]
    while len(kept) >= KEPT:
        kept.pop(min(kept, key=lambda k: float(kept[k][1])))  # type: ignore[arg-type]
    search_id = secrets.token_urlsafe(9)
    kept[search_id] = [encrypt(term, context=_CONTEXT), now + LIFETIME_SECONDS]
    request.session[f"searches:{name}"] = kept
    return search_id


def recall(request: HttpRequest, name: str, search_id: str) -> str | None:
    """The term kept under ``search_id``; None when unknown, expired, or from another session."""
    entry = _store(request, name).get(search_id)
    if not isinstance(entry, list) or len(entry) != 2 or float(entry[1]) <= time.time():  # type: ignore[arg-type]
        return None
    try:
        return decrypt(str(entry[0]), context=_CONTEXT)
    except DecryptionError:  # the field keys were rotated since: search again
        return None
