"""Reads of duplicate pairs and linkage runs, scoped by the rules of pantau.accounts.access."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from pantau.accounts.access import Perm, UserLike, get_scoped, linkage_run_scope, pair_scope
from pantau.accounts.access import pair_children_shown as _pair_children_shown
from pantau.accounts.access import pair_sides_to_confirm as _pair_sides_to_confirm
from pantau.accounts.access import require_pair_side as _require_pair_side
from pantau.children.models import Child
from pantau.children.selectors import children_visible_to
from pantau.linkage.models import CandidatePair, CandidatePairQuerySet, LinkageRun


def candidate_pairs_visible_to(user: UserLike) -> CandidatePairQuerySet:
    return pair_scope(user, CandidatePair.objects.all())


def get_pair_for(user: UserLike, pk: int | str) -> CandidatePair:
    return get_scoped(
        user, candidate_pairs_visible_to(user), pk, need=Perm.LINKAGE_REVIEW, view=Perm.LINKAGE_REVIEW
    )


def pair_children_shown(user: UserLike, pairs: Iterable[CandidatePair]) -> set[tuple[int, int]]:
    """``(pair id, child id)`` for every child of ``pairs`` that ``user`` may see in full (the rule:
    ``accounts.access.online.pair_children_shown``)."""
    return _pair_children_shown(
        user, pairs, own_children=children_visible_to(user), reviewable=candidate_pairs_visible_to(user)
    )


def may_see_pair_child(user: UserLike, pair: CandidatePair, child: Child | int) -> bool:
    """May ``user`` see ``child`` of ``pair`` in full?"""
    child_id = child if isinstance(child, int) else child.pk
    return (pair.pk, child_id) in pair_children_shown(user, [pair])


def pair_sides_to_confirm(user: UserLike, pair: CandidatePair) -> set[int]:
    return _pair_sides_to_confirm(
        user, pair, own_children=children_visible_to(user), reviewable=candidate_pairs_visible_to(user)
    )


def require_pair_side(user: UserLike, pair: CandidatePair) -> set[int]:
    return _require_pair_side(
        user, pair, own_children=children_visible_to(user), reviewable=candidate_pairs_visible_to(user)
    )


def linkage_runs_visible_to(user: UserLike) -> QuerySet[LinkageRun]:
    return linkage_run_scope(user, LinkageRun.objects.all())
