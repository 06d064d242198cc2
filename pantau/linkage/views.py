"""Pages: the review queue of possible duplicates, one pair side by side, and the batch runs."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from pantau.accounts.access import (
    Perm,
    actor_of,
    candidate_pairs_visible_to,
    children_visible_to,
    get_pair_for,
    linkage_runs_visible_to,
    permission_required,
)
from pantau.accounts.models import User
from pantau.lib.forms import posted_version, show_errors
from pantau.linkage import services
from pantau.linkage.forms import DecisionForm, RunForm
from pantau.linkage.models import CandidatePair
from pantau.linkage.tasks import run_linkage


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


@permission_required(Perm.LINKAGE_REVIEW)
def pair_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", CandidatePair.Status.PENDING)
    if status not in CandidatePair.Status.values:
        status = CandidatePair.Status.PENDING
    pairs = (
        candidate_pairs_visible_to(request.user)
        .filter(status=status)
        .select_related("child_a__lksa", "child_b__lksa")
        .order_by("-match_probability", "pk")
    )
    page = Paginator(pairs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "linkage/pair_list.html",
        {"page": page, "status": status, "statuses": CandidatePair.Status.choices},
    )


@permission_required(Perm.LINKAGE_REVIEW)
def pair_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    pair = get_pair_for(request.user, pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.pair_decide(
                actor=_user(request),
                pair=pair,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                version=posted_version(request),
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Decision saved."))
            return redirect("linkage:pair_detail", pk=pair.pk)
    pair = CandidatePair.objects.select_related("child_a__lksa", "child_b__lksa", "decided_by").get(
        pk=pair.pk
    )
    comparison = services.pair_open(actor=_user(request), pair=pair)
    visible = set(
        children_visible_to(request.user)
        .filter(pk__in=[pair.child_a_id, pair.child_b_id])
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "linkage/pair_detail.html",
        {
            "pair": pair,
            "form": form,
            "comparison": comparison,
            "left_title": _("First record"),
            "right_title": _("Second record"),
            "a_visible": pair.child_a_id in visible,
            "b_visible": pair.child_b_id in visible,
        },
        status=400 if form.errors else 200,
    )


@permission_required(Perm.LINKAGE_RUN)
def run_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request.user)
    form = RunForm(request.POST or None, initial={"region": actor.jurisdiction if actor else ""})
    if request.method == "POST" and form.is_valid():
        try:
            region = services.run_region(_user(request), form.cleaned_data["region"])
        except ValidationError as error:
            form.add_error("region", error.message_dict["region"])
        else:
            run = services.run_queue(actor=_user(request), region_code=region)
            run_linkage.enqueue(run.pk)
            messages.success(request, _("The run has started; its results appear below when it is done."))
            return redirect("linkage:run_list")
    runs = linkage_runs_visible_to(request.user).order_by("-created_at")
    page = Paginator(runs, 25).get_page(request.GET.get("page"))
    return render(
        request, "linkage/run_list.html", {"form": form, "page": page}, status=400 if form.errors else 200
    )
