"""Organisations, staff accounts, API tokens and the audit trail: who may see and manage them."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from pantau.accounts.access.policy import (
    PRIVILEGED_ROLES,
    Actor,
    Perm,
    UserLike,
    actor_of,
    get_scoped,
    refuse,
    require,
)
from pantau.accounts.models import ApiToken, Membership, Organisation, User
from pantau.accounts.roles import OrgKind, Role, roles_for_kind
from pantau.audit.models import AuditEvent
from pantau.regions.models import region_q


def organisations_visible_to(user: UserLike) -> QuerySet[Organisation]:
    actor = actor_of(user)
    qs = Organisation.objects.select_related("region", "parent")
    if actor is None or not actor.can(Perm.ORG_VIEW):
        return qs.none()
    if actor.organisation.kind == OrgKind.LKSA:
        # A children's home's region is where it stands, not a jurisdiction over others.
        return qs.filter(pk=actor.organisation.pk)
    if actor.jurisdiction is None:
        return qs
    return qs.filter(region_q("region__code", actor.jurisdiction) | Q(pk=actor.organisation.pk))


def get_organisation_for(user: UserLike, pk: int | str, *, need: Perm = Perm.ORG_VIEW) -> Organisation:
    return get_scoped(user, organisations_visible_to(user), pk, need=need, view=Perm.ORG_VIEW)


# --- Users ----------------------------------------------------------------------------------------


def users_visible_to(user: UserLike) -> QuerySet[User]:
    actor = actor_of(user)
    qs = User.objects.all()
    if actor is None or not actor.can(Perm.USER_VIEW):
        return qs.none()
    if actor.role == Role.SYSTEM_ADMIN:
        return qs
    return qs.filter(memberships__organisation=actor.organisation, memberships__is_active=True)


def get_user_for(user: UserLike, pk: int | str, *, need: Perm = Perm.USER_VIEW) -> User:
    target = get_scoped(user, users_visible_to(user), pk, need=need, view=Perm.USER_VIEW)
    if need == Perm.USER_MANAGE and not _has_authority_over(user, target):
        refuse(user, reason="no_authority_over_account", target=target, perm=need)
        raise PermissionDenied
    return target


def _has_authority_over(user: UserLike, target: User) -> bool:
    return bool(administered_among(user, [(target, target.active_membership)]))


def administered_among(user: UserLike, accounts: Iterable[tuple[User, Membership | None]]) -> set[int]:
    """Which of ``accounts`` (each with its current membership in an active organisation) ``user``
    administers: nobody their own account; others only when they could give the account's role. The
    memberships are passed in so that a list decides every row from what it has loaded (no query)."""
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.USER_MANAGE):
        return set()
    return {
        target.pk
        for target, membership in accounts
        if target.pk != actor.user.pk
        and (
            actor.role == Role.SYSTEM_ADMIN
            or (membership is not None and membership.role in _assignable(actor, membership.organisation))
        )
    }


def members_visible_to(user: UserLike, organisation: Organisation) -> QuerySet[Membership]:
    """Current members of ``organisation`` whose accounts ``user`` administers (none otherwise)."""
    return (
        Membership.objects.filter(organisation=organisation, is_active=True, user__in=users_visible_to(user))
        .select_related("user")
        .order_by("user__full_name")
    )


def organisations_for_new_users(user: UserLike) -> QuerySet[Organisation]:
    """Organisations in which ``user`` may create accounts."""
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.USER_MANAGE):
        return Organisation.objects.none()
    if actor.role == Role.SYSTEM_ADMIN:
        return Organisation.objects.active().select_related("region")
    return Organisation.objects.filter(pk=actor.organisation.pk)


def assignable_roles(user: UserLike, organisation: Organisation) -> list[str]:
    """Roles ``user`` may give to a member of ``organisation`` (only a system admin makes system admins)."""
    return _assignable(actor_of(user), organisation)


def _assignable(actor: Actor | None, organisation: Organisation) -> list[str]:
    if actor is None or not actor.can(Perm.USER_MANAGE):
        return []
    roles = roles_for_kind(organisation.kind)
    if actor.role != Role.SYSTEM_ADMIN:
        roles = [role for role in roles if role not in PRIVILEGED_ROLES]
    return roles


# --- API tokens -----------------------------------------------------------------------------------


def get_own_token(user: UserLike, pk: int | str) -> ApiToken:
    """Tokens are personal: only their owner reaches them, everyone else gets an (audited) 404."""
    actor = require(user, Perm.API_TOKEN_OWN)
    return get_scoped(
        user, ApiToken.objects.filter(user=actor.user), pk, need=Perm.API_TOKEN_OWN, view=Perm.API_TOKEN_OWN
    )


def tokens_of(user: UserLike) -> QuerySet[ApiToken]:
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.API_TOKEN_OWN):
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=actor.user)


# --- Audit trail ----------------------------------------------------------------------------------


def audit_events_visible_to(user: UserLike) -> QuerySet[AuditEvent]:
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.AUDIT_VIEW):
        return AuditEvent.objects.none()
    if actor.jurisdiction is None:
        return AuditEvent.objects.all()
    # Events by people in the region, and events about organisations and accounts in the region.
    return AuditEvent.objects.filter(
        region_q("region_code", actor.jurisdiction) | region_q("target_region_code", actor.jurisdiction)
    )


# --- LKSA registry --------------------------------------------------------------------------------
