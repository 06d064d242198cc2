"""Pembinaan sessions with attendance (pages and API), and barred persons found on another home's staff."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from pantau.cases.models import Case
from pantau.lib.persons import set_nik
from pantau.registry.models import StaffMember
from pantau.staffing.models import Attendance, Bar, BarMatch, Training, TrainingSession
from pantau.staffing.queues import barred_at_homes, clearances_expiring
from pantau.staffing.tests.conftest import StaffWorld

pytestmark = pytest.mark.django_db

NIK = "3603030208800002"


def _session(
    staffing: StaffWorld, login: Callable[..., Client], *, protection: bool = True
) -> TrainingSession:
    client = login(staffing.user("supervisor"))
    answer = client.post(
        "/staffing/sessions/new/",
        {
            "held_on": (timezone.localdate() - timedelta(days=2)).isoformat(),
            "place": "Aula Dinas Sosial",
            "topic": "Perlindungan anak",
            "counts_as_protection": "on" if protection else "",
            "homes": [staffing.home.pk],
        },
    )
    assert answer.status_code == 302
    return TrainingSession.objects.get()


def test_attendance_creates_the_training_for_those_who_attended(
    staffing: StaffWorld, login: Callable[..., Client]
) -> None:
    session = _session(staffing, login)
    assert (session.organisation, session.region_code) == (staffing.world.dinsos, "36.03")
    client = login(staffing.user("supervisor"))
    form = client.get(f"/staffing/sessions/{session.pk}/attendance/")
    assert [m.pk for m, _present in form.context["rows"]] == [staffing.board.pk, staffing.carer.pk]
    answer = client.post(
        f"/staffing/sessions/{session.pk}/attendance/",
        {f"staff_{staffing.carer.pk}": "1", f"staff_{staffing.board.pk}": "0"},
    )
    assert answer.status_code == 302
    training = Training.objects.get()
    assert (training.staff, training.kind, training.status) == (
        staffing.carer,
        "child_protection",
        "verified",
    )
    assert StaffMember.objects.get(pk=staffing.carer.pk).protection_training_on == session.held_on
    detail = client.get(f"/staffing/sessions/{session.pk}/")
    assert (detail.context["attended"], detail.context["absent"]) == (1, 1)
    assert "Attended: 1 · absent: 1" in detail.content.decode()
    # Marked absent after all: the training goes.
    client.post(f"/staffing/sessions/{session.pk}/attendance/", {f"staff_{staffing.carer.pk}": "0"})
    assert not Training.objects.exists()
    assert Attendance.objects.filter(attended=False).count() == 2


def test_attendance_refuses_staff_of_homes_not_invited(
    staffing: StaffWorld, login: Callable[..., Client]
) -> None:
    session = _session(staffing, login)
    stranger = StaffMember.objects.create(lksa=staffing.neighbour, full_name="Orang Lain", position="-")
    client = login(staffing.user("supervisor"))
    answer = client.post(f"/staffing/sessions/{session.pk}/attendance/", {f"staff_{stranger.pk}": "1"})
    assert answer.status_code == 400
    bad = client.post(f"/staffing/sessions/{session.pk}/attendance/", {f"staff_{staffing.carer.pk}": "yes"})
    assert bad.status_code == 400
    assert not Attendance.objects.exists() and not Training.objects.exists()


def test_role_persona_who_sees_a_session(staffing: StaffWorld, login: Callable[..., Client]) -> None:
    session = _session(staffing, login)
    url = f"/staffing/sessions/{session.pk}/"
    assert login(staffing.user("lksa_operator"), Client()).get(url).status_code == 200  # invited
    assert login(staffing.neighbour_operator, Client()).get(url).status_code == 404  # not invited
    assert login(staffing.user("colleague"), Client()).get(url).status_code == 200  # same office
    assert login(staffing.user("outsider"), Client()).get(url).status_code == 404  # Medan
    listing = login(staffing.neighbour_operator, Client()).get("/staffing/sessions/")
    assert list(listing.context["page"]) == []


def test_sessions_and_attendance_through_the_api(staffing: StaffWorld, login: Callable[..., Client]) -> None:
    client = login(staffing.user("supervisor"))
    created = client.post(
        "/api/v1/staffing/sessions",
        json.dumps(
            {
                "held_on": "2026-03-02",
                "place": "Aula",
                "topic": "Pengasuhan tanpa kekerasan",
                "counts_as_protection": False,
                "home_ids": [staffing.home.pk],
            }
        ),
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    session_id = created.json()["id"]
    marked = client.post(
        f"/api/v1/staffing/sessions/{session_id}/attendance",
        json.dumps({"marks": [{"staff_id": staffing.carer.pk, "attended": True}]}),
        content_type="application/json",
    )
    assert marked.status_code == 200
    assert marked.json()["attendance"] == [
        {"staff_id": staffing.carer.pk, "lksa_id": staffing.home.pk, "attended": True}
    ]
    assert Training.objects.get().kind == "other"  # the session does not count as child protection
    vetting = login(staffing.user("lksa_operator"), Client()).get(
        f"/api/v1/staffing/homes/{staffing.home.pk}/vetting"
    )
    body = vetting.json()
    assert body["skck_validity_months"] == 6
    assert [(s["full_name"], s["status"], s["barred_match"]) for s in body["staff"]] == [
        ("H. Bambang Wijaya", "no_skck", None),
        ("Siti Rahmawati", "no_skck", None),
    ]
    # A home outside the jurisdiction: refused (422) with nothing written.
    refused = client.post(
        "/api/v1/staffing/sessions",
        json.dumps({"held_on": "2026-03-02", "place": "-", "topic": "-", "home_ids": [staffing.medan.pk]}),
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert TrainingSession.objects.count() == 1


def _bar_page(staffing: StaffWorld, login: Callable[..., Client], **extra: str) -> Bar:
    case = Case.objects.create(
        number="KS-1",
        title="-",
        owner=staffing.world.dinsos,
        region_code="36.03.03.2001",
        lksa=staffing.home,
        form_of_violence="eksploitasi",
        cluster="pka",
        summary="-",
        opened_by=staffing.user("supervisor"),
    )
    data = {
        "full_name": "Rudi Hartono",
        "nik": "3603 0302 0880 0002",
        "birth_date": "1980-08-02",
        "reason": "Hukuman fisik terhadap anak asuh.",
        "case_number": case.number,
        "from_on": (timezone.localdate() - timedelta(days=3)).isoformat(),
        **extra,
    }
    answer = login(staffing.user("supervisor")).post("/staffing/barred/new/", data)
    assert answer.status_code == 302, answer.content.decode()[:2000]
    return Bar.objects.get()


def test_a_barred_person_at_another_home_is_flagged_by_nik_and_possibly_by_name_and_birth(
    staffing: StaffWorld, login: Callable[..., Client]
) -> None:
    same_nik = StaffMember(lksa=staffing.neighbour, full_name="R. Hartono", position="Sopir")
    set_nik(same_nik, NIK, context=StaffMember.NIK_CONTEXT)
    same_nik.save()
    StaffMember.objects.create(
        lksa=staffing.medan, full_name="Rudi Hartono", position="-", birth_date=date(1980, 8, 2)
    )
    StaffMember.objects.create(
        lksa=staffing.home, full_name="Rudi Hartono", position="-"
    )  # name only: no flag
    bar = _bar_page(staffing, login)
    assert bar.origin == staffing.home and len(bar.nik_hash) == 64
    # Never the NIK in clear.
    assert NIK not in json.dumps(list(Bar.objects.values()), default=str)
    assert sorted(BarMatch.objects.values_list("staff__full_name", "strength")) == [
        ("R. Hartono", "nik"),
        ("Rudi Hartono", "name_birth"),
    ]
    # Added after the bar: flagged on save.
    later = StaffMember(lksa=staffing.neighbour, full_name="Rudi H.", position="Tukang kebun")
    set_nik(later, NIK, context=StaffMember.NIK_CONTEXT)
    later.save()
    assert BarMatch.objects.filter(staff=later, strength="nik").exists()
    # Tangerang's queue: the two matches at its homes (Medan's is Medan's).
    queue = barred_at_homes(staffing.user("supervisor"), today=timezone.localdate())
    assert queue.count == 2 and all(item.urgent for item in queue.items)
    outsider = barred_at_homes(staffing.user("outsider"), today=timezone.localdate())
    assert outsider.count == 1
    # The flag shows to Dinas Sosial, never to the home.
    url = f"/staffing/homes/{staffing.neighbour.pk}/"
    assert "Matches a barred person" in login(staffing.user("supervisor")).get(url).content.decode()
    home_view = login(staffing.neighbour_operator, Client()).get(url).content.decode()
    assert "R. Hartono" in home_view and "Matches a barred person" not in home_view
    api = login(staffing.user("supervisor")).get(f"/api/v1/staffing/homes/{staffing.neighbour.pk}/vetting")
    assert [(s["full_name"], s["barred_match"]) for s in api.json()["staff"]] == [
        ("R. Hartono", True),
        ("Rudi H.", True),
    ]
    listing = login(staffing.user("supervisor")).get("/staffing/barred/").content.decode()
    assert listing.count('data-testid="match-row"') == 2 and "another home" in listing


def test_a_bar_that_ended_flags_nobody(staffing: StaffWorld, login: Callable[..., Client]) -> None:
    member = StaffMember(lksa=staffing.neighbour, full_name="R. Hartono", position="Sopir")
    set_nik(member, NIK, context=StaffMember.NIK_CONTEXT)
    member.save()
    today = timezone.localdate()
    _bar_page(
        staffing,
        login,
        from_on=(today - timedelta(days=100)).isoformat(),
        until_on=(today - timedelta(days=1)).isoformat(),
    )
    assert BarMatch.objects.count() == 1
    assert barred_at_homes(staffing.user("supervisor"), today=today).count == 0


def test_a_bar_needs_one_source_and_a_valid_nik(staffing: StaffWorld, login: Callable[..., Client]) -> None:
    client = login(staffing.user("supervisor"))
    base = {"full_name": "X", "reason": "-", "from_on": "2026-01-01"}
    neither = client.post("/staffing/barred/new/", base)
    assert neither.status_code == 400 and "one of them" in neither.content.decode()
    bad = client.post("/staffing/barred/new/", {**base, "nik": "123", "finding_number": "999999"})
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "exactly 16 digits" in body and "No such finding" in body
    assert not Bar.objects.exists()


def test_the_home_queue_lists_missing_expired_and_expiring_clearances(staffing: StaffWorld) -> None:
    today = timezone.localdate()
    StaffMember.objects.filter(pk=staffing.carer.pk).update(
        police_clearance_on=today - timedelta(days=200), police_clearance_until=today - timedelta(days=2)
    )
    StaffMember.objects.create(
        lksa=staffing.home,
        full_name="Aman",
        position="-",
        police_clearance_on=today,
        police_clearance_until=today + timedelta(days=90),
    )
    queue = clearances_expiring(staffing.user("lksa_operator"), today=today)
    assert queue.count == 2
    assert [(i.label, i.urgent) for i in queue.items] == [
        ("H. Bambang Wijaya · Ketua yayasan", True),
        ("Siti Rahmawati · Pengasuh", True),
    ]
    assert queue.items[0].detail == "no police clearance on record"
    assert queue.items[1].due_on == today - timedelta(days=2)


def test_another_office_sees_the_match_at_its_home_but_not_the_bar_made_elsewhere(
    staffing: StaffWorld, login: Callable[..., Client]
) -> None:
    """Owner / outsider: Tangerang's bar is listed for Tangerang; Medan's office sees only the possible
    match on a Medan home's staff, not the bar itself (its reason and origin are Tangerang's)."""
    StaffMember.objects.create(
        lksa=staffing.medan, full_name="Rudi Hartono", position="-", birth_date=date(1980, 8, 2)
    )
    _bar_page(staffing, login)
    own = login(staffing.user("supervisor")).get("/staffing/barred/").content.decode()
    assert own.count('data-testid="bar-row"') == 1
    other = login(staffing.user("outsider"), Client()).get("/staffing/barred/").content.decode()
    assert other.count('data-testid="bar-row"') == 0
    assert other.count('data-testid="match-row"') == 1
