"""The case pages, persona by persona: triage, the case file, referral inbox, access through referral."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from pantau.audit.models import AuditEvent
from pantau.cases.models import Case, Concern, Referral
from pantau.registry.tests.conftest import RegistryWorld

pytestmark = pytest.mark.django_db


def test_from_public_report_to_closed_case(registry: RegistryWorld, login: Callable[..., Client]) -> None:
    world = registry.world
    concern = Concern.objects.create(
        source="public",
        lksa=registry.home,
        region_code=registry.home.region_code,
        category="livestream",
        description="<script>alert('x')</script> Siaran langsung setiap malam",
    )
    supervisor = login(world.user("supervisor"))
    queue = supervisor.get("/cases/triage/").content.decode()
    assert concern.tracking_code in queue
    detail = supervisor.get(f"/cases/triage/{concern.pk}/").content.decode()
    assert "<script>alert" not in detail and "&lt;script&gt;" in detail  # shown as text, never run
    opened = supervisor.post(
        f"/cases/triage/{concern.pk}/",
        {
            "action": "open",
            "title": "Siaran langsung di panti",
            "form_of_violence": "eksploitasi",
            "cluster": "pka",
            "summary": "Anak disiarkan untuk gift.",
        },
    )
    case = Case.objects.get()
    assert opened["Location"] == f"/cases/{case.pk}/"
    supervisor.post(f"/cases/{case.pk}/children/", {"name": "A. (9)", "sex": "P", "age": 9})
    supervisor.post(
        f"/cases/{case.pk}/tppo/",
        {"tppo-process": ["harbour"], "tppo-purpose": ["livestream"], "tppo-facts": "x"},
    )
    page = supervisor.get(f"/cases/{case.pk}/").content.decode()
    assert "UU 35/2014 Pasal 76I jo. Pasal 88" in page and "not a legal finding" in page
    # The child's recorded age (9) makes the victim a child; Pasal 2 is shown with its missing means.
    assert "a child: at least one victim" in page and "only if the missing elements are shown" in page
    printed = supervisor.get(f"/cases/{case.pk}/summary/").content.decode()
    assert "UU 21/2007 Pasal 2 ayat (1) jo. Pasal 17" in printed and "Missing:" in printed
    assert "Palermo Protocol" in printed and "not a legal finding" in printed
    assert AuditEvent.objects.filter(action="case.viewed", target_id=str(case.pk)).exists()
    due = (timezone.localdate() + timedelta(days=3)).isoformat()
    url = f"/cases/{case.pk}/referrals/"
    step = supervisor.get(url, {"purpose": "investigation"}).content.decode()
    assert f'<option value="{world.ppa_unit.pk}">' in step  # the police: an investigation is theirs
    assert f'<option value="{world.dinsos.pk}">' not in step  # not one's own agency
    assert f'<option value="{world.uptd.pk}">' not in step  # not the UPTD PPA's role
    consent = {
        "legal_basis": "public_task",
        "consent_note": "UU 35/2014 Pasal 59A.",
        "shared": ["identity", "investigation"],
    }
    ask = {"purpose": "investigation", "due_on": due}
    own = supervisor.post(url, {**ask, "to_org": world.dinsos.pk, **consent})
    assert own.status_code == 400 and not Referral.objects.exists()  # not offered: own agency
    refused = own.content.decode()  # the form again, as sent, with its error
    assert "This agency does not exist or cannot receive this referral" in refused
    assert f'value="{due}"' in refused and "UU 35/2014 Pasal 59A.</textarea>" in refused
    bare = supervisor.post(url, {**ask, "to_org": world.ppa_unit.pk})  # no legal basis, nothing shared
    assert bare.status_code == 400 and not Referral.objects.exists()
    assert "Record the legal basis for sharing the child" in bare.content.decode()
    sent = supervisor.post(url, {**ask, "to_org": world.ppa_unit.pk, **consent})
    assert sent.status_code == 302 and sent["Location"] == f"/cases/{case.pk}/"
    referral = Referral.objects.get()

    investigator = login(world.user("investigator"), Client())
    assert investigator.get(f"/cases/{case.pk}/").status_code == 404  # not before accepting
    inbox = investigator.get("/cases/referrals/").content.decode()
    assert case.number in inbox
    preview = investigator.get(f"/cases/referrals/{referral.pk}/").content.decode()
    assert "A. (9)" not in preview and "Anak disiarkan" not in preview  # the file stays closed
    investigator.post(f"/cases/referrals/{referral.pk}/", {"decision": "accept", "reason": ""})
    assert investigator.get(f"/cases/{case.pk}/").status_code == 200
    investigator.post(
        f"/cases/{case.pk}/investigation/",
        {
            "inv-stage": "report",
            "inv-police_report_number": "LP/B/123/XI/2026",
            "inv-happened_on": timezone.localdate().isoformat(),
        },
    )
    again = investigator.post(
        f"/cases/referrals/{referral.pk}/", {"decision": "accept", "reason": ""}, follow=True
    )
    assert "already been answered" in again.content.decode()
    # Only the lead agency closes; every child needs an outcome.
    child = case.children.get()
    case.refresh_from_db()  # the version the page shows now
    assert (
        investigator.post(f"/cases/{case.pk}/close/", {"version": case.version, "note": "x"}).status_code
        == 403
    )
    missing = supervisor.post(
        f"/cases/{case.pk}/close/", {"version": case.version, "note": "Selesai"}, follow=True
    )
    refused = missing.content.decode()
    assert missing.status_code == 400 and "Record the outcome for every child first" in refused
    assert '<details class="add-form" open><summary>Close the case' in refused
    assert "Selesai</textarea>" in refused  # the closing note typed is kept
    supervisor.post(
        f"/cases/{case.pk}/close/",
        {"version": case.version, "note": "Selesai", f"outcome-{child.pk}": "family", f"note-{child.pk}": ""},
    )
    case.refresh_from_db()
    assert case.status == "closed" and case.investigation.get().police_report_number == "LP/B/123/XI/2026"


def test_api_scoped_like_the_pages(registry: RegistryWorld, login: Callable[..., Client]) -> None:
    from pantau.cases.services import case_open, referral_send, tppo_save
    from pantau.cases.sharing import ALL_SECTIONS

    world = registry.world
    concern = Concern.objects.create(
        source="public",
        lksa=registry.home,
        region_code=registry.home.region_code,
        category="adoption",
        description="x",
    )
    supervisor = login(world.user("supervisor"))
    assert [c["tracking_code"] for c in supervisor.get("/api/v1/cases/triage").json()["items"]] == [
        concern.tracking_code
    ]
    case = case_open(
        actor=world.user("supervisor"),
        concerns=[],
        title="Adopsi ilegal",
        form_of_violence="trafficking",
        cluster="pka",
        summary="x",
        lksa=registry.home,
        region_code="",
    )
    tppo_save(
        actor=world.user("supervisor"),
        case=case,
        process=["receive"],
        means=["payment"],
        purpose=[],
        acts=["child_sold", "adoption_paid"],
        facts="",
    )
    detail = supervisor.get(f"/api/v1/cases/{case.pk}").json()
    # No child's age is recorded: every pointer is conditional, and none reads a sale as exploitation.
    assert [(p["provision"], p["complete"]) for p in detail["tppo"]] == [
        ("UU 21/2007 Pasal 2 ayat (1)", False),
        ("UU 21/2007 Pasal 5", False),
        ("UU 35/2014 Pasal 76F jo. Pasal 83", False),
    ] and "not a legal finding" in detail["tppo_disclaimer"]
    referral = referral_send(
        actor=world.user("supervisor"),
        case=case,
        to_org=world.ppa_unit,
        purpose="investigation",
        note="",
        due_on=timezone.localdate() + timedelta(days=2),
        legal_basis="public_task",
        consent_note="UU 35/2014 Pasal 59A.",
        shared=sorted(ALL_SECTIONS),
    )
    police = login(world.user("investigator"), Client())
    assert police.get(f"/api/v1/cases/{case.pk}").status_code == 404
    assert [r["case_number"] for r in police.get("/api/v1/cases/referrals").json()["items"]] == [case.number]
    url = f"/api/v1/cases/referrals/{referral.pk}/decision"
    assert police.post(url, {"accept": True}, content_type="application/json").json()["status"] == "accepted"
    assert police.post(url, {"accept": True}, content_type="application/json").status_code == 422
    assert police.get(f"/api/v1/cases/{case.pk}").status_code == 200
    assert [c["number"] for c in police.get("/api/v1/cases").json()["items"]] == [case.number]


def test_a_huge_public_report_is_refused_whole(registry: RegistryWorld, client: Client) -> None:
    from django.core.cache import cache

    cache.clear()
    response = client.post("/check/report/", {"category": "other", "description": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 400 and not Concern.objects.exists()


def test_staff_record_a_concern_for_triage(registry: RegistryWorld, login: Callable[..., Client]) -> None:
    client = login(registry.world.user("case_worker"))
    response = client.post(
        "/cases/triage/new/",
        {
            "category": "abuse",
            "description": "Telepon dari guru: anak lebam",
            "lksa_number": registry.home.pk,
        },
    )
    concern = Concern.objects.get()
    assert response["Location"] == f"/cases/triage/{concern.pk}/"
    assert (concern.source, concern.lksa, concern.region_code) == (
        "staff",
        registry.home,
        registry.home.region_code,
    )
    event = AuditEvent.objects.get(action="concern.created")
    assert event.changes["source"] == [None, "staff"] and event.target_id == str(concern.pk)
    refused = login(registry.world.user("outsider"), Client()).post(
        "/cases/triage/new/", {"category": "abuse", "description": "x", "lksa_number": registry.home.pk}
    )
    assert (
        refused.status_code == 400
        and "No home with this number in your jurisdiction" in refused.content.decode()
    )
    assert Concern.objects.count() == 1  # not a home in Medan's reach: nothing saved
