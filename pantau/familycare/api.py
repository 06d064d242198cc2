"""/api/v1/family-care: files, families, the rules in force and the figures.

Lists name no child (ids only); a file's or a family's detail is an audited read, like its page. Writes
go through the services, which refuse bad input field by field (422) and save nothing then.
"""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from pantau.accounts.access import Perm, api_permission, require_rules_reader
from pantau.accounts.http import user_of
from pantau.children.selectors import children_visible_to
from pantau.familycare import figures, services
from pantau.familycare.law import PROVISIONS, STATUS_LABELS, Provision
from pantau.familycare.models import CareFile, Kind, RuleSet, Stage
from pantau.familycare.rules import Check, current_rules, eligibility
from pantau.familycare.selectors import (
    families_visible_to,
    files_visible_to,
    filter_files,
    for_list,
    get_family_for,
    get_file_for,
)
from pantau.familycare.workflow import next_step, trial_ends_on
from pantau.lib.api import Pages
from pantau.lib.errors import StaleEdit
from pantau.regions.lookup import region_param
from pantau.regions.models import region_q

router = Router(tags=["family-care"])

STAGE_LABELS = dict(Stage.choices)


# --- Schemas (names unique across the API: test_contract checks) ---------------------------------


class CareFileFields(Schema):
    id: int
    number: str
    kind: str
    stage: str
    stage_on: date
    due_on: date | None
    next_visit_on: date | None
    opened_on: date
    closed_on: date | None
    region_code: str
    family_id: int
    child_id: int
    lksa_id: int


class CareFileRowOut(CareFileFields):
    """A file in a list: the family and the home, never the child (``child_id`` only)."""

    stage_label: str
    family_name: str
    lksa_name: str

    @staticmethod
    def resolve_stage_label(obj: CareFile) -> str:
        return str(STAGE_LABELS.get(obj.stage, obj.stage))

    @staticmethod
    def resolve_family_name(obj: CareFile) -> str:
        family = obj.family
        return " & ".join(filter(None, [family.applicant_name, family.spouse_name]))

    @staticmethod
    def resolve_lksa_name(obj: CareFile) -> str:
        return obj.lksa.name


class CitationOut(Schema):
    """A provision the rule rests on, with how far its article was checked (familycare.law)."""

    citation: str
    status: str
    status_label: str


class EligibilityCheckOut(Schema):
    code: str
    label: str
    status: str  # met / missing / failing
    detail: str
    provision: CitationOut


class FileStepOut(Schema):
    stage: str
    stage_label: str
    done_on: date
    document_number: str
    issued_by: str
    outcome: str
    notes: str
    rules_version: int
    recorded_at: datetime


class NextStepOut(Schema):
    stage: str
    stage_label: str
    document_label: str
    issuer_label: str
    provision: CitationOut | None
    due_on: date | None


class CareFileDetailOut(CareFileFields):
    stage_label: str
    family_name: str
    lksa_name: str
    child_region_code: str
    close_reason: str
    rules_version: int
    trial_started_on: date | None
    trial_ends_on: date | None
    placement_id: int | None
    version: int
    next_step: NextStepOut | None
    steps: list[FileStepOut]
    eligibility: list[EligibilityCheckOut]


class CareStepIn(Schema):
    stage: str = Field(..., max_length=20)
    done_on: date
    document_number: str = Field("", max_length=100)
    issued_by: str = Field("", max_length=150)
    outcome: str = Field("", max_length=20)
    notes: str = Field("", max_length=2000)
    # The file's version when the form was loaded: a step recorded meanwhile refuses this one (422).
    version: int | None = Field(None, ge=1)


class FamilyRowOut(Schema):
    id: int
    applicant_name: str
    spouse_name: str
    marital_status: str
    applicant_citizenship: str
    region_code: str
    created_at: datetime
    open_files: int


class FamilyDocumentOut(Schema):
    kind: str
    issued_on: date
    valid_until: date | None
    valid_today: bool


