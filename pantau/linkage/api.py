"""/api/v1/linkage: possible duplicate children, decisions, batch runs and the registration-time check."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal, cast

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from pantau.accounts.access import (
    Perm,
    candidate_pairs_visible_to,
    get_pair_for,
    homes_for_admission,
    linkage_runs_visible_to,
    require,
)
from pantau.accounts.models import User
from pantau.children.identifiers import set_identifier
from pantau.children.models import Child
from pantau.lib.ratelimit import allow
from pantau.linkage import services
from pantau.linkage.models import CandidatePair
from pantau.linkage.tasks import run_linkage
from pantau.linkage.warnings import check

router = Router(tags=["linkage"])
CHECKS_PER_HOUR = 120


class PairOut(Schema):
    id: int
    child_a_id: int
    child_b_id: int
    match_probability: float
    status: str
    source: str
    version: int
    decided_at: datetime | None


class FieldOut(Schema):
    label: str
    first: str
    second: str
    agreement: str


class PairDetailOut(PairOut):
    fields: list[FieldOut]


class DecisionIn(Schema):
    status: str
    note: str = ""
    version: int


class CheckIn(Schema):
    lksa_id: int
    full_name: str = Field(min_length=1, max_length=150)
    sex: Literal["L", "P", ""] = ""
    birth_date: date | None = None
    birth_place: str = Field("", max_length=100)
    nik: str = Field("", max_length=24)
    mother_name: str = Field("", max_length=150)
    father_name: str = Field("", max_length=150)


class RunIn(Schema):
    region: str = ""


class RunOut(Schema):
    id: int
    region_code: str
    status: str
    created_at: datetime
    finished_at: datetime | None
    records: int
    pairs: int
    new_pairs: int
    clusters: int
    labels: int


@router.get("/pairs", response=list[PairOut], summary="Possible duplicates involving your jurisdiction")
@paginate(PageNumberPagination, page_size=100)
def pairs(request: HttpRequest, status: str = CandidatePair.Status.PENDING) -> Any:
    require(request.user, Perm.LINKAGE_REVIEW, target_label=request.path)
    return candidate_pairs_visible_to(request.user).filter(status=status).order_by("-match_probability", "pk")


@router.get("/pairs/{pair_id}", response=PairDetailOut, summary="Both records side by side (audited)")
def pair(request: HttpRequest, pair_id: int) -> dict[str, Any]:
    require(request.user, Perm.LINKAGE_REVIEW, target_label=request.path)
    found = get_pair_for(request.user, pair_id)
    found = CandidatePair.objects.select_related("child_a__lksa", "child_b__lksa").get(pk=found.pk)
    comparison = services.pair_open(actor=cast(User, request.user), pair=found)
    return {
        **PairOut.from_orm(found).dict(),
        "fields": [
            {"label": str(r.label), "first": r.left, "second": r.right, "agreement": r.agreement}
            for r in comparison.rows
        ],
    }


@router.post(
    "/pairs/{pair_id}/decision", response=PairOut, summary="Same child, different children, or reopen"
)
def decide(request: HttpRequest, pair_id: int, payload: DecisionIn) -> CandidatePair:
    require(request.user, Perm.LINKAGE_REVIEW, target_label=request.path)
    found = get_pair_for(request.user, pair_id)
    return services.pair_decide(
        actor=cast(User, request.user),
        pair=found,
        status=payload.status,
        note=payload.note,
        version=payload.version,
    )


class CheckOut(Schema):
    candidates: list[dict[str, Any]]


class DetailOut(Schema):
    detail: str


@router.post(
    "/check",
    response={200: CheckOut, 429: DetailOut},
    summary="Before admitting: is this child already recorded? (answers per role)",
)
def registration_check(request: HttpRequest, payload: CheckIn) -> Any:
    require(request.user, Perm.CHILD_MANAGE, target_label=request.path)
    # A home admits a few children a week; hundreds of checks an hour are someone searching for a child.
    if not allow(f"linkage-check:{request.user.pk}", limit=CHECKS_PER_HOUR, window_seconds=3600):
        return Status(429, {"detail": _("Too many duplicate checks in the last hour. Try again later.")})
    home = homes_for_admission(request.user).filter(pk=payload.lksa_id).first()
    if home is None:
        raise ValidationError({"lksa_id": [_("No home with this number that you may admit children to.")]})
    child = Child(
        lksa=home,
        region_code=home.region_code,
        full_name=payload.full_name,
        sex=payload.sex,
        birth_date=payload.birth_date,
        birth_place=payload.birth_place,
        mother_name=payload.mother_name,
        father_name=payload.father_name,
    )
    set_identifier(child, "nik", payload.nik)
    matches, warnings = check(request.user, child)
    services.check_audit(actor=cast(User, request.user), matches=matches)
    return {"candidates": [w.as_api() for w in warnings]}


@router.get("/runs", response=list[RunOut], summary="Batch runs in your jurisdiction")
@paginate(PageNumberPagination, page_size=50)
def runs(request: HttpRequest) -> Any:
    require(request.user, Perm.LINKAGE_RUN, target_label=request.path)
    return linkage_runs_visible_to(request.user).order_by("-created_at")


@router.post("/runs", response={202: RunOut}, summary="Start a batch run for a region of your jurisdiction")
def run_start(request: HttpRequest, payload: RunIn) -> Status:
    require(request.user, Perm.LINKAGE_RUN, target_label=request.path)
    region = services.run_region(cast(User, request.user), payload.region)
    run = services.run_queue(actor=cast(User, request.user), region_code=region)
    run_linkage.enqueue(run.pk)
    run.refresh_from_db()
    return Status(202, run)
