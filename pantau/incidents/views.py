"""Incident report pages: the list (a home's own reports with their status; an agency's reports of the
homes in its jurisdiction, late ones visible, with the late count per home), the report form, and one
report. Reads through selectors, the write through services.incident_report."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from pantau.accounts.access import Perm, actor_of, permission_required, require_incident_reader
from pantau.accounts.http import user_of
from pantau.children.models import Child
from pantau.children.selectors import children_visible_to
from pantau.incidents import deadlines, law
from pantau.incidents.forms import FilterForm, IncidentForm
from pantau.incidents.models import Kind
from pantau.incidents.selectors import (
    LATE_WINDOW_DAYS,
    filter_incidents,
    get_incident_for,
    incidents_visible_to,
    late_counts_by_home,
)
from pantau.incidents.services import incident_report
from pantau.lib.forms import show_errors
from pantau.registry.models import Lksa

PER_PAGE = 50


def incident_reader(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Sign-in, then the rule of access.incidents: a home's people or an agency that reads reports."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require_incident_reader(request.user, target_label=request.path)
        return view(request, *args, **kwargs)

    return wrapped


def _policy_context() -> dict[str, Any]:
    hours = deadlines.report_hours()
    return {
        "deadline_rows": [(label, hours[kind]) for kind, label in Kind.choices],
        "provisions": law.PROVISIONS.values(),
    }


# A list page stays a page at national scope: at most this many homes in the filter's drop-down and in the
# "late reports per home" table (the homes with the most late reports; the filters reach the others).
HOME_CHOICES = 300
LATE_HOMES = 20


@incident_reader
def incident_list(request: HttpRequest) -> HttpResponse:
    user, now = user_of(request), timezone.now()
    actor = actor_of(user)
    is_home = actor is not None and actor.can(Perm.INCIDENT_REPORT)
    visible = incidents_visible_to(user)
    homes: list[tuple[int, str]] | None = list(
        Lksa.objects.filter(pk__in=visible.values("lksa_id"))
        .order_by("name")
        .values_list("pk", "name")[: HOME_CHOICES + 1]
    )
    if homes is not None and len(homes) > HOME_CHOICES:
        homes = None  # thousands of options would be most of the page (national: 8,600 homes)
    form = FilterForm(request.GET or None, homes=homes)
    chosen: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    rows = filter_incidents(
        visible, late_only=bool(chosen.get("late")), kind=chosen.get("kind", ""), lksa=chosen.get("lksa")
    ).select_related("lksa", "concern")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "form": form,
        "is_home": is_home,
        "late_by_home": None if is_home else list(late_counts_by_home(visible, now=now)[: LATE_HOMES + 1]),
        "late_homes_shown": LATE_HOMES,
        "late_window_days": LATE_WINDOW_DAYS,
        **_policy_context(),
    }
    return render(request, "incidents/list.html", context)


@permission_required(Perm.INCIDENT_REPORT)
def incident_new(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    home = Lksa.objects.filter(organisation=user.office).first()
    children = (
        children_visible_to(user).filter(lksa=home).in_care().order_by("full_name")
        if home
        else Child.objects.none()
    )
    form = IncidentForm(request.POST or None, children=children)
    if request.method == "POST" and form.is_valid():
        try:
            report = incident_report(
                actor=user, report=form.save(commit=False), children=list(form.cleaned_data["children"])
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request,
                _("Your report was sent to Dinas Sosial (concern %(code)s).")
                % {"code": report.concern.tracking_code if report.concern else "-"},
            )
            return redirect("incidents:detail", pk=report.pk)
    context = {"form": form, "home": home, **_policy_context()}
    return render(request, "incidents/new.html", context, status=400 if form.errors else 200)


@incident_reader
def incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    report = get_incident_for(user, pk)
    # Linked children are listed only to those who may see the home's children (the home, Dinas Sosial).
    children = list(children_visible_to(user).filter(incident_reports=report).order_by("full_name"))
    hidden = report.children.count() - len(children)
    context = {"report": report, "children": children, "children_hidden": hidden, **_policy_context()}
    return render(request, "incidents/detail.html", context)
