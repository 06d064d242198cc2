"""The eligibility rules as data: each kind's version in force and its history, readable, with the
provisions they rest on; an administrator publishes a new version through a typed form (never JSON)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from pantau.accounts.access import Perm, has_perm, permission_required, require_rules_reader
from pantau.accounts.http import user_of
from pantau.familycare import services
from pantau.familycare.forms import NUMBERS, RulesForm, deadline_stages, rule_keys
from pantau.familycare.law import PROVISIONS, STATUS_LABELS
from pantau.familycare.models import DocumentKind, Kind, RuleSet, Stage
from pantau.familycare.rules import current_rules
from pantau.lib.forms import show_errors


def _readable(kind: str, params: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, value) for each parameter, in words: "no limit" for an empty number."""
    labels = dict(NUMBERS)
    documents = dict(DocumentKind.choices)
    stages = dict(Stage.choices)
    rows: list[tuple[str, str]] = []
    for key in rule_keys(kind):
        value = params.get(key)
        rows.append((str(labels[key]), _("no limit") if value is None else str(value)))
    listed = [str(documents.get(code, code)) for code in params.get("required_documents", [])]
    rows.append((_("Required documents"), "; ".join(listed) or "—"))
    deadlines = params.get("deadlines", {})
    for stage in deadline_stages(kind):
        if stage in deadlines:
            rows.append(
                (
                    _("Days to reach “%(stage)s”") % {"stage": stages[stage]},
                    _("%(days)s days") % {"days": deadlines[stage]},
                )
            )
    return rows


@login_required
def rule_list(request: HttpRequest) -> HttpResponse:
    # Officers who work the files read the rules, and so does the administrator who publishes them.
    require_rules_reader(request.user, target_label=request.path)
    today = timezone.localdate()
    history: dict[str, list[RuleSet]] = {}
    for rules in RuleSet.objects.select_related("created_by").order_by("kind", "-version"):
        history.setdefault(rules.kind, []).append(rules)
    kinds = []
    for kind, label in Kind.choices:
        versions = history.get(kind, [])
        in_force = next((r for r in versions if r.valid_from <= today), None)
        kinds.append(
            {
                "kind": kind,
                "label": label,
                "in_force": in_force,
                "params": _readable(kind, in_force.params) if in_force else [],
                "history": versions,
            }
        )
    provisions = [
        {
            "key": key,
            "citation": p.citation,
            "requires": p.requires,
            "status": p.status,
            "status_label": STATUS_LABELS.get(p.status, p.status),
        }
        for key, p in PROVISIONS.items()
    ]
    return render(
        request,
        "familycare/rule_list.html",
        {
            "kinds": kinds,
            "provisions": provisions,
            "may_configure": has_perm(request.user, Perm.FAMILY_CARE_CONFIGURE),
            "today": today,
        },
    )


@never_cache
@permission_required(Perm.FAMILY_CARE_CONFIGURE)
def rule_new(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in Kind.values:
        raise Http404
    today = timezone.localdate()
    latest = RuleSet.objects.filter(kind=kind).order_by("-version").first()
    if latest is None:  # the data migration installs version 1 of every kind
        raise PermissionDenied
    try:
        current = current_rules(kind, on=today)
    except RuleSet.DoesNotExist:
        current = latest
    form = RulesForm(
        request.POST or None,
        kind=kind,
        current=current,
        initial={"valid_from": max(today, latest.valid_from)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            published = services.rules_publish(
                actor=user_of(request),
                kind=kind,
                valid_from=form.cleaned_data["valid_from"],
                params=form.params(),
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request,
                _("Version %(version)s of the rules has been published.") % {"version": published.version},
            )
            return redirect("familycare:rule_list")
    return render(
        request,
        "familycare/rule_new.html",
        {"form": form, "kind": kind, "kind_label": Kind(kind).label, "current": current},
        status=400 if form.errors else 200,
    )
