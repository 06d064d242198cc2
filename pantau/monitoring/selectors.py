"""Reads of monitored accounts and captured posts, scoped by the rules of pantau.accounts.access."""

from __future__ import annotations

from django.db.models import QuerySet

from pantau.accounts.access import Perm, UserLike, get_scoped, kept_post_check_scope, monitoring_scope
from pantau.monitoring.models import KeptPostCheck, MonitoredAccount, Post, PostQuerySet


def posts_visible_to(user: UserLike) -> PostQuerySet:
    return monitoring_scope(user, Post.objects.all())


def get_post_for(user: UserLike, pk: int | str, *, need: Perm = Perm.MONITORING_WORK) -> Post:
    return get_scoped(user, posts_visible_to(user), pk, need=need, view=Perm.MONITORING_WORK)


def monitored_accounts_visible_to(user: UserLike) -> QuerySet[MonitoredAccount]:
    return monitoring_scope(user, MonitoredAccount.objects.all())


def kept_post_checks_of(user: UserLike) -> QuerySet[KeptPostCheck]:
    return kept_post_check_scope(user, KeptPostCheck.objects.all())
