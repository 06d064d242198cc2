"""What each role sees first after signing in.

Core owns no records: each figure comes from the selectors of the app that owns it, on that app's scoped
querysets, so the home page shows what its pages would show."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from pantau.accounts.access import Actor, Perm
from pantau.accounts.audit_search.selectors import security_counts
from pantau.accounts.roles import Role
from pantau.accounts.selectors import (
    active_user_total,
    member_stats,
    organisation_counts,
    supervising_offices,
)
from pantau.monitoring.selectors import review_counts


def home_context(actor: Actor) -> dict[str, Any]:
    context: dict[str, Any] = {"template": "core/home_staff.html"}
    if actor.role == Role.LKSA_OPERATOR:
        context["template"] = "core/home_lksa.html"
        context["offices"] = supervising_offices(actor.organisation.region_id)
        return context
    if actor.can(Perm.ORG_VIEW):
        context["org_counts"] = organisation_counts(actor.user)
    if actor.can(Perm.MONITORING_WORK):
        context["monitoring"] = review_counts(actor.user)
    if actor.role == Role.SYSTEM_ADMIN:
        context["template"] = "core/home_system_admin.html"
        context["user_total"] = active_user_total(actor.user)
    elif actor.role == Role.ORG_ADMIN:
        context["template"] = "core/home_org_admin.html"
        context["member_stats"] = member_stats(actor.organisation)
    elif actor.role == Role.AUDITOR:
        context["template"] = "core/home_auditor.html"
        context["audit_stats"] = security_counts(actor.user, since=timezone.now() - timedelta(hours=24))
    return context
