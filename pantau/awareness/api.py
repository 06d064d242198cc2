"""/api/v1/awareness/activities: awareness activities (sosialisasi) the caller may see, and recording
one for the caller's own organisation. Scoped as the pages are (pantau.awareness.selectors); the
service refuses bad input field by field (422) and saves nothing then. Materials are uploaded on the
page."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from pantau.accounts.access import Perm, api_permission
from pantau.accounts.http import user_of
from pantau.awareness import selectors, services
from pantau.awareness.models import ActivityAudience, AwarenessActivity
from pantau.lib.api import Pages
from pantau.regions.lookup import region_param

router = Router(tags=["awareness"])


class AwarenessActivityIn(Schema):
    title: str
    held_on: date
    region_code: str
    venue: str
    audiences: list[str]
    topics: list[str]
    other_topic: str = ""
    partners: str = ""
    attendance: int
    attendance_women: int | None = None
    attendance_men: int | None = None
    notes: str = ""


class AwarenessActivityOut(Schema):
    id: int
    title: str
    held_on: date
    region_code: str
    venue: str
    organisation_id: int
    organisation_name: str
    partners: str
    audiences: list[str]
    topics: list[str]
    other_topic: str
    attendance: int
    attendance_women: int | None
    attendance_men: int | None
    materials: int

    @staticmethod
    def resolve_organisation_name(obj: AwarenessActivity) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_audiences(obj: AwarenessActivity) -> list[str]:
        return [a.kind for a in obj.audiences.all()]

    @staticmethod
    def resolve_materials(obj: AwarenessActivity) -> int:
        return len(obj.materials.all())


def _listed(request: HttpRequest) -> Any:
    return selectors.activities_visible_to(request.user).prefetch_related(
        Prefetch("audiences", ActivityAudience.objects.order_by("kind")), "materials"
    )


@router.get(
    "/activities",
    response=list[AwarenessActivityOut],
    summary="Awareness activities you may see, newest first; optional region",
)
@paginate(Pages, page_size=50)
@api_permission(Perm.AWARENESS_VIEW)
def activity_list(request: HttpRequest, region: str = "") -> Any:
    activities = _listed(request)
    code = region_param(region) or None
    return activities.in_region(code) if code else activities


@router.post(
    "/activities",
    response={201: AwarenessActivityOut},
    summary="Record an awareness activity of your organisation",
)
@api_permission(Perm.AWARENESS_RECORD)
def activity_create(request: HttpRequest, payload: AwarenessActivityIn) -> Status:
    data = payload.dict()
    audiences = data.pop("audiences")
    activity = services.activity_record(
        actor=user_of(request),
        activity=AwarenessActivity(**{k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}),
        audiences=audiences,
    )
    return Status(201, _listed(request).get(pk=activity.pk))