class KindEligibilityOut(Schema):
    """The family checked against the rules of one kind of care in force today."""

    kind: str
    rules_version: int
    ok: bool
    checks: list[EligibilityCheckOut]


class FamilyDetailOut(FamilyRowOut):
    applicant_sex: str
    applicant_birth_date: date
    applicant_religion: str
    married_on: date | None
    spouse_birth_date: date | None
    spouse_religion: str
    children_count: int
    adoptions_before: int
    monthly_income: int | None
    relationship_to_child: str
    version: int
    documents: list[FamilyDocumentOut]
    eligibility: list[KindEligibilityOut]
    files: list[CareFileRowOut]


class CourtOrderIn(Schema):
    document_number: str = Field("", max_length=100)
    issued_by: str = Field("", max_length=150)
    done_on: date | None = None


class CareFileOpenIn(Schema):
    child_id: int = Field(..., ge=1)
    kind: str = Field(..., max_length=12)
    opened_on: date
    child_religion: str = Field("", max_length=12)
    intercountry_reason: str = Field("", max_length=2000)
    court_order: CourtOrderIn | None = None  # guardianship: the order that appoints the guardian


class RuleSetOut(Schema):
    kind: str
    version: int
    valid_from: date
    in_force: bool
    params: dict[str, Any]
    note: str


class StageFigureOut(Schema):
    """One stage of one kind in a region. A count or median withheld (a small number the reader may
    not see) is null with ``withheld`` true; a median without any step is null, not withheld."""

    kind: str
    stage: str
    open_files: int | None
    median_days: float | None
    steps_counted: int | None
    withheld: bool


class FamilyCareRegionOut(Schema):
    key: str
    label: str
    stages: list[StageFigureOut]
    placed_12m: int | None
    family_based: int | None
    residential: int | None
    family_based_pct: float | None
    withheld: bool  # some figure of this region is withheld


# --- Helpers --------------------------------------------------------------------------------------


def _citation(provision: Provision) -> dict[str, str]:
    return {
        "citation": provision.citation,
        "status": provision.status,
        "status_label": str(STATUS_LABELS.get(provision.status, provision.status)),
    }


def _checks(checks: list[Check]) -> list[dict[str, Any]]:
    return [
        {
            "code": c.code,
            "label": str(c.label),
            "status": c.status,
            "detail": str(c.detail),
            "provision": _citation(c.provision),
        }
        for c in checks
    ]


def _file_detail(file: CareFile) -> dict[str, Any]:
    step = next_step(file)
    checked = eligibility(
        file.family,
        file.rules,
        on=file.opened_on,
        child_religion=file.child_religion if file.kind in (Kind.ADOPTION, Kind.FOSTER) else None,
        intercountry_reason=file.intercountry_reason if file.kind == Kind.ADOPTION else None,
    )
    steps = list(file.steps.select_related("rules").order_by("done_on", "pk"))
    provision = PROVISIONS.get(step.provision) if step and step.provision else None
    return {
        **{name: getattr(file, name) for name in CareFileDetailOut.model_fields if hasattr(file, name)},
        "stage_label": str(STAGE_LABELS.get(file.stage, file.stage)),
        "family_name": CareFileRowOut.resolve_family_name(file),
        "lksa_name": file.lksa.name,
        "rules_version": file.rules.version,
        "trial_ends_on": trial_ends_on(file, file.rules),
        "next_step": None
        if step is None
        else {
            "stage": step.stage,
            "stage_label": str(STAGE_LABELS[step.stage]),
            "document_label": str(step.document or ""),
            "issuer_label": str(step.issuer or ""),
            "provision": _citation(provision) if provision else None,
            "due_on": file.due_on,
        },
        "steps": [
            {
                "stage": s.stage,
                "stage_label": str(STAGE_LABELS.get(s.stage, s.stage)),
                "done_on": s.done_on,
                "document_number": s.document_number,
                "issued_by": s.issued_by,
                "outcome": s.outcome,
                "notes": s.notes,
                "rules_version": s.rules.version,
                "recorded_at": s.recorded_at,
            }
            for s in steps
        ],
        "eligibility": _checks(checked.checks),
    }


