"""Personal data (UU 27/2022 PDP): whose data-subject requests an office sees, and what the analysts'
pseudonymised export covers.

Requests are kept by the office that received them, in its region (``request_region``): an office sees
the requests of its jurisdiction (a provincial office those of its regencies too, a national office
all). The export covers the children and the children in cases of the analyst's jurisdiction.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import QuerySet

from pantau.accounts.access.policy import Perm, UserLike, actor_of
from pantau.regions.models import RegionScopedQuerySet, region_q

S = TypeVar("S", bound=RegionScopedQuerySet[Any])
Q_ = TypeVar("Q_", bound=QuerySet[Any])


def subject_request_scope(user: UserLike, requests: S) -> S:
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.PRIVACY_REQUESTS):
        return requests.none()
    return requests.in_region(actor.jurisdiction)


def request_region(user: UserLike) -> str:
    """The region a new request is kept in: the recording office's ("" for a national office)."""
    actor = actor_of(user)
    return (actor.jurisdiction or "") if actor is not None else ""


def pseudonymised_children_scope(user: UserLike, children: S) -> S:
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.PRIVACY_EXPORT):
        return children.none()
    return children.in_region(actor.jurisdiction)


def pseudonymised_case_children_scope(user: UserLike, rows: Q_) -> Q_:
    """Children in cases counted where their case is (the case's region, as SIMFONI counts them)."""
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.PRIVACY_EXPORT):
        return rows.none()
    return rows.filter(region_q("case__region_code", actor.jurisdiction))
