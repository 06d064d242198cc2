"""Duplicate detection as the children app uses it: a port that the linkage app fills.

Linkage (``pantau/linkage``) reads children's records and so sits above this app in the layering. The
children app still needs it in three places: the services that write children keep each child's
look-up keys current, admission warns before saving that the child may already be recorded in a home,
and a child's page lists the pairs the child is part of. Rather than import linkage (a cycle), children
calls this port; ``LinkageConfig.ready`` installs linkage's implementation when Django starts. Calling
the port before that is a configuration error, never a silent "no duplicates".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:  # typing only: children.models is this app's own module
    from pantau.accounts.access import UserLike
    from pantau.accounts.models import User
    from pantau.children.models import Child


class Screening(Protocol):
    """What the check before an admission found for one child, and what the person may be told."""

    @property
    def warnings(self) -> Sequence[Any]: ...

    def audit(self, *, actor: User) -> None:
        """Record that candidates were shown (saved or not)."""

    def record(self, *, actor: User, child: Child) -> None:
        """The child was saved despite the warning: its candidates go to the review queue (inside the
        admission's transaction)."""


class DuplicateDetection(Protocol):
    def refresh(self, child_ids: Iterable[int]) -> None:
        """Rebuild the look-up keys of children whose identity changed."""

    def store(self, children: Iterable[Child]) -> None:
        """Write the look-up keys of children just created in bulk (imports, the demo)."""

    def screen(self, user: UserLike, child: Child) -> Screening:
        """Candidates for ``child`` (saved or not) and what ``user`` may be told about each."""

    def pairs_of(self, user: UserLike, child: Child) -> list[Any]:
        """The possible-duplicate pairs ``child`` is part of, as ``user`` may see them (for its page)."""


_installed: DuplicateDetection | None = None


def install(detection: DuplicateDetection) -> None:
    global _installed
    _installed = detection


def detection() -> DuplicateDetection:
    if _installed is None:
        raise ImproperlyConfigured("No duplicate detection installed: add pantau.linkage to INSTALLED_APPS.")
    return _installed