def _viewed_file(request: HttpRequest, file_id: int, *, need: Perm = Perm.FAMILY_CARE_VIEW) -> CareFile:
    return get_file_for(request.user, file_id, need=need)


# --- Files ----------------------------------------------------------------------------------------


@router.get(
    "/files",
    response=list[CareFileRowOut],
    summary="Family-care files in your jurisdiction (no child's name); filters kind, stage, state, region",
)
@paginate(Pages, page_size=50)
@api_permission(Perm.FAMILY_CARE_VIEW)
def file_list(
    request: HttpRequest, kind: str = "", stage: str = "", state: str = "", region: str = ""
) -> Any:
    """``state``: open, due (a step or visit due within 14 days or overdue), overdue, closed."""
    code = region_param(region)
    files = filter_files(
        files_visible_to(request.user), kind=kind, stage=stage, state=state, today=timezone.localdate()
    )
    if code:
        files = files.filter(region_q("region_code", code))
    return for_list(files).order_by("-opened_on", "-pk")


@router.get(
    "/files/{file_id}",
    response=CareFileDetailOut,
    summary="One file: its steps, the eligibility checks with their legal basis, what is due (audited)",
)
@api_permission(Perm.FAMILY_CARE_VIEW)
def file_detail(request: HttpRequest, file_id: int) -> Any:
    file = _viewed_file(request, file_id)
    services.file_viewed(actor=user_of(request), file=file)
    return _file_detail(file)


@router.post(
    "/files/{file_id}/steps",
    response=CareFileDetailOut,
    summary="Record the file's next legal step (only the next one, dated in order, with its document)",
)
@api_permission(Perm.FAMILY_CARE_MANAGE)
def file_step(request: HttpRequest, file_id: int, payload: CareStepIn) -> Any:
    file = _viewed_file(request, file_id, need=Perm.FAMILY_CARE_MANAGE)
    try:
        services.step_record(
            actor=user_of(request),
            file=file,
            stage=payload.stage,
            done_on=payload.done_on,
            data=payload.model_dump(exclude={"stage", "done_on"}),
        )
    except StaleEdit:
        # No API answers 409 yet: a stale version is a refused field, like any other (422).
        raise ValidationError(
            {"version": [_("Someone recorded a step on this file meanwhile: reload it and try again.")]}
        ) from None
    return _file_detail(get_file_for(request.user, file_id))


# --- Families -------------------------------------------------------------------------------------


@router.get("/families", response=list[FamilyRowOut], summary="Families applying in your jurisdiction")
@paginate(Pages, page_size=50)
@api_permission(Perm.FAMILY_CARE_VIEW)
def family_list(request: HttpRequest) -> Any:
    return (
        families_visible_to(request.user)
        .annotate(open_files=Count("files", filter=Q(files__closed_on__isnull=True)))
        .order_by("-created_at", "-pk")
    )


@router.get(
    "/families/{family_id}",
    response=FamilyDetailOut,
    summary="One family: documents (no numbers), eligibility for each kind of care today, files (audited)",
)
@api_permission(Perm.FAMILY_CARE_VIEW)
def family_detail(request: HttpRequest, family_id: int) -> Any:
    family = get_family_for(request.user, family_id)
    services.family_viewed(actor=user_of(request), family=family)
    today = timezone.localdate()
    checked = []
    for kind in Kind:
        try:
            rules = current_rules(kind, on=today)
        except RuleSet.DoesNotExist:
            continue  # no rules in force for this kind: nothing to check against
        result = eligibility(family, rules, on=today)
        checked.append(
            {
                "kind": kind.value,
                "rules_version": rules.version,
                "ok": result.ok,
                "checks": _checks(result.checks),
            }
        )
    files = for_list(family.files.all()).order_by("-opened_on", "-pk")
    return {
        **{name: getattr(family, name) for name in FamilyDetailOut.model_fields if hasattr(family, name)},
        "open_files": sum(1 for f in files if f.closed_on is None),
        "documents": [
            {
                "kind": d.kind,
                "issued_on": d.issued_on,
                "valid_until": d.valid_until,
                "valid_today": d.is_valid_on(today),
            }
            for d in family.documents.all()
        ],
        "eligibility": checked,
        "files": list(files),
    }


