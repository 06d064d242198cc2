"""/api/v1/coordination: meetings, their recommendations and assignments, progress reports, the status
counts and the public list.

Scoped as the pages are (pantau.accounts.access.coordination). Writes go through the services, which
refuse bad input field by field (422) and save nothing then. Evidence files are uploaded on the page;
the API reports progress as text."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from pantau.accounts.access import Perm, api_permission
from pantau.accounts.http import user_of
from pantau.coordination import indicators, services
from pantau.coordination.models import Assignment, Recommendation
from pantau.coordination.selectors import (
    assignments_visible_to,
    filter_assignments,
    get_assignment_for,
    get_meeting_for,
    meetings_visible_to,
    overdue_first,
    progress_counts,
    published_recommendations,
    recommendations_of,
)
from pantau.lib.api import Pages
from pantau.regions.lookup import region_param

router = Router(tags=["coordination"])


class CoordinationMeetingFields(Schema):
    id: int
    title: str
    held_on: date
    place: str
    organiser_id: int
    organiser_name: str
    region_code: str | None


class CoordinationMeetingRowOut(CoordinationMeetingFields):
    @staticmethod
    def resolve_organiser_name(obj: Any) -> str:
        return str(obj.organiser.name)

    @staticmethod
    def resolve_region_code(obj: Any) -> str | None:
        return obj.region_id


class CoordinationIndicatorOut(Schema):
    key: str
    label: str
    value: float | None
    numerator: str
    denominator: str
    area_code: str | None
    area_name: str
    url: str
    open_duplicate_pairs: int | None = None


class CoordinationAssignmentFields(Schema):
    id: int
    recommendation_id: int
    recommendation_number: int | None
    organisation_id: int
    organisation_name: str
    actions: str
    indicator: str
    computed_indicator: str
    target: str
    due_on: date
    status: str
    blocked_reason: str
    status_on: date | None
    overdue: bool


class CoordinationAssignmentOut(CoordinationAssignmentFields):
    """An assignment read from the database (the resolvers fill the names and "overdue")."""

    @staticmethod
    def resolve_recommendation_number(obj: Assignment) -> int | None:
        return obj.recommendation.number

    @staticmethod
    def resolve_organisation_name(obj: Assignment) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_overdue(obj: Assignment) -> bool:
        return obj.is_overdue(timezone.localdate())


class CoordinationRecommendationOut(Schema):
    id: int
    number: int | None
    text: str
    summary_en: str
    theme: str
    published: bool
    assignments: list[CoordinationAssignmentOut]


class CoordinationMeetingOut(CoordinationMeetingFields):
    participants: list[str]
    other_participants: list[str]
    minutes: str
    has_minutes_file: bool
    recommendations: list[CoordinationRecommendationOut]


class CoordinationReportOut(Schema):
    id: int
    reported_on: date
    status: str
    blocked_reason: str
    narrative: str
    evidence_count: int


class CoordinationAssignmentDetailOut(CoordinationAssignmentFields):
    meeting_id: int
    recommendation_text: str
    reports: list[CoordinationReportOut]
    computed: CoordinationIndicatorOut | None


class CoordinationReportIn(Schema):
    reported_on: date
    narrative: str
    status: str
    blocked_reason: str = ""


class CoordinationCountsOut(Schema):
    total: int
    not_started: int
    in_progress: int
    done: int
    blocked: int
    overdue: int


class CoordinationPublicStatusOut(Schema):
    organisation_name: str
    due_on: date
    status: str
    overdue: bool


class CoordinationPublicOut(Schema):
    meeting_title: str
    held_on: date
    number: int | None
    text: str
    summary_en: str
    assignments: list[CoordinationPublicStatusOut]


def _indicator(assignment: Assignment, request: HttpRequest) -> dict[str, Any] | None:
    found = indicators.for_assignment(assignment, user=request.user)
    if found is None:
        return None
    return {
        "key": found.key,
        "label": found.label,
        "value": found.value,
        "numerator": found.numerator_shown,
        "denominator": found.denominator_shown,
        "area_code": found.area,
        "area_name": found.area_name,
        "url": found.url,
        "open_duplicate_pairs": found.extra.get("open_pairs"),
    }


def _recommendation(r: Recommendation) -> dict[str, Any]:
    return {
        "id": r.pk,
        "number": r.number,
        "text": r.text,
        "summary_en": r.summary_en,
        "theme": r.theme,
        "published": r.published,
        "assignments": r.shown_assignments,  # type: ignore[attr-defined]
    }


@router.get(
    "/meetings", response=list[CoordinationMeetingRowOut], summary="Coordination meetings you may see"
)
@paginate(Pages, page_size=50)
@api_permission(Perm.COORDINATION_VIEW)
def meeting_list(request: HttpRequest) -> Any:
    return meetings_visible_to(request.user).order_by("-held_on", "-pk")


@router.get(
    "/meetings/{meeting_id}",
    response=CoordinationMeetingOut,
    summary="One meeting with its recommendations and the assignments you may see",
)
@api_permission(Perm.COORDINATION_VIEW)
def meeting_detail(request: HttpRequest, meeting_id: int) -> Any:
    meeting = get_meeting_for(request.user, meeting_id)
    return {
        "id": meeting.pk,
        "title": meeting.title,
        "held_on": meeting.held_on,
        "place": meeting.place,
        "organiser_id": meeting.organiser_id,
        "organiser_name": meeting.organiser.name,
        "region_code": meeting.region_id,
        "participants": [o.name for o in meeting.participants.order_by("name")],
        "other_participants": meeting.other_participant_list,
        "minutes": meeting.minutes,
        "has_minutes_file": bool(meeting.minutes_file),
        "recommendations": [_recommendation(r) for r in recommendations_of(request.user, meeting)],
    }


@router.get(
    "/assignments",
    response=list[CoordinationAssignmentOut],
    summary="Assignments you may see, overdue first; filters meeting, organisation, status (or overdue)",
)
@paginate(Pages, page_size=50)
@api_permission(Perm.COORDINATION_VIEW)
def assignment_list(request: HttpRequest, meeting: int = 0, organisation: int = 0, status: str = "") -> Any:
    today = timezone.localdate()
    rows = filter_assignments(
        assignments_visible_to(request.user),
        meeting=meeting or None,
        organisation=organisation or None,
        status=status,
        today=today,
    )
    return overdue_first(rows, today)


ASSIGNMENT_FIELDS = (
    "id",
    "recommendation_id",
    "organisation_id",
    "actions",
    "indicator",
    "computed_indicator",
    "target",
    "due_on",
    "status",
    "blocked_reason",
    "status_on",
)


def _assignment_detail(request: HttpRequest, assignment: Assignment) -> dict[str, Any]:
    reports = [
        {
            "id": r.pk,
            "reported_on": r.reported_on,
            "status": r.status,
            "blocked_reason": r.blocked_reason,
            "narrative": r.narrative,
            "evidence_count": r.evidence.count(),
        }
        for r in assignment.reports.all()
    ]
    return {
        **{f: getattr(assignment, f) for f in ASSIGNMENT_FIELDS},
        "recommendation_number": assignment.recommendation.number,
        "organisation_name": assignment.organisation.name,
        "overdue": assignment.is_overdue(timezone.localdate()),
        "meeting_id": assignment.recommendation.meeting_id,
        "recommendation_text": assignment.recommendation.text,
        "reports": reports,
        "computed": _indicator(assignment, request),
    }


@router.get(
    "/assignments/{assignment_id}",
    response=CoordinationAssignmentDetailOut,
    summary="One assignment: its progress history and its computed indicator",
)
@api_permission(Perm.COORDINATION_VIEW)
def assignment_detail(request: HttpRequest, assignment_id: int) -> Any:
    return _assignment_detail(request, get_assignment_for(request.user, assignment_id))


@router.post(
    "/assignments/{assignment_id}/reports",
    response={201: CoordinationAssignmentDetailOut},
    summary="Report progress (members of the responsible organisation only); sets the status",
)
@api_permission(Perm.COORDINATION_REPORT)
def assignment_report(request: HttpRequest, assignment_id: int, payload: CoordinationReportIn) -> Status:
    user = user_of(request)
    assignment = get_assignment_for(user, assignment_id, need=Perm.COORDINATION_REPORT)
    services.progress_report(
        actor=user,
        assignment=assignment,
        reported_on=payload.reported_on,
        narrative=payload.narrative,
        status=payload.status,
        blocked_reason=payload.blocked_reason,
    )
    return Status(201, _assignment_detail(request, get_assignment_for(user, assignment_id)))


@router.get(
    "/progress",
    response=CoordinationCountsOut,
    summary="Assignments you may see, counted by status and overdue; optional region",
)
@api_permission(Perm.COORDINATION_VIEW)
def progress(request: HttpRequest, region: str = "") -> Any:
    counts = progress_counts(request.user, region_param(region) or None)
    return counts.__dict__


@router.get(
    "/public",
    response=list[CoordinationPublicOut],
    auth=None,
    summary="Published recommendations and each agency's status (no account; no narratives or files)",
)
def public(request: HttpRequest) -> Any:
    today = timezone.localdate()
    return [
        {
            "meeting_title": r.meeting.title,
            "held_on": r.meeting.held_on,
            "number": r.number,
            "text": r.text,
            "summary_en": r.summary_en,
            "assignments": [
                {
                    "organisation_name": a.organisation.name,
                    "due_on": a.due_on,
                    "status": a.status,
                    "overdue": a.is_overdue(today),
                }
                for a in r.assignments.all()
            ],
        }
        for r in published_recommendations()
    ]
