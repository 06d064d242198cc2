"""/api/v1/staffing: pembinaan sessions and their attendance, and a home's staff vetting status.

Scoped as the pages are (``sessions_visible_to``, the registry's ``get_lksa_for``); writes go through the
services. Clearances, trainings and their files are recorded on the pages."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from pantau.accounts.access import Perm, api_permission, may_see_bars
from pantau.accounts.http import user_of
from pantau.lib.api import Pages
from pantau.registry.selectors import get_lksa_for, lksa_visible_to
from pantau.staffing import services
from pantau.staffing.models import Attendance, TrainingSession
from pantau.staffing.selectors import (
    get_session_for,
    sessions_visible_to,
    staff_rows,
    validity_months_for,
)

router = Router(tags=["staffing"])


class StaffingSessionOut(Schema):
    id: int
    held_on: date
    place: str
    topic: str
    counts_as_protection: bool
    organisation_id: int
    region_code: str


class StaffingAttendanceOut(Schema):
    staff_id: int
    lksa_id: int
    attended: bool


class StaffingSessionDetailOut(StaffingSessionOut):
    home_ids: list[int]
    attendance: list[StaffingAttendanceOut]


class StaffingSessionIn(Schema):
    held_on: date
    place: str = Field(max_length=200)
    topic: str = Field(max_length=200)
    counts_as_protection: bool = False
    home_ids: list[int] = Field(max_length=500)


class StaffingMarkIn(Schema):
    staff_id: int
    attended: bool


class StaffingAttendanceIn(Schema):
    marks: list[StaffingMarkIn] = Field(min_length=1, max_length=1000)


class StaffingVettingRowOut(Schema):
    staff_id: int
    full_name: str
    position: str
    is_board: bool
    is_active: bool
    police_clearance_on: date | None
    police_clearance_until: date | None
    protection_training_on: date | None
    status: str
    barred_match: bool | None  # None: not shown to this reader (Dinas Sosial only)


class StaffingVettingOut(Schema):
    lksa_id: int
    skck_validity_months: int
    staff: list[StaffingVettingRowOut]


def _session_detail(request: HttpRequest, session: TrainingSession) -> dict[str, Any]:
    homes = list(
        session.homes.filter(pk__in=lksa_visible_to(request.user).values("pk")).values_list("pk", flat=True)
    )
    marks = Attendance.objects.filter(session=session, staff__lksa__in=homes).select_related("staff")
    return {
        **{f: getattr(session, f) for f in StaffingSessionOut.model_fields},
        "home_ids": sorted(homes),
        "attendance": [
            {"staff_id": m.staff_id, "lksa_id": m.staff.lksa_id, "attended": m.attended}
            for m in marks.order_by("staff_id")
        ],
    }


@router.get("/sessions", response=list[StaffingSessionOut], summary="Pembinaan sessions you may see")
@paginate(Pages, page_size=50)
@api_permission(Perm.REGISTRY_VIEW)
def session_list(request: HttpRequest) -> Any:
    return sessions_visible_to(request.user).order_by("-held_on", "-pk")


@router.post(
    "/sessions",
    response={201: StaffingSessionDetailOut},
    summary="Record a pembinaan session of your office, inviting homes of your jurisdiction",
)
@api_permission(Perm.REGISTRY_MANAGE)
def session_create(request: HttpRequest, payload: StaffingSessionIn) -> Status:
    user = user_of(request)
    homes = list(lksa_visible_to(user).filter(pk__in=payload.home_ids))
    if not homes or len(homes) != len(set(payload.home_ids)):
        raise ValidationError({"home_ids": [_("Invite homes of your jurisdiction (at least one).")]})
    session = TrainingSession(
        held_on=payload.held_on,
        place=payload.place,
        topic=payload.topic,
        counts_as_protection=payload.counts_as_protection,
    )
    session = services.session_create(actor=user, session=session, homes=homes)
    return Status(201, _session_detail(request, session))


@router.get(
    "/sessions/{session_id}", response=StaffingSessionDetailOut, summary="One session with its attendance"
)
@api_permission(Perm.REGISTRY_VIEW)
def session_detail(request: HttpRequest, session_id: int) -> Any:
    return _session_detail(request, get_session_for(request.user, session_id))


@router.post(
    "/sessions/{session_id}/attendance",
    response=StaffingSessionDetailOut,
    summary="Mark invited staff as attended or absent; those who attended get the training on record",
)
@api_permission(Perm.REGISTRY_MANAGE)
def session_attendance(request: HttpRequest, session_id: int, payload: StaffingAttendanceIn) -> Any:
    user = user_of(request)
    session = get_session_for(user, session_id, need=Perm.REGISTRY_MANAGE)
    services.attendance_record(
        actor=user, session=session, attended={m.staff_id: m.attended for m in payload.marks}
    )
    return _session_detail(request, session)


@router.get(
    "/homes/{lksa_id}/vetting",
    response=StaffingVettingOut,
    summary="A home's staff with their police clearance, child-protection training and vetting status",
)
@api_permission(Perm.REGISTRY_VIEW)
def home_vetting(request: HttpRequest, lksa_id: int) -> Any:
    lksa = get_lksa_for(request.user, lksa_id)
    shown = may_see_bars(request.user)
    rows = staff_rows(lksa.staff.order_by("full_name", "pk"), user=request.user, today=timezone.localdate())
    return {
        "lksa_id": lksa.pk,
        "skck_validity_months": validity_months_for(lksa),
        "staff": [
            {
                "staff_id": r.staff.pk,
                "full_name": r.staff.full_name,
                "position": r.staff.position,
                "is_board": r.staff.is_board,
                "is_active": r.staff.is_active,
                "police_clearance_on": r.staff.police_clearance_on,
                "police_clearance_until": r.staff.police_clearance_until,
                "protection_training_on": r.staff.protection_training_on,
                "status": r.status,
                "barred_match": r.flagged if shown else None,
            }
            for r in rows
        ],
    }