@router.post(
    "/families/{family_id}/files",
    response={201: CareFileDetailOut},
    summary="Open a file for a child in care with this family (refused with the reasons if not allowed)",
)
@api_permission(Perm.FAMILY_CARE_MANAGE)
def file_open(request: HttpRequest, family_id: int, payload: CareFileOpenIn) -> Status:
    family = get_family_for(request.user, family_id, need=Perm.FAMILY_CARE_MANAGE)
    child = children_visible_to(request.user).filter(pk=payload.child_id).first()
    if child is None:
        # The same answer for a child that does not exist and one outside the caller's area.
        raise ValidationError({"child_id": [_("No child in care in your area has this number.")]})
    order = payload.court_order.model_dump() if payload.court_order else None
    file = services.file_open(
        actor=user_of(request),
        family=family,
        child=child,
        kind=payload.kind,
        opened_on=payload.opened_on,
        child_religion=payload.child_religion,
        intercountry_reason=payload.intercountry_reason,
        court_order=order,
    )
    return Status(201, _file_detail(get_file_for(request.user, file.pk)))


# --- Rules and figures ----------------------------------------------------------------------------


@router.get(
    "/rules",
    response=list[RuleSetOut],
    summary="Every version of the eligibility rules and deadlines per kind of care, and which is in force "
    "(Dinas Sosial and the administrator)",
)
def rule_list(request: HttpRequest, kind: str = "") -> list[dict[str, Any]]:
    # As the rules page: those who work the files, and the administrator who publishes the rules.
    require_rules_reader(request.user, target_label=request.path)
    today = timezone.localdate()
    versions = RuleSet.objects.order_by("kind", "-version")
    if kind:
        versions = versions.filter(kind=kind)
    in_force: dict[str, int] = {}
    for rules in versions:
        if rules.valid_from <= today and rules.kind not in in_force:
            in_force[rules.kind] = rules.pk  # the latest version already applying (rules.current_rules)
    return [
        {
            "kind": r.kind,
            "version": r.version,
            "valid_from": r.valid_from,
            "in_force": in_force.get(r.kind) == r.pk,
            "params": r.params,
            "note": r.note,
        }
        for r in versions
    ]


@router.get(
    "/figures",
    response=list[FamilyCareRegionOut],
    summary="Open files, median days per stage, placements and R7 per region (small numbers withheld)",
)
@api_permission(Perm.REGISTRY_VIEW)
def figures_api(request: HttpRequest, region: str = "") -> list[dict[str, Any]]:
    """Province rows nationally; with ``region`` (a code or a place name), the regions inside it."""
    code = region_param(region)
    rows = figures.figures_for(request.user, region=code, today=timezone.localdate())
    result = []
    for row in rows:
        stages = []
        for kind, _label, stage_list in figures.kinds():
            for stage in stage_list:
                count, mid, n = (
                    row.open_count(kind, stage),
                    row.median_days(kind, stage),
                    row.steps_counted(kind, stage),
                )
                stages.append(
                    {
                        "kind": kind,
                        "stage": stage,
                        "open_files": None if count.withheld else count.value,
                        "median_days": mid.value,
                        "steps_counted": None if n.withheld else n.value,
                        "withheld": count.withheld or mid.withheld or n.withheld,
                    }
                )
        cells = [row.placed, row.family_based_cell, row.residential_cell, row.family_based_pct]
        result.append(
            {
                "key": row.key,
                "label": row.label,
                "stages": stages,
                "placed_12m": cells[0].value,
                "family_based": cells[1].value,
                "residential": cells[2].value,
                "family_based_pct": cells[3].value,
                "withheld": any(c.withheld for c in cells) or any(s["withheld"] for s in stages),
            }
        )
    return result
