from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pantau.accounts.access import Perm, permission_required
from pantau.accounts.http import user_of
from pantau.accounts.models import User
from pantau.audit.services import audit_record, snapshot
from pantau.lib.downloads import serve_private_file
from pantau.lib.errors import StaleEdit
from pantau.regions.lookup import with_place_labels
from pantau.registry import services
from pantau.registry.changes import form_for
from pantau.registry.forms import RECORD_FORMS, RECORD_MODELS, LksaFilterForm, LksaForm
from pantau.registry.history import lksa_history
from pantau.registry.legality import reason_text
from pantau.registry.selectors import (
    change_requests_visible_to,
    expiring_records,
    filter_lksa,
    get_lksa_for,
    get_lksa_record_for,
    lksa_visible_to,
)


@permission_required(Perm.REGISTRY_VIEW)
def lksa_list(request: HttpRequest) -> HttpResponse:
    form = LksaFilterForm(request.GET or None)
    lksa = lksa_visible_to(request.user)
    if form.is_valid():
        lksa = filter_lksa(lksa, day=services.today(), **form.cleaned_data)
    page = Paginator(lksa.order_by("name", "pk"), 50).get_page(request.GET.get("page"))
    page.object_list = with_place_labels(page.object_list)  # one query for every row's place name
    return render(request, "registry/lksa_list.html", {"form": form, "page": page})


@permission_required(Perm.REGISTRY_VIEW)
def expiring(request: HttpRequest) -> HttpResponse:
    """What expires in the next 60 days, for the Dinas Sosial that must chase renewals."""
    today = services.today()
    rows = expiring_records(lksa_visible_to(request.user), day=today, within=60)
    table = [(label, record, (record.valid_until - today).days) for label, record in rows]
    return render(request, "registry/expiring.html", {"rows": table})


@permission_required(Perm.REGISTRY_VIEW)
def lksa_detail(request: HttpRequest, pk: int) -> HttpResponse:
    lksa = get_lksa_for(
        request.user,
        pk,
        queryset=services.lksa_queryset_for_assessment()
        .select_related("donations_observed_by")
        .prefetch_related(Prefetch("fundraising_permits__bank_account")),
    )
    reasons = [{**reason, "text": reason_text(reason)} for reason in lksa.legality_reasons]
    context: dict[str, Any] = {
        "lksa": lksa,
        "reasons": reasons,
        "region": lksa.region,
        "legal_entity": getattr(lksa, "legal_entity", None),
        "record_kinds": [(key, label) for key, (_form, label) in RECORD_FORMS.items()],
        "history": lksa_history(lksa),
        "pending_changes": change_requests_visible_to(request.user).filter(lksa=lksa, status="pending"),
        # Everything other apps know about the home (children, visits, cases, monitoring, duplicates,
        # shared identifiers, the visit plan's risk) comes from core's lksa_overview template tag: the
        # registry sits below those apps and imports none of them.
    }
    return render(request, "registry/lksa_detail.html", context)


@permission_required(Perm.REGISTRY_MANAGE)
def lksa_create(request: HttpRequest) -> HttpResponse:
    form = LksaForm(request.POST or None, actor_user=request.user)
    if request.method == "POST" and form.is_valid():
        lksa = services.lksa_register(actor=user_of(request), lksa=form.save(commit=False))
        messages.success(request, _("%(name)s has been registered in Pantau.") % {"name": lksa.name})
        return redirect("registry:lksa_detail", pk=lksa.pk)
    return render(request, "registry/lksa_form.html", {"form": form}, status=400 if form.errors else 200)


@permission_required(Perm.REGISTRY_MANAGE)
def lksa_edit(request: HttpRequest, pk: int) -> HttpResponse:
    lksa = get_lksa_for(request.user, pk, need=Perm.REGISTRY_MANAGE)
    before = snapshot(lksa, services.PROFILE_FIELDS)
    form = LksaForm(request.POST or None, instance=lksa, actor_user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.lksa_update(
                actor=user_of(request),
                lksa=form.save(commit=False),
                before=before,
                expected_version=form.cleaned_data["version"] or 0,
            )
        except StaleEdit:
            form.add_error(
                None,
                _(
                    "Someone else saved this record while you were editing. Your changes were "
                    "not saved: reload the page, then make them again."
                ),
            )
            return render(request, "registry/lksa_form.html", {"form": form, "lksa": lksa}, status=409)
        messages.success(request, _("Changes saved."))
        return redirect("registry:lksa_detail", pk=lksa.pk)
    return render(
        request, "registry/lksa_form.html", {"form": form, "lksa": lksa}, status=400 if form.errors else 200
    )


@permission_required(Perm.REGISTRY_MANAGE)
def record_add(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    lksa = get_lksa_for(request.user, pk, need=Perm.REGISTRY_MANAGE)
    if kind not in RECORD_FORMS:
        raise Http404
    label = RECORD_FORMS[kind][1]
    form = form_for(kind, lksa, user=user_of(request), data=request.POST or None, files=request.FILES or None)
    if request.method == "POST":
        record = form.save(commit=False) if form.is_valid() else None
        if record is not None:
            record.lksa = lksa
            try:
                services.record_add(actor=user_of(request), lksa=lksa, record=record)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("%(what)s recorded.") % {"what": label})
                return redirect("registry:lksa_detail", pk=lksa.pk)
    return render(
        request,
        "registry/record_form.html",
        {"form": form, "lksa": lksa, "label": label},
        status=400 if form.errors else 200,
    )


@require_POST
@permission_required(Perm.REGISTRY_MANAGE)
def record_remove(request: HttpRequest, pk: int, kind: str, record_pk: int) -> HttpResponseBase:
    lksa, record = get_lksa_record_for(
        request.user, pk, RECORD_MODELS.get(kind), record_pk, need=Perm.REGISTRY_MANAGE
    )
    services.record_remove(actor=user_of(request), lksa=lksa, record=record)
    messages.success(request, _("The record has been removed."))
    return redirect("registry:lksa_detail", pk=lksa.pk)


@permission_required(Perm.REGISTRY_VIEW)
def document(request: HttpRequest, pk: int, kind: str, record_pk: int) -> FileResponse:
    return document_response(user_of(request), pk, kind, record_pk)


def document_response(user: User, pk: int, kind: str, record_pk: int) -> FileResponse:
    """An uploaded document, to those who may see the LKSA (pages and API); every opening is audited."""
    lksa, record = get_lksa_record_for(user, pk, RECORD_MODELS.get(kind), record_pk)
    stored = getattr(record, "document", None)
    if not stored:
        raise Http404
    audit_record(
        action="lksa.document_viewed",
        actor=user,
        target=lksa,
        target_region=lksa.region_code,
        changes={"record": [None, f"{kind}:{record.pk}"]},
    )
    return serve_private_file(stored, f"{kind}-{record.pk}")
