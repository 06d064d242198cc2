"""Findings: the supervisor's list, the LKSA's answers, the supervisor's decision."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pantau.accounts.access import (
    Perm,
    can_decide_finding,
    has_perm,
    permission_required,
    require_finding_decision,
)
from pantau.accounts.http import user_of
from pantau.audit.exports import export_response
from pantau.registry.selectors import home_filter
from pantau.supervision import exports, services
from pantau.supervision.forms import DecisionForm, ResponseForm
from pantau.supervision.models import Finding
from pantau.supervision.selectors import findings_visible_to, get_finding_for


@permission_required(Perm.FINDING_VIEW)
def finding_list(request: HttpRequest, fmt: str = "") -> HttpResponse:
    today = timezone.localdate()
    findings = findings_visible_to(request.user).select_related("lksa", "item")
    show = request.GET.get("show", "open")
    if show == "open":
        findings = findings.open()
    elif show == "overdue":
        findings = findings.overdue(today)
    elif show == "to_fix":
        findings = findings.filter(status=Finding.Status.OPEN)
    elif show == "escalated":
        findings = findings.open().filter(escalated_at__isnull=False)
    else:
        show = "all"
    if home := home_filter(request.user, request.GET.get("lksa")):  # from the home's page
        findings = findings.filter(lksa=home)
    if fmt:  # the list as a file (pantau/lib/exports.py): same scope, filters and columns
        return export_response(request, exports.FINDINGS, findings, fmt)
    page = Paginator(findings, 50).get_page(request.GET.get("page"))
    return render(
        request, "supervision/finding_list.html", {"page": page, "show": show, "today": today, "home": home}
    )


@permission_required(Perm.FINDING_VIEW)
def finding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    finding = get_finding_for(request.user, pk)
    return render(
        request,
        "supervision/finding_detail.html",
        {
            "finding": finding,
            "responses": finding.responses.select_related("responded_by", "decided_by"),
            "evidence": finding.evidence.all(),
            "response_form": ResponseForm(),
            "decision_form": DecisionForm(),
            "can_respond": has_perm(request.user, Perm.FINDING_RESPOND)
            and finding.status == Finding.Status.OPEN,
            "can_decide": can_decide_finding(request.user, finding)
            and finding.status == Finding.Status.RESPONDED,
            "can_escalate": can_decide_finding(request.user, finding),
            "today": timezone.localdate(),
        },
    )


@require_POST
@permission_required(Perm.FINDING_RESPOND)
def finding_respond(request: HttpRequest, pk: int) -> HttpResponseBase:
    finding = get_finding_for(request.user, pk, need=Perm.FINDING_RESPOND)
    form = ResponseForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ValidationError(_("Say what was done to correct it."))
        services.finding_respond(
            actor=user_of(request),
            finding=finding,
            text=form.cleaned_data["text"],
            upload=form.cleaned_data["file"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your answer has been sent to the supervisor."))
    return redirect("supervision:finding_detail", pk=finding.pk)


@require_POST
@permission_required(Perm.SUPERVISION_MANAGE)
def finding_decide(request: HttpRequest, pk: int) -> HttpResponseBase:
    finding = get_finding_for(request.user, pk, need=Perm.SUPERVISION_MANAGE)
    require_finding_decision(request.user, finding)  # before the input is read; the service checks again
    form = DecisionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose to accept or reject."))
        accept = form.cleaned_data["decision"] == "accept"
        services.finding_decide(
            actor=user_of(request), finding=finding, accept=accept, note=form.cleaned_data["note"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The finding is closed.") if accept else _("The finding is open again."))
    return redirect("supervision:finding_detail", pk=finding.pk)


@require_POST
@permission_required(Perm.SUPERVISION_MANAGE)
def finding_concern(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Open a concern for the cases capability from a finding in one step."""
    finding = get_finding_for(request.user, pk, need=Perm.SUPERVISION_MANAGE)
    concern = services.finding_open_concern(actor=user_of(request), finding=finding)
    messages.success(request, _("Concern %(code)s opened.") % {"code": concern.tracking_code})
    return redirect("supervision:finding_detail", pk=finding.pk)
