"""The case file's evidence: adding a file (hashed), opening it (checked against its hash), verifying it,
and the requests to platforms with their answers. Thin views: the work is in cases/custody.py and
cases/platforms.py, the access rules in pantau.accounts.access."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pantau.accounts.access import (
    Perm,
    permission_required,
    require_platform_recorder,
    require_shared_section,
)
from pantau.accounts.http import user_of
from pantau.cases import custody, platforms
from pantau.cases.forms import CaseEvidenceForm
from pantau.cases.forms_evidence import PlatformAnswerForm, PlatformRequestForm
from pantau.cases.models import Case, CaseEvidence, PlatformRequest
from pantau.cases.selectors import get_case_for
from pantau.cases.views import _case_action, _case_file
from pantau.lib.downloads import serve_private_file


@require_POST
@permission_required(Perm.CASE_WORK)
def case_evidence(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _case_action(
        request,
        pk,
        lambda case: CaseEvidenceForm(request.POST, request.FILES),
        lambda case, form: custody.evidence_add(
            actor=user_of(request),
            case=case,
            upload=form.cleaned_data["file"],
            description=form.cleaned_data["description"],
        ),
        _("The file has been added."),
        key="evidence_form",
    )


def _evidence_of(request: HttpRequest, pk: int, evidence_pk: int) -> tuple[Case, CaseEvidence]:
    """The case and one of its files, for a reader whose part of the file includes the evidence."""
    case = get_case_for(request.user, pk)
    require_shared_section(request.user, case, case.referrals.all(), "evidence")
    return case, get_object_or_404(CaseEvidence, pk=evidence_pk, case=case)


def _mismatch_page(request: HttpRequest, case: Case, record: CaseEvidence, found: str) -> HttpResponse:
    # 409 Conflict: the stored bytes conflict with the hash recorded at upload.
    return render(
        request,
        "cases/evidence_mismatch.html",
        {"case": case, "file": record, "found": found},
        status=409,
    )


@permission_required(Perm.CASE_WORK)
def case_evidence_file(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponseBase:
    """The file, after its stored bytes are checked against the hash taken at upload; refused (409) if
    they differ."""
    case, record = _evidence_of(request, pk, evidence_pk)
    check = custody.evidence_open(actor=user_of(request), case=case, evidence=record)
    if not check.ok:
        return _mismatch_page(request, case, record, check.sha256)
    return serve_private_file(record.file, f"case-{case.pk}-{record.pk}")


@require_POST
@permission_required(Perm.CASE_WORK)
def case_evidence_verify(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponseBase:
    case, record = _evidence_of(request, pk, evidence_pk)
    check = custody.evidence_verify(actor=user_of(request), case=case, evidence=record)
    if not check.ok:
        return _mismatch_page(request, case, record, check.sha256)
    if check.first_read:
        messages.warning(
            request,
            _(
                "This file was uploaded before files were hashed: its hash is recorded now, on first "
                "read, not at upload."
            ),
        )
    else:
        messages.success(request, _("The file matches the hash recorded at upload."))
    return redirect(reverse("cases:case_detail", args=[case.pk]) + "#evidence")


@require_POST
@permission_required(Perm.CASE_WORK)
def case_platform_request(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _case_action(
        request,
        pk,
        lambda case: PlatformRequestForm(request.POST),
        lambda case, form: platforms.platform_request_add(
            actor=user_of(request), case=case, **form.cleaned_data
        ),
        _("The request to the platform has been recorded."),
        guard=require_platform_recorder,
        key="platform_form",
    )


@require_POST
@permission_required(Perm.CASE_WORK)
def case_platform_answer(request: HttpRequest, pk: int, request_pk: int) -> HttpResponseBase:
    case = get_case_for(request.user, pk)
    sent = get_object_or_404(PlatformRequest, pk=request_pk, case=case)
    require_platform_recorder(request.user, case)
    form = PlatformAnswerForm(request.POST)
    if form.is_valid():
        try:
            platforms.platform_answer_record(
                actor=user_of(request), case=case, request=sent, **form.cleaned_data
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, problems in error.message_dict.items():
                    form.add_error(name if name in form.fields else None, problems)
            else:
                form.add_error(None, error.messages)
        else:
            messages.success(request, _("The platform's answer has been recorded."))
            return redirect("cases:case_detail", pk=case.pk)
    return _case_file(
        request,
        case,
        bound={"platform_answer_form": form, "platform_answer_for": sent.pk},
        open_form="platform_answer_form",
        status=400,
    )
