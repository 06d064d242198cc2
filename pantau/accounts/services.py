"""Operations on organisations, users and API tokens. Each runs in one transaction with its audit entry."""

from __future__ import annotations

import hashlib
import math
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pantau.accounts.models import ApiToken, Membership, Organisation, User
from pantau.audit.services import audit_record, changes_between, snapshot

ORG_FIELDS = ("name", "kind", "region", "parent", "is_active")
USER_FIELDS = ("full_name", "email", "phone")
TOKEN_PREFIX = "pantau"  # noqa: S105  (the public prefix of every token)


def _set_members(organisation: Organisation, members: list[Organisation] | None) -> dict[str, Any]:
    """A task force's member agencies (the form has checked them); the change, for the audit trail."""
    if members is None:
        return {}
    before = sorted(organisation.member_agencies.values_list("pk", flat=True)) if organisation.pk else []
    after = sorted(member.pk for member in members)
    organisation.member_agencies.set(members)
    return {"member_agencies": [before, after]} if before != after else {}


def organisation_create(
    *, actor: User, organisation: Organisation, members: list[Organisation] | None = None
) -> Organisation:
    organisation.full_clean()
    with transaction.atomic():
        organisation.save()
        changes = changes_between({}, snapshot(organisation, ORG_FIELDS), ORG_FIELDS)
        changes.update(_set_members(organisation, members))
        audit_record(action="organisation.created", actor=actor, target=organisation, changes=changes)
    return organisation


def organisation_update(
    *, actor: User, organisation: Organisation, before: dict, members: list[Organisation] | None = None
) -> Organisation:
    """Save ``organisation`` (already changed by a form); ``before`` is its ``snapshot`` from before;
    ``members``: a task force's member agencies (None: unchanged)."""
    organisation.full_clean()
    with transaction.atomic():
        organisation.save()
        changes = changes_between(before, snapshot(organisation, ORG_FIELDS), ORG_FIELDS)
        changes.update(_set_members(organisation, members))
        if changes:
            audit_record(action="organisation.updated", actor=actor, target=organisation, changes=changes)
    return organisation


def generate_temporary_password() -> str:
    # Four groups of lowercase letters and digits: easy to read out over the phone, ~80 bits.
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4))


def user_create(
    *, actor: User | None, email: str, full_name: str, organisation: Organisation, role: str, phone: str = ""
) -> tuple[User, str]:
    """Create an account with a temporary password that must be changed at first sign-in."""
    password = generate_temporary_password()
    with transaction.atomic():
        user = User.objects.create_user(
            email=email, password=password, full_name=full_name, phone=phone, must_change_password=True
        )
        membership = Membership(user=user, organisation=organisation, role=role)
        membership.full_clean()
        membership.save()
        audit_record(
            action="user.created",
            actor=actor,
            target=user,
            changes={
                **changes_between({}, snapshot(user, USER_FIELDS), USER_FIELDS),
                "organisation": [None, organisation.name],
                "role": [None, role],
            },
        )
    return user, password


def user_update(*, actor: User, user: User, before: dict, role: str) -> User:
    """Save profile changes made by a form and, if it changed, the role in the current organisation."""
    with transaction.atomic():
        user.save(update_fields=list(USER_FIELDS))
        changes = changes_between(before, snapshot(user, USER_FIELDS), USER_FIELDS)
        membership = Membership.objects.select_for_update().filter(user=user, is_active=True).first()
        if membership is not None and membership.role != role:
            changes["role"] = [membership.role, role]
            membership.role = role
            membership.full_clean()
            membership.save(update_fields=["role"])
        if changes:
            audit_record(action="user.updated", actor=actor, target=user, changes=changes)
    user.__dict__.pop("active_membership", None)
    return user


def user_set_active(*, actor: User, user: User, active: bool) -> User:
    if user.is_active == active:
        return user
    with transaction.atomic():
        user.is_active = active
        user.save(update_fields=["is_active"])
        # Revoke machine access together with the account.
        if not active:
            ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
        audit_record(
            action="user.reactivated" if active else "user.deactivated",
            actor=actor,
            target=user,
            changes={"is_active": [not active, active]},
        )
    return user


def user_reset_password(*, actor: User, user: User) -> str:
    password = generate_temporary_password()
    with transaction.atomic():
        user.set_password(password)
        user.must_change_password = True
        user.save(update_fields=["password", "must_change_password"])
        # A reset usually means the account may be compromised: its machine access goes too.
        ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
        audit_record(
            action="user.password_reset", actor=actor, target=user, changes={"password": ["***", "***"]}
        )
    return password


