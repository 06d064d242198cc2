"""Reminders before a police clearance stops counting: once per threshold and end date, to the home (and
to its Dinas Sosial once expired), and every notification opens for its recipient."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from pantau.notifications.models import Notification
from pantau.registry.models import StaffMember
from pantau.staffing.models import ClearanceReminder
from pantau.staffing.reminders import reminders_send, threshold_for
from pantau.staffing.tests.conftest import StaffWorld

pytestmark = pytest.mark.django_db

UNTIL = date(2026, 7, 31)


@pytest.mark.parametrize(
    ("days_left", "expected"), [(31, None), (30, "30"), (8, "30"), (7, "7"), (0, "7"), (-1, "expired")]
)
def test_thresholds(days_left: int, expected: str | None) -> None:
    assert threshold_for(UNTIL, UNTIL - timedelta(days=days_left)) == expected


def test_each_threshold_is_sent_once_and_a_new_clearance_starts_afresh(staffing: StaffWorld) -> None:
    StaffMember.objects.filter(pk=staffing.carer.pk).update(
        police_clearance_on=date(2026, 1, 31), police_clearance_until=UNTIL
    )
    assert reminders_send(today=UNTIL - timedelta(days=40)) == 0
    assert reminders_send(today=UNTIL - timedelta(days=30)) == 1
    assert reminders_send(today=UNTIL - timedelta(days=30)) == 0  # run twice the same day
    assert reminders_send(today=UNTIL - timedelta(days=20)) == 0  # still the 30-day threshold
    assert reminders_send(today=UNTIL - timedelta(days=7)) == 1
    assert reminders_send(today=UNTIL + timedelta(days=1)) == 1
    assert reminders_send(today=UNTIL + timedelta(days=2)) == 0
    assert sorted(ClearanceReminder.objects.values_list("threshold", flat=True)) == ["30", "7", "expired"]
    told = Notification.objects.filter(url=f"/staffing/homes/{staffing.home.pk}/")
    # The home's operator three times; the supervisors of its Dinas Sosial once it expired.
    assert sorted(told.values_list("user__email", flat=True)) == [
        "operator@lksa.test.id",
        "operator@lksa.test.id",
        "operator@lksa.test.id",
        "pengawas@dinsos.test.id",
        "rekan@dinsos.test.id",
    ]
    assert told.filter(user__email="pengawas@dinsos.test.id").get().text == (
        "SKCK Siti Rahmawati (LKSA Kasih Bunda) sudah tidak berlaku sejak 31 Juli 2026."
    )
    # A renewed clearance (a new end date): reminders start again.
    StaffMember.objects.filter(pk=staffing.carer.pk).update(police_clearance_until=date(2027, 1, 31))
    assert reminders_send(today=date(2027, 1, 1)) == 1


def test_the_daily_command_and_every_link_opens_for_its_recipient(
    staffing: StaffWorld, login: Callable[..., Client]
) -> None:
    today = timezone.localdate()
    StaffMember.objects.filter(pk=staffing.carer.pk).update(
        police_clearance_on=today - timedelta(days=200), police_clearance_until=today - timedelta(days=3)
    )
    StaffMember.objects.filter(pk=staffing.board.pk).update(
        police_clearance_on=today - timedelta(days=170), police_clearance_until=today + timedelta(days=10)
    )
    out = io.StringIO()
    call_command("staffing_daily", stdout=out)
    assert out.getvalue() == "staffing reminders sent: 2\n"
    call_command("staffing_daily", stdout=io.StringIO())
    assert ClearanceReminder.objects.count() == 2
    notifications = list(Notification.objects.select_related("user"))
    assert len(notifications) == 4  # the operator twice, the two supervisors for the expired one
    for note in notifications:
        assert login(note.user, Client()).get(note.url).status_code == 200, (note.user.email, note.url)
