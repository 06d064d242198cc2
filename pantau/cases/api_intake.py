"""/api/v1/cases: opening a case from an agency's own intake, and referring a case with consent
(cases/intake.py; the same rules and refusals as the pages)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from pantau.accounts.access import Perm, api_permission
from pantau.accounts.http import user_of
from pantau.accounts.models import Organisation
from pantau.cases import intake
from pantau.cases.api import router as cases_router
from pantau.cases.models import Case, Referral
from pantau.cases.selectors import get_case_for
from pantau.registry.selectors import lksa_visible_to

router = Router(tags=["cases"])


class IntakeCaseIn(Schema):
    intake: str
    title: str
    form_of_violence: str
    cluster: str
    place: str
    summary: str
    reported_on: date | None = None
    police_report_number: str = ""
    lksa_id: int | None = None
    region_code: str = ""


class OpenedCaseOut(Schema):
    id: int
    number: str
    title: str
    owner_id: int
    intake: str
    police_report_number: str
    reported_on: date | None
    place: str
    region_code: str


class ReferralIn(Schema):
    to_org_id: int
    purpose: str
    note: str = ""
    due_on: date
    legal_basis: str = ""
    child_assent: str = ""
    guardian_consent: str = ""
    consent_note: str = ""
    shared: list[str] = []
    region_code: str = ""  # the region the child goes to: a return, handling by another region


class ReferralSentOut(Schema):
    id: int
    case_id: int
    from_org_id: int
    to_org_id: int
    purpose: str
    due_on: date
    status: str
    legal_basis: str
    child_assent: str
    guardian_consent: str
    shared: list[str]


# POST /cases sits on the cases router itself: two routers at one path would each answer only their own
# methods (the first one found would refuse a POST with 405).
@cases_router.post(
    "", response={201: OpenedCaseOut}, summary="Open a case from your agency's own intake (LP, walk-in...)"
)
@api_permission(Perm.CASE_OPEN)
def case_open(request: HttpRequest, payload: IntakeCaseIn) -> Status[Case]:
    lksa = None
    if payload.lksa_id is not None:
        lksa = lksa_visible_to(request.user).filter(pk=payload.lksa_id).first()
        if lksa is None:
            raise ValidationError({"lksa_id": [_("No home with this number in your jurisdiction.")]})
    case = intake.case_open_from_intake(
        actor=user_of(request),
        intake=payload.intake,
        title=payload.title,
        form_of_violence=payload.form_of_violence,
        cluster=payload.cluster,
        place=payload.place,
        summary=payload.summary,
        lksa=lksa,
        region_code=payload.region_code,
        reported_on=payload.reported_on,
        police_report_number=payload.police_report_number,
    )
    return Status(201, case)


@router.post(
    "/{case_id}/referrals",
    response={201: ReferralSentOut},
    summary="Refer a case onward within your role, with the consent and legal basis recorded",
)
@api_permission(Perm.CASE_WORK)
def referral_create(request: HttpRequest, case_id: int, payload: ReferralIn) -> Status[Referral]:
    case = get_case_for(request.user, case_id)
    to_org = Organisation.objects.filter(pk=payload.to_org_id).first()
    if to_org is None:
        raise ValidationError({"to_org_id": [_("This agency does not exist.")]})
    referral = intake.referral_send(
        actor=user_of(request),
        case=case,
        to_org=to_org,
        purpose=payload.purpose,
        note=payload.note,
        due_on=payload.due_on,
        legal_basis=payload.legal_basis,
        child_assent=payload.child_assent,
        guardian_consent=payload.guardian_consent,
        consent_note=payload.consent_note,
        shared=payload.shared,
        region_code=payload.region_code,
    )
    return Status(201, referral)
