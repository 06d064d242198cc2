"""Reminders before due dates: once per assignment, threshold and due date, to the right people, and every
notification opens a page its recipient may see."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.test import Client

from pantau.coordination.models import Assignment, Reminder
from pantau.coordination.reminders import reminders_send, threshold_for
from pantau.coordination.tests.conftest import Rakor
from pantau.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("days_left", "status", "expected"),
    [
        (15, "not_started", None),
        (14, "in_progress", "14"),
        (4, "blocked", "14"),
        (3, "not_started", "3"),
        (0, "not_started", "3"),
        (-1, "in_progress", "overdue"),
        (-1, "done", None),
    ],
)
def test_thresholds(rakor: Rakor, days_left: int, status: str, expected: str | None) -> None:
    a = rakor.office
    a.status = status
    assert threshold_for(a, a.due_on - timedelta(days=days_left)) == expected


def test_reminders_are_sent_once_to_the_responsible_members(rakor: Rakor) -> None:
    day = rakor.home.due_on - timedelta(days=14)  # the home's 14-day mark; the office is due a month later
    assert reminders_send(today=day) == 1
    assert reminders_send(today=day) == 0  # idempotent
    assert reminders_send(today=day + timedelta(days=1)) == 0
    told = Notification.objects.filter(url=f"/coordination/assignments/{rakor.home.pk}/")
    assert sorted(n.user.email for n in told) == ["operator@lksa.test.id"]
    assert told.get().text == (
        "Rekomendasi 5 dari Rakor TPPO di LKSA jatuh tempo pada 31-05-2026 untuk LKSA Kasih Bunda: "
        "laporkan kemajuan."
    )
    # 3 days before: a second reminder; moving the due date starts afresh.
    assert reminders_send(today=rakor.home.due_on - timedelta(days=3)) == 1
    Assignment.objects.filter(pk=rakor.home.pk).update(due_on=date(2026, 6, 10))
    assert reminders_send(today=date(2026, 6, 7)) == 1
    assert Reminder.objects.filter(assignment=rakor.home).count() == 3


def test_overdue_reminders_also_tell_the_organiser_and_every_link_opens(rakor: Rakor, login) -> None:  # type: ignore[no-untyped-def]
    call_command("coordination_daily", stdout=io.StringIO())  # today (December 2026): both overdue
    assert Reminder.objects.filter(threshold="overdue").count() == 2
    emails = sorted(Notification.objects.values_list("user__email", "url"))
    office = f"/coordination/assignments/{rakor.office.pk}/"
    home = f"/coordination/assignments/{rakor.home.pk}/"
    assert emails == sorted(
        [
            # the office's members who may report (not the viewer or the auditor)...
            ("admin@dinsos.test.id", office),
            ("pengawas@dinsos.test.id", office),
            ("rekan@dinsos.test.id", office),
            ("operator@lksa.test.id", home),
            # ...and KPAI, which organised the rakor
            ("sysadmin@test.id", office),
            ("sysadmin@test.id", home),
        ]
    )
    for notification in Notification.objects.select_related("user"):
        client = login(notification.user, Client())
        assert client.get(notification.url).status_code == 200, (notification.user.email, notification.url)
    call_command("coordination_daily", stdout=io.StringIO())
    assert Notification.objects.count() == 6
