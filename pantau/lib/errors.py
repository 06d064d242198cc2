"""Exceptions that several apps' services raise and their pages and API catch."""

from __future__ import annotations


class StaleEdit(Exception):
    """Someone else saved the record after this edit began (optimistic locking on ``version``)."""
