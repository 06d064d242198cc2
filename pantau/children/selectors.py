"""Reads of children in care, scoped by the rules of pantau.accounts.access."""

from __future__ import annotations

from pantau.accounts.access import (
    Actor,
    Perm,
    UserLike,
    admission_scope,
    children_figures_scope,
    children_scope,
    get_scoped,
)
from pantau.accounts.access import require_admission as _require_admission
from pantau.children.models import Child, ChildQuerySet
from pantau.registry.models import Lksa, LksaQuerySet
from pantau.registry.selectors import lksa_visible_to


def children_visible_to(user: UserLike) -> ChildQuerySet:
    return children_scope(user, Child.objects.all())


def get_child_for(user: UserLike, pk: int | str, *, need: Perm = Perm.CHILD_VIEW) -> Child:
    return get_scoped(user, children_visible_to(user), pk, need=need, view=Perm.CHILD_VIEW)


def children_for_figures(user: UserLike) -> ChildQuerySet:
    """Children of the homes ``user`` sees in the registry, for counts and shares only (never listed)."""
    return children_figures_scope(user, Child.objects.all())


def homes_for_admission(user: UserLike) -> LksaQuerySet:
    """The homes ``user`` may admit children to: their own LKSA, or those in their Dinas Sosial's area."""
    return admission_scope(user, lksa_visible_to(user))


def require_admission(user: UserLike, lksa: Lksa) -> Actor:
    """The actor, or PermissionDenied (audited) unless ``user`` may admit children to ``lksa``."""
    return _require_admission(user, lksa, homes_visible=lksa_visible_to(user))
