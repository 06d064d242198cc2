"""Pages of online applications: the home drafts, attaches and submits; Dinas Sosial works the queue."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pantau.accounts.access import Perm, has_perm, not_found, permission_required, require_application_party
from pantau.accounts.http import user_of
from pantau.applications import services
from pantau.applications.checks import legal_checks, legality_reasons
from pantau.applications.forms import (
    ApplicationForm,
    ApproveForm,
    DocumentForm,
    FieldVerificationForm,
    FileCheckForm,
    NoteForm,
)
from pantau.applications.models import Application, Kind, Status
from pantau.applications.requirements import PROVISIONS, STATUS_LABELS, documents_for, requirement
from pantau.applications.selectors import (
    age_in_working_days,
    applications_visible_to,
    get_application_for,
    is_overdue,
    own_home,
    sop_due_on,
    waiting,
)
from pantau.audit.services import audit_record
from pantau.lib.downloads import serve_private_file
from pantau.registry.services import lksa_queryset_for_assessment

LIST_FILTERS = ("waiting", "returned", "draft", "decided", "all")


@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    """Dinas Sosial's queue (waiting, the oldest first, with its age against the SOP time) and the
    home's own applications."""
    require_application_party(request.user, target_label=request.path)
    officer = has_perm(request.user, Perm.REGISTRY_MANAGE)
    shown = request.GET.get("status") or ("waiting" if officer else "all")
    shown = shown if shown in LIST_FILTERS else "all"
    rows = applications_visible_to(request.user)
    if shown == "waiting":
        rows = waiting(rows)
    else:
        if shown == "returned":
            rows = rows.filter(status=Status.RETURNED)
        elif shown == "draft":
            rows = rows.filter(status=Status.DRAFT)
        elif shown == "decided":
            rows = rows.filter(status__in=(Status.APPROVED, Status.REJECTED))
        rows = rows.order_by("-created_at", "-pk")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    today = timezone.localdate()
    table = [
        {
            "application": a,
            "age": age_in_working_days(a, today=today),
            "due": sop_due_on(a) if a.is_waiting else None,
            "overdue": is_overdue(a, today=today),
        }
        for a in page
    ]
    return render(
        request,
        "applications/list.html",
        {
            "page": page,
            "rows": table,
            "shown": shown,
            "filters": LIST_FILTERS,
            "kinds": Kind.choices if has_perm(request.user, Perm.APPLICATION_SUBMIT) else [],
            "sop_days": settings.PANTAU_APPLICATION_SOP_WORKING_DAYS,
        },
    )


