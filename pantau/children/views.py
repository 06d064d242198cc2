from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from pantau.accounts.access import Perm, may_sign_off_gatekeeping, permission_required, records_for_an_office
from pantau.accounts.http import user_of
from pantau.audit.exports import export_response
from pantau.audit.services import snapshot
from pantau.children import gatekeeping_rules, indicators, queues
from pantau.children.duplicates import detection as duplicate_detection
from pantau.children.exports import CHILDREN as CHILDREN_EXPORT
from pantau.children.forms import (
    AdmissionForm,
    CarePlanForm,
    ChildEditForm,
    FollowUpForm,
    GatekeepingForm,
    PlacementForm,
    SignOffForm,
    TracingForm,
)
from pantau.children.homes import AmbiguousHome, home_options, resolve_home
from pantau.children.identifiers import check_nik, set_identifier
from pantau.children.models import CarePlan, Child
from pantau.children.quality import assess_quality
from pantau.children.record import child_state
from pantau.children.selectors import (
    children_visible_to,
    get_child_for,
    homes_for_admission,
    require_admission,
)
from pantau.children.services import (
    CHILD_EDIT_FIELDS,
    RevealThrottled,
    care_plan_add,
    child_admit,
    child_identity,
    child_update,
    follow_up_add,
    gatekeeping_add,
    gatekeeping_sign_off,
    placement_end,
    tracing_add,
)
from pantau.lib import searches
from pantau.lib.errors import StaleEdit
from pantau.lib.paging import LargeListPaginator
from pantau.regions.forms import PlaceFilterForm
from pantau.registry.models import Lksa
from pantau.registry.selectors import home_filter, lksa_visible_to


@permission_required(Perm.CHILD_VIEW)
def child_list(request: HttpRequest, fmt: str = "") -> HttpResponse:
    """The name searched for is POSTed and kept on the server (``lib/searches.py``); the list and its
    pages are addressed by a search id, so no child's name ever appears in an address or a log."""
    if request.method == "POST":
        term = request.POST.get("q", "").strip()[:100]
        params = {"status": request.POST.get("status", "in_care")}
        if term:
            params["search"] = searches.remember(request, "children", term)
        home_text = " ".join(request.POST.get("home", "").split())[:300]
        if home_text:  # a home's name is no secret: it may stand in the address
            params["home"] = home_text
        return redirect(f"{reverse('children:child_list')}?{urlencode(params)}")
    children = children_visible_to(request.user).select_related("lksa", "gatekeeping")
    search = request.GET.get("search", "")
    q = searches.recall(request, "children", search) if search else ""
    if q is None:
        messages.warning(request, _("That search has expired; search again."))
        q = ""
    if q:
        children = children.filter(full_name__icontains=q)
    status = request.GET.get("status", "in_care")
    if status in ("in_care", "left"):
        children = children.filter(status=status)
    # One home, picked by name among the homes this person may see (children/homes.py).
    home, home_text, home_error, home_candidates = None, request.GET.get("home", "").strip(), "", []
    home_more = False
    if home_text:
        try:
            home = resolve_home(lksa_visible_to(request.user), home_text)
        except AmbiguousHome as ambiguous:
            home_error, home_candidates = " ".join(ambiguous.messages), ambiguous.candidates
            home_more = ambiguous.more
        except ValidationError as error:
            home_error = " ".join(error.messages)
        children = children.filter(lksa=home) if home is not None else children.none()
    children = children.order_by("full_name", "pk")
    # The home page's queues link here ("see all"), filtered and ordered as the queue (children/queues.py).
    needs = request.GET.get("needs", "")
    if needs in queues.NEEDS:
        children = queues.filter_needs(children, needs, today=timezone.localdate())
    else:
        needs = ""
    if fmt:  # the list as a file (pantau/lib/exports.py): same scope, filters and columns
        return export_response(request, CHILDREN_EXPORT, children, fmt)
    page = LargeListPaginator(children, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "children/child_list.html",
        {
            "page": page,
            "q": q,
            "status": status,
            "needs": needs,
            "today": timezone.localdate(),
            "home": home,
            "home_text": home_text,
            "home_error": home_error,
            "home_candidates": home_candidates,
            "home_more": home_more,
        },
    )


