"""The daily coordination run: reminders before a recommendation's due date (14 and 3 days before) and
when it is overdue, through the notifications app (in the app, by e-mail when configured).

Run ``python manage.py coordination_daily`` once a day. Each assignment gets each reminder at most once
for a given due date (``Reminder``): running twice a day, or again after a failure, sends nothing twice;
moving the due date starts the reminders afresh. A run that missed days sends only the tightest reminder
that applies (not "14 days" and "3 days" on the same morning).

Who is told: the members of the responsible organisation who may report progress; when overdue, also
the staff of the organising office who manage its meetings. Everyone told can open the assignment's page
(the scope in pantau.accounts.access.coordination lets the responsible organisation and the organiser
see it)."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pantau.accounts.models import User
from pantau.accounts.roles import Role
from pantau.audit.services import audit_record
from pantau.coordination.models import Assignment, Reminder, Status
from pantau.notifications.services import notify

THRESHOLDS = (14, 3)
OVERDUE = "overdue"
REPORTERS = (Role.ORG_ADMIN, Role.SUPERVISOR, Role.CASE_WORKER, Role.INVESTIGATOR, Role.LKSA_OPERATOR)
MANAGERS = (Role.SUPERVISOR, Role.SYSTEM_ADMIN)


def threshold_for(assignment: Assignment, today: date) -> str | None:
    """The reminder due today for ``assignment``, if any: "14", "3" or "overdue"."""
    if assignment.status == Status.DONE:
        return None
    days_left = (assignment.due_on - today).days
    if days_left < 0:
        return OVERDUE
    for threshold in sorted(THRESHOLDS):
        if days_left <= threshold:
            return str(threshold)
    return None


def recipients(assignment: Assignment, threshold: str) -> list[User]:
    people = list(User.objects.members_of(assignment.organisation, roles=REPORTERS))
    if threshold == OVERDUE:
        organiser = assignment.recommendation.meeting.organiser
        people += list(User.objects.members_of(organiser, roles=MANAGERS))
    return people


def _text(assignment: Assignment, threshold: str) -> str:
    recommendation = assignment.recommendation
    values = {
        "number": recommendation.number if recommendation.number is not None else "-",
        "meeting": recommendation.meeting.title[:80],
        "date": assignment.due_on.strftime("%d-%m-%Y"),
        "organisation": assignment.organisation.name,
    }
    if threshold == OVERDUE:
        return (
            _("Recommendation %(number)s of %(meeting)s is overdue for %(organisation)s (due %(date)s).")
            % values
        )
    return (
        _(
            "Recommendation %(number)s of %(meeting)s is due on %(date)s for %(organisation)s: "
            "report progress."
        )
        % values
    )


def reminders_send(*, today: date | None = None) -> int:
    """Send the reminders due today; returns how many reminders (assignment, threshold) were sent."""
    today = today or timezone.localdate()
    horizon = today.toordinal() + max(THRESHOLDS)
    candidates = (
        Assignment.objects.exclude(status=Status.DONE)
        .filter(due_on__lte=date.fromordinal(horizon))
        .select_related("organisation", "recommendation__meeting__organiser")
        .order_by("due_on", "pk")
    )
    sent = 0
    for assignment in candidates.iterator():
        threshold = threshold_for(assignment, today)
        if threshold is None:
            continue
        try:
            with transaction.atomic():
                reminder = Reminder.objects.create(
                    assignment=assignment, threshold=threshold, due_on=assignment.due_on, sent_on=today
                )
                # Indonesian: the reminders go out from a server job, not in answer to a browser.
                with translation.override("id"):
                    text = _text(assignment, threshold)
                url = reverse("coordination:assignment_detail", args=[assignment.pk])
                reminder.recipients = notify(recipients(assignment, threshold), text, url)
                reminder.save(update_fields=["recipients"])
        except IntegrityError:
            continue  # already sent for this threshold and due date
        sent += 1
    if sent:
        audit_record(action="coordination.reminders_sent", changes={"reminders": sent, "day": str(today)})
    return sent
