from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from pantau.accounts.access import Perm, api_permission
from pantau.accounts.http import user_of
from pantau.children import gatekeeping_rules, indicators
from pantau.children.models import Child, GatekeepingAssessment
from pantau.children.selectors import children_visible_to, get_child_for
from pantau.children.services import RevealThrottled, child_identity, gatekeeping_sign_off
from pantau.lib.api import ErrorOut, LargeListPages
from pantau.regions.lookup import region_param

router = Router(tags=["children"])


class PlacementOut(Schema):
    kind: str
    lksa_id: int | None
    started_on: date
    ended_on: date | None


class ChildOut(Schema):
    id: int
    lksa_id: int
    full_name: str
    sex: str
    birth_date: date | None
    birth_date_precision: str
    status: str
    admitted_on: date
    emergency_admission: bool
    gatekeeping_done: bool
    mother_status: str
    father_status: str
    mother_name: str
    father_name: str

    @staticmethod
    def resolve_gatekeeping_done(obj: Child) -> bool:
        return hasattr(obj, "gatekeeping")


class FlagOut(Schema):
    """A gatekeeping flag (children/gatekeeping_rules.py): ``severity`` "refuse" or "flag"."""

    code: str
    message: str
    severity: str
    rule: str
    item: str


class GatekeepingOut(Schema):
    assessed_on: date
    family_care_possible: bool
    agreement_signed: bool
    items: dict[str, str]
    signed_off: bool
    signed_off_at: datetime | None
    signed_off_by_id: int | None
    signed_off_role_note: str

    @staticmethod
    def resolve_signed_off(obj: GatekeepingAssessment) -> bool:
        return obj.signed_off_at is not None


class ChildDetailOut(ChildOut):
    placements: list[PlacementOut]
    admission_reason: str
    admission_reason_other: str
    gatekeeping: GatekeepingOut | None
    gatekeeping_flags: list[FlagOut]

    @staticmethod
    def resolve_placements(obj: Child) -> list:
        return list(obj.placements.all())

    @staticmethod
    def resolve_gatekeeping(obj: Child) -> GatekeepingAssessment | None:
        return getattr(obj, "gatekeeping", None)

    @staticmethod
    def resolve_gatekeeping_flags(obj: Child) -> list[gatekeeping_rules.Flag]:
        return gatekeeping_rules.assessment_flags(obj, getattr(obj, "gatekeeping", None))


class SignOffIn(Schema):
    confirm: bool
    role_note: str = Field("", max_length=150)


class IdentityOut(Schema):
    nik: str
    kk: str
    birth_certificate: str


class FiguresOut(Schema):
    key: str
    label: str
    in_care: int
    capacity: int
    living_parent: int
    gatekeeping: int
    current_care_plan: int
    family_exits_12m: int
    median_stay_days: int | None
    withheld: bool


@router.get("", response=list[ChildOut], summary="Children in your care or jurisdiction (no identifiers)")
@paginate(LargeListPages, page_size=100)
@api_permission(Perm.CHILD_VIEW)
def child_list(request: HttpRequest, status: str = "in_care", lksa: int | None = None) -> list:
    children = children_visible_to(request.user).select_related("gatekeeping").order_by("full_name", "pk")
    if status in ("in_care", "left"):
        children = children.filter(status=status)
    if lksa is not None:
        children = children.filter(lksa_id=lksa)
    return children  # type: ignore[return-value]


@router.get("/figures", response=list[FiguresOut], summary="Counts and shares per LKSA or region (no names)")
@api_permission(Perm.REGISTRY_VIEW)
def child_figures(request: HttpRequest, level: str = "province", region: str = "") -> list:
    code = region_param(region)  # a code or a place name
    return indicators.figures_for(request.user, level=level, region=code, today=timezone.localdate())[1]


@router.get("/{child_id}", response=ChildDetailOut, summary="One child with the placement history")
@api_permission(Perm.CHILD_VIEW)
def child_detail(request: HttpRequest, child_id: int) -> Child:
    return get_child_for(request.user, child_id)


@router.post(
    "/{child_id}/identity",
    response={200: IdentityOut, 429: ErrorOut},
    summary="The child's identifiers (audited; capped per person: 429 past the cap)",
)
@api_permission(Perm.CHILD_IDENTITY)
def child_identity_api(request: HttpRequest, child_id: int) -> Status:
    child = get_child_for(request.user, child_id, need=Perm.CHILD_IDENTITY)
    try:
        return Status(200, child_identity(actor=user_of(request), child=child))
    except RevealThrottled as refused:
        return Status(429, {"detail": str(refused)})


@router.post(
    "/{child_id}/gatekeeping/sign-off",
    response=GatekeepingOut,
    summary="Dinas Sosial signs off the child's gatekeeping assessment (never the home)",
)
@api_permission(Perm.CHILD_SIGNOFF)
def child_gatekeeping_signoff(
    request: HttpRequest, child_id: int, payload: SignOffIn
) -> GatekeepingAssessment:
    child = get_child_for(request.user, child_id)
    if not payload.confirm:
        raise ValidationError({"confirm": [_("Tick the confirmation to sign off.")]})
    return gatekeeping_sign_off(actor=user_of(request), child=child, role_note=payload.role_note)
