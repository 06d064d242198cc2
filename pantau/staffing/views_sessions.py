"""Pembinaan sessions (Dinas Sosial runs them, invited homes see them), barred persons and the office's
vetting policy."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from pantau.accounts.access import Perm, has_perm, permission_required, require
from pantau.accounts.http import user_of
from pantau.cases.selectors import cases_visible_to
from pantau.registry.models import StaffMember
from pantau.registry.selectors import lksa_visible_to
from pantau.staffing import services
from pantau.staffing.forms import BarForm, PolicyForm, SessionForm
from pantau.staffing.models import Attendance
from pantau.staffing.selectors import (
    bars_visible_to,
    get_session_for,
    matches_visible_to,
    policy_for,
    sessions_visible_to,
)
from pantau.supervision.selectors import findings_visible_to


@permission_required(Perm.REGISTRY_VIEW)
def session_list(request: HttpRequest) -> HttpResponse:
    sessions = sessions_visible_to(request.user).select_related("organisation").order_by("-held_on", "-pk")
    page = Paginator(sessions, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "staffing/session_list.html",
        {"page": page, "may_manage": has_perm(request.user, Perm.REGISTRY_MANAGE)},
    )


@permission_required(Perm.REGISTRY_MANAGE)
def session_new(request: HttpRequest) -> HttpResponse:
    form = SessionForm(request.POST or None, homes=lksa_visible_to(request.user).filter(is_active=True))
    if request.method == "POST" and form.is_valid():
        session = services.session_create(
            actor=user_of(request), session=form.save(commit=False), homes=list(form.cleaned_data["homes"])
        )
        messages.success(request, _("The session has been recorded; the invited homes see it."))
        return redirect("staffing:session_detail", pk=session.pk)
    return render(request, "staffing/session_form.html", {"form": form}, status=400 if form.errors else 200)


def _attendance_rows(session: Any, user: Any) -> list[tuple[StaffMember, bool | None]]:
    """The invited homes' active staff (the ones the reader sees), each with attended / absent / unknown."""
    marked = dict(Attendance.objects.filter(session=session).values_list("staff_id", "attended"))
    homes = session.homes.filter(pk__in=lksa_visible_to(user).values("pk"))
    staff = StaffMember.objects.filter(lksa__in=homes)
    staff = staff.filter(is_active=True).select_related("lksa").order_by("lksa__name", "full_name", "pk")
    return [(member, marked.get(member.pk)) for member in staff]


@permission_required(Perm.REGISTRY_VIEW)
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session_for(request.user, pk)
    rows = _attendance_rows(session, request.user)
    context = {
        "session": session,
        "homes": session.homes.filter(pk__in=lksa_visible_to(request.user).values("pk")).order_by("name"),
        "rows": rows,
        "attended": sum(1 for _member, present in rows if present),
        "absent": sum(1 for _member, present in rows if present is False),
        "may_manage": has_perm(request.user, Perm.REGISTRY_MANAGE),
    }
    return render(request, "staffing/session_detail.html", context)


@permission_required(Perm.REGISTRY_MANAGE)
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """Take attendance: each invited staff member attended or was absent (POST ``staff_<id>`` = 1 / 0)."""
    session = get_session_for(request.user, pk, need=Perm.REGISTRY_MANAGE)
    rows = _attendance_rows(session, request.user)
    if request.method == "POST":
        marks: dict[int, bool] = {}
        errors = []
        for key, value in request.POST.items():
            if not key.startswith("staff_"):
                continue
            if value not in ("1", "0") or not key[6:].isdigit():
                errors.append(_("Mark each person as attended or absent."))
                break
            marks[int(key[6:])] = value == "1"
        if not marks and not errors:
            errors.append(_("Mark at least one person."))
        if not errors:
            try:
                present, absent = services.attendance_record(
                    actor=user_of(request), session=session, attended=marks
                )
            except ValidationError as error:
                errors.extend(error.messages)
            else:
                messages.success(
                    request,
                    _("Attendance saved: %(present)s attended, %(absent)s absent.")
                    % {"present": present, "absent": absent},
                )
                return redirect("staffing:session_detail", pk=session.pk)
        context = {"session": session, "rows": rows, "errors": errors}
        return render(request, "staffing/attendance.html", context, status=400)
    return render(request, "staffing/attendance.html", {"session": session, "rows": rows})


@permission_required(Perm.REGISTRY_MANAGE)
def bar_list(request: HttpRequest) -> HttpResponse:
    """Bars this office's jurisdiction made, and every barred person found on the staff of a home it sees
    (whoever barred them)."""
    today = timezone.localdate()
    bars = bars_visible_to(request.user).select_related("organisation", "origin").order_by("-from_on", "-pk")
    matches = (
        matches_visible_to(request.user, today=today)
        .select_related("bar__organisation", "bar__origin", "staff__lksa")
        .order_by("strength", "staff__lksa__name", "pk")
    )
    page = Paginator(bars, 50).get_page(request.GET.get("page"))
    return render(request, "staffing/bar_list.html", {"page": page, "matches": matches, "today": today})


@permission_required(Perm.REGISTRY_MANAGE)
def bar_new(request: HttpRequest) -> HttpResponse:
    form = BarForm(
        request.POST or None, findings=findings_visible_to(request.user), cases=cases_visible_to(request.user)
    )
    if request.method == "POST" and form.is_valid():
        bar = services.bar_create(
            actor=user_of(request), bar=form.save(commit=False), nik=form.cleaned_data["nik"]
        )
        found = getattr(bar, "match_count", 0)
        messages.success(
            request,
            _("The person is barred. Found on the staff of a home: %(count)s.") % {"count": found},
        )
        return redirect("staffing:bar_list")
    return render(request, "staffing/bar_form.html", {"form": form}, status=400 if form.errors else 200)


@permission_required(Perm.VETTING_CONFIGURE)
def policy(request: HttpRequest) -> HttpResponse:
    """The office's vetting policy: how long it accepts a police clearance."""
    actor = require(request.user, Perm.VETTING_CONFIGURE)
    current = policy_for(actor.organisation)
    form = PolicyForm(request.POST or None, initial={"skck_validity_months": current.skck_validity_months})
    if request.method == "POST" and form.is_valid():
        services.policy_save(
            actor=user_of(request),
            office=actor.organisation,
            months=form.cleaned_data["skck_validity_months"],
        )
        messages.success(request, _("Changes saved."))
        return redirect("staffing:policy")
    context = {"form": form, "policy": current, "office": actor.organisation}
    return render(request, "staffing/policy.html", context, status=400 if form.errors else 200)
