"""The retention job: a dry run counts and changes nothing; a real run archives or deletes only what is
past retention, never open work, audits counts only (no names), and a second run finds nothing."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.contrib.sessions.models import Session
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from pantau.audit.models import AuditEvent
from pantau.cases.models import Case, CaseSubject, Concern
from pantau.children.models import Child, FollowUpVisit, Placement
from pantau.lib.env import env_int
from pantau.monitoring.models import KeptPostCheck
from pantau.notifications.models import Notification
from pantau.privacy.retention import REDACTED, retention_run, years_before
from pantau.privacy.tasks import privacy_retention
from pantau.privacy.tests.conftest import PrivacyWorld

pytestmark = pytest.mark.django_db

NOW = timezone.now()
LONG_AGO = NOW - timedelta(days=365 * 12)


def _age(model: type, pks: list[int], field: str, when: object) -> None:
    model.objects.filter(pk__in=pks).update(**{field: when})  # type: ignore[attr-defined]


@pytest.fixture
def old(pw: PrivacyWorld) -> dict[str, object]:
    """Records past retention beside records that are not (recent, open, or still in use)."""
    siti, budi = pw.children
    # Budi left care long ago: past retention. Siti left long ago too but is in the open case.
    Child.objects.filter(pk__in=[siti.pk, budi.pk]).update(status=Child.Status.LEFT, updated_at=LONG_AGO)
    Placement.objects.create(child=budi, kind="reunification", started_on=date(2013, 1, 1))
    # Putri (Medan) left recently.
    Child.objects.filter(pk=pw.medan_child.pk).update(status=Child.Status.LEFT)
    closed = Case.objects.create(
        number="KS-OLD",
        title="Lama",
        owner=pw.world.dinsos,
        region_code="36.03.03",
        form_of_violence="eksploitasi",
        cluster="pka",
        summary="-",
        status=Case.Status.CLOSED,
        closed_at=LONG_AGO,
        opened_by=pw.user("supervisor"),
    )
    old_subject = CaseSubject.objects.create(
        case=closed, name="Pelaku Lama", relation="pengurus", birth_date=date(1970, 1, 1), nik_hash="a" * 64
    )
    shared = CaseSubject.objects.create(
        case=closed, name="Pelaku Sama", relation="pengurus", nik_hash="b" * 64
    )
    CaseSubject.objects.create(case=pw.case, name="Pelaku Sama", relation="pengurus", nik_hash="b" * 64)
    open_subject = CaseSubject.objects.create(
        case=pw.case, name="Pelaku Baru", relation="pengurus", birth_date=date(1980, 1, 1), nik_hash="c" * 64
    )
    old_concern = Concern.objects.create(
        source="public",
        category="abuse",
        description="Anak bernama Rina dipukul.",
        reporter_name="Pak Pelapor",
        reporter_contact="0812000111",
        status=Concern.Status.CLOSED,
        region_code="36.03",
    )
    in_case = Concern.objects.create(
        source="public",
        category="abuse",
        description="Masih ditangani",
        reporter_name="Bu Pelapor",
        status=Concern.Status.CLOSED,
        case=pw.case,
        region_code="36.03",
    )
    waiting = Concern.objects.create(
        source="public",
        category="abuse",
        description="Baru",
        reporter_name="Pelapor Baru",
        region_code="36.03",
    )
    _age(Concern, [old_concern.pk, in_case.pk, waiting.pk], "updated_at", LONG_AGO)
    user = pw.user("supervisor")
    read_old = Notification.objects.create(user=user, text="lama", read_at=LONG_AGO)
    unread_old = Notification.objects.create(user=user, text="belum dibaca")
    read_new = Notification.objects.create(user=user, text="baru", read_at=NOW)
    _age(Notification, [read_old.pk, unread_old.pk], "created_at", LONG_AGO)
    check_old = KeptPostCheck.objects.create(organisation=pw.world.lksa, caption="x", checked_by=user)
    check_new = KeptPostCheck.objects.create(organisation=pw.world.lksa, caption="y", checked_by=user)
    _age(KeptPostCheck, [check_old.pk], "checked_at", LONG_AGO)
    Session.objects.create(
        session_key="expired" + "x" * 25, session_data="-", expire_date=NOW - timedelta(days=1)
    )
    Session.objects.create(
        session_key="live" + "y" * 28, session_data="-", expire_date=NOW + timedelta(days=1)
    )
    return {
        "budi": budi,
        "siti": siti,
        "old_subject": old_subject,
        "shared": shared,
        "open_subject": open_subject,
        "old_concern": old_concern,
        "in_case": in_case,
        "waiting": waiting,
        "notifications": (read_old, unread_old, read_new),
        "checks": (check_old, check_new),
    }


def _snapshot() -> list[object]:
    return [
        list(Child.objects.order_by("pk").values_list("nik_hash", "kk_cipher")),
        list(CaseSubject.objects.order_by("pk").values_list("nik_hash", "birth_date")),
        list(Concern.objects.order_by("pk").values_list("reporter_name", "description")),
        Notification.objects.count(),
        KeptPostCheck.objects.count(),
        Session.objects.count(),
    ]


def test_a_dry_run_counts_per_record_type_and_changes_nothing(old: dict[str, object]) -> None:
    before = _snapshot()
    outcomes = {o.rule.key: (o.due, o.done) for o in retention_run(apply=False)}
    assert outcomes["children"] == (1, 0)  # Budi; not Siti (open case) nor Putri (left recently)
    assert outcomes["alleged_persons"] == (1, 0)  # not the one whose NIK is in an open case
    assert outcomes["concerns"] == (1, 0)  # not the one in a case, nor the one waiting for triage
    assert outcomes["notifications"] == (1, 0)
    assert outcomes["post_checks"] == (1, 0)
    assert outcomes["sessions"] == (1, 0)
    assert _snapshot() == before
    event = AuditEvent.objects.get(action="privacy.retention_checked")
    assert event.changes["children"] == 1


def test_a_real_run_archives_or_deletes_only_what_is_past_retention(old: dict[str, object]) -> None:
    outcomes = {o.rule.key: (o.due, o.done) for o in retention_run(apply=True)}
    assert outcomes["children"] == (1, 1)
    budi = Child.objects.get(pk=old["budi"].pk)  # type: ignore[attr-defined]
    assert (budi.nik_cipher, budi.nik_hash, budi.kk_cipher, budi.birth_certificate_hash) == ("", "", "", "")
    assert budi.full_name == "Budi Santoso"  # the care record stays
    assert Child.objects.get(pk=old["siti"].pk).nik_hash  # type: ignore[attr-defined]
    assert CaseSubject.objects.get(pk=old["old_subject"].pk).nik_hash == ""  # type: ignore[attr-defined]
    assert CaseSubject.objects.get(pk=old["old_subject"].pk).birth_date is None  # type: ignore[attr-defined]
    assert CaseSubject.objects.get(pk=old["shared"].pk).nik_hash == "b" * 64  # type: ignore[attr-defined]
    assert CaseSubject.objects.get(pk=old["open_subject"].pk).birth_date == date(1980, 1, 1)  # type: ignore[attr-defined]
    concern = Concern.objects.get(pk=old["old_concern"].pk)  # type: ignore[attr-defined]
    assert (concern.reporter_name, concern.reporter_contact, concern.description) == ("", "", REDACTED)
    assert Concern.objects.get(pk=old["in_case"].pk).reporter_name == "Bu Pelapor"  # type: ignore[attr-defined]
    assert Concern.objects.get(pk=old["waiting"].pk).reporter_name == "Pelapor Baru"  # type: ignore[attr-defined]
    _read_old, unread_old, read_new = old["notifications"]  # type: ignore[misc]
    assert set(Notification.objects.values_list("pk", flat=True)) == {unread_old.pk, read_new.pk}
    assert KeptPostCheck.objects.count() == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == ["live" + "y" * 28]
    events = AuditEvent.objects.filter(action="privacy.retention_applied")
    assert {e.changes["record_type"]: e.changes["done"] for e in events}["concerns"] == 1
    text = str([(e.target_label, e.changes) for e in events])
    for name in ("Budi", "Siti", "Pelaku", "Pelapor", "Rina"):
        assert name not in text
    # Nothing is left to do: a second run finds nothing past retention (the audit trail is only counted).
    again = {o.rule.key: o.due for o in retention_run(apply=True) if o.rule.key != "audit"}
    assert set(again.values()) == {0}


def test_open_work_is_never_touched_even_with_a_one_year_period(old: dict[str, object]) -> None:
    with override_settings(PANTAU_RETENTION_CONCERNS_YEARS=1, PANTAU_RETENTION_CHILDREN_YEARS=1):
        retention_run(apply=True)
    assert Concern.objects.get(pk=old["waiting"].pk).description == "Baru"  # type: ignore[attr-defined]
    assert Child.objects.get(pk=old["siti"].pk).nik_hash  # type: ignore[attr-defined]  (open case)


def test_a_child_still_followed_up_keeps_its_identifiers(old: dict[str, object]) -> None:
    FollowUpVisit.objects.create(
        child=old["budi"], visited_on=timezone.localdate(), by="Peksos", finding="well"
    )
    assert {o.rule.key: o.due for o in retention_run(apply=True)}["children"] == 0
    assert Child.objects.get(pk=old["budi"].pk).nik_hash  # type: ignore[attr-defined]


def test_the_command_is_a_dry_run_unless_told_to_apply(old: dict[str, object]) -> None:
    out = StringIO()
    call_command("privacy_retention", stdout=out)
    assert "DRY RUN" in out.getvalue() and "children" in out.getvalue()
    assert Child.objects.get(pk=old["budi"].pk).nik_hash  # type: ignore[attr-defined]
    out = StringIO()
    call_command("privacy_retention", "--apply", stdout=out)
    assert "APPLIED" in out.getvalue()
    assert Child.objects.get(pk=old["budi"].pk).nik_hash == ""  # type: ignore[attr-defined]


def test_the_task_runs_the_same_job(old: dict[str, object]) -> None:
    result = privacy_retention.enqueue(apply=False)
    assert result.return_value["children"] == [1, 0]
    assert Child.objects.get(pk=old["budi"].pk).nik_hash  # type: ignore[attr-defined]


def test_a_bad_period_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PANTAU_RETENTION_CHILDREN_YEARS", "ten")
    with pytest.raises(ImproperlyConfigured, match="PANTAU_RETENTION_CHILDREN_YEARS"):
        env_int("PANTAU_RETENTION_CHILDREN_YEARS", 10, minimum=1, maximum=100)


def test_years_before_handles_the_leap_day() -> None:
    leap = timezone.now().replace(year=2028, month=2, day=29)
    assert years_before(leap, 1).day == 28