@never_cache
@permission_required(Perm.CHILD_MANAGE)
def child_admit_view(request: HttpRequest) -> HttpResponse:
    homes = homes_for_admission(request.user)
    form = AdmissionForm(
        request.POST or None,
        homes=homes,
        found_by_dinsos=records_for_an_office(request.user),
        initial={"admitted_on": timezone.localdate()},
    )
    duplicates: Sequence[Any] = []
    if request.method == "POST" and form.is_valid():
        # The form offers only these homes and the service checks again, but inside the transaction
        # below its audited refusal would be rolled back with the rest: refused here, outside it.
        require_admission(request.user, form.cleaned_data["lksa"])
        child = form.save(commit=False)
        child.lksa = form.cleaned_data["lksa"]
        for name, value in form.identifiers().items():
            set_identifier(child, name, value)
        # Before saving: is this child already recorded in some home? Shown once; saving anyway is a
        # decision (audited) and puts the pairs in Dinas Sosial's review queue.
        screening = duplicate_detection().screen(request.user, child)
        duplicates = screening.warnings
        if duplicates and not form.cleaned_data.get("duplicates_checked"):
            screening.audit(actor=user_of(request))
            form.fields["duplicates_checked"].widget = forms.CheckboxInput()
            return render(request, "children/admit.html", {"form": form, "duplicates": duplicates})
        try:
            with transaction.atomic():  # the child and the pairs its warning found, or neither
                result = child_admit(
                    actor=user_of(request),
                    lksa=form.cleaned_data["lksa"],
                    child=child,
                    identifiers=form.identifiers(),
                    assessment=form.assessment(),
                )
                screening.record(actor=user_of(request), child=result.child)
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
    return render(
        request,
        "children/admit.html",
        {"form": form, "duplicates": duplicates},
        status=400 if form.errors else 200,
    )


def _detail_context(
    request: HttpRequest,
    child: Child,
    *,
    identity: dict[str, str] | None,
    bound: dict[str, forms.BaseForm] | None = None,
) -> dict[str, Any]:
    """The child's page; ``bound`` puts one form back as submitted, open, with its errors."""
    gatekeeping = getattr(child, "gatekeeping", None)
    care_plans = list(child.care_plans.all())
    tracing = list(child.tracing_attempts.all())
    follow_ups = list(child.follow_ups.all())
    today = timezone.localdate()
    return {
        "child": child,
        # For duplicate reviewers: pairs this record is part of, decided or not.
        "duplicate_pairs": duplicate_detection().pairs_of(request.user, child),
        # care_file: the family-care file that made a family-based exit (familycare's reverse relation,
        # read by name so that this app imports nothing from the one above it).
        "placements": child.placements.select_related("lksa", "care_file"),
        "gatekeeping": gatekeeping,
        "care_plans": care_plans,
        "tracing": tracing,
        "identity": identity,
        # A link to the home's page only for a reader who may open it.
        "home_link": home_filter(request.user, str(child.lksa_id)) is not None,
        "placement_form": PlacementForm(),
        "care_plan_form": CarePlanForm(initial={"made_on": today}),
        "tracing_form": TracingForm(initial={"attempted_on": today}),
        "follow_ups": follow_ups,
        "follow_up_form": FollowUpForm(initial={"visited_on": today}),
        "gatekeeping_form": GatekeepingForm(initial={"assessed_on": today}),
        # What the SNPA answers and the reason for admission break (children/gatekeeping_rules.py).
        "gatekeeping_flags": gatekeeping_rules.assessment_flags(child, gatekeeping),
        "may_sign_off": gatekeeping is not None
        and gatekeeping.signed_off_at is None
        and may_sign_off_gatekeeping(request.user, child),
        "signoff_form": SignOffForm(),
        **(bound or {}),
        "open_form": next(iter(bound), "") if bound else "",
        "state": child_state(
            child,
            gatekeeping=gatekeeping,
            care_plans=care_plans,
            tracing=tracing,
            follow_ups=follow_ups,
            today=today,
        ),
        "today": today,
    }


@never_cache
@permission_required(Perm.CHILD_VIEW)
def child_detail(request: HttpRequest, pk: int) -> HttpResponse:
    child = get_child_for(request.user, pk)
    return render(request, "children/child_detail.html", _detail_context(request, child, identity=None))


