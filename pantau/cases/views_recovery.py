"""The case file's recovery forms (rehabilitation plan, return and follow-up visits, LPSK, restitution)
and the list of follow-up visits an agency has to make. Thin: the rules are in ``cases.recovery``,
access in ``pantau.accounts.access`` (``get_case_for``: any agency working on the case;
``require_follow_up_agency``: the visits)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pantau.accounts.access import Perm, agencies_on_case, permission_required, require_follow_up_agency
from pantau.accounts.http import user_of
from pantau.audit.exports import export_response
from pantau.cases import recovery, victim_rights
from pantau.cases.exports import FOLLOW_UPS as FOLLOW_UPS_EXPORT
from pantau.cases.forms_recovery import (
    FollowUpForm,
    GoalForm,
    LpskDecisionForm,
    LpskForm,
    PaymentForm,
    PlanForm,
    ReintegrationForm,
    RestitutionForm,
    RestitutionOrderForm,
    ReviewForm,
)
from pantau.cases.models import (
    Case,
    CaseChild,
    FollowUp,
    LpskRequest,
    PlanGoal,
    Referral,
    RehabPlan,
    Restitution,
)
from pantau.cases.recovery_reads import follow_ups_due, is_overdue
from pantau.cases.selectors import get_case_for
from pantau.cases.views import _case_file
from pantau.regions.lookup import place_labels


def _back(case: Case) -> HttpResponseBase:
    return redirect(reverse("cases:case_detail", args=[case.pk]) + "#recovery")


def _apply(
    request: HttpRequest,
    case: Case,
    key: str,
    form: forms.Form,
    act: Callable[[dict[str, Any]], object],
    done: str,
) -> HttpResponseBase:
    """Validate ``form`` (prefixed ``key``) and apply it; on failure the case file comes back (400) with
    this form open as submitted, its errors beside the fields, nothing saved."""
    if form.is_valid():
        try:
            act(form.cleaned_data)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, problems in error.message_dict.items():
                    form.add_error(name if name in form.fields else None, problems)
            else:
                form.add_error(None, error.messages)
        else:
            messages.success(request, done)
            return _back(case)
    messages.error(request, _("Nothing was saved: correct the form in the Recovery section."))
    return _case_file(request, case, bound={"recovery_bound": (key, form)}, open_form=key, status=400)


def _child(case: Case, child_pk: int) -> CaseChild:
    return get_object_or_404(CaseChild, pk=child_pk, case=case)


# --- Rehabilitation plan --------------------------------------------------------------------------


@require_POST
@permission_required(Perm.CASE_WORK)
def plan_create(request: HttpRequest, pk: int, child_pk: int) -> HttpResponseBase:
    case = get_case_for(request.user, pk)
    child = _child(case, child_pk)
    key = f"plan-{child.pk}"
    return _apply(
        request,
        case,
        key,
        PlanForm(request.POST, prefix=key),
        lambda data: recovery.plan_create(actor=user_of(request), case=case, case_child=child, **data),
        _("The rehabilitation plan has been made."),
    )


def _plan(case: Case, plan_pk: int) -> RehabPlan:
    return get_object_or_404(RehabPlan, pk=plan_pk, case_child__case=case)


@require_POST
@permission_required(Perm.CASE_WORK)
def goal_add(request: HttpRequest, pk: int, plan_pk: int) -> HttpResponseBase:
    case = get_case_for(request.user, pk)
    plan = _plan(case, plan_pk)
    key = f"goal-{plan.pk}"
    return _apply(
        request,
        case,
        key,
        GoalForm(request.POST, prefix=key),
        lambda data: recovery.goal_add(actor=user_of(request), case=case, plan=plan, **data),
        _("The goal has been added."),
    )


def _refused(request: HttpRequest, case: Case, error: ValidationError) -> HttpResponse:
    messages.error(request, " ".join(error.messages))
    return _case_file(request, case, open_form="recovery", status=400)


@require_POST
@permission_required(Perm.CASE_WORK)
def goal_status(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponseBase:
    case = get_case_for(request.user, pk)
    goal = get_object_or_404(PlanGoal.objects.select_related("plan"), pk=goal_pk, plan__case_child__case=case)
    try:
        recovery.goal_set_status(
            actor=user_of(request), case=case, goal=goal, status=request.POST.get("status", "")
        )
    except ValidationError as error:
        return _refused(request, case, error)
    messages.success(request, _("The goal has been marked."))
    return _back(case)


@require_POST
@permission_required(Perm.CASE_WORK)
def review_add(request: HttpRequest, pk: int, plan_pk: int) -> HttpResponseBase:
    case = get_case_for(request.user, pk)
    plan = _plan(case, plan_pk)
    key = f"review-{plan.pk}"
    return _apply(
        request,
        case,
        key,
        ReviewForm(request.POST, prefix=key),
        lambda data: recovery.review_add(actor=user_of(request), case=case, plan=plan, **data),
        _("The review has been recorded."),
    )


@require_POST
@permission_required(Perm.CASE_WORK)
def plan_complete(request: HttpRequest, pk: int, plan_pk: int) -> HttpResponseBase:
    case = get_case_for(request.user, pk)
    plan = _plan(case, plan_pk)
    try:
        recovery.plan_complete(actor=user_of(request), case=case, plan=plan)
    except ValidationError as error:
        return _refused(request, case, error)
    messages.success(request, _("The rehabilitation plan is completed."))
    return _back(case)


# --- Return and follow-up visits ------------------------------------------------------------------


@require_POST
@permission_required(Perm.CASE_WORK)
def reintegration_record(request: HttpRequest, pk: int, child_pk: int) -> HttpResponseBase:
    case = get_case_for(request.user, pk)
    child = _child(case, child_pk)
    key = f"reint-{child.pk}"
    agencies = list(agencies_on_case(case, referrals=Referral.objects.all()))
    by_pk = {org.pk: org for org in agencies}

    def act(data: dict[str, Any]) -> object:
        return recovery.reintegration_record(
            actor=user_of(request),
            case=case,
            case_child=child,
            placed_with=data["placed_with"],
            region_code=data["region_code"],
            follow_up_org=by_pk[data["follow_up_org"]],
            returned_on=data["returned_on"],
        )

    return _apply(
        request,
        case,
        key,
        ReintegrationForm(request.POST, prefix=key, agencies=[(o.pk, o.name) for o in agencies]),
        act,
        _("The return has been recorded and the follow-up visits scheduled."),
    )


@require_POST
@permission_required(Perm.CASE_WORK)
def visit_record(request: HttpRequest, pk: int, follow_up_pk: int) -> HttpResponseBase:
    case = get_case_for(request.user, pk)
    visit = get_object_or_404(
        FollowUp.objects.select_related("reintegration__case_child"),
        pk=follow_up_pk,
        reintegration__case_child__case=case,
    )
    require_follow_up_agency(request.user, visit.reintegration, region=case.region_code)
    key = f"visit-{visit.pk}"
    form = FollowUpForm(request.POST, prefix=key)
    return _apply(
        request,
        case,
        key,
        form,
        lambda data: recovery.follow_up_record(
            actor=user_of(request), case=case, follow_up=visit, **form.visit()
        ),
        _("The follow-up visit has been recorded."),
    )


@permission_required(Perm.CASE_WORK)
def follow_up_list(request: HttpRequest, fmt: str = "") -> HttpResponse:
    """The follow-up visits one's agency has to make: due (from their date) and overdue, earliest first."""
    today = timezone.localdate()
    if fmt:  # the list as a file (pantau/lib/exports.py): same scope and columns
        return export_response(request, FOLLOW_UPS_EXPORT, follow_ups_due(request.user, today=today), fmt)
    page = Paginator(follow_ups_due(request.user, today=today), 50).get_page(request.GET.get("page"))
    visits = list(page.object_list)
    places = place_labels(v.reintegration.region_code for v in visits)
    rows = [
        (v, is_overdue(v, today), places.get(v.reintegration.region_code, v.reintegration.region_code))
        for v in visits
    ]
    return render(
        request,
        "cases/follow_up_list.html",
        {"page": page, "rows": rows, "overdue_days": recovery.OVERDUE_AFTER_DAYS},
    )


