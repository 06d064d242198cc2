"""Duplicate children (linkage) and online monitoring: the pairs, runs, posts and accounts a person sees."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from pantau.accounts.access.policy import (
    Perm,
    _get_scoped,
    _refuse,
    actor_of,
    has_perm,
)
from pantau.linkage.models import CandidatePair, CandidatePairQuerySet, LinkageRun
from pantau.monitoring.models import MonitoredAccount, Post, PostQuerySet
from pantau.regions.models import is_within, region_q


def candidate_pairs_visible_to(user: Any) -> CandidatePairQuerySet:
    """Pairs with at least one child in the officer's jurisdiction: deciding whether a child recorded
    here is also recorded elsewhere needs both records, side by side (each opening is audited)."""
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.LINKAGE_REVIEW):
        return CandidatePair.objects.none()
    scope = actor.jurisdiction
    return CandidatePair.objects.filter(
        region_q("child_a__region_code", scope) | region_q("child_b__region_code", scope)
    )


def get_pair_for(user: Any, pk: int | str) -> CandidatePair:
    return _get_scoped(
        user, candidate_pairs_visible_to(user), pk, need=Perm.LINKAGE_REVIEW, view=Perm.LINKAGE_REVIEW
    )


def may_compare_records(user: Any) -> bool:
    """Whether a registration-time warning may show the other record (else only where to ask)."""
    return has_perm(user, Perm.LINKAGE_REVIEW)


def may_run_linkage(user: Any, region_code: str) -> bool:
    """A batch run over ``region_code`` ("" = the nation) lies within the user's jurisdiction."""
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.LINKAGE_RUN):
        return False
    return is_within(region_code, actor.jurisdiction) if region_code else actor.jurisdiction is None


def linkage_runs_visible_to(user: Any) -> QuerySet[LinkageRun]:
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.LINKAGE_RUN):
        return LinkageRun.objects.none()
    if actor.jurisdiction is None:
        return LinkageRun.objects.all()
    return LinkageRun.objects.filter(region_q("region_code", actor.jurisdiction))


def posts_visible_to(user: Any) -> PostQuerySet:
    """Captured posts of accounts in the person's jurisdiction (accounts not linked to a home belong to
    the region of the office that registered them)."""
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.MONITORING_WORK):
        return Post.objects.none()
    return Post.objects.in_region(actor.jurisdiction)


def get_post_for(user: Any, pk: int | str, *, need: Perm = Perm.MONITORING_WORK) -> Post:
    return _get_scoped(user, posts_visible_to(user), pk, need=need, view=Perm.MONITORING_WORK)


def monitored_accounts_visible_to(user: Any) -> QuerySet[MonitoredAccount]:
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.MONITORING_WORK):
        return MonitoredAccount.objects.none()
    return MonitoredAccount.objects.filter(region_q("region_code", actor.jurisdiction))


def get_monitored_account_for(user: Any, pk: int | str) -> MonitoredAccount:
    return _get_scoped(
        user, monitored_accounts_visible_to(user), pk, need=Perm.MONITORING_WORK, view=Perm.MONITORING_WORK
    )

def may_monitor_in(user: Any, region_code: str, *, target_label: str) -> bool:
    """May the person place a monitored account (and so its posts) in ``region_code``, or take over the
    account already monitored there? Only inside their jurisdiction (national offices: anywhere; "" is
    the national queue). A refusal is audited; the caller's message must not say whose queue it is."""
    actor = actor_of(user)
    if actor is not None and actor.can(Perm.MONITORING_WORK) and is_within(region_code, actor.jurisdiction):
        return True
    _refuse(user, reason="monitoring_out_of_scope", target_label=target_label, perm=Perm.MONITORING_WORK)
    return False
