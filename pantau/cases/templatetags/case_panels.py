"""Panels of case information that other apps' pages include (the registry sits below cases, so its
templates load these tags instead of its views importing cases)."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Count

from pantau.cases.models import FormOfViolence
from pantau.cases.selectors import case_counts_for_home
from pantau.registry.models import Lksa

register = template.Library()


@register.inclusion_tag("cases/home_case_counts.html", takes_context=True)
def home_case_counts(context: dict[str, Any], lksa: Lksa) -> dict[str, Any]:
    """Protection cases about a home: how many and what kind, never their content."""
    rows = (
        case_counts_for_home(context["request"].user, lksa)
        .values("form_of_violence", "status")
        .annotate(n=Count("pk"))
        .order_by("form_of_violence", "status")
    )
    labels = dict(FormOfViolence.choices)
    return {
        "cases": [
            {**row, "label": labels.get(row["form_of_violence"], row["form_of_violence"])} for row in rows
        ]
    }
