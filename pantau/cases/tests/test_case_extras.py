"""Alleged persons, evidence, notifications, the printable summary and the SIMFONI aggregate."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.utils import timezone

from pantau.audit.models import AuditEvent
from pantau.cases.models import Case, CaseChild, CaseEvidence, Service
from pantau.cases.services import case_child_add, case_open, referral_decide, referral_send, service_add
from pantau.cases.sharing import ALL_SECTIONS
from pantau.notifications.models import Notification
from pantau.registry.tests.conftest import RegistryWorld

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def make_case(registry: RegistryWorld, form: str = "eksploitasi") -> Case:
    return case_open(
        actor=registry.world.user("supervisor"),
        concerns=[],
        title="Kasus uji",
        form_of_violence=form,
        cluster="pka",
        summary="Ringkasan",
        lksa=registry.home,
        region_code="",
    )


def test_persons_and_evidence_on_the_file(registry: RegistryWorld, login: Callable[..., Client]) -> None:
    case = make_case(registry)
    client = login(registry.world.user("supervisor"))
    client.post(f"/cases/{case.pk}/subjects/", {"subject-name": "Pak X", "subject-relation": "pengurus"})
    assert case.subjects.get().name == "Pak X"
    assert "Pak X" not in str(list(AuditEvent.objects.values_list("changes", "target_label")))
    fake = SimpleUploadedFile("tangkapan.png", b"MZ not an image")
    refused = client.post(f"/cases/{case.pk}/evidence/", {"file": fake}, follow=True)
    assert "Only PDF, JPEG or PNG" in refused.content.decode() and not CaseEvidence.objects.exists()
    pdf = SimpleUploadedFile("bap.pdf", b"%PDF-1.4 ...")
    client.post(f"/cases/{case.pk}/evidence/", {"file": pdf, "description": "Berita acara"})
    evidence = CaseEvidence.objects.get()
    opened = client.get(f"/cases/{case.pk}/evidence/{evidence.pk}/")
    assert opened.status_code == 200 and opened["Content-Type"] == "application/pdf"
    assert AuditEvent.objects.filter(action="case.evidence_viewed").exists()
    outsider = login(registry.world.user("case_worker"), Client())
    assert outsider.get(f"/cases/{case.pk}/evidence/{evidence.pk}/").status_code == 404


@override_settings(PANTAU_EMAIL_NOTIFICATIONS=True)
def test_referrals_notify_the_receivers_and_the_team(
    registry: RegistryWorld,
    login: Callable[..., Client],
    mailoutbox: list,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    world = registry.world
    case = make_case(registry)
    with django_capture_on_commit_callbacks(execute=True):
        referral = referral_send(
            actor=world.user("supervisor"),
            case=case,
            to_org=world.ppa_unit,
            purpose="investigation",
            note="",
            due_on=TODAY() + timedelta(days=2),
            legal_basis="public_task",
            consent_note="UU 35/2014 Pasal 59A.",
            shared=sorted(ALL_SECTIONS),
        )
    police = Notification.objects.get(user=world.user("investigator"))
    assert case.number in police.text and police.url == f"/cases/referrals/{referral.pk}/"
    assert [m.to for m in mailoutbox] == [[world.user("investigator").email]]
    referral_decide(actor=world.user("investigator"), referral=referral, accept=True)
    assert Notification.objects.filter(user=world.user("supervisor"), text__contains="accepted").exists()
    page = login(world.user("investigator")).get("/notifications/")
    assert page.status_code == 200 and case.number in page.content.decode()
    assert not Notification.objects.filter(user=world.user("investigator"), read_at__isnull=True).exists()


def test_visit_team_members_hear_of_their_assignment(registry: RegistryWorld) -> None:
    from pantau.supervision.checklists import snpa_install
    from pantau.supervision.services import visit_schedule

    snpa_install()
    visit_schedule(
        actor=registry.world.user("supervisor"),
        lksa=registry.home,
        planned_on=TODAY() + timedelta(days=3),
        kind="announced",
        team=[registry.world.user("colleague")],
    )
    assert Notification.objects.get(user=registry.world.user("colleague")).text.startswith(
        "You are on the team"
    )
    assert not Notification.objects.filter(user=registry.world.user("supervisor")).exists()


def test_summary_and_simfoni_export(registry: RegistryWorld, login: Callable[..., Client]) -> None:
    supervisor = registry.world.user("supervisor")
    first, second = make_case(registry), make_case(registry, form="seksual")
    a = case_child_add(actor=supervisor, case=first, record=CaseChild(name="A.", sex="P", age=5))
    case_child_add(actor=supervisor, case=first, record=CaseChild(name="B.", sex="L", age=14))
    case_child_add(actor=supervisor, case=second, record=CaseChild(name="C.", sex="P", age=9))
    service_add(
        actor=supervisor,
        case=first,
        service=Service(case_child=a, kind="psychosocial", provider="UPTD", started_on=TODAY()),
    )
    client = login(supervisor)
    summary = client.get(f"/cases/{first.pk}/summary/")
    assert summary.status_code == 200 and "A." in summary.content.decode()
    assert AuditEvent.objects.filter(action="case.summary_printed", target_id=str(first.pk)).exists()
    period = {"start": (TODAY() - timedelta(days=1)).isoformat(), "end": TODAY().isoformat()}
    response = client.get("/cases/simfoni/", {**period, "format": "counts"})
    rows = {
        (r[0], r[1]): int(r[2])
        for r in list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1:]
    }
    # SIMFONI-PPA's own terms, counted per victim: the first case's two children count twice.
    assert rows[("jumlah_korban", "Total")] == 3
    assert rows[("bentuk_kekerasan", "Eksploitasi")] == 2 and rows[("bentuk_kekerasan", "Seksual")] == 1
    assert rows[("bentuk_kekerasan", "Fisik")] == 0
    assert (rows[("jenis_kelamin", "P")], rows[("jenis_kelamin", "L")]) == (2, 1)
    assert (
        rows[("kelompok_usia", "<6")],
        rows[("kelompok_usia", "6-12")],
        rows[("kelompok_usia", "13-17")],
    ) == (1, 1, 1)
    assert rows[("layanan", "Pengaduan")] == 3 and rows[("layanan", "Rehabilitasi Sosial")] == 1
    assert "A." not in response.content.decode()  # counts only
    bad = client.get("/cases/simfoni/", {"start": "2026-05-01", "end": "2026-04-01"})
    assert bad.status_code == 400
    # Another province's office counts nothing of Kab. Tangerang's.
    other = login(registry.world.user("outsider"), Client()).get(
        "/cases/simfoni/", {**period, "format": "counts"}
    )
    assert "Eksploitasi,0" in other.content.decode() and "Eksploitasi,2" not in other.content.decode()


def test_others_see_how_many_cases_a_home_has_but_not_what(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    make_case(registry)
    viewer = login(registry.world.user("viewer")).get(f"/registry/{registry.home.pk}/").content.decode()
    assert (
        "Protection cases about this home" in viewer
        and "1 \u00d7 Exploitation (eksploitasi) (open)" in viewer
        and "Kasus uji" not in viewer
    )
    operator = login(registry.world.user("lksa_operator"), Client()).get(f"/registry/{registry.home.pk}/")
    assert "Protection cases about this home" not in operator.content.decode()


def test_children_linked_to_their_record_and_services_through_the_api(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    from pantau.children.models import Child

    child = Child.objects.create(
        lksa=registry.home,
        region_code=registry.home.region_code,
        full_name="Ni Luh Ayu",
        sex="P",
        birth_date=TODAY() - timedelta(days=9 * 365 + 10),
        referral_source="family",
        referral_reason="-",
        admitted_on=TODAY(),
    )
    case = make_case(registry)
    client = login(registry.world.user("supervisor"))
    client.post(f"/cases/{case.pk}/children/", {"record": child.pk})
    linked = case.children.get()
    assert (linked.child, linked.name, linked.sex, linked.age) == (child, "Ni Luh Ayu", "P", 9)
    empty = client.post(f"/cases/{case.pk}/children/", {"name": ""}, follow=True)
    assert "Give a name or initials" in empty.content.decode()
    url = f"/api/v1/cases/{case.pk}/services"
    made = client.post(
        url,
        {
            "kind": "psychosocial",
            "provider": "UPTD PPA",
            "started_on": TODAY().isoformat(),
            "case_child_id": linked.pk,
        },
        content_type="application/json",
    )
    assert made.status_code == 200 and made.json()["kind"] == "psychosocial"
    future = client.post(
        url,
        {"kind": "health", "provider": "RSUD", "started_on": (TODAY() + timedelta(days=2)).isoformat()},
        content_type="application/json",
    )
    assert future.status_code == 422 and "started_on" in future.json()["detail"]
    event = client.post(
        f"/api/v1/cases/{case.pk}/events",
        {"happened_on": TODAY().isoformat(), "text": "Kunjungan rumah"},
        content_type="application/json",
    )
    assert event.status_code == 201 and case.events.filter(text="Kunjungan rumah").exists()
    police = login(registry.world.user("investigator"), Client())
    assert (
        police.post(
            url,
            {"kind": "health", "provider": "x", "started_on": TODAY().isoformat()},
            content_type="application/json",
        ).status_code
        == 404
    )
