"""The daily staffing run: reminders before a staff member's police clearance (SKCK) stops counting (30
and 7 days before) and when it has expired, through the notifications app.

Run ``python manage.py staffing_daily`` once a day. Each clearance end date gets each reminder at most once
(``ClearanceReminder``): running twice, or again after a failure, sends nothing twice; a new clearance
(a new end date) starts the reminders afresh. A run that missed days sends only the tightest reminder
that applies.

Who is told: the home's operators (they renew it); when it has expired, also the supervisors of the
home's Dinas Sosial. Both can open the home's staff page the link points to (the home its own; the
office the homes of its jurisdiction)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pantau.accounts.models import User
from pantau.accounts.roles import Role
from pantau.audit.services import audit_record
from pantau.notifications.services import notify
from pantau.registry.models import StaffMember
from pantau.staffing.models import ClearanceReminder
from pantau.staffing.selectors import home_office

THRESHOLDS = (30, 7)
EXPIRED = "expired"


def threshold_for(until: date, today: date) -> str | None:
    days_left = (until - today).days
    if days_left < 0:
        return EXPIRED
    for threshold in sorted(THRESHOLDS):
        if days_left <= threshold:
            return str(threshold)
    return None


def recipients(staff: StaffMember, threshold: str) -> list[User]:
    people = list(User.objects.members_of(staff.lksa.organisation, roles=[Role.LKSA_OPERATOR]))
    if threshold == EXPIRED:
        office = home_office(staff.lksa)
        if office is not None:
            people += list(User.objects.members_of(office, roles=[Role.SUPERVISOR]))
    return people


def _text(staff: StaffMember, threshold: str) -> str:
    values = {
        "name": staff.full_name,
        "home": staff.lksa.name,
        "date": date_format(staff.police_clearance_until, "j F Y"),  # type: ignore[arg-type]
    }
    if threshold == EXPIRED:
        return _("The police clearance (SKCK) of %(name)s (%(home)s) expired on %(date)s.") % values
    return _("The police clearance (SKCK) of %(name)s (%(home)s) counts until %(date)s: renew it.") % values


def reminders_send(*, today: date | None = None) -> int:
    """Send the reminders due today; returns how many (staff, threshold) reminders were sent."""
    today = today or timezone.localdate()
    # An expired clearance is reminded about once; older ones than a year are no longer news.
    candidates = (
        StaffMember.objects.filter(
            is_active=True,
            police_clearance_until__lte=today + timedelta(days=max(THRESHOLDS)),
            police_clearance_until__gte=today - timedelta(days=365),
        )
        .select_related("lksa__organisation")
        .order_by("police_clearance_until", "pk")
    )
    sent = 0
    for staff in candidates.iterator():
        until = staff.police_clearance_until
        if until is None:  # excluded by the query; narrows the type
            continue
        threshold = threshold_for(until, today)
        if threshold is None:
            continue
        try:
            with transaction.atomic():
                reminder = ClearanceReminder.objects.create(
                    staff=staff, threshold=threshold, until=until, sent_on=today
                )
                # Indonesian: the reminders go out from a server job, not in answer to a browser.
                with translation.override("id"):
                    text = _text(staff, threshold)
                url = reverse("staffing:home", args=[staff.lksa_id])
                reminder.recipients = notify(recipients(staff, threshold), text, url)
                reminder.save(update_fields=["recipients"])
        except IntegrityError:
            continue  # already sent for this threshold and end date
        sent += 1
    if sent:
        audit_record(action="staffing.reminders_sent", changes={"reminders": sent, "day": str(today)})
    return sent
