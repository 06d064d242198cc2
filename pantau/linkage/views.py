"""Pages: the review queue of possible duplicates, one pair side by side, and the batch runs."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from pantau.accounts.access import Perm, actor_of, permission_required
from pantau.accounts.http import user_of
from pantau.audit.exports import export_response
from pantau.children.models import Child
from pantau.lib.forms import posted_version, show_errors
from pantau.linkage import disclosure, exports, services
from pantau.linkage.forms import DecisionForm, RunForm
from pantau.linkage.models import CandidatePair
from pantau.linkage.selectors import (
    candidate_pairs_visible_to,
    get_pair_for,
    linkage_runs_visible_to,
    pair_sides_to_confirm,
)
from pantau.linkage.tasks import run_linkage
from pantau.regions.lookup import with_place_labels
from pantau.registry.selectors import home_filter, lksa_visible_to


@permission_required(Perm.LINKAGE_REVIEW)
def pair_list(request: HttpRequest, fmt: str = "") -> HttpResponse:
    status = request.GET.get("status", CandidatePair.Status.PENDING)
    if status not in CandidatePair.Status.values:
        status = CandidatePair.Status.PENDING
    pairs = (
        candidate_pairs_visible_to(request.user)
        .filter(status=status)
        .select_related("child_a__lksa", "child_b__lksa")
        .order_by("-match_probability", "pk")
    )
    if home := home_filter(request.user, request.GET.get("lksa")):  # from the home's page
        pairs = pairs.involving(Child.objects.filter(lksa=home))
    if fmt:  # the list as a file (pantau/lib/exports.py): same scope, filters and columns
        return export_response(request, exports.PAIRS, pairs, fmt)
    page = Paginator(pairs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "linkage/pair_list.html",
        {
            "page": page,
            # Each child by name, or by region only when the person may not see it.
            "rows": disclosure.pair_rows(request.user, page.object_list),
            "status": status,
            "statuses": CandidatePair.Status.choices,
            "home": home,
        },
    )


@permission_required(Perm.LINKAGE_REVIEW)
def pair_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    pair = get_pair_for(request.user, pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            decided = services.pair_decide(
                actor=user_of(request),
                pair=pair,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                expected_version=posted_version(request),
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            if decided.status == CandidatePair.Status.PENDING and form.cleaned_data["status"] == "same":
                messages.success(
                    request,
                    _("Confirmed for your child: its record is now shown to the other office to decide."),
                )
            else:
                messages.success(request, _("Decision saved."))
            return redirect("linkage:pair_detail", pk=pair.pk)
    pair = CandidatePair.objects.select_related(
        "child_a__lksa", "child_b__lksa", "decided_by", "confirmed_a_by", "confirmed_b_by"
    ).get(pk=pair.pk)
    view = services.pair_open(actor=user_of(request), pair=pair)
    own = pair_sides_to_confirm(request.user, pair)
    return render(
        request,
        "linkage/pair_detail.html",
        {
            "pair": pair,
            "view": view,
            "form": form,
            "left_title": _("First record"),
            "right_title": _("Second record"),
            # The person's own children in the pair: links to their records, and the sides they confirm.
            "own_a": pair.child_a_id in own,
            "own_b": pair.child_b_id in own,
            "can_confirm": any(pair.confirmed_by(c) is None for c in own),
            # Back to the homes' pages: only homes the reader sees in the registry (never a masked home).
            "homes": lksa_visible_to(request.user)
            .filter(pk__in=[pair.child_a.lksa_id, pair.child_b.lksa_id])
            .only("pk", "name")
            .order_by("name"),
        },
        status=400 if form.errors else 200,
    )


@permission_required(Perm.LINKAGE_RUN)
def run_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request.user)
    form = RunForm(request.POST or None, initial={"region": actor.jurisdiction if actor else ""})
    if request.method == "POST" and form.is_valid():
        try:
            region = services.run_region(user_of(request), form.cleaned_data["region"])
        except ValidationError as error:
            form.add_error("region", error.message_dict["region"])
        else:
            run = services.run_queue(actor=user_of(request), region_code=region)
            run_linkage.enqueue(run.pk)
            messages.success(request, _("The run has started; its results appear below when it is done."))
            return redirect("linkage:run_list")
    runs = linkage_runs_visible_to(request.user).order_by("-created_at")
    page = Paginator(runs, 25).get_page(request.GET.get("page"))
    page.object_list = with_place_labels(page.object_list)
    return render(
        request, "linkage/run_list.html", {"form": form, "page": page}, status=400 if form.errors else 200
    )
