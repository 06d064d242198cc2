"""LKSA self-service: contact details directly, legal data through verification by Dinas Sosial."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pantau.accounts.access import Perm, permission_required, require
from pantau.accounts.http import user_of
from pantau.accounts.models import User
from pantau.audit.services import audit_record, snapshot
from pantau.lib.downloads import serve_private_file
from pantau.lib.errors import StaleEdit
from pantau.regions.forms import PlaceField
from pantau.regions.lookup import place_label
from pantau.registry import services
from pantau.registry.changes import (
    PROFILE_KIND,
    change_request_approve,
    change_request_reject,
    change_request_submit,
    form_for,
)
from pantau.registry.forms import RECORD_FORMS, ContactForm, RejectForm
from pantau.registry.models import ChangeRequest
from pantau.registry.selectors import change_requests_visible_to, get_change_request_for, get_lksa_for


def _kind_label(kind: str) -> str:
    return _("Profile (name, region, capacity)") if kind == PROFILE_KIND else str(RECORD_FORMS[kind][1])


@permission_required(Perm.REGISTRY_PROPOSE)
def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    lksa = get_lksa_for(request.user, pk, need=Perm.REGISTRY_PROPOSE)
    before = snapshot(lksa, services.PROFILE_FIELDS)
    form = ContactForm(request.POST or None, instance=lksa)
    if request.method == "POST" and form.is_valid():
        try:
            services.lksa_update(
                actor=user_of(request),
                lksa=form.save(commit=False),
                before=before,
                expected_version=form.cleaned_data["version"] or 0,
                action="lksa.contact_updated",
            )
        except StaleEdit:
            form.add_error(
                None,
                _(
                    "Someone else saved this record while you were editing. Your changes were "
                    "not saved: reload the page, then make them again."
                ),
            )
            return render(request, "registry/contact_form.html", {"form": form, "lksa": lksa}, status=409)
        messages.success(request, _("Changes saved."))
        return redirect("registry:lksa_detail", pk=lksa.pk)
    return render(
        request,
        "registry/contact_form.html",
        {"form": form, "lksa": lksa},
        status=400 if form.errors else 200,
    )


@permission_required(Perm.REGISTRY_PROPOSE)
def propose(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    lksa = get_lksa_for(request.user, pk, need=Perm.REGISTRY_PROPOSE)
    if kind != PROFILE_KIND and kind not in RECORD_FORMS:
        raise Http404
    form = form_for(kind, lksa, user=user_of(request), data=request.POST or None, files=request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = {
            name: request.POST[name] for name in form.fields if name != "document" and name in request.POST
        }
        if "region_code" in data:  # a place typed by name is kept as the code it meant
            data["region_code"] = form.cleaned_data["region_code"]
        # Only forms with a document field take a file, and that field has checked its type and size.
        document = form.cleaned_data.get("document") if "document" in form.fields else None
        try:
            change_request_submit(
                actor=user_of(request), lksa=lksa, kind=kind, data=data, document=document or None
            )
        except ValidationError as error:  # e.g. the document could not be stored (pantau.lib.storage)
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Sent to Dinas Sosial for verification. It counts once they approve it.")
            )
            return redirect("registry:lksa_detail", pk=lksa.pk)
    return render(
        request,
        "registry/record_form.html",
        {"form": form, "lksa": lksa, "label": _kind_label(kind), "proposal": True},
        status=400 if form.errors else 200,
    )


@permission_required(Perm.REGISTRY_VIEW)
def change_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", ChangeRequest.Status.PENDING)
    requests = change_requests_visible_to(request.user)
    if status in ChangeRequest.Status.values:
        requests = requests.filter(status=status)
    page = Paginator(requests.order_by("submitted_at", "pk"), 50).get_page(request.GET.get("page"))
    rows = [(change, _kind_label(change.kind)) for change in page]
    return render(
        request,
        "registry/change_list.html",
        {"page": page, "rows": rows, "status": status, "statuses": ChangeRequest.Status.choices},
    )


def _proposal_rows(change: ChangeRequest, user: User) -> list[tuple[str, Any, Any]]:
    """(label, current value, proposed value) for display."""
    form = form_for(change.kind, change.lksa, user=user)
    rows = []
    for name, field in form.fields.items():
        if name in ("version", "document"):
            continue
        current = _shown(field, getattr(change.lksa, name, None)) if change.kind == PROFILE_KIND else ""
        rows.append((str(field.label), current, _shown(field, change.data.get(name))))
    return rows


def _shown(field: forms.Field, value: Any) -> str:
    """A submitted or stored value as a person reads it: yes/no, choice labels, the object for an id."""
    if isinstance(field, forms.BooleanField):
        return _("yes") if value not in (None, "", False, "off") else _("no")
    if value in (None, ""):
        return "—"
    if isinstance(field, PlaceField):
        return f"{place_label(str(value))} ({value})"
    if isinstance(field, forms.ModelChoiceField) and field.queryset is not None:
        return str(field.queryset.filter(pk=value).first() or value)
    if isinstance(field, forms.ChoiceField):
        choices = cast(list[tuple[Any, Any]], field.choices)  # a form field holds normalised pairs
        labels = {str(key): label for key, label in choices if not isinstance(label, (list, tuple))}
        return str(labels.get(str(value), value))
    return str(value)


@permission_required(Perm.REGISTRY_VIEW)
def change_detail(request: HttpRequest, pk: int) -> HttpResponse:
    change = get_change_request_for(request.user, pk)
    return render(
        request,
        "registry/change_detail.html",
        {
            "change": change,
            "label": _kind_label(change.kind),
            "rows": _proposal_rows(change, user_of(request)),
            "reject_form": RejectForm(),
        },
    )


@require_POST
@permission_required(Perm.REGISTRY_MANAGE)
def change_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponseBase:
    change = get_change_request_for(request.user, pk)
    require(request.user, Perm.REGISTRY_MANAGE, target_label=str(change))
    try:
        if decision == "approve":
            change_request_approve(actor=user_of(request), request=change)
            messages.success(request, _("Approved and applied."))
        else:
            form = RejectForm(request.POST)
            if not form.is_valid():
                return render(
                    request,
                    "registry/change_detail.html",
                    {
                        "change": change,
                        "label": _kind_label(change.kind),
                        "rows": _proposal_rows(change, user_of(request)),
                        "reject_form": form,
                    },
                    status=400,
                )
            change_request_reject(actor=user_of(request), request=change, note=form.cleaned_data["note"])
            messages.success(request, _("Rejected; the home can see why."))
    except ValidationError as error:
        messages.error(
            request,
            _("It cannot be applied as it stands: %(problems)s")
            % {
                "problems": "; ".join(f"{k}: {', '.join(v)}" for k, v in error.message_dict.items())
                if hasattr(error, "error_dict")
                else "; ".join(error.messages)
            },
        )
    return redirect("registry:change_detail", pk=change.pk)


@permission_required(Perm.REGISTRY_VIEW)
def change_document(request: HttpRequest, pk: int) -> FileResponse:
    """The document attached to a proposal, for the officer who must check it before approving."""
    change = get_change_request_for(request.user, pk)
    if not change.document:
        raise Http404
    audit_record(
        action="lksa.document_viewed",
        actor=user_of(request),
        target=change.lksa,
        target_region=change.lksa.region_code,
        changes={"record": [None, f"proposal:{change.pk}"]},
    )
    return serve_private_file(change.document, f"proposal-{change.pk}")
