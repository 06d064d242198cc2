"""/api/v1/incidents: a home reports a serious incident (SNPA D26) and lists its own reports; the
agencies list and read the reports of the homes in their jurisdiction (pantau.accounts.access.incidents).

A report is refused field by field (422) with nothing saved, as on the page (services.incident_report).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from pantau.accounts.access import Perm, api_permission, require_incident_reader
from pantau.accounts.http import user_of
from pantau.children.models import Child
from pantau.incidents.models import IncidentReport, Kind
from pantau.incidents.selectors import filter_incidents, get_incident_for, incidents_visible_to
from pantau.incidents.services import incident_report
from pantau.lib.api import Pages

router = Router(tags=["incidents"])


class IncidentOut(Schema):
    id: int
    lksa_id: int
    lksa_name: str
    kind: str
    happened_at: datetime
    learned_at: datetime
    reported_at: datetime
    due_at: datetime
    is_late: bool
    late_by_hours: float | None
    children_count: int
    police_informed: bool
    others_informed: str
    status: str
    concern_tracking_code: str | None

    @staticmethod
    def resolve_lksa_name(obj: IncidentReport) -> str:
        return obj.lksa.name

    @staticmethod
    def resolve_late_by_hours(obj: IncidentReport) -> float | None:
        late = obj.late_by
        return round(late.total_seconds() / 3600, 1) if late else None

    @staticmethod
    def resolve_concern_tracking_code(obj: IncidentReport) -> str | None:
        return obj.concern.tracking_code if obj.concern else None


class IncidentDetailOut(IncidentOut):
    description: str
    action_taken: str
    children_linked: int

    @staticmethod
    def resolve_children_linked(obj: IncidentReport) -> int:
        return obj.children.count()


class IncidentIn(Schema):
    # A string checked by the model (422 naming the field): an enum would add a schema component.
    kind: str = Field(max_length=16, description="one of: " + ", ".join(Kind.values))
    happened_at: datetime
    learned_at: datetime
    description: str = Field(max_length=4000)
    action_taken: str = Field(max_length=2000)
    police_informed: bool = False
    others_informed: str = Field("", max_length=300)
    children_count: int = Field(ge=0, le=500)
    children: list[int] = Field(default_factory=list, max_length=500)


@router.get("", response=list[IncidentOut], summary="Incident reports you may see, newest first")
@paginate(Pages, page_size=50)
def incident_list(request: HttpRequest, late: bool = False, kind: str = "", lksa: int = 0) -> Any:
    require_incident_reader(request.user, target_label=request.path)
    rows = filter_incidents(incidents_visible_to(request.user), late_only=late, kind=kind, lksa=lksa or None)
    return rows.select_related("lksa", "concern")


@router.get("/{incident_id}", response=IncidentDetailOut, summary="One incident report")
def incident_detail(request: HttpRequest, incident_id: int) -> Any:
    require_incident_reader(request.user, target_label=request.path)
    return get_incident_for(request.user, incident_id)


@router.post(
    "",
    response={201: IncidentDetailOut},
    summary="Report an incident at your home (an LKSA's people); it becomes a concern in triage",
)
@api_permission(Perm.INCIDENT_REPORT)
def incident_create(request: HttpRequest, payload: IncidentIn) -> Status:
    user = user_of(request)
    data = payload.dict(exclude={"children"})
    # Only the home's own children are looked up: a child elsewhere reads as unknown, not as "another
    # home's", so that ids cannot be probed.
    wanted = set(payload.children)
    children = list(Child.objects.filter(pk__in=wanted, lksa__organisation=user.office)) if wanted else []
    if len(children) != len(wanted):
        raise ValidationError({"children": [_("Only children of your own home can be linked.")]})
    report = incident_report(actor=user, report=IncidentReport(**data), children=children)
    return Status(201, get_incident_for(user, report.pk))
