"""What waits for an organisation administrator: members locked out after wrong passwords, and API
tokens of members that expire within two weeks. Built on ``users_visible_to`` (the user list's scope);
each item opens the user list at that person."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlencode

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pantau.accounts.access import UserLike, users_visible_to
from pantau.accounts.models import ApiToken
from pantau.lib.queues import Queue, QueueItem, queue_of

TOKEN_WARNING_DAYS = 14


def _at_person(email: str) -> str:
    return reverse("accounts:user_list") + "?" + urlencode({"q": email})


def accounts_locked(user: UserLike, *, now: datetime) -> Queue:
    """Members whose account is locked now after too many wrong passwords (django-axes; the lock lifts
    by itself after PANTAU_LOGIN_LOCKOUT_MINUTES)."""
    cool_off = get_cool_off() or timedelta(0)
    rows = AccessAttempt.objects.filter(
        username__in=Subquery(users_visible_to(user).filter(is_active=True).values("email")),
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gte=now - cool_off,
    ).order_by("-attempt_time", "pk")

    def item(attempt: AccessAttempt) -> QueueItem:
        until = timezone.localtime(attempt.attempt_time + cool_off)
        return QueueItem(
            label=attempt.username or "",
            detail=_("locked until %(time)s") % {"time": until.strftime("%H:%M")},
            url=_at_person(attempt.username or ""),
            urgent=True,
        )

    return queue_of(
        "accounts_locked",
        _("Accounts locked after wrong passwords"),
        rows,
        item,
        see_all=reverse("accounts:user_list"),
    )


def tokens_expiring(user: UserLike, *, now: datetime) -> Queue:
    rows = (
        ApiToken.objects.filter(
            user__in=users_visible_to(user).filter(is_active=True).values("pk"),
            revoked_at__isnull=True,
            replaced_by__isnull=True,
            expires_at__gt=now,
            expires_at__lte=now + timedelta(days=TOKEN_WARNING_DAYS),
        )
        .select_related("user")
        .order_by("expires_at", "pk")
    )

    def item(token: ApiToken) -> QueueItem:
        return QueueItem(
            label=f"{token.name} ({token.prefix}…)",
            detail=token.user.full_name,
            url=_at_person(token.user.email),
            due_on=timezone.localtime(token.expires_at).date(),
        )

    return queue_of(
        "tokens_expiring",
        _("API tokens expiring within %(days)s days") % {"days": TOKEN_WARNING_DAYS},
        rows,
        item,
        see_all=reverse("accounts:user_list"),
    )
