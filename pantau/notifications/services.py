"""Telling people that something needs them: in the app always, by e-mail when configured."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from pantau.accounts.models import Organisation, User
from pantau.notifications.models import Notification


def notify(users: Iterable[User], text: str, url: str = "") -> int:
    """One notification per person (duplicates collapsed); e-mail goes out after the transaction commits,
    so a rolled-back change never announces itself."""
    people = {u.pk: u for u in users if u.is_active}
    Notification.objects.bulk_create(
        [Notification(user=u, text=text[:300], url=url) for u in people.values()]
    )
    if settings.PANTAU_EMAIL_NOTIFICATIONS and people:
        subject = _("Pantau: %(text)s") % {"text": text[:120]}
        body = f"{text}\n\n{settings.PANTAU_BASE_URL}{url}\n"
        messages = [(subject, body, None, [u.email]) for u in people.values()]
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=True))
    return len(people)


def members_of(organisation: Organisation, roles: Iterable[str]) -> QuerySet[User]:
    return User.objects.members_of(organisation, roles=roles)
