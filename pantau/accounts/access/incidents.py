"""Incident reports from homes (SNPA D26): who reads them and who makes them.

A home's people (``Perm.INCIDENT_REPORT``) see their own home's reports only. The agencies read the
reports of the homes in their jurisdiction with the permissions they already hold for the same work:
triaging the concern each report becomes (``CONCERN_TRIAGE``), or supervising the homes
(``SUPERVISION_VIEW``: Dinas Sosial, KPAI, Kemensos). Police units and civil society do not: a report
reaches the police as a case referral, after triage.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied

from pantau.accounts.access.policy import Actor, Perm, UserLike, actor_of, refuse
from pantau.regions.models import RegionScopedQuerySet

S = TypeVar("S", bound=RegionScopedQuerySet[Any])

READ_PERMS = (Perm.INCIDENT_REPORT, Perm.CONCERN_TRIAGE, Perm.SUPERVISION_VIEW)


def may_read_incidents(user: UserLike) -> bool:
    actor = actor_of(user)
    return actor is not None and any(actor.can(perm) for perm in READ_PERMS)


def require_incident_reader(user: UserLike, *, target_label: str = "") -> Actor:
    """The actor, or PermissionDenied (audited) for a person who reads no incident report at all."""
    actor = actor_of(user)
    if actor is None or not any(actor.can(perm) for perm in READ_PERMS):
        refuse(user, reason="permission", perm=Perm.INCIDENT_REPORT, target_label=target_label)
        raise PermissionDenied
    return actor


def incident_scope(user: UserLike, reports: S) -> S:
    """The home's own reports for its people; the jurisdiction's for the agencies that read them."""
    actor = actor_of(user)
    if actor is None:
        return reports.none()
    if actor.can(Perm.INCIDENT_REPORT):
        return reports.filter(lksa__organisation=actor.organisation)
    if actor.can(Perm.CONCERN_TRIAGE) or actor.can(Perm.SUPERVISION_VIEW):
        return reports.in_region(actor.jurisdiction)
    return reports.none()
