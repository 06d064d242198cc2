"""Exits that need papers: a child who leaves a home for adoption, foster or kinship care or to a guardian
goes with a file that Dinas Sosial completed (or a court order), never on the home's word alone.

The files live in ``pantau.familycare``, which imports this app; this app must not import it back
(README, "Layering"). So ``placement_end`` asks the one registered ``Papers`` here, which familycare
installs when Django starts (``FamilycareConfig.ready``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from pantau.accounts.models import User
    from pantau.children.models import Child, Placement


class Papers(Protocol):
    def for_exit(self, child: Child, kind: str) -> Any | None:
        """The file (or order) that makes this exit lawful, or None when there is none."""

    def link(self, *, actor: User, placement: Placement, papers: Any) -> None:
        """Tie the saved placement to its papers."""

    def report_unverified(self, *, actor: User, placement: Placement) -> None:
        """The home reported an exit with no papers: open a concern and tell its Dinas Sosial."""

    def exit_recorded(self, *, actor: User, placement: Placement) -> None:
        """Any child left (or moved): look for the patterns of a child handed over (early warnings)."""


_registered: list[Papers] = []


def register(papers: Papers) -> None:
    _registered[:] = [papers]


def papers() -> Papers | None:
    return _registered[0] if _registered else None
