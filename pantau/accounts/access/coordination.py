"""Who sees and works on coordination meetings (rakor), their recommendations and assignments.

* National offices (KPAI, ministries, Bareskrim) see every meeting and assignment;
* a regional office sees the meetings about its area (the meeting's region inside its jurisdiction),
  the meetings it organised or took part in, and the assignments to itself wherever they are;
* a home (LKSA) or a civil-society organisation sees only the meetings where it was given work, and
  only its own assignments;
* recording a meeting, its recommendations and assignments: KPAI for any meeting, another office only
  for a meeting it organised (``require_meeting_manager``);
* reporting progress: members of the responsible organisation only (``require_assignment_member``).

The scopes take the app's querysets (field names of pantau.coordination.models), so this package
imports no domain app.
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from pantau.accounts.access.policy import Actor, Perm, UserLike, actor_of, refuse
from pantau.accounts.roles import OrgKind
from pantau.regions.models import region_q

Q_ = TypeVar("Q_", bound=QuerySet[Any])

# Organisations that see only what was assigned to them (no jurisdiction over others' work).
OWN_WORK_ONLY_KINDS = frozenset({OrgKind.LKSA, OrgKind.CSO})


class _Meeting(Protocol):
    @property
    def pk(self) -> Any: ...
    @property
    def organiser_id(self) -> int: ...
    @property
    def region_id(self) -> str | None: ...


class _Assignment(Protocol):
    @property
    def pk(self) -> Any: ...
    @property
    def organisation_id(self) -> int: ...


def _viewer(user: UserLike) -> Actor | None:
    actor = actor_of(user)
    return actor if actor is not None and actor.can(Perm.COORDINATION_VIEW) else None


def meeting_scope(user: UserLike, meetings: Q_) -> Q_:
    actor = _viewer(user)
    if actor is None:
        return meetings.none()
    own = actor.organisation.pk
    mine = Q(recommendations__assignments__organisation_id=own)
    if actor.organisation.kind in OWN_WORK_ONLY_KINDS:
        return meetings.filter(mine).distinct()
    if actor.jurisdiction is None:
        return meetings
    return meetings.filter(
        region_q("region__code", actor.jurisdiction) | Q(organiser_id=own) | Q(participants__id=own) | mine
    ).distinct()


def assignment_scope(user: UserLike, assignments: Q_) -> Q_:
    actor = _viewer(user)
    if actor is None:
        return assignments.none()
    own = actor.organisation.pk
    if actor.organisation.kind in OWN_WORK_ONLY_KINDS:
        return assignments.filter(organisation_id=own)
    if actor.jurisdiction is None:
        return assignments
    return assignments.filter(
        region_q("recommendation__meeting__region__code", actor.jurisdiction)
        | Q(organisation_id=own)
        | Q(recommendation__meeting__organiser_id=own)
    )


def may_manage_meeting(user: UserLike, meeting: _Meeting | None = None) -> bool:
    """May ``user`` record meetings (``meeting`` None) or change this one (its recommendations and
    assignments)? KPAI any; another office only the meetings it organised."""
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.COORDINATION_MANAGE):
        return False
    if meeting is None or actor.organisation.kind == OrgKind.KPAI:
        return True
    return meeting.organiser_id == actor.organisation.pk


def require_meeting_manager(user: UserLike, meeting: _Meeting) -> Actor:
    actor = actor_of(user)
    if actor is None or not may_manage_meeting(user, meeting):
        refuse(user, reason="not_organiser", target=meeting, perm=Perm.COORDINATION_MANAGE)
        raise PermissionDenied
    return actor


def may_report_on(user: UserLike, assignment: _Assignment) -> bool:
    actor = actor_of(user)
    return (
        actor is not None
        and actor.can(Perm.COORDINATION_REPORT)
        and actor.organisation.pk == assignment.organisation_id
    )


def require_assignment_member(user: UserLike, assignment: _Assignment) -> Actor:
    """Progress is reported by the responsible organisation's own staff, nobody else."""
    actor = actor_of(user)
    if actor is None or not may_report_on(user, assignment):
        refuse(user, reason="not_responsible", target=assignment, perm=Perm.COORDINATION_REPORT)
        raise PermissionDenied
    return actor