@never_cache
@require_POST
@permission_required(Perm.CHILD_IDENTITY)
def child_identity_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Identifiers are shown only on an explicit request, which is audited."""
    child = get_child_for(request.user, pk, need=Perm.CHILD_IDENTITY)
    try:
        identity = child_identity(actor=user_of(request), child=child)
    except RevealThrottled as refused:
        context = {**_detail_context(request, child, identity=None), "identity_refused": str(refused)}
        return render(request, "children/child_detail.html", context, status=429)
    return render(request, "children/child_detail.html", _detail_context(request, child, identity=identity))


def _record(
    request: HttpRequest, pk: int, form_class: type[forms.ModelForm], save: Any, done: str, *, key: str
) -> HttpResponseBase:
    """Shared by the small forms on a child's page: validate, save through the service, report back.
    When it fails the page comes back (400) with that form open as submitted, its errors beside it."""
    child = get_child_for(request.user, pk, need=Perm.CHILD_MANAGE)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            save(actor=user_of(request), child=child, record=form.save(commit=False))
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("children:child_detail", pk=child.pk)
    context = _detail_context(request, child, identity=None, bound={key: form})
    return render(request, "children/child_detail.html", context, status=400)


def _add_errors(form: forms.BaseForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


@require_POST
@permission_required(Perm.CHILD_MANAGE)
def child_care_plan(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _record(
        request,
        pk,
        CarePlanForm,
        lambda actor, child, record: care_plan_add(actor=actor, child=child, plan=record),
        _("The care plan has been recorded."),
        key="care_plan_form",
    )


@require_POST
@permission_required(Perm.CHILD_MANAGE)
def child_follow_up(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _record(
        request,
        pk,
        FollowUpForm,
        lambda actor, child, record: follow_up_add(actor=actor, child=child, visit=record),
        _("The follow-up visit has been recorded."),
        key="follow_up_form",
    )


@never_cache
@permission_required(Perm.CHILD_MANAGE)
def child_edit(request: HttpRequest, pk: int) -> HttpResponse:
    child = get_child_for(request.user, pk, need=Perm.CHILD_MANAGE)
    before = snapshot(child, CHILD_EDIT_FIELDS)
    form = ChildEditForm(request.POST or None, instance=child)
    if request.method == "POST" and form.is_valid():
        identifiers = {name: form.cleaned_data[name] for name in ("nik", "kk", "birth_certificate")}
        try:
            if identifiers["nik"]:
                check = check_nik(
                    identifiers["nik"],
                    birth_date=form.cleaned_data["birth_date"],
                    precision=form.cleaned_data["birth_date_precision"],
                    sex=form.cleaned_data["sex"],
                    today=timezone.localdate(),
                )
                if check.errors:
                    raise ValidationError({"nik": check.errors})
            child_update(
                actor=user_of(request),
                child=form.save(commit=False),
                before=before,
                expected_version=form.cleaned_data["version"],
                identifiers=identifiers,
            )
        except StaleEdit:
            form.add_error(
                None,
                _(
                    "Someone else saved this record while you were editing. Your changes were "
                    "not saved: reload the page, then make them again."
                ),
            )
            return render(request, "children/edit.html", {"form": form, "child": child}, status=409)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("children:child_detail", pk=child.pk)
    return render(
        request, "children/edit.html", {"form": form, "child": child}, status=400 if form.errors else 200
    )


@require_POST
@permission_required(Perm.CHILD_MANAGE)
def child_tracing(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _record(
        request,
        pk,
        TracingForm,
        lambda actor, child, record: tracing_add(actor=actor, child=child, attempt=record),
        _("The tracing attempt has been recorded."),
        key="tracing_form",
    )


@permission_required(Perm.CHILD_VIEW)
def reviews_due(request: HttpRequest) -> HttpResponse:
    """Children in care without a current care plan: no plan at all, or its review date has passed."""
    today = timezone.localdate()
    current = CarePlan.objects.filter(child=OuterRef("pk"), next_review_on__gte=today)
    latest = (
        CarePlan.objects.filter(child=OuterRef("pk")).order_by("-made_on", "-pk").values("next_review_on")[:1]
    )
    children = (
        children_visible_to(request.user)
        .in_care()
        .annotate(has_current=Exists(current), review_due=Subquery(latest))
        .filter(has_current=False)
        .select_related("lksa")
        .order_by("review_due", "full_name")
    )
    if home := home_filter(request.user, request.GET.get("lksa")):  # from the home's page
        children = children.filter(lksa=home)
    page = Paginator(children, 50).get_page(request.GET.get("page"))
    return render(request, "children/reviews_due.html", {"page": page, "home": home})


@permission_required(Perm.CHILD_VIEW)
def quality(request: HttpRequest) -> HttpResponse:
    """Problems in the records this person looks after, each linked to the record to fix."""
    summary, problems = assess_quality(children_visible_to(request.user), today=timezone.localdate())
    page = Paginator(problems, 100).get_page(request.GET.get("page"))
    return render(
        request, "children/quality.html", {"summary": summary, "page": page, "total": len(problems)}
    )


@permission_required(Perm.REGISTRY_VIEW)
def figures(request: HttpRequest) -> HttpResponse:
    """Counts and shares per home or rolled up per region: no child is named here."""
    place_form = PlaceFilterForm(request.GET)
    region = place_form.code()
    level, figures = indicators.figures_for(
        request.user, level=request.GET.get("level", "lksa"), region=region, today=timezone.localdate()
    )
    rows: Any = figures
    if level == "lksa":
        rows = Paginator(figures, 100).get_page(request.GET.get("page"))
    as_of = indicators.figures_as_of()
    return render(
        request,
        "children/figures.html",
        {"rows": rows, "level": level, "place_form": place_form, "as_of": as_of},
    )


@require_POST
@permission_required(Perm.CHILD_MANAGE)
def child_placement(request: HttpRequest, pk: int) -> HttpResponseBase:
    child = get_child_for(request.user, pk, need=Perm.CHILD_MANAGE)
    # Any operating home may receive a transfer; the sender learns nothing about it but its existence.
    form = PlacementForm(request.POST, homes=Lksa.objects.public())
    if form.is_valid():
        receiving = form.cleaned_data["receiving_lksa"]
        try:
            placement = placement_end(
                actor=user_of(request),
                child=child,
                kind=form.cleaned_data["kind"],
                started_on=form.cleaned_data["started_on"],
                notes=form.cleaned_data["notes"],
                receiving=receiving,
                confirm_unverified=form.cleaned_data["confirm_unverified"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if placement.unverified:
                messages.warning(
                    request,
                    _(
                        "The exit has been recorded as unverified: Dinas Sosial has been told and will check "
                        "where the child is and on what papers."
                    ),
                )
            else:
                messages.success(request, _("The placement has been recorded."))
            if receiving is not None:
                return redirect("children:child_list")  # the child's record now belongs to the other home
            return redirect("children:child_detail", pk=child.pk)
    context = _detail_context(request, child, identity=None, bound={"placement_form": form})
    return render(request, "children/child_detail.html", context, status=400)


@permission_required(Perm.CHILD_VIEW)
def home_suggestions(request: HttpRequest) -> HttpResponse:
    """Suggestions for the children list's home filter: homes this person may see, by name."""
    options = home_options(lksa_visible_to(request.user), request.GET.get("home", ""))
    return render(request, "children/_home_options.html", {"options": options})


