"""Duplicate children (linkage) and online monitoring: the pairs, runs, posts and accounts a person sees.

Like ``records``, each rule takes the records it narrows (or guards) from the calling app, so that access
imports no domain app; ``linkage/selectors.py`` and ``monitoring/selectors.py`` apply them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from pantau.accounts.access.policy import Perm, UserLike, actor_of, has_perm, refuse
from pantau.accounts.models import Organisation, User
from pantau.accounts.roles import OrgKind, Role
from pantau.regions.models import RegionScopedQuerySet, is_within, region_q

S = TypeVar("S", bound=RegionScopedQuerySet[Any])
Q_ = TypeVar("Q_", bound=QuerySet[Any])


class _Pair(Protocol):
    """What the pair rules read of a ``linkage.CandidatePair``."""

    @property
    def pk(self) -> Any: ...
    @property
    def child_a_id(self) -> int: ...
    @property
    def child_b_id(self) -> int: ...
    @property
    def status(self) -> str: ...
    def confirmed_by(self, child_id: int) -> int | None: ...


CONTACTS_SHOWN = 3


def pair_scope(user: UserLike, pairs: Q_) -> Q_:
    """Pairs with at least one child in the officer's jurisdiction: deciding whether a child recorded
    here is also recorded elsewhere needs both records, side by side (each opening is audited)."""
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.LINKAGE_REVIEW):
        return pairs.none()
    scope = actor.jurisdiction
    return pairs.filter(region_q("child_a__region_code", scope) | region_q("child_b__region_code", scope))


def pair_children_shown(
    user: UserLike, pairs: Iterable[_Pair], *, own_children: QuerySet[Any], reviewable: QuerySet[Any]
) -> set[tuple[int, int]]:
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
    own = set(own_children.filter(pk__in=ids).values_list("pk", flat=True))
    reviewable_ids = set(reviewable.filter(pk__in=[p.pk for p in pairs]).values_list("pk", flat=True))
    shown = set()
    for pair in pairs:
        for child_id in (pair.child_a_id, pair.child_b_id):
            released = (
                pair.pk in reviewable_ids
                and pair.status != "different"
                and pair.confirmed_by(child_id) is not None
            )
            if child_id in own or released:
                shown.add((pair.pk, child_id))
    return shown


def pair_sides_to_confirm(
    user: UserLike, pair: _Pair, *, own_children: QuerySet[Any], reviewable: QuerySet[Any]
) -> set[int]:
    """The children of ``pair`` whose side ``user`` may confirm ("same child"): those of their own scope,
    for a duplicate reviewer who may see the pair. Empty: the person may not say "same child" here."""
    if not has_perm(user, Perm.LINKAGE_REVIEW):
        return set()
    if not reviewable.filter(pk=pair.pk).exists():
        return set()
    return set(own_children.filter(pk__in=[pair.child_a_id, pair.child_b_id]).values_list("pk", flat=True))


def require_pair_side(
    user: UserLike, pair: _Pair, *, own_children: QuerySet[Any], reviewable: QuerySet[Any]
) -> set[int]:
    """``pair_sides_to_confirm``, or PermissionDenied (audited) when the person is responsible for
    neither child: they may not say "same child" (which would release a child that is not theirs)."""
    sides = pair_sides_to_confirm(user, pair, own_children=own_children, reviewable=reviewable)
    if not sides:
        refuse(user, reason="pair_side_out_of_scope", target=pair, perm=Perm.LINKAGE_REVIEW)
        raise PermissionDenied
    return sides


def duplicate_contacts(user: UserLike, office: Organisation | None) -> list[User]:
    """Whom a duplicate reviewer may call about a child of ``office``'s jurisdiction: that office's
    active duplicate reviewers (work e-mail and phone). Only for people who review duplicates themselves;
    an LKSA operator is told the office's name only."""
    if office is None or not has_perm(user, Perm.LINKAGE_REVIEW):
        return []
    reviewers = User.objects.members_of(office, roles=[Role.SUPERVISOR])
    return list(reviewers.order_by("full_name", "pk")[:CONTACTS_SHOWN])


def may_compare_records(user: UserLike) -> bool:
    """Whether a registration-time warning may show the other record (else only where to ask)."""
    return has_perm(user, Perm.LINKAGE_REVIEW)


def may_run_linkage(user: UserLike, region_code: str) -> bool:
    """A batch run over ``region_code`` ("" = the nation) lies within the user's jurisdiction."""
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.LINKAGE_RUN):
        return False
    return is_within(region_code, actor.jurisdiction) if region_code else actor.jurisdiction is None


def linkage_run_scope(user: UserLike, runs: S) -> S:
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.LINKAGE_RUN):
        return runs.none()
    return runs.in_region(actor.jurisdiction)


def monitoring_scope(user: UserLike, records: S) -> S:
    """Captured posts and monitored accounts of the person's jurisdiction (accounts not linked to a home
    belong to the region of the office that registered them)."""
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.MONITORING_WORK):
        return records.none()
    return records.in_region(actor.jurisdiction)


POLICE_UNITS = (OrgKind.POLICE_CYBER_UNIT, OrgKind.POLICE_PPA_UNIT)


def kept_post_check_scope(user: UserLike, checks: Q_) -> Q_:
    """Caption checks kept by one's own organisation (a home's are the home's alone, not its Dinas
    Sosial's: keeping one is the home's choice, for its own records)."""
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.POST_CHECK):
        return checks.none()
    return checks.filter(organisation=actor.organisation)


def police_referral_recipients(region_code: str) -> QuerySet[User]:
    """Who hears of a post referred to police: the investigators of the police cyber and PPA units whose
    jurisdiction covers the post's region (national units too), the people whose queue the post is in."""
    units = Organisation.objects.covering(region_code, kinds=POLICE_UNITS)
    return User.objects.members_of(units, roles=[Role.INVESTIGATOR])


def may_monitor_in(user: UserLike, region_code: str, *, target_label: str) -> bool:
    """May the person place a monitored account (and so its posts) in ``region_code``, or take over the
    account already monitored there? Only inside their jurisdiction (national offices: anywhere; "" is
    the national queue). A refusal is audited; the caller's message must not say whose queue it is."""
    actor = actor_of(user)
    if actor is not None and actor.can(Perm.MONITORING_WORK) and is_within(region_code, actor.jurisdiction):
        return True
    refuse(user, reason="monitoring_out_of_scope", target_label=target_label, perm=Perm.MONITORING_WORK)
    return False
