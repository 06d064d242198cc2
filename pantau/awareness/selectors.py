"""Reads of awareness activities, scoped: an agency reads those held in its jurisdiction and its own;
a civil-society partner only its own (it has no jurisdiction over others' work); a recorder edits only
its own organisation's."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from pantau.accounts.access import Perm, UserLike, actor_of
from pantau.accounts.roles import OrgKind, Role
from pantau.awareness.models import ActivityAudience, Audience, AwarenessActivity
from pantau.regions.models import RegionScopedQuerySet, region_q


def activities_visible_to(user: UserLike | None) -> RegionScopedQuerySet[AwarenessActivity]:
    actor = actor_of(user)
    activities = AwarenessActivity.objects.select_related("organisation")
    if actor is None or not actor.can(Perm.AWARENESS_VIEW):
        return activities.none()
    if actor.role == Role.SYSTEM_ADMIN:
        return activities
    if actor.jurisdiction is None and actor.organisation.kind != OrgKind.CSO:
        return activities  # a national agency (KPAI, Kemensos): OR-ing with an empty Q would drop this
    own = Q(organisation=actor.organisation)
    if actor.organisation.kind == OrgKind.CSO:
        return activities.filter(own)
    return activities.filter(own | region_q("region_code", actor.jurisdiction))


def activities_editable_by(user: UserLike | None) -> RegionScopedQuerySet[AwarenessActivity]:
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.AWARENESS_RECORD):
        return AwarenessActivity.objects.none()
    return activities_visible_to(user).filter(organisation=actor.organisation)


def audience_counts(activities: QuerySet[AwarenessActivity]) -> dict[str, tuple[int, int]]:
    """Per audience kind: (activities, total attendance of those activities). An activity for parents and
    teachers counts under both, with its whole attendance (attendance is not recorded per audience)."""
    rows = (
        ActivityAudience.objects.filter(activity__in=activities)
        .values_list("kind")
        .annotate(n=Count("activity", distinct=True), people=Sum("activity__attendance"))
        .order_by()
    )
    counts = {kind: (n, people or 0) for kind, n, people in rows}
    return {kind: counts.get(kind, (0, 0)) for kind in Audience.values}


def totals(activities: QuerySet[AwarenessActivity]) -> dict[str, Any]:
    figures = activities.aggregate(n=Count("pk"), people=Sum("attendance"))
    return {"activities": figures["n"], "attendance": figures["people"] or 0}