def user_change_own_password(*, user: User, new_password: str) -> None:
    validate_password(new_password, user)
    with transaction.atomic():
        user.set_password(new_password)
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])
        audit_record(action="auth.password_changed", actor=user, target=user)


def user_set_language(*, user: User, language: str) -> None:
    if user.preferred_language == language:
        return
    with transaction.atomic():
        before = user.preferred_language
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
        audit_record(
            action="user.language_changed",
            actor=user,
            target=user,
            changes={"preferred_language": [before, language]},
        )


# --- API tokens -----------------------------------------------------------------------------------


def _hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _issue_token(*, user: User, name: str, days: int) -> tuple[ApiToken, str]:
    days = max(1, min(days, settings.PANTAU_API_TOKEN_MAX_DAYS))
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    clear = f"{TOKEN_PREFIX}_{prefix}_{secret}"
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=prefix,
        token_hash=_hash_token(clear),
        expires_at=timezone.now() + timedelta(days=days),
    )
    return token, clear


def api_token_create(*, user: User, name: str, days: int) -> tuple[ApiToken, str]:
    """Create a token; returns it with the clear-text value, which is never stored and shown once."""
    with transaction.atomic():
        token, clear = _issue_token(user=user, name=name, days=days)
        audit_record(
            action="api.token_created",
            actor=user,
            target=token,
            changes={"expires_at": [None, str(token.expires_at)]},
        )
    return token, clear


def api_token_rotate(*, user: User, token: ApiToken, caller: ApiToken | None = None) -> tuple[ApiToken, str]:
    """Replace ``token`` with a new secret for the same purpose. The old token keeps working for
    PANTAU_API_TOKEN_ROTATION_GRACE_MINUTES, so a client can switch without a failed call, then stops.

    ``caller`` is the token the request came with (None: a session that passed the second factor). A
    token rotates only itself, and renews only its secret: the new one expires when the old one would
    have, so a stolen token can neither take over another client's token nor live for ever. A fresh
    lifetime (as long as the old one had, within PANTAU_API_TOKEN_MAX_DAYS) needs the person, signed in
    with their second factor (the account page, or the API from that session)."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk, user=user)
        if caller is not None and caller.pk != token.pk:
            raise ValidationError(_("A token can rotate only itself; sign in to rotate another one."))
        if caller is not None and caller.replaced_by_id is not None:
            raise ValidationError(_("This token has been replaced; use the new one to rotate."))
        if token.replaced_by_id is not None:
            raise ValidationError(_("This token has already been replaced by a newer one."))
        if not token.is_usable:
            raise ValidationError(_("This token is revoked or expired; create a new one instead."))
        now = timezone.now()
        lifetime = math.ceil((token.expires_at - token.created_at) / timedelta(days=1))
        new, clear = _issue_token(user=user, name=token.name, days=lifetime)
        if caller is not None:  # the secret is renewed, the lifetime is not
            new.expires_at = token.expires_at
            new.save(update_fields=["expires_at"])
        before = token.expires_at
        grace = timedelta(minutes=settings.PANTAU_API_TOKEN_ROTATION_GRACE_MINUTES)
        if grace:
            token.expires_at = min(token.expires_at, now + grace)
        else:
            token.revoked_at = now
        token.replaced_by = new
        token.save(update_fields=["expires_at", "revoked_at", "replaced_by"])
        audit_record(
            action="api.token_rotated",
            actor=user,
            target=new,
            changes={
                "prefix": [token.prefix, new.prefix],
                "expires_at": [None, str(new.expires_at)],
                "previous_token_expires_at": [str(before), str(token.revoked_at or token.expires_at)],
            },
        )
    return new, clear


def api_token_revoke(*, user: User, token: ApiToken) -> None:
    if token.revoked_at is not None:
        return
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(action="api.token_revoked", actor=user, target=token)


class MalformedToken(ValueError):
    pass


def api_token_authenticate(clear: str) -> ApiToken | None:
    """The presented token (its owner in ``.user``), or None if unknown, expired, revoked or inactive.

    Raises MalformedToken when the value cannot be a Pantau token at all, so the caller can say so.
    """
    parts = clear.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX or len(parts[1]) != 8 or len(parts[2]) < 20:
        raise MalformedToken
    token = ApiToken.objects.select_related("user").filter(prefix=parts[1]).first()
    if token is None or not secrets.compare_digest(token.token_hash, _hash_token(clear)):
        return None
    now = timezone.now()
    if not token.is_usable or not token.user.is_active:
        return None
    # However it was issued, no token outlives the current maximum from its creation.
    if token.created_at + timedelta(days=settings.PANTAU_API_TOKEN_MAX_DAYS) <= now:
        return None
    # Coarse last-use stamp: at most one write per token per minute, not one per request.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
