"""The home's applications on the registry's LKSA page (the registry sits below this app, so its
template loads this tag instead of its views importing applications)."""

from __future__ import annotations

from typing import Any

from django import template

from pantau.applications.models import Kind, Status
from pantau.applications.selectors import applications_visible_to
from pantau.registry.models import Lksa

register = template.Library()


@register.inclusion_tag("applications/lksa_panel.html", takes_context=True)
def home_applications(context: dict[str, Any], lksa: Lksa) -> dict[str, Any]:
    """Fundraising recommendations Dinas Sosial gave the home (the letters, which no registry record
    holds), and its applications still open, for the people who may see applications (one query)."""
    rows = list(
        applications_visible_to(context["request"].user)
        .filter(lksa=lksa)
        .exclude(status__in=(Status.REJECTED,))
        .exclude(status=Status.APPROVED, kind__in=(Kind.REGISTRATION, Kind.RENEWAL))
        .order_by("-pk")[:20]
    )
    return {
        "recommendations": [a for a in rows if a.status == Status.APPROVED],
        "open": [a for a in rows if a.status != Status.APPROVED],
    }
