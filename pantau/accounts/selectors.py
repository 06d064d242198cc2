"""Reads about organisations and people that other apps show (the home pages), each on the scoped
querysets of ``pantau.accounts.access``."""

from __future__ import annotations

from django.db.models import Count, Q

from pantau.accounts.access import UserLike, organisations_visible_to, users_visible_to
from pantau.accounts.models import Membership, Organisation
from pantau.accounts.roles import OrgKind


def organisation_counts(user: UserLike) -> list[tuple[str, int]]:
    """Active organisations the user may see, by kind: (label, how many), in label order."""
    by_kind = organisations_visible_to(user).filter(is_active=True).values("kind").annotate(n=Count("id"))
    labels = dict(OrgKind.choices)
    return sorted(
        ((labels.get(row["kind"], row["kind"]), row["n"]) for row in by_kind),
        key=lambda item: str(item[0]),
    )


def active_user_total(user: UserLike) -> int:
    """Active accounts among those the user may see."""
    return users_visible_to(user).filter(is_active=True).count()


def member_stats(organisation: Organisation) -> dict[str, int]:
    """An organisation's active memberships: people active, deactivated, still on a temporary password."""
    members = Membership.objects.filter(organisation=organisation, is_active=True)
    return members.aggregate(
        total=Count("id", filter=Q(user__is_active=True)),
        inactive=Count("id", filter=Q(user__is_active=False)),
        pending=Count("id", filter=Q(user__must_change_password=True, user__is_active=True)),
    )


def supervising_offices(region_code: str | None) -> list[Organisation]:
    """Social-affairs offices whose jurisdiction contains ``region_code`` (public directory data)."""
    if region_code is None:
        return []
    return list(
        Organisation.objects.covering(region_code, kinds=[OrgKind.DINSOS_PROVINCE, OrgKind.DINSOS_REGENCY])
    )
