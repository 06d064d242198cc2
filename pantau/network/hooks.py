"""Keeping the index current between rebuilds: a saved or deleted source record is re-read when its
transaction commits (the apps below cannot call this one, so the refresh hangs on their saves), and the
visit plan reads the signals through supervision's port.

Records written in bulk (imports, seeds) send no signal: ``manage.py network_rebuild`` (nightly, and
after a bulk load) reads them. A refresh that fails is logged and left to that rebuild: indexing never
stops an officer's save.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save

from pantau.network.models import Signal, Source

log = logging.getLogger(__name__)

# The model of each source, and the field naming the record the source reads by.
WATCHED = {
    "registry.Lksa": (Source.HOME, "pk"),
    "registry.BankAccount": (Source.BANK_ACCOUNT, "pk"),
    "registry.SocialAccount": (Source.SOCIAL_ACCOUNT, "pk"),
    "registry.StaffMember": (Source.STAFF, "pk"),
    "monitoring.MonitoredAccount": (Source.MONITORED_ACCOUNT, "pk"),
    "monitoring.Post": (Source.POSTS, "account_id"),
    "cases.Concern": (Source.CONCERN, "pk"),
    "cases.CaseSubject": (Source.CASE_SUBJECT, "pk"),
    "cases.PlatformRequest": (Source.PLATFORM_REQUEST, "pk"),
    "cases.CaseEvidence": (Source.CASE_EVIDENCE, "pk"),
    "familycare.CareFile": (Source.CARE_FILE, "pk"),
    "familycare.Family": (Source.FAMILY, "pk"),
    "staffing.Bar": (Source.BAR, "pk"),
}
# Per thread (the web server runs threads): the records changed in the current transaction, refreshed
# together when it commits.
_local = threading.local()


def _pending() -> dict[str, set[int]]:
    if not hasattr(_local, "pending"):
        _local.pending = {}
    return _local.pending


def _flush() -> None:
    from pantau.network.indexer import refresh

    batches = dict(_pending())
    if not batches:
        return
    _pending().clear()
    for source, ids in batches.items():
        try:
            refresh(source, ids)
        except Exception:  # the nightly rebuild catches up; the officer's save already stands
            log.exception("network index refresh failed for %s (%s records)", source, len(ids))


def record_changed(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    source, field = WATCHED[sender._meta.label]
    ident = getattr(instance, field)
    if ident is None:
        return
    _pending().setdefault(source, set()).add(ident)
    # The first callback to run refreshes everything pending; the others find nothing left. A rolled-back
    # transaction drops its callbacks: the ids it left pending are re-read with the next commit's, which
    # is harmless (a refresh reads what is there).
    transaction.on_commit(_flush, using=kwargs.get("using"))


def connect() -> None:
    from django.apps import apps

    for label in WATCHED:
        model = apps.get_model(label)
        post_save.connect(record_changed, sender=model, dispatch_uid=f"network_{label}_saved")
        post_delete.connect(record_changed, sender=model, dispatch_uid=f"network_{label}_deleted")


def home_facts(homes: QuerySet[Any]) -> dict[str, dict[int, tuple[int, str]]]:
    """Per signal code, the homes with signals that hold and were not set aside: how many, and the detail
    the plan shows (the count; for paper orphans, children with a living parent / children in care)."""
    found: dict[str, dict[int, tuple[int, str]]] = {code: {} for code in Signal.Code.values}
    rows = (
        Signal.objects.active()
        .filter(lksa__in=homes.values("pk"))
        .values_list("code", "lksa_id", "facts")
        .order_by("code", "lksa_id", "pk")
    )
    for code, home, facts in rows:
        n = found[code].get(home, (0, ""))[0] + 1
        detail = (
            f"{facts['living_parent']}/{facts['in_care']}" if code == Signal.Code.PAPER_ORPHANS else str(n)
        )
        found[code][home] = (n, detail)
    return found
