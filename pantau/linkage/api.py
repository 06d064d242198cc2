"""/api/v1/linkage: possible duplicate children, decisions, batch runs and the registration-time check."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Literal, overload

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from pantau.accounts.access import Perm, api_permission, refuse
from pantau.accounts.http import user_of
from pantau.audit.services import audit_record
from pantau.children.identifiers import set_identifier
from pantau.children.models import Child
from pantau.children.selectors import homes_for_admission
from pantau.lib.api import ErrorOut, Pages
from pantau.lib.ratelimit import allow
from pantau.linkage import disclosure, services
from pantau.linkage.models import CandidatePair
from pantau.linkage.selectors import candidate_pairs_visible_to, get_pair_for, linkage_runs_visible_to
from pantau.linkage.tasks import run_linkage
from pantau.linkage.warnings import check
from pantau.regions.lookup import region_param

router = Router(tags=["linkage"])
CHECKS_PER_HOUR = 120


class ContactOut(Schema):
    name: str
    email: str
    phone: str


class MaskedOut(Schema):
    """A child of the pair the caller may not see: where it is and whom to contact."""

    region: str
    office: str | None
    contacts: list[ContactOut]


class PairOut(Schema):
    id: int
    # null for a masked child: its record number would be one more fact about a child you may not see
    child_a_id: int | None
    child_b_id: int | None
    # The model's probability when the caller sees both children; null when one is masked (its NIK
    # would count in it). The band, computed without the NIK then, is always there.
    match_probability: float | None
    match_percent: int | None = Field(
        description="match_probability as the pages show it: a whole percentage (0-100); null when masked"
    )
    likelihood: str
    homes: Literal["same_home", "different_homes", "one_left", "both_left", ""] = Field(
        description="Where the two children are; empty when a masked child's home is not yours to know"
    )
    relation: Literal["siblings", "twins", ""] = Field(
        description="What the pair more likely is, when both children are shown: siblings (same parents, "
        "born more than a year apart) or twins (same parents and birth date, different names)"
    )
    status: str
    source: str
    version: int
    decided_at: datetime | None
    child_a_shown: bool
    child_b_shown: bool
    child_a_masked: MaskedOut | None
    child_b_masked: MaskedOut | None


class FieldOut(Schema):
    label: str
    first: str | None  # null: that child is masked
    second: str | None
    agreement: str


class PairDetailOut(PairOut):
    fields: list[FieldOut]


class PairDecisionIn(Schema):
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


def _pair_out(
    pair: CandidatePair,
    *,
    full: bool,
    shown: tuple[bool, bool],
    likelihood: str,
    masked: tuple[disclosure.Masked | None, disclosure.Masked | None],
    homes: str,
    relation: str,
) -> dict[str, Any]:
    return {
        "id": pair.pk,
        "child_a_id": pair.child_a_id if shown[0] else None,
        "child_b_id": pair.child_b_id if shown[1] else None,
        "match_probability": pair.match_probability if full else None,
        "match_percent": round(pair.match_probability * 100) if full else None,
        "likelihood": likelihood,
        "homes": homes,
        "relation": relation,
        "status": pair.status,
        "source": pair.source,
        "version": pair.version,
        "decided_at": pair.decided_at,
        "child_a_shown": shown[0],
        "child_b_shown": shown[1],
        "child_a_masked": masked[0].as_api() if masked[0] else None,
        "child_b_masked": masked[1].as_api() if masked[1] else None,
    }


class _PairPage(Sequence[dict[str, Any]]):
    """The pairs for the paginator: only the requested page is turned into (masked) rows."""

    def __init__(self, request: HttpRequest, pairs: QuerySet[CandidatePair]) -> None:
        self.request, self.pairs = request, pairs

    def __len__(self) -> int:
        return self.pairs.count()

    @classmethod
    def one(cls, request: HttpRequest, pair: CandidatePair) -> dict[str, Any]:
        return cls(
            request, CandidatePair.objects.filter(pk=pair.pk).select_related("child_a__lksa", "child_b__lksa")
        )[0:1][0]

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...
    def __getitem__(self, index: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        rows = disclosure.pair_rows(self.request.user, self.pairs[index])
        return [
            _pair_out(
                r.pair,
                full=r.percent is not None,
                shown=(r.shown_a, r.shown_b),
                likelihood=r.likelihood,
                masked=(r.masked_a, r.masked_b),
                homes=r.homes,
                relation=r.relation,
            )
            for r in rows
        ]


@router.get("/pairs", response=list[PairOut], summary="Possible duplicates involving your jurisdiction")
@paginate(Pages, page_size=100)
@api_permission(Perm.LINKAGE_REVIEW)
def pairs(request: HttpRequest, status: str = CandidatePair.Status.PENDING) -> Any:
    found = (
        candidate_pairs_visible_to(request.user)
        .filter(status=status)
        .select_related("child_a__lksa", "child_b__lksa")
        .order_by("-match_probability", "pk")
    )
    return _PairPage(request, found)


@router.get(
    "/pairs/{pair_id}",
    response=PairDetailOut,
    summary="The pair side by side; a child outside your area masked (audited)",
)
@api_permission(Perm.LINKAGE_REVIEW)
def pair(request: HttpRequest, pair_id: int) -> dict[str, Any]:
    found = get_pair_for(request.user, pair_id)
    found = CandidatePair.objects.select_related("child_a__lksa", "child_b__lksa").get(pk=found.pk)
    view = services.pair_open(actor=user_of(request), pair=found)
    return {
        **_pair_out(
            found,
            full=view.full,
            shown=(view.shown_a, view.shown_b),
            likelihood=view.likelihood,
            masked=(view.masked_a, view.masked_b),
            homes=view.homes,
            relation=view.relation,
        ),
        "fields": [
            {
                "label": str(r.label),
                "first": r.left if view.shown_a else None,
                "second": r.right if view.shown_b else None,
                "agreement": r.agreement,
            }
            for r in view.rows
        ],
    }


@router.post(
    "/pairs/{pair_id}/decision",
    response=PairOut,
    summary="Same child (confirms your side), different children, or reopen",
)
@api_permission(Perm.LINKAGE_REVIEW)
def decide(request: HttpRequest, pair_id: int, payload: PairDecisionIn) -> dict[str, Any]:
    found = get_pair_for(request.user, pair_id)
    decided = services.pair_decide(
        actor=user_of(request),
        pair=found,
        status=payload.status,
        note=payload.note,
        expected_version=payload.version,
    )
    return _PairPage.one(request, decided)


class CheckFieldOut(Schema):
    label: str
    new: str
    recorded: str
    agreement: str


class CandidateOut(Schema):
    """One possible duplicate. The same keys for every candidate; for a child outside the caller's
    scope ``child_id``, ``probability`` are null and ``fields`` empty, whatever NIK was typed."""

    child_id: int | None
    probability: float | None
    percent: int | None = Field(description="probability as the pages show it: a whole percentage (0-100)")
    likelihood: str
    region: str | None
    contact: str | None
    contacts: list[ContactOut]
    fields: list[CheckFieldOut]


class CheckOut(Schema):
    candidates: list[CandidateOut]


@router.post(
    "/check",
    response={200: CheckOut, 429: ErrorOut},
    summary="Before admitting: is this child already recorded? (answers per role)",
)
@api_permission(Perm.CHILD_MANAGE)
def registration_check(request: HttpRequest, payload: CheckIn) -> Any:
    # A home admits a few children a week; hundreds of checks an hour are someone searching for a child.
    if not allow(f"linkage-check:{request.user.pk}", limit=CHECKS_PER_HOUR, window_seconds=3600):
        # Audited like a refused reveal: a burst of checks is what searching for a child looks like.
        audit_record(
            action="linkage.check_throttled", actor=user_of(request), changes={"limit": CHECKS_PER_HOUR}
        )
        return Status(429, {"detail": _("Too many duplicate checks in the last hour. Try again later.")})
    home = homes_for_admission(request.user).filter(pk=payload.lksa_id).first()
    if home is None:
        # A home out of reach is told like one that does not exist, and audited like any refusal.
        refuse(request.user, reason="reference_out_of_scope", target_label=f"registry.lksa:{payload.lksa_id}")
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
    services.check_audit(actor=user_of(request), matches=matches)
    return {"candidates": [w.as_api() for w in warnings]}


@router.get("/runs", response=list[RunOut], summary="Batch runs in your jurisdiction")
@paginate(Pages, page_size=50)
@api_permission(Perm.LINKAGE_RUN)
def runs(request: HttpRequest) -> Any:
    return linkage_runs_visible_to(request.user).order_by("-created_at")


@router.post("/runs", response={202: RunOut}, summary="Start a batch run for a region of your jurisdiction")
@api_permission(Perm.LINKAGE_RUN)
def run_start(request: HttpRequest, payload: RunIn) -> Status:
    region = services.run_region(user_of(request), region_param(payload.region, levels=(1, 2)))
    run = services.run_queue(actor=user_of(request), region_code=region)
    run_linkage.enqueue(run.pk)
    run.refresh_from_db()
    return Status(202, run)
