"""What each role sees first after signing in."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from pantau.accounts.access import (
    Actor,
    Perm,
    audit_events_visible_to,
    organisations_visible_to,
    users_visible_to,
)
from pantau.accounts.models import Membership, Organisation
from pantau.accounts.roles import OrgKind, Role
from pantau.monitoring.models import TIER_RANK, Tier
from pantau.monitoring.selectors import posts_visible_to


def _supervising_offices(region_code: str | None) -> list[Organisation]:
    """Social-affairs offices whose jurisdiction contains ``region_code`` (public directory data)."""
    if region_code is None:
        return []
    return list(
        Organisation.objects.covering(region_code, kinds=[OrgKind.DINSOS_PROVINCE, OrgKind.DINSOS_REGENCY])
    )


MONITORING_CAP = 1000  # counting a national queue of 100,000 would cost more than the whole page


def _monitoring_counts(actor: Actor) -> dict[str, int]:
    """Undecided posts to review, by tier (capped: "1000+")."""
    queue = posts_visible_to(actor.user).queue()
    return {
        tier: queue.filter(tier_rank=TIER_RANK[tier]).values("pk")[:MONITORING_CAP].count()
        for tier in (Tier.RUJUK, Tier.TINJAU)
    }


def home_context(actor: Actor) -> dict[str, Any]:
    context: dict[str, Any] = {"template": "core/home_staff.html"}
    if actor.role == Role.LKSA_OPERATOR:
        context["template"] = "core/home_lksa.html"
        context["offices"] = _supervising_offices(actor.organisation.region_id)
        return context
    if actor.can(Perm.ORG_VIEW):
        by_kind = (
            organisations_visible_to(actor.user).filter(is_active=True).values("kind").annotate(n=Count("id"))
        )
        labels = dict(OrgKind.choices)
        context["org_counts"] = sorted(
            ((labels.get(row["kind"], row["kind"]), row["n"]) for row in by_kind),
            key=lambda item: str(item[0]),
        )
    if actor.can(Perm.MONITORING_WORK):
        context["monitoring"] = _monitoring_counts(actor)
    if actor.role == Role.SYSTEM_ADMIN:
        context["template"] = "core/home_system_admin.html"
        context["user_total"] = users_visible_to(actor.user).filter(is_active=True).count()
    elif actor.role == Role.ORG_ADMIN:
        context["template"] = "core/home_org_admin.html"
        members = Membership.objects.filter(organisation=actor.organisation, is_active=True)
        context["member_stats"] = members.aggregate(
            total=Count("id", filter=Q(user__is_active=True)),
            inactive=Count("id", filter=Q(user__is_active=False)),
            pending=Count("id", filter=Q(user__must_change_password=True, user__is_active=True)),
        )
    elif actor.role == Role.AUDITOR:
        context["template"] = "core/home_auditor.html"
        since = timezone.now() - timedelta(hours=24)
        context["audit_stats"] = (
            audit_events_visible_to(actor.user)
            .filter(occurred_at__gte=since)
            .aggregate(
                failed=Count("id", filter=Q(action="auth.login_failed")),
                locked=Count("id", filter=Q(action="auth.locked_out")),
                denied=Count("id", filter=Q(action="access.denied")),
                total=Count("id"),
            )
        )
    return context
