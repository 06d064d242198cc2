"""Reads of monitored accounts and captured posts, scoped by the rules of pantau.accounts.access."""

from __future__ import annotations

from django.db.models import QuerySet

from pantau.accounts.access import Perm, UserLike, get_scoped, monitoring_scope
from pantau.monitoring.models import TIER_RANK, MonitoredAccount, Post, PostQuerySet, Tier

REVIEW_COUNT_CAP = 1000  # counting a national queue of 100,000 would cost more than the whole home page


def posts_visible_to(user: UserLike) -> PostQuerySet:
    return monitoring_scope(user, Post.objects.all())


def get_post_for(user: UserLike, pk: int | str, *, need: Perm = Perm.MONITORING_WORK) -> Post:
    return get_scoped(user, posts_visible_to(user), pk, need=need, view=Perm.MONITORING_WORK)


def monitored_accounts_visible_to(user: UserLike) -> QuerySet[MonitoredAccount]:
    return monitoring_scope(user, MonitoredAccount.objects.all())


def review_counts(user: UserLike) -> dict[str, int]:
    """Undecided posts the user may review, by tier (each count stops at ``REVIEW_COUNT_CAP``: "1000+")."""
    queue = posts_visible_to(user).queue()
    return {
        tier: queue.filter(tier_rank=TIER_RANK[tier]).values("pk")[:REVIEW_COUNT_CAP].count()
        for tier in (Tier.RUJUK, Tier.TINJAU)
    }
