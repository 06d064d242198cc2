"""Police clearances and trainings: what counts, until when, who records and who verifies (maker-checker),
what the legality assessment then says, and the pages with their exact figures."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pantau.registry.models import Lksa, StaffMember
from pantau.staffing import services
from pantau.staffing.models import (
    Bar,
    BarMatch,
    PoliceClearance,
    Review,
    Training,
    TrainingSession,
    VettingPolicy,
    add_months,
)
from pantau.staffing.tests.conftest import PNG, StaffWorld

pytestmark = pytest.mark.django_db


def test_add_months_keeps_the_day_or_takes_the_month_end() -> None:
    assert add_months(date(2026, 1, 15), 6) == date(2026, 7, 15)
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2026, 12, 1), 1) == date(2027, 1, 1)


def test_dinas_sosial_records_a_clearance_that_counts_for_its_policy_months(
    staffing: StaffWorld, login: Callable[..., Client]
) -> None:
    today = timezone.localdate()
    issued = today - timedelta(days=10)
    client = login(staffing.user("supervisor"))
    answer = client.post(
        f"/staffing/staff/{staffing.carer.pk}/clearance/",
        {"number": "SKCK/123/2026", "issued_on": issued.isoformat()},
    )
    assert answer.status_code == 302
    clearance = PoliceClearance.objects.get()
    assert (clearance.status, clearance.validity_months) == (Review.VERIFIED, 6)
    assert clearance.valid_until == add_months(issued, 6)
    carer = StaffMember.objects.get(pk=staffing.carer.pk)
    assert (carer.police_clearance_on, carer.police_clearance_until) == (issued, add_months(issued, 6))

    # The office changes its policy to 12 months: the next clearance counts a year.
    assert client.post("/staffing/policy/", {"skck_validity_months": "12"}).status_code == 302
    assert VettingPolicy.objects.get(organisation=staffing.world.dinsos).skck_validity_months == 12
    services.clearance_record(
        actor=staffing.user("supervisor"),
        staff=staffing.board,
        number="SKCK/9",
        issued_on=issued,
        document=None,
    )
    assert StaffMember.objects.get(pk=staffing.board.pk).police_clearance_until == add_months(issued, 12)


def test_the_policy_refuses_out_of_range_months_and_is_the_office_s_own(
    staffing: StaffWorld, login: Callable[..., Client]
) -> None:
    admin = login(staffing.user("org_admin"))
    page = admin.post("/staffing/policy/", {"skck_validity_months": "61"})
    assert page.status_code == 400
    assert not VettingPolicy.objects.exists()
    assert "policy setting" in admin.get("/staffing/policy/").content.decode().lower()
    # Medan's supervisor edits Medan's policy, not Tangerang's.
    login(staffing.user("outsider"), Client()).post("/staffing/policy/", {"skck_validity_months": "3"})
    assert VettingPolicy.objects.get().organisation == staffing.world.dinsos_medan


def test_what_the_home_records_counts_only_once_dinas_sosial_verifies_it(
    staffing: StaffWorld, login: Callable[..., Client]
) -> None:
    today = timezone.localdate()
    operator = login(staffing.user("lksa_operator"))
    scan = SimpleUploadedFile("skck.png", PNG, content_type="image/png")
    answer = operator.post(
        f"/staffing/staff/{staffing.carer.pk}/clearance/",
        {"number": "SKCK/77", "issued_on": (today - timedelta(days=3)).isoformat(), "document": scan},
    )
    assert answer.status_code == 302
    clearance = PoliceClearance.objects.get()
    assert clearance.status == Review.PENDING and clearance.document
    assert StaffMember.objects.get(pk=staffing.carer.pk).police_clearance_on is None
    # The home may not verify its own; Dinas Sosial's supervisor does.
    assert operator.post(f"/staffing/records/clearance/{clearance.pk}/verify/").status_code == 403
    supervisor = login(staffing.user("supervisor"), Client())
    assert supervisor.post(f"/staffing/records/clearance/{clearance.pk}/verify/").status_code == 302
    assert StaffMember.objects.get(pk=staffing.carer.pk).police_clearance_until == add_months(
        today - timedelta(days=3), 6
    )
    # Decided once: a second decision changes nothing.
    supervisor.post(f"/staffing/records/clearance/{clearance.pk}/return/", {"note": "late"})
    assert PoliceClearance.objects.get().status == Review.VERIFIED
    # The scan opens for those who see the home.
    assert operator.get(f"/staffing/records/clearance/{clearance.pk}/document/").status_code == 200


def test_nobody_verifies_their_own_record(staffing: StaffWorld, login: Callable[..., Client]) -> None:
    supervisor = staffing.user("supervisor")
    training = Training.objects.create(
        staff=staffing.carer,
        kind="child_protection",
        title="-",
        provider="-",
        held_on=timezone.localdate(),
        recorded_by=supervisor,
    )
    assert login(supervisor).post(f"/staffing/records/training/{training.pk}/verify/").status_code == 403
    assert Training.objects.get().status == Review.PENDING


def test_a_child_protection_training_sets_the_latest_date_and_other_trainings_do_not(
    staffing: StaffWorld,
) -> None:
    today = timezone.localdate()
    supervisor = staffing.user("supervisor")
    for kind, days in (("child_protection", 90), ("child_protection", 30), ("other", 5)):
        services.training_record(
            actor=supervisor,
            staff=staffing.carer,
            kind=kind,
            title="Pelatihan",
            provider="LPA Banten",
            held_on=today - timedelta(days=days),
            certificate=None,
        )
    assert StaffMember.objects.get(pk=staffing.carer.pk).protection_training_on == today - timedelta(days=30)


def test_bad_input_is_refused_with_nothing_saved(staffing: StaffWorld, login: Callable[..., Client]) -> None:
    operator = login(staffing.user("lksa_operator"))
    tomorrow = timezone.localdate() + timedelta(days=1)
    future = operator.post(
        f"/staffing/staff/{staffing.carer.pk}/clearance/", {"number": "X", "issued_on": tomorrow.isoformat()}
    )
    assert future.status_code == 400 and "future" in future.content.decode()
    fake = SimpleUploadedFile("sertifikat.pdf", b"MZ not a pdf", content_type="application/pdf")
    upload = operator.post(
        f"/staffing/staff/{staffing.carer.pk}/training/",
        {
            "kind": "other",
            "title": "T" * 201,
            "provider": "-",
            "held_on": "2026-01-05",
            "certificate": fake,
        },
    )
    assert upload.status_code == 400
    body = upload.content.decode()
    assert "Only PDF, JPEG or PNG" in body and "at most 200 characters" in body
    assert not PoliceClearance.objects.exists() and not Training.objects.exists()


def test_the_legality_assessment_reads_the_clearance_and_the_training(staffing: StaffWorld) -> None:
    today = timezone.localdate()
    supervisor = staffing.user("supervisor")
    for member in (staffing.carer, staffing.board):
        services.clearance_record(
            actor=supervisor,
            staff=member,
            number=f"S/{member.pk}",
            issued_on=today - timedelta(days=200),
            document=None,
        )
    services.training_record(
        actor=supervisor,
        staff=staffing.carer,
        kind="child_protection",
        title="-",
        provider="-",
        held_on=today,
        certificate=None,
    )
    reasons = {r["code"]: r for r in Lksa.objects.get(pk=staffing.home.pk).legality_reasons}
    # 200 days ago + 6 months: both expired; the board member has no child-protection training.
    assert reasons["staff_clearance_expired"]["params"] == {"count": 2}
    assert reasons["staff_untrained"]["params"] == {"count": 1}
    assert "staff_unscreened" not in reasons


def _vet(staffing: StaffWorld, member: StaffMember, until: date | None, trained: bool) -> None:
    StaffMember.objects.filter(pk=member.pk).update(
        police_clearance_on=until - timedelta(days=180) if until else None,
        police_clearance_until=until,
        protection_training_on=timezone.localdate() if trained else None,
    )


def test_the_regional_list_counts_each_status_exactly_and_filters(
    staffing: StaffWorld, login: Callable[..., Client]
) -> None:
    today = timezone.localdate()
    extra = [
        StaffMember.objects.create(lksa=staffing.neighbour, full_name=f"Staf {n}", position="Pengasuh")
        for n in range(3)
    ]
    StaffMember.objects.create(lksa=staffing.medan, full_name="Staf Medan", position="Pengasuh")
    StaffMember.objects.create(lksa=staffing.home, full_name="Mantan", position="-", is_active=False)
    _vet(staffing, staffing.carer, today - timedelta(days=1), True)  # expired
    _vet(staffing, staffing.board, today + timedelta(days=30), True)  # expiring (the 30th day counts)
    _vet(staffing, extra[0], today + timedelta(days=31), False)  # untrained
    _vet(staffing, extra[1], today + timedelta(days=100), True)  # ok
    # extra[2]: no clearance
    client = login(staffing.user("supervisor"))
    page = client.get("/staffing/")
    counts = page.context["counts"]
    assert counts == {"total": 5, "no_skck": 1, "expired": 1, "expiring": 1, "untrained": 1, "ok": 1}
    assert [r.status for r in page.context["rows"]] == ["expiring", "expired", "untrained", "ok", "no_skck"]
    filtered = client.get("/staffing/?status=expiring")
    assert [r.staff.pk for r in filtered.context["rows"]] == [staffing.board.pk]
    board = client.get("/staffing/?board=board")
    assert [r.staff.pk for r in board.context["rows"]] == [staffing.board.pk]
    # The home's operator: its own staff only.
    own = login(staffing.user("lksa_operator"), Client()).get("/staffing/")
    assert own.context["counts"]["total"] == 2


# Every signed-in page: session (read; not written on a read), user, second factor device, membership
# and the menu's unread count (5). Then the page's own reads.


LIST_QUERIES = {
    "/staffing/": 5 + 3,  # the counts per status (one aggregate), the page's count, its rows with the flag
    "home": 5 + 6,  # the home, its staff (flag annotated), their clearances, trainings, the office's policy,
    # and the sessions it was invited to
    "/staffing/sessions/": 5 + 2,  # count, rows with the organiser
    "/staffing/barred/": 5 + 3,  # bars' count and rows, matches with their staff, homes and bars
}


def test_list_pages_cost_a_constant_number_of_queries(
    staffing: StaffWorld, login: Callable[..., Client]
) -> None:
    today = timezone.localdate()
    supervisor = staffing.user("supervisor")
    for n in range(30):
        member = StaffMember.objects.create(
            lksa=staffing.home, full_name=f"Pengasuh {n}", position="Pengasuh"
        )
        services.clearance_record(
            actor=supervisor, staff=member, number=f"S/{n}", issued_on=today, document=None
        )
        services.training_record(
            actor=supervisor,
            staff=member,
            kind="other",
            title="-",
            provider="-",
            held_on=today,
            certificate=None,
        )
    for n in range(3):
        session = TrainingSession.objects.create(
            organisation=staffing.world.dinsos,
            region_code="36.03",
            held_on=today,
            place="-",
            topic=f"Sesi {n}",
            created_by=supervisor,
        )
        session.homes.add(staffing.home)
        services.bar_create(
            actor=supervisor,
            bar=Bar(full_name=f"Pengasuh {n}", reason="-", from_on=today, case=None, finding=None),
        )
    StaffMember.objects.filter(full_name__startswith="Pengasuh").update(birth_date=date(1990, 1, 1))
    Bar.objects.update(birth_date=date(1990, 1, 1))
    for bar in Bar.objects.all():
        services.matches_refresh_for_bar(bar)
    assert BarMatch.objects.count() == 90  # the name key drops the numbers: 3 bars x 30 namesakes
    client = login(supervisor)
    for url, expected in LIST_QUERIES.items():
        address = f"/staffing/homes/{staffing.home.pk}/" if url == "home" else url
        client.get(address)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(address).status_code == 200
        assert len(captured) == expected, url


def test_role_persona_the_home_page_shows_status_and_who_may_act(
    staffing: StaffWorld, login: Callable[..., Client]
) -> None:
    url = f"/staffing/homes/{staffing.home.pk}/"
    operator = login(staffing.user("lksa_operator")).get(url)
    body = operator.content.decode()
    assert operator.status_code == 200
    assert "Record a police clearance" in body and "No police clearance" in body
    assert "6 months" in body
    viewer = login(staffing.user("viewer"), Client()).get(url).content.decode()
    assert "Siti Rahmawati" in viewer and "Record a police clearance" not in viewer
    # Another home's operator and another province's office: not found.
    assert login(staffing.neighbour_operator, Client()).get(url).status_code == 404
    assert login(staffing.user("outsider"), Client()).get(url).status_code == 404
