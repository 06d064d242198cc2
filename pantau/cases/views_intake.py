"""Opening a case from an agency's own intake, and referring a case onward with consent (cases/intake.py)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from pantau.accounts.access import (
    Perm,
    organisations_for_referral,
    permission_required,
    referral_purposes,
    refuse,
    require_referrer,
)
from pantau.accounts.http import user_of
from pantau.cases import intake
from pantau.cases.forms_intake import IntakeCaseForm, ReferralConsentForm, ReferralPurposeForm
from pantau.cases.models import Case
from pantau.cases.selectors import get_case_for
from pantau.cases.sharing import SUGGESTED, sections_for
from pantau.registry.selectors import lksa_visible_to


def _add_errors(form: IntakeCaseForm | ReferralConsentForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@permission_required(Perm.CASE_OPEN)
def case_new(request: HttpRequest) -> HttpResponse:
    """Open a case from the agency's own intake: a police report, a walk-in, a hotline call, outreach."""
    actor = user_of(request)
    form = IntakeCaseForm(
        request.POST if request.method == "POST" else None, intakes=intake.intakes_for(actor.office.kind)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        number = data["lksa_number"]
        lksa = lksa_visible_to(request.user).filter(pk=number).first() if number else None
        if number and lksa is None:
            refuse(request.user, reason="reference_out_of_scope", target_label=f"registry.lksa:{number}")
            form.add_error("lksa_number", _("No home with this number in your jurisdiction."))
        else:
            try:
                case = intake.case_open_from_intake(
                    actor=actor,
                    intake=data["intake"],
                    title=data["title"],
                    form_of_violence=data["form_of_violence"],
                    cluster=data["cluster"],
                    place=data["place"],
                    summary=data["summary"],
                    lksa=lksa,
                    region_code=data["region"],
                    reported_on=data["reported_on"],
                    police_report_number=data["police_report_number"],
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Case %(number)s opened.") % {"number": case.number})
                return redirect("cases:case_detail", pk=case.pk)
    return render(request, "cases/case_new.html", {"form": form}, status=400 if form.errors else 200)


def _home_region(case: Case) -> str:
    """The first home region recorded for a child of the case, to prefill a return referral."""
    return next((c.origin_region_code for c in case.children.all() if c.origin_region_code), "")


@permission_required(Perm.CASE_WORK)
def case_referral(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Refer the case onward: the purpose (and for a return the child's home region) first, then the
    agencies that may receive it, with the consent, legal basis and what is shared. Without JavaScript:
    step one is a GET form, step two posts; the service checks everything again."""
    case = get_case_for(request.user, pk)
    referrals = list(case.referrals.all())
    require_referrer(request.user, case, referrals)
    purposes = referral_purposes(request.user)
    source = request.POST if request.method == "POST" else request.GET
    step = ReferralPurposeForm(
        source if "purpose" in source else None,
        purposes=purposes,
        initial={"region": _home_region(case)},
    )
    form: ReferralConsentForm | None = None
    status = 200
    if step.is_bound and step.is_valid():
        purpose, region = step.cleaned_data["purpose"], step.cleaned_data["region"]
        organisations = organisations_for_referral(request.user, case, purpose, region_code=region)
        sections = sections_for(request.user, case, referrals)
        form = ReferralConsentForm(
            request.POST if request.method == "POST" else None,
            organisations=organisations,
            sections=sections,
            initial={
                "purpose": purpose,
                "region": region,
                "shared": [code for code in SUGGESTED.get(purpose, ()) if code in sections],
            },
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                intake.referral_send(
                    actor=user_of(request),
                    case=case,
                    to_org=data["to_org"],
                    purpose=purpose,
                    note=data["note"],
                    due_on=data["due_on"],
                    legal_basis=data["legal_basis"],
                    child_assent=data["child_assent"],
                    guardian_consent=data["guardian_consent"],
                    consent_note=data["consent_note"],
                    shared=data["shared"],
                    region_code=region,
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The referral has been sent."))
                return redirect("cases:case_detail", pk=case.pk)
        if form.errors:
            status = 400
    elif request.method == "POST" or step.is_bound:
        status = 400
    return render(
        request,
        "cases/referral_new.html",
        {"case": case, "step": step, "form": form, "is_open": case.status == Case.Status.OPEN},
        status=status,
    )
