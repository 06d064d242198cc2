"""The daily supervision run: overdue findings escalate, and each person gets one reminder e-mail with
what needs them (their visits in the coming week, overdue findings, homes not visited for a year).

Run `python manage.py supervision_daily` once a day (cron or a systemd timer). A person with nothing
to do gets no e-mail. The e-mail names homes and findings, never children.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.mail import send_mail
from django.db.models import Max, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pantau.accounts.access import Perm, has_perm
from pantau.accounts.models import User
from pantau.registry.selectors import lksa_visible_to
from pantau.supervision.models import Finding, Visit
from pantau.supervision.selectors import findings_visible_to
from pantau.supervision.services import findings_escalate

UPCOMING_DAYS = 7
LISTED = 20  # at most this many lines per section; the e-mail links to the full lists


@dataclass
class Digest:
    visits: list[Visit] = field(default_factory=list)
    overdue: list[Finding] = field(default_factory=list)
    overdue_count: int = 0
    unvisited: list[str] = field(default_factory=list)
    unvisited_count: int = 0

    @property
    def empty(self) -> bool:
        return not (self.visits or self.overdue_count or self.unvisited_count)


def digest_for(user: User, today: date) -> Digest:
    digest = Digest()
    if has_perm(user, Perm.SUPERVISION_MANAGE):
        digest.visits = list(
            Visit.objects.filter(
                team=user,
                status__in=[Visit.Status.PLANNED, Visit.Status.IN_PROGRESS],
                planned_on__lte=today + timedelta(days=UPCOMING_DAYS),
            )
            .select_related("lksa")
            .order_by("planned_on")[:LISTED]
        )
        year_ago = today - timedelta(days=365)
        unvisited = (
            lksa_visible_to(user)
            .public()
            .annotate(last=Max("visits__visited_on", filter=Q(visits__status=Visit.Status.CONCLUDED)))
            .filter(Q(last__isnull=True) | Q(last__lt=year_ago))
        )
        digest.unvisited_count = unvisited.count()
        digest.unvisited = list(unvisited.order_by("last", "name").values_list("name", flat=True)[:LISTED])
    if has_perm(user, Perm.SUPERVISION_MANAGE) or has_perm(user, Perm.FINDING_RESPOND):
        overdue = findings_visible_to(user).overdue(today).select_related("lksa", "item").order_by("due_on")
        digest.overdue_count = overdue.count()
        digest.overdue = list(overdue[:LISTED])
    return digest


def reminders_send(*, today: date | None = None) -> int:
    """Send each active supervisor and LKSA operator their reminder; returns the number sent."""
    today = today or timezone.localdate()
    sent = 0
    people = User.objects.filter(
        is_active=True, memberships__is_active=True, memberships__role__in=["supervisor", "lksa_operator"]
    ).distinct()
    for user in people.iterator():
        digest = digest_for(user, today)
        if digest.empty:
            continue
        # Indonesian: the reminders go out from a server job, not in answer to a browser's language.
        with translation.override("id"):
            body = render_to_string(
                "supervision/reminder.txt", {"user": user, "digest": digest, "today": today}
            )
            subject = _("Pantau: supervision reminders for %(date)s") % {"date": today.strftime("%d-%m-%Y")}
        send_mail(subject, body, None, [user.email])
        sent += 1
    return sent


def daily_run(*, today: date | None = None) -> tuple[int, int]:
    """(findings escalated, reminders sent)."""
    return findings_escalate(today=today), reminders_send(today=today)
