"""Personal-data pages: the record of processing, the data-subject requests of the office (overdue ones
flagged), recording and answering a request, and the analysts' pseudonymised export. Reads through
selectors, writes through services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from pantau.accounts.access import Perm, permission_required
from pantau.accounts.http import user_of
from pantau.lib.downloads import download
from pantau.lib.forms import show_errors
from pantau.privacy import law, pseudonyms, retention
from pantau.privacy.forms import AnswerForm, FilterForm, RequestForm
from pantau.privacy.selectors import filter_requests, get_request_for, requests_visible_to
from pantau.privacy.services import answer_hours, pseudonymised_export, request_answer, request_record

PER_PAGE = 50
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _law_context() -> dict[str, Any]:
    return {"provisions": law.PROVISIONS.values(), "answer_hours": answer_hours()}


@permission_required(Perm.PRIVACY_RECORD_VIEW)
def processing(request: HttpRequest) -> HttpResponse:
    rules = [(rule, rule.years) for rule in retention.RULES]
    context = {"categories": law.CATEGORIES, "rules": rules, **_law_context()}
    return render(request, "privacy/processing.html", context)


@permission_required(Perm.PRIVACY_REQUESTS)
def request_list(request: HttpRequest) -> HttpResponse:
    user, now = user_of(request), timezone.now()
    visible = requests_visible_to(user)
    form = FilterForm(request.GET or None)
    chosen: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    rows = filter_requests(
        visible, status=chosen.get("status", ""), overdue=bool(chosen.get("overdue")), now=now
    ).select_related("handled_by")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "form": form,
        "overdue": visible.overdue(now).count(),
        "now": now,
        **_law_context(),
    }
    return render(request, "privacy/request_list.html", context)


@permission_required(Perm.PRIVACY_REQUESTS)
def request_new(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        draft = form.save(commit=False)
        if form.cleaned_data.get("received_at"):
            draft.received_at = form.cleaned_data["received_at"]
        try:
            saved = request_record(actor=user, request=draft)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request,
                _("The request was recorded; the answer is due %(due)s.")
                % {"due": timezone.localtime(saved.due_at).strftime("%d-%m-%Y %H:%M")},
            )
            return redirect("privacy:request_detail", pk=saved.pk)
    context = {"form": form, **_law_context()}
    return render(request, "privacy/request_new.html", context, status=400 if form.errors else 200)


@permission_required(Perm.PRIVACY_REQUESTS)
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    subject_request = get_request_for(user, pk)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            request_answer(
                actor=user,
                request=subject_request,
                status=form.cleaned_data["status"],
                answer=form.cleaned_data["answer"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The answer was recorded."))
            return redirect("privacy:request_detail", pk=subject_request.pk)
    context = {"item": subject_request, "form": form, **_law_context()}
    return render(request, "privacy/request_detail.html", context, status=400 if form.errors else 200)


@permission_required(Perm.PRIVACY_EXPORT)
def export_page(request: HttpRequest) -> HttpResponse:
    context = {
        "tables": pseudonyms.TABLES.values(),
        "headers": {t.key: t.header for t in pseudonyms.TABLES.values()},
    }
    return render(request, "privacy/export.html", context)


@permission_required(Perm.PRIVACY_EXPORT)
def export_file(request: HttpRequest, table: str, fmt: str) -> HttpResponseBase:
    if table not in pseudonyms.TABLES or fmt not in CONTENT_TYPES:
        raise Http404
    try:
        content, name = pseudonymised_export(actor=user_of(request), table=table, fmt=fmt)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("privacy:export")
    if isinstance(content, bytes):
        return download(content, name, CONTENT_TYPES[fmt])
    response = StreamingHttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
