"""Searching the audit trail: the auditors' page and API, and the security figures on their home page.

It lives with the accounts (above the trail itself, ``pantau.audit``, which every app writes to) because
who may search what is an access decision (``audit_events_visible_to``): the trail imports nothing from
accounts, so the layering stays one way.
"""