# --- Victim rights --------------------------------------------------------------------------------


@require_POST
@permission_required(Perm.CASE_WORK)
def lpsk_request(request: HttpRequest, pk: int, child_pk: int) -> HttpResponseBase:
    case = get_case_for(request.user, pk)
    child = _child(case, child_pk)
    key = f"lpsk-{child.pk}"
    return _apply(
        request,
        case,
        key,
        LpskForm(request.POST, prefix=key),
        lambda data: victim_rights.lpsk_request(actor=user_of(request), case=case, case_child=child, **data),
        _("The request to LPSK has been recorded."),
    )


@require_POST
@permission_required(Perm.CASE_WORK)
def lpsk_decision(request: HttpRequest, pk: int, request_pk: int) -> HttpResponseBase:
    case = get_case_for(request.user, pk)
    lpsk = get_object_or_404(LpskRequest, pk=request_pk, case_child__case=case)
    key = f"lpskdec-{lpsk.pk}"
    return _apply(
        request,
        case,
        key,
        LpskDecisionForm(request.POST, prefix=key),
        lambda data: victim_rights.lpsk_decide(actor=user_of(request), case=case, request=lpsk, **data),
        _("LPSK's decision has been recorded."),
    )


@require_POST
@permission_required(Perm.CASE_WORK)
def restitution_claim(request: HttpRequest, pk: int, child_pk: int) -> HttpResponseBase:
    case = get_case_for(request.user, pk)
    child = _child(case, child_pk)
    key = f"rest-{child.pk}"
    return _apply(
        request,
        case,
        key,
        RestitutionForm(request.POST, prefix=key),
        lambda data: victim_rights.restitution_claim(
            actor=user_of(request), case=case, case_child=child, **data
        ),
        _("The restitution claim has been recorded."),
    )


def _restitution(case: Case, restitution_pk: int) -> Restitution:
    return get_object_or_404(Restitution, pk=restitution_pk, case_child__case=case)


@require_POST
@permission_required(Perm.CASE_WORK)
def restitution_order(request: HttpRequest, pk: int, restitution_pk: int) -> HttpResponseBase:
    case = get_case_for(request.user, pk)
    restitution = _restitution(case, restitution_pk)
    key = f"order-{restitution.pk}"
    return _apply(
        request,
        case,
        key,
        RestitutionOrderForm(request.POST, prefix=key),
        lambda data: victim_rights.restitution_order(
            actor=user_of(request), case=case, restitution=restitution, **data
        ),
        _("The court's order has been recorded."),
    )


@require_POST
@permission_required(Perm.CASE_WORK)
def restitution_payment(request: HttpRequest, pk: int, restitution_pk: int) -> HttpResponseBase:
    case = get_case_for(request.user, pk)
    restitution = _restitution(case, restitution_pk)
    key = f"pay-{restitution.pk}"
    return _apply(
        request,
        case,
        key,
        PaymentForm(request.POST, prefix=key),
        lambda data: victim_rights.restitution_pay(
            actor=user_of(request), case=case, restitution=restitution, **data
        ),
        _("The payment has been recorded."),
    )
