"""Linkage's implementation of the children app's duplicate-detection port (``children/duplicates.py``),
installed by ``LinkageConfig.ready``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from pantau.accounts.access import UserLike
from pantau.accounts.models import User
from pantau.children.models import Child
from pantau.linkage import keys
from pantau.linkage.disclosure import pair_rows
from pantau.linkage.registration import Match
from pantau.linkage.selectors import candidate_pairs_visible_to
from pantau.linkage.services import check_audit, registration_pairs
from pantau.linkage.warnings import DuplicateWarning, check


@dataclass(frozen=True)
class LinkageScreening:
    matches: list[Match]
    warnings: Sequence[DuplicateWarning]

    def audit(self, *, actor: User) -> None:
        check_audit(actor=actor, matches=self.matches)

    def record(self, *, actor: User, child: Child) -> None:
        if self.matches:
            registration_pairs(actor=actor, child=child, matches=self.matches)


class LinkageDetection:
    def refresh(self, child_ids: Iterable[int]) -> None:
        keys.refresh(child_ids)

    def store(self, children: Iterable[Child]) -> None:
        keys.store_children(children)

    def screen(self, user: UserLike, child: Child) -> LinkageScreening:
        matches, warnings = check(user, child)
        return LinkageScreening(matches=matches, warnings=warnings)

    def pairs_of(self, user: UserLike, child: Child) -> list[Any]:
        pairs = (
            candidate_pairs_visible_to(user)
            .filter(Q(child_a=child) | Q(child_b=child))
            .select_related("child_a__lksa", "child_b__lksa")
        )
        return list(pair_rows(user, pairs))  # the other child by region only while it is masked
