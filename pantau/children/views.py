from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from pantau.accounts.access import (
    Perm,
    children_visible_to,
    get_child_for,
    lksa_visible_to,
    permission_required,
)
from pantau.accounts.models import User
from pantau.children.forms import AdmissionForm, PlacementForm
from pantau.children.services import child_admit, child_identity, placement_end


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # every caller is behind permission_required


@permission_required(Perm.CHILD_VIEW)
def child_list(request: HttpRequest) -> HttpResponse:
    children = children_visible_to(request.user).select_related("lksa", "gatekeeping")
    q = request.GET.get("q", "").strip()
    if q:
        children = children.filter(full_name__icontains=q)
    status = request.GET.get("status", "in_care")
    if status in ("in_care", "left"):
        children = children.filter(status=status)
    page = Paginator(children.order_by("full_name", "pk"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "children/child_list.html",
        {"page": page, "q": q, "status": status, "today": timezone.localdate()},
    )


@never_cache
@permission_required(Perm.CHILD_MANAGE)
def child_admit_view(request: HttpRequest) -> HttpResponse:
    homes = lksa_visible_to(request.user)
    form = AdmissionForm(request.POST or None, homes=homes, initial={"admitted_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            result = child_admit(
                actor=_user(request),
                lksa=form.cleaned_data["lksa"],
                child=form.save(commit=False),
                identifiers=form.identifiers(),
                assessment=form.assessment(),
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, problems in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, problems)
            else:
                form.add_error(None, error.messages)
        else:
            messages.success(request, _("The child has been admitted."))
            for warning in result.warnings:
                messages.warning(request, warning)
            return redirect("children:child_detail", pk=result.child.pk)
    return render(request, "children/admit.html", {"form": form}, status=400 if form.errors else 200)


@never_cache
@permission_required(Perm.CHILD_VIEW)
def child_detail(request: HttpRequest, pk: int) -> HttpResponse:
    child = get_child_for(request.user, pk)
    placements = child.placements.select_related("lksa")
    return render(
        request,
        "children/child_detail.html",
        {
            "child": child,
            "placements": placements,
            "gatekeeping": getattr(child, "gatekeeping", None),
            "identity": None,
            "placement_form": PlacementForm(),
        },
    )


@never_cache
@require_POST
@permission_required(Perm.CHILD_IDENTITY)
def child_identity_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Identifiers are shown only on an explicit request, which is audited."""
    child = get_child_for(request.user, pk, need=Perm.CHILD_IDENTITY)
    return render(
        request,
        "children/child_detail.html",
        {
            "child": child,
            "placements": child.placements.select_related("lksa"),
            "gatekeeping": getattr(child, "gatekeeping", None),
            "identity": child_identity(actor=_user(request), child=child),
            "placement_form": PlacementForm(),
        },
    )


@require_POST
@permission_required(Perm.CHILD_MANAGE)
def child_placement(request: HttpRequest, pk: int) -> HttpResponseBase:
    child = get_child_for(request.user, pk, need=Perm.CHILD_MANAGE)
    form = PlacementForm(request.POST)
    if form.is_valid():
        try:
            placement_end(
                actor=_user(request),
                child=child,
                kind=form.cleaned_data["kind"],
                started_on=form.cleaned_data["started_on"],
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The placement has been recorded."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("children:child_detail", pk=child.pk)
