"""A home's report becomes a triage concern in the same transaction; the deadline is the policy's; bad
reports are refused with nothing saved; a wrong deadline setting stops start-up."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import timezone, translation

from pantau.audit.models import AuditEvent
from pantau.cases.models import Concern
from pantau.cases.services import concern_close
from pantau.incidents.deadlines import report_hours
from pantau.incidents.models import IncidentReport, Kind, Status
from pantau.incidents.services import PRIORITY_KINDS
from pantau.incidents.tests.conftest import Homes

pytestmark = pytest.mark.django_db
Make = Callable[..., IncidentReport]


def test_a_report_becomes_a_priority_concern_of_the_homes_region(homes: Homes, make_report: Make) -> None:
    report = make_report(children=[homes.children[0]])
    concern = Concern.objects.get()
    assert report.concern == concern
    assert (concern.source, concern.category, concern.is_priority) == ("incident", "other", True)
    assert (concern.lksa, concern.region_code, concern.status) == (homes.home, "36.03.03.2001", "received")
    assert (report.region_code, report.reported_by) == ("36.03.03.2001", homes.world.user("lksa_operator"))
    assert list(report.children.all()) == [homes.children[0]]
    # The child is linked, never named in the concern's text (read in triage, kept in case files).
    assert "Siti" not in concern.description
    assert "Seorang anak tidak kembali dari sekolah." in concern.description
    event = AuditEvent.objects.get(action="concern.created")
    assert event.changes["incident"] == [None, report.pk]
    assert event.changes["source"] == [None, "incident"]
    assert AuditEvent.objects.filter(action="incident.reported", target_id=str(report.pk)).count() == 1
    assert report.status == Status.RECEIVED


@pytest.mark.parametrize(
    ("kind", "category", "priority"),
    [
        ("abuse", "abuse", True),
        ("missing", "other", True),
        ("death", "other", True),
        ("injury", "other", False),
        ("exploitation", "work", True),
        ("adoption", "adoption", True),
        ("other", "other", False),
    ],
)
def test_each_kind_has_its_category_and_priority(
    make_report: Make, kind: str, category: str, priority: bool
) -> None:
    concern = make_report(kind=kind).concern
    assert (concern.category, concern.is_priority) == (category, priority)
    assert (kind in PRIORITY_KINDS) == priority


def test_the_deadline_counts_from_when_the_home_learned_of_it(make_report: Make) -> None:
    now = timezone.now()
    on_time = make_report(happened_at=now - timedelta(hours=30), learned_at=now - timedelta(hours=20))
    assert on_time.due_at == now - timedelta(hours=20) + timedelta(hours=24)
    assert (on_time.is_late, on_time.late_by) == (False, None)
    late = make_report(happened_at=now - timedelta(hours=40), learned_at=now - timedelta(hours=30), now=now)
    assert late.due_at == now - timedelta(hours=6)
    assert (late.is_late, late.late_by) == (True, timedelta(hours=6))
    # "other" has 72 hours by default.
    other = make_report(
        kind="other", happened_at=now - timedelta(hours=50), learned_at=now - timedelta(hours=50)
    )
    assert other.is_late is False
    assert list(IncidentReport.objects.late()) == [late]


def test_the_status_is_read_through_the_concern(homes: Homes, make_report: Make) -> None:
    report = make_report()
    concern_close(actor=homes.world.user("supervisor"), concern=report.concern, reason="Anak sudah kembali.")
    report.refresh_from_db()
    assert report.status == Status.CLOSED
    with translation.override("id"):
        assert report.get_status_display() == "Selesai"


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"learned_at": timezone.now() - timedelta(hours=10)}, "learned_at"),  # before it happened
        ({"learned_at": timezone.now() + timedelta(hours=1)}, "learned_at"),
        ({"happened_at": timezone.now() + timedelta(hours=1)}, "happened_at"),
        ({"happened_at": timezone.now().replace(year=1999)}, "happened_at"),
        ({"description": "Siti Aminah tidak kembali dari sekolah."}, "description"),
        ({"action_taken": "Mencari BUDI SANTOSO di sekolah."}, "action_taken"),
        ({"description": "x" * 4001}, "description"),
        ({"children_count": 0}, "children_count"),  # one child is linked
        ({"kind": "flood"}, "kind"),
    ],
)
def test_a_bad_report_is_refused_and_nothing_is_saved(
    homes: Homes, make_report: Make, extra: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        make_report(children=[homes.children[0]], **extra)
    assert field in refused.value.message_dict
    assert (IncidentReport.objects.count(), Concern.objects.count()) == (0, 0)


def test_a_name_inside_another_word_is_not_taken_for_a_child(homes: Homes, make_report: Make) -> None:
    make_report(description="Pengasuh menemukan anak di kebun; Budiman tetangga ikut mencari.")
    assert IncidentReport.objects.count() == 1


def test_only_the_homes_own_children_and_people_may_report(homes: Homes, make_report: Make) -> None:
    medan_child = homes.medan.children.get()
    with pytest.raises(ValidationError) as refused:
        make_report(children=[medan_child])
    assert "children" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        make_report(by=homes.world.user("supervisor"))
    assert IncidentReport.objects.count() == 0
    # The Medan operator reports for the Medan home, whatever it asks.
    assert make_report(by=homes.medan_operator).lksa == homes.medan


def test_the_deadline_is_a_setting_checked_loudly() -> None:
    assert report_hours() == {**dict.fromkeys(Kind.values, 24), "other": 72}
    with override_settings(PANTAU_INCIDENT_REPORT_HOURS=12, PANTAU_INCIDENT_REPORT_HOURS_BY_KIND=["death:6"]):
        assert report_hours() == {**dict.fromkeys(Kind.values, 12), "death": 6}
    for bad, words in [
        (["flood:3"], "unknown kind 'flood'"),
        (["abuse"], "not of the form kind:hours"),
        (["abuse:soon"], "not a whole number"),
        (["abuse:0"], "outside the allowed range 1..720"),
        (["abuse:12", "abuse:6"], "given twice"),
    ]:
        with (
            override_settings(PANTAU_INCIDENT_REPORT_HOURS_BY_KIND=bad),
            pytest.raises(ImproperlyConfigured) as e,
        ):
            report_hours()
        assert "PANTAU_INCIDENT_REPORT_HOURS_BY_KIND" in str(e.value)
        assert words in str(e.value)
    with override_settings(PANTAU_INCIDENT_REPORT_HOURS=0), pytest.raises(ImproperlyConfigured):
        report_hours()