@permission_required(Perm.APPLICATION_SUBMIT)
def application_new(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in Kind.values:
        raise Http404
    lksa = own_home(request.user)
    if lksa is None:
        raise not_found(request.user, "registry.lksa:own", Perm.APPLICATION_SUBMIT)
    form = ApplicationForm(request.POST or None, lksa=lksa, kind=kind)
    if request.method == "POST" and form.is_valid():
        application = services.application_create(
            actor=user_of(request), lksa=lksa, application=form.save(commit=False)
        )
        messages.success(request, _("Draft saved. Attach the documents, then submit it."))
        return redirect("applications:detail", pk=application.pk)
    return render(
        request,
        "applications/form.html",
        {"form": form, "lksa": lksa, "kind_label": Kind(kind).label},
        status=400 if form.errors else 200,
    )


@permission_required(Perm.APPLICATION_SUBMIT)
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application_for(request.user, pk, need=Perm.APPLICATION_SUBMIT)
    form = ApplicationForm(
        request.POST or None, instance=application, lksa=application.lksa, kind=application.kind
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.application_update(actor=user_of(request), application=form.save(commit=False))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("applications:detail", pk=application.pk)
    return render(
        request,
        "applications/form.html",
        {
            "form": form,
            "lksa": application.lksa,
            "application": application,
            "kind_label": application.get_kind_display(),
        },
        status=400 if form.errors else 200,
    )


def _office_of(request: HttpRequest) -> Any:
    membership = user_of(request).active_membership
    return membership.organisation if membership is not None else None


def _detail(
    request: HttpRequest, application: Application, *, status: int = 200, **forms: Any
) -> HttpResponse:
    user = user_of(request)
    lksa = lksa_queryset_for_assessment().get(pk=application.lksa_id)
    today = timezone.localdate()
    documents = {d.requirement: d for d in application.documents.all()}
    home = has_perm(user, Perm.APPLICATION_SUBMIT)
    officer = has_perm(user, Perm.REGISTRY_MANAGE)
    own = user.pk in (application.created_by_id, application.submitted_by_id)
    context: dict[str, Any] = {
        "application": application,
        "lksa": lksa,
        "requirements": [(r, documents.get(r.key)) for r in documents_for(application.kind)],
        "missing": services.missing_documents(application),
        "checks": legal_checks(application, lksa, today=today),
        "reasons": legality_reasons(lksa),
        "events": application.events.select_related("actor"),
        "provisions": [(key, p) for key, p in PROVISIONS.items()],
        "status_labels": STATUS_LABELS,
        "due": sop_due_on(application) if application.is_waiting else None,
        "age": age_in_working_days(application, today=today),
        "overdue": is_overdue(application, today=today),
        "home_acts": home and application.is_editable,
        "officer_acts": officer and application.is_waiting and not own,
        "own": own,
        "validity_years": settings.PANTAU_REGISTRATION_VALIDITY_YEARS,
    }
    if context["home_acts"]:
        context.setdefault("document_form", DocumentForm())
    if context["officer_acts"]:
        office = _office_of(request)
        context["file_check_form"] = FileCheckForm()
        context["field_form"] = FieldVerificationForm(office=office)
        context["return_form"] = NoteForm(prefix="return")
        context["reject_form"] = NoteForm(prefix="reject")
        context["approve_form"] = ApproveForm(pub=application.kind == Kind.PUB_RECOMMENDATION)
    context.update(forms)
    return render(request, "applications/detail.html", context, status=status)


@permission_required(Perm.REGISTRY_VIEW)
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, get_application_for(request.user, pk))


def _refused(
    request: HttpRequest, application: Application, error: ValidationError, **forms: Any
) -> HttpResponse:
    problems = (
        [m for messages_ in error.message_dict.values() for m in messages_]
        if hasattr(error, "error_dict")
        else error.messages
    )
    for problem in problems:
        messages.error(request, problem)
    return _detail(request, application, status=400, **forms)


@require_POST
@permission_required(Perm.APPLICATION_SUBMIT)
def document_upload(request: HttpRequest, pk: int, key: str) -> HttpResponseBase:
    application = get_application_for(request.user, pk, need=Perm.APPLICATION_SUBMIT)
    if requirement(application.kind, key) is None:
        raise Http404
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _refused(
            request, application, ValidationError(list(form.errors.get("file") or [_("Choose a file.")]))
        )
    try:
        services.document_attach(
            actor=user_of(request), application=application, key=key, upload=form.cleaned_data["file"]
        )
    except ValidationError as error:
        return _refused(request, application, error)
    messages.success(request, _("Document attached."))
    return redirect("applications:detail", pk=application.pk)


@permission_required(Perm.REGISTRY_VIEW)
def document_open(request: HttpRequest, pk: int, key: str) -> FileResponse:
    """A document of the application, for the home that attached it and the officer who checks it;
    every opening is audited."""
    application = get_application_for(request.user, pk)
    document = application.documents.filter(requirement=key).first()
    if document is None:
        raise not_found(request.user, f"applications.document:{pk}/{key}", Perm.REGISTRY_VIEW)
    audit_record(
        action="application.document_opened",
        actor=user_of(request),
        target=application,
        target_region=application.lksa.region_code,
        changes={"requirement": [None, key]},
    )
    return serve_private_file(document.file, f"application-{application.pk}-{key}")


@require_POST
@permission_required(Perm.APPLICATION_SUBMIT)
def submit(request: HttpRequest, pk: int) -> HttpResponseBase:
    application = get_application_for(request.user, pk, need=Perm.APPLICATION_SUBMIT)
    try:
        services.application_submit(actor=user_of(request), application=application)
    except ValidationError as error:
        return _refused(request, application, error)
    messages.success(request, _("Submitted to Dinas Sosial."))
    return redirect("applications:detail", pk=application.pk)


@require_POST
@permission_required(Perm.REGISTRY_MANAGE)
def file_check(request: HttpRequest, pk: int) -> HttpResponseBase:
    application = get_application_for(request.user, pk, need=Perm.REGISTRY_MANAGE)
    form = FileCheckForm(request.POST)
    if not form.is_valid():
        return _detail(request, application, status=400, file_check_form=form)
    try:
        services.application_file_check(
            actor=user_of(request), application=application, note=form.cleaned_data["note"]
        )
    except ValidationError as error:
        return _refused(request, application, error)
    messages.success(request, _("File check recorded."))
    return redirect("applications:detail", pk=application.pk)


@require_POST
@permission_required(Perm.REGISTRY_MANAGE)
def field_verify(request: HttpRequest, pk: int) -> HttpResponseBase:
    application = get_application_for(request.user, pk, need=Perm.REGISTRY_MANAGE)
    form = FieldVerificationForm(request.POST, office=_office_of(request))
    if not form.is_valid():
        return _detail(request, application, status=400, field_form=form)
    try:
        services.application_field_verify(
            actor=user_of(request),
            application=application,
            visited_on=form.cleaned_data["visited_on"],
            officer=form.cleaned_data["officer"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        return _refused(request, application, error, field_form=form)
    messages.success(request, _("Field verification recorded."))
    return redirect("applications:detail", pk=application.pk)


@require_POST
@permission_required(Perm.REGISTRY_MANAGE)
def return_to_home(request: HttpRequest, pk: int) -> HttpResponseBase:
    application = get_application_for(request.user, pk, need=Perm.REGISTRY_MANAGE)
    form = NoteForm(request.POST, prefix="return")
    if not form.is_valid():
        return _detail(request, application, status=400, return_form=form)
    try:
        services.application_return(
            actor=user_of(request), application=application, note=form.cleaned_data["note"]
        )
    except ValidationError as error:
        return _refused(request, application, error)
    messages.success(request, _("Returned to the home for correction."))
    return redirect("applications:detail", pk=application.pk)


@require_POST
@permission_required(Perm.REGISTRY_MANAGE)
def decide(request: HttpRequest, pk: int, decision: str) -> HttpResponseBase:
    application = get_application_for(request.user, pk, need=Perm.REGISTRY_MANAGE)
    user = user_of(request)
    if decision == "approve":
        form: Any = ApproveForm(request.POST, pub=application.kind == Kind.PUB_RECOMMENDATION)
        if not form.is_valid():
            return _detail(request, application, status=400, approve_form=form)
        try:
            services.application_approve(
                actor=user,
                application=application,
                number=form.cleaned_data["number"],
                issued_on=form.cleaned_data["issued_on"],
            )
        except ValidationError as error:
            return _refused(request, application, error, approve_form=form)
        messages.success(request, _("Approved: the decision is now the legal record."))
    else:
        form = NoteForm(request.POST, prefix="reject")
        if not form.is_valid():
            return _detail(request, application, status=400, reject_form=form)
        try:
            services.application_reject(actor=user, application=application, note=form.cleaned_data["note"])
        except ValidationError as error:
            return _refused(request, application, error)
        messages.success(request, _("Rejected; the home can see why."))
    return redirect("applications:detail", pk=application.pk)
