"""Reads of meetings, recommendations and assignments, always through the access scopes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Case, Count, F, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from pantau.accounts.access import (
    Perm,
    UserLike,
    actor_of,
    assignment_scope,
    get_scoped,
    meeting_scope,
)
from pantau.coordination.models import Assignment, Meeting, ProgressReport, Recommendation, Status
from pantau.regions.models import region_q

OVERDUE = "overdue"  # a filter value next to the statuses: open and past its due date


def meetings_visible_to(user: UserLike) -> QuerySet[Meeting]:
    return meeting_scope(user, Meeting.objects.select_related("organiser", "region"))


def assignments_visible_to(user: UserLike) -> QuerySet[Assignment]:
    return assignment_scope(
        user,
        Assignment.objects.select_related("organisation", "recommendation__meeting"),
    )


def get_meeting_for(user: UserLike, pk: int | str) -> Meeting:
    return get_scoped(
        user, meetings_visible_to(user), pk, need=Perm.COORDINATION_VIEW, view=Perm.COORDINATION_VIEW
    )


def get_assignment_for(user: UserLike, pk: int | str, *, need: Perm = Perm.COORDINATION_VIEW) -> Assignment:
    return get_scoped(user, assignments_visible_to(user), pk, need=need, view=Perm.COORDINATION_VIEW)


def recommendations_of(user: UserLike, meeting: Meeting) -> list[Recommendation]:
    """The meeting's recommendations, each with the assignments ``user`` may see."""
    shown = assignments_visible_to(user).order_by("organisation__name", "pk")
    return list(
        meeting.recommendations.prefetch_related(
            Prefetch("assignments", queryset=shown, to_attr="shown_assignments")
        )
    )


def overdue_first(assignments: QuerySet[Assignment], today: date) -> QuerySet[Assignment]:
    """Overdue first, then blocked, then by due date; done last."""
    rank = Case(
        When(Q(due_on__lt=today) & ~Q(status=Status.DONE), then=Value(0)),
        When(status=Status.BLOCKED, then=Value(1)),
        When(status=Status.DONE, then=Value(3)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return assignments.annotate(urgency=rank).order_by("urgency", "due_on", "pk")


def filter_assignments(
    assignments: QuerySet[Assignment],
    *,
    meeting: int | None = None,
    organisation: int | None = None,
    status: str = "",
    today: date,
) -> QuerySet[Assignment]:
    if meeting:
        assignments = assignments.filter(recommendation__meeting_id=meeting)
    if organisation:
        assignments = assignments.filter(organisation_id=organisation)
    if status == OVERDUE:
        assignments = assignments.filter(due_on__lt=today).exclude(status=Status.DONE)
    elif status in Status.values:
        assignments = assignments.filter(status=status)
    return assignments


def own_assignments(user: UserLike) -> QuerySet[Assignment]:
    """The to-do list of the user's organisation: its assignments (open ones first)."""
    actor = actor_of(user)
    if actor is None:
        return Assignment.objects.none()
    return assignments_visible_to(user).filter(organisation=actor.organisation)


def reports_of(assignment: Assignment) -> QuerySet[ProgressReport]:
    return assignment.reports.select_related("reported_by").prefetch_related("evidence")


@dataclass(frozen=True)
class Counts:
    total: int
    not_started: int
    in_progress: int
    done: int
    blocked: int
    overdue: int


def _counts(rows: QuerySet[Assignment], today: date) -> dict[str, Any]:
    return rows.aggregate(
        total=Count("pk"),
        not_started=Count("pk", filter=Q(status=Status.NOT_STARTED)),
        in_progress=Count("pk", filter=Q(status=Status.IN_PROGRESS)),
        done=Count("pk", filter=Q(status=Status.DONE)),
        blocked=Count("pk", filter=Q(status=Status.BLOCKED)),
        overdue=Count("pk", filter=Q(due_on__lt=today) & ~Q(status=Status.DONE)),
    )


def progress_counts(user: UserLike, region: str | None = None, *, today: date | None = None) -> Counts:
    """Assignments ``user`` may see, counted by status, and how many are overdue (open, past due);
    ``region``: only meetings about that region or inside it. One query (for the dashboard)."""
    rows = assignments_visible_to(user).order_by()
    if region:
        rows = rows.filter(region_q("recommendation__meeting__region__code", region))
    return Counts(**_counts(rows, today or timezone.localdate()))


def counts_by(
    user: UserLike, key: str, *, today: date, base: QuerySet[Assignment] | None = None
) -> list[dict[str, Any]]:
    """Status counts per organisation (``key`` "organisation") or per recommendation ("recommendation"),
    those with overdue work first."""
    rows = base if base is not None else assignments_visible_to(user)
    if key == "organisation":
        fields = ["organisation_id", "organisation__name"]
    else:
        fields = [
            "recommendation_id",
            "recommendation__number",
            "recommendation__text",
            "recommendation__meeting__title",
            "recommendation__meeting_id",
        ]
    grouped = (
        rows.order_by()
        .values(*fields)
        .annotate(
            total=Count("pk"),
            not_started=Count("pk", filter=Q(status=Status.NOT_STARTED)),
            in_progress=Count("pk", filter=Q(status=Status.IN_PROGRESS)),
            done=Count("pk", filter=Q(status=Status.DONE)),
            blocked=Count("pk", filter=Q(status=Status.BLOCKED)),
            overdue=Count("pk", filter=Q(due_on__lt=today) & ~Q(status=Status.DONE)),
        )
    )
    return sorted(grouped, key=lambda r: (-r["overdue"], -r["blocked"], str(r.get(fields[1]) or "")))


def published_recommendations() -> QuerySet[Recommendation]:
    """For the public page: published recommendations, each with its assignments (organisation and status
    only are shown)."""
    return (
        Recommendation.objects.filter(published=True)
        .select_related("meeting__organiser", "meeting__region")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("organisation").order_by("organisation__name"),
            )
        )
        .order_by("-meeting__held_on", "meeting_id", F("number").asc(nulls_first=True), "pk")
    )