@permission_required(Perm.CHILD_MANAGE)
def transfer_homes(request: HttpRequest) -> HttpResponse:
    """Suggestions for a transfer's receiving home: any operating home, by name (names are public)."""
    options = home_options(Lksa.objects.public(), request.GET.get("receiving_lksa", ""))
    return render(request, "children/_home_options.html", {"options": options})


@require_POST
@permission_required(Perm.CHILD_MANAGE)
def child_gatekeeping(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _record(
        request,
        pk,
        GatekeepingForm,
        lambda actor, child, record: gatekeeping_add(actor=actor, child=child, assessment=record),
        _("The gatekeeping assessment has been recorded."),
        key="gatekeeping_form",
    )


@require_POST
@permission_required(Perm.CHILD_SIGNOFF)
def child_gatekeeping_signoff(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Dinas Sosial signs the child's gatekeeping assessment off (who may: accounts.access)."""
    child = get_child_for(request.user, pk)
    form = SignOffForm(request.POST)
    if form.is_valid():
        try:
            gatekeeping_sign_off(
                actor=user_of(request), child=child, role_note=form.cleaned_data["role_note"]
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The gatekeeping assessment has been signed off."))
            return redirect("children:child_detail", pk=child.pk)
    context = _detail_context(request, child, identity=None, bound={"signoff_form": form})
    return render(request, "children/child_detail.html", context, status=400)
