"""Duplicate children (linkage) and online monitoring: the pairs, runs, posts and accounts a person sees."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from pantau.accounts.access.policy import (
    Perm,
    _get_scoped,
    _refuse,
    actor_of,
    has_perm,
)
from pantau.accounts.access.records import children_visible_to
from pantau.accounts.models import Organisation, User
from pantau.accounts.roles import OrgKind, Role
from pantau.children.models import Child
from pantau.linkage.models import CandidatePair, CandidatePairQuerySet, LinkageRun
from pantau.monitoring.models import MonitoredAccount, Post, PostQuerySet
from pantau.regions.models import is_within, region_q

CONTACTS_SHOWN = 3


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


def pair_children_shown(user: Any, pairs: Iterable[CandidatePair]) -> set[tuple[int, int]]:
    """``(pair id, child id)`` for every child of ``pairs`` that ``user`` may see in full.

    THE rule for identities on a possible duplicate pair (README, "Duplicate children across homes"):

    1. A child inside the person's own scope (``children_visible_to``) is shown in full, always.
    2. The other child is shown in full to a duplicate reviewer who may see the pair only once an office
       responsible for that child (one whose officers see it under 1.) has said "same child" on this
       pair ("confirmed its side"), and while the pair is not decided "different children".
       "Different children" and reopening clear both sides' confirmations: the masks come back.
    3. Otherwise the child is masked: the region, the responsible Dinas Sosial (with whom to contact) and
       a likelihood band computed without the NIK; never a name, date, parent, place, NIK, admission
       date or a home outside the person's registry scope.

    So an office releases only its own child, by its own "same child" decision; an office that sees one
    side can confirm that side on the masked information (releasing its child to the other office), and
    the office of the other side then decides with both records in front of it (``pair_sides_to_confirm``).
    """
    pairs = list(pairs)
    if not pairs:
        return set()
    ids = {pair.child_a_id for pair in pairs} | {pair.child_b_id for pair in pairs}
    own = set(children_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    reviewable = set(
        candidate_pairs_visible_to(user).filter(pk__in=[p.pk for p in pairs]).values_list("pk", flat=True)
    )
    shown = set()
    for pair in pairs:
        for child_id in (pair.child_a_id, pair.child_b_id):
            released = (
                pair.pk in reviewable
                and pair.status != CandidatePair.Status.DIFFERENT
                and pair.confirmed_by(child_id) is not None
            )
            if child_id in own or released:
                shown.add((pair.pk, child_id))
    return shown


def may_see_pair_child(user: Any, pair: CandidatePair, child: Child | int) -> bool:
    """May ``user`` see ``child`` of ``pair`` in full? (The rule: ``pair_children_shown``.)"""
    child_id = child if isinstance(child, int) else child.pk
    return (pair.pk, child_id) in pair_children_shown(user, [pair])


def pair_sides_to_confirm(user: Any, pair: CandidatePair) -> set[int]:
    """The children of ``pair`` whose side ``user`` may confirm ("same child"): those of their own scope,
    for a duplicate reviewer who may see the pair. Empty: the person may not say "same child" here."""
    if not has_perm(user, Perm.LINKAGE_REVIEW):
        return set()
    if not candidate_pairs_visible_to(user).filter(pk=pair.pk).exists():
        return set()
    return set(
        children_visible_to(user)
        .filter(pk__in=[pair.child_a_id, pair.child_b_id])
        .values_list("pk", flat=True)
    )


def require_pair_side(user: Any, pair: CandidatePair) -> set[int]:
    """``pair_sides_to_confirm``, or PermissionDenied (audited) when the person is responsible for
    neither child: they may not say "same child" (which would release a child that is not theirs)."""
    sides = pair_sides_to_confirm(user, pair)
    if not sides:
        _refuse(user, reason="pair_side_out_of_scope", target=pair, perm=Perm.LINKAGE_REVIEW)
        raise PermissionDenied
    return sides


def duplicate_contacts(user: Any, office: Organisation | None) -> list[User]:
    """Whom a duplicate reviewer may call about a child of ``office``'s jurisdiction: that office's
    active duplicate reviewers (work e-mail and phone). Only for people who review duplicates themselves;
    an LKSA operator is told the office's name only."""
    if office is None or not has_perm(user, Perm.LINKAGE_REVIEW):
        return []
    return list(
        User.objects.filter(
            is_active=True,
            memberships__organisation=office,
            memberships__is_active=True,
            memberships__role=Role.SUPERVISOR,
        ).order_by("full_name", "pk")[:CONTACTS_SHOWN]
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


POLICE_UNITS = (OrgKind.POLICE_CYBER_UNIT, OrgKind.POLICE_PPA_UNIT)


def police_referral_recipients(region_code: str) -> QuerySet[User]:
    """Who hears of a post referred to police: the investigators of the police cyber and PPA units whose
    jurisdiction covers the post's region (national units too), the people whose queue the post is in."""
    units = Organisation.objects.covering(region_code, kinds=POLICE_UNITS)
    return User.objects.filter(
        is_active=True,
        memberships__organisation__in=units.values("pk"),
        memberships__is_active=True,
        memberships__role=Role.INVESTIGATOR,
    ).distinct()


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
