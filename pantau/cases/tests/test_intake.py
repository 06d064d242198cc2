"""Cases the police, the UPTD PPA and Dinas Sosial open from their own intake (a police report, a walk-in,
the hotline, outreach), the two-step referral page, and the API (issue 17, cases/intake.py)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from pantau.audit.models import AuditEvent
from pantau.cases.models import Case, Referral
from pantau.cases.services import referral_decide
from pantau.cases.tests.intake_world import CONSENT, Agencies, full_case
from pantau.registry.tests.conftest import RegistryWorld

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
LP = "LP/B/77/VI/2026/SPKT/Polresta Tangerang"
POLICE_REPORT = {
    "intake": "police_report",
    "police_report_number": f"  {LP} ",
    "title": "Anak dipaksa mengemis",
    "form_of_violence": "eksploitasi",
    "cluster": "pka",
    "place": "fasilitas_umum",
    "summary": "Dua anak dipaksa mengemis di perempatan.",
    "region": "36.03.03",
}


def _day(days: int = 0) -> str:
    return (TODAY() + timedelta(days=days)).isoformat()


def test_the_police_open_a_case_from_a_police_report(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    world = registry.world
    police = login(world.user("investigator"))
    assert 'href="/cases/new/"' in police.get("/cases/").content.decode()  # found from the case list
    form = police.get("/cases/new/").content.decode()
    assert 'value="police_report"' in form and 'value="walk_in"' not in form  # the police's own intake
    response = police.post("/cases/new/", {**POLICE_REPORT, "reported_on": _day(-2)})
    case = Case.objects.get()
    assert response["Location"] == f"/cases/{case.pk}/"
    assert (case.owner, case.intake, case.police_report_number, case.reported_on, case.region_code) == (
        world.ppa_unit,
        "police_report",
        LP,
        TODAY() - timedelta(days=2),
        "36.03.03",
    )
    assert (case.place, case.opened_by) == ("fasilitas_umum", world.user("investigator"))
    opened = AuditEvent.objects.get(action="case.opened", target_id=str(case.pk))
    assert opened.changes["intake"] == [None, "police_report"]
    report = case.investigation.get()  # the LP is the investigation's first milestone
    assert (report.stage, report.police_report_number, report.happened_on, report.organisation) == (
        "report",
        LP,
        TODAY() - timedelta(days=2),
        world.ppa_unit,
    )
    page = police.get(f"/cases/{case.pk}/").content.decode()
    header = page[page.index('data-testid="case-intake"') :]
    day = TODAY() - timedelta(days=2)
    assert header.startswith(
        f'data-testid="case-intake">Police report {LP}, {day.day} {day:%B %Y} · '
        "Public place (fasilitas umum)</p>"
    )
    # The police lead the case: they refer it (a button to the referral page) and close it.
    assert f'href="/cases/{case.pk}/referrals/">Refer to another agency</a>' in page
    assert 'href="#close"' in page


@pytest.mark.parametrize(
    ("persona", "changes", "field", "message"),
    [
        (
            "investigator",
            {"police_report_number": ""},
            "police_report_number",
            "Give the police report (LP) number.",
        ),
        ("investigator", {"reported_on": "FUTURE"}, "reported_on", "The date cannot be in the future."),
        ("investigator", {"region": "12.71"}, "region", "This region is outside your jurisdiction."),
        ("investigator", {"region": ""}, "region", "Give the region where it happened."),
        ("investigator", {"intake": "walk_in"}, "intake", "Select a valid choice."),
        ("case_worker", {}, "intake", "Select a valid choice. police_report is not one of the available"),
        ("supervisor", {"place": ""}, "place", "This field is required."),
    ],
)
def test_bad_intake_is_refused_and_nothing_saved(
    registry: RegistryWorld,
    login: Callable[..., Client],
    persona: str,
    changes: dict[str, str],
    field: str,
    message: str,
) -> None:
    client = login(registry.world.user(persona))
    data = {**POLICE_REPORT, "reported_on": _day(-1), **changes}
    if data["reported_on"] == "FUTURE":
        data["reported_on"] = _day(1)
    response = client.post("/cases/new/", data)
    assert response.status_code == 400 and not Case.objects.exists()
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert "Anak dipaksa mengemis" in response.content.decode()  # what was typed is kept


def test_a_home_outside_the_jurisdiction_is_not_found(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    client = login(registry.world.user("investigator"))
    data = {**POLICE_REPORT, "reported_on": _day(-1), "lksa_number": registry.medan.pk, "region": ""}
    response = client.post("/cases/new/", data)
    assert response.status_code == 400 and not Case.objects.exists()
    assert response.context["form"].errors["lksa_number"] == [
        "No home with this number in your jurisdiction."
    ]
    assert AuditEvent.objects.filter(
        action="access.denied", changes__reason="reference_out_of_scope"
    ).exists()
    inside = client.post("/cases/new/", {**data, "lksa_number": registry.home.pk})
    case = Case.objects.get()
    assert (
        inside.status_code == 302
        and case.lksa == registry.home
        and case.region_code == registry.home.region_code
    )


def test_the_uptd_opens_a_walk_in_and_dinsos_outreach(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    world = registry.world
    uptd = login(world.user("case_worker"))
    form = uptd.get("/cases/new/").content.decode()
    assert 'value="walk_in"' in form and 'value="hotline"' in form and 'value="police_report"' not in form
    walk_in = {
        **POLICE_REPORT,
        "intake": "walk_in",
        "police_report_number": "LP/ignored",
        "reported_on": _day(),
    }
    assert uptd.post("/cases/new/", walk_in).status_code == 302
    dinsos = login(world.user("supervisor"), Client())
    assert dinsos.post("/cases/new/", {**walk_in, "intake": "outreach", "region": "36.03"}).status_code == 302
    assert list(Case.objects.order_by("pk").values_list("owner__name", "intake", "police_report_number")) == [
        ("UPTD PPA Kabupaten Tangerang", "walk_in", ""),  # a number is kept only for a police report
        ("Dinas Sosial Kabupaten Tangerang", "outreach", ""),
    ]
    for persona in ("viewer", "auditor", "org_admin", "lksa_operator"):
        assert login(world.user(persona), Client()).get("/cases/new/").status_code == 403


def test_the_referral_page_asks_the_purpose_then_the_agencies_and_consent(
    registry: RegistryWorld, agencies: Agencies, login: Callable[..., Client]
) -> None:
    world = registry.world
    case = full_case(registry)
    url = f"/cases/{case.pk}/referrals/"
    client = login(world.user("supervisor"))
    first = client.get(url).content.decode()
    assert 'data-testid="referral-form"' not in first and 'Kota Medan, Sumatera Utara (12.71)"' in first
    step = client.get(url, {"purpose": "return", "region": "12.71"})
    listed = [o.name for o in step.context["form"].fields["to_org"].queryset]
    assert listed == [
        "Dinas Sosial Kota Medan",
        "Dinas Sosial Provinsi Sumatera Utara",
        "UPTD PPA Kota Medan",
    ]
    assert step.context["form"].initial["shared"] == ["identity", "services"]  # suggested, not imposed
    ask = {"purpose": "return", "region": "12.71", "due_on": _day(7), "note": "Pemulangan ke Medan."}
    missing = client.post(
        url, {**ask, "to_org": world.dinsos_medan.pk, "shared": ["identity"], "legal_basis": "consent"}
    )
    assert missing.status_code == 400 and not Referral.objects.exists()
    errors = missing.context["form"].errors
    assert errors["guardian_consent"][0].startswith("Sharing a child's data on the basis of consent needs")
    assert errors["child_assent"] == ["Record the child's assent, or that the child was not asked and why."]
    stranger = client.post(url, {**ask, **CONSENT, "to_org": world.ppa_unit.pk, "shared": ["identity"]})
    assert stranger.status_code == 400 and not Referral.objects.exists()
    assert "This agency does not exist or cannot receive this referral" in stranger.content.decode()
    ghost = client.post(url, {**ask, **CONSENT, "to_org": 999999, "shared": ["identity"]})
    assert ghost.status_code == 400 and not Referral.objects.exists()
    sent = client.post(
        url, {**ask, **CONSENT, "to_org": world.dinsos_medan.pk, "shared": ["identity", "services"]}
    )
    assert sent.status_code == 302
    referral = Referral.objects.get()
    assert (referral.to_org, referral.purpose, referral.shared, referral.consent_note) == (
        world.dinsos_medan,
        "return",
        ["identity", "services"],
        CONSENT["consent_note"],
    )
    # The agency that received only some sections is offered only those to pass on.
    referral_decide(actor=world.user("outsider"), referral=referral, accept=True)
    medan = login(world.user("outsider"), Client())
    onward = medan.get(f"/cases/{case.pk}/referrals/", {"purpose": "psychosocial"})
    choices = [code for code, _label in onward.context["form"].fields["shared"].choices]
    assert choices == ["identity", "services"]
    assert [o.name for o in onward.context["form"].fields["to_org"].queryset] == [
        "Dinas PPPA Kabupaten Tangerang",  # the case's province
        "Dinas Sosial Kabupaten Tangerang",
        "Dinas Sosial Provinsi Sumatera Utara",  # and Medan's own
        "UPTD PPA Kabupaten Tangerang",
        "UPTD PPA Kota Medan",
    ]
    # No answer date in the past; the purpose of another role is not offered.
    late = medan.post(
        url,
        {
            "purpose": "psychosocial",
            "due_on": _day(0),
            "to_org": agencies.uptd_medan.pk,
            **CONSENT,
            "shared": ["identity"],
        },
    )
    assert late.status_code == 400 and late.context["form"].errors["due_on"] == [
        "The answer date must be in the future."
    ]
    assert Referral.objects.count() == 1


def _api(client: Client, method: str, url: str, body: dict[str, Any]) -> Any:
    return client.generic(method, f"/api/v1{url}", json.dumps(body), content_type="application/json")


def test_the_api_opens_cases_and_refers_with_the_same_rules(
    registry: RegistryWorld, agencies: Agencies, login: Callable[..., Client]
) -> None:
    world = registry.world
    police = login(world.user("investigator"))
    body = {
        "intake": "police_report",
        "police_report_number": LP,
        "title": "Anak dipaksa mengemis",
        "form_of_violence": "eksploitasi",
        "cluster": "pka",
        "place": "fasilitas_umum",
        "summary": "Dua anak.",
        "reported_on": _day(-1),
        "region_code": "36.03",
    }
    refused = _api(police, "POST", "/cases", {**body, "police_report_number": ""})
    assert refused.status_code == 422 and not Case.objects.exists()
    assert "Give the police report (LP) number." in str(refused.json())
    outside = _api(police, "POST", "/cases", {**body, "lksa_id": registry.medan.pk})
    assert outside.status_code == 422 and not Case.objects.exists()
    opened = _api(police, "POST", "/cases", body)
    assert opened.status_code == 201
    data = opened.json()
    case = Case.objects.get()
    assert (data["id"], data["owner_id"], data["intake"], data["police_report_number"], data["place"]) == (
        case.pk,
        world.ppa_unit.pk,
        "police_report",
        LP,
        "fasilitas_umum",
    )
    referral = {"purpose": "psychosocial", "due_on": _day(5), "shared": ["identity", "services"], **CONSENT}
    ghost = _api(police, "POST", f"/cases/{case.pk}/referrals", {**referral, "to_org_id": 999999})
    assert ghost.status_code == 422 and "This agency does not exist." in str(ghost.json())
    bare = _api(
        police,
        "POST",
        f"/cases/{case.pk}/referrals",
        {"purpose": "psychosocial", "due_on": _day(5), "to_org_id": world.uptd.pk},
    )
    assert bare.status_code == 422 and set(bare.json()["detail"]) >= {"legal_basis", "shared"}
    away = _api(
        police, "POST", f"/cases/{case.pk}/referrals", {**referral, "to_org_id": agencies.uptd_medan.pk}
    )
    assert away.status_code == 422 and not Referral.objects.exists()
    sent = _api(police, "POST", f"/cases/{case.pk}/referrals", {**referral, "to_org_id": world.uptd.pk})
    assert sent.status_code == 201
    assert {k: sent.json()[k] for k in ("from_org_id", "to_org_id", "legal_basis", "shared", "status")} == {
        "from_org_id": world.ppa_unit.pk,
        "to_org_id": world.uptd.pk,
        "legal_basis": "consent",
        "shared": ["identity", "services"],
        "status": "pending",
    }
    # Another agency's case is not found; the viewer has no permission.
    medan = login(world.user("outsider"), Client())
    assert (
        _api(
            medan, "POST", f"/cases/{case.pk}/referrals", {**referral, "to_org_id": world.uptd.pk}
        ).status_code
        == 404
    )
    viewer = login(world.user("viewer"), Client())
    assert _api(viewer, "POST", "/cases", body).status_code == 403
    schema = police.get("/api/v1/openapi.json").json()
    assert "post" in schema["paths"]["/api/v1/cases"]
    assert "post" in schema["paths"]["/api/v1/cases/{case_id}/referrals"]
    assert Referral.objects.count() == 1


def test_a_childs_home_region_is_recorded_and_prefills_a_return(
    registry: RegistryWorld, agencies: Agencies, login: Callable[..., Client]
) -> None:
    world = registry.world
    case = full_case(registry)
    case.children.update(origin_region_code="")
    client = login(world.user("supervisor"))
    unknown = client.post(
        f"/cases/{case.pk}/children/",
        {"name": "S. (9)", "sex": "L", "age": "9", "origin_region_code": "Atlantis"},
    )
    assert unknown.status_code == 400 and case.children.count() == 1
    assert unknown.context["child_form"].errors["origin_region_code"]
    added = client.post(
        f"/cases/{case.pk}/children/",
        {"name": "S. (9)", "sex": "L", "age": "9", "education": "sd", "origin_region_code": "kota medan"},
    )
    assert added.status_code == 302
    child = case.children.get(name="S. (9)")
    assert (child.origin_region_code, child.education) == ("12.71", "sd")
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'S. (9) <span class="muted">· Male (L)</span>' in page
    assert '· Primary (SD)</span> <span class="muted">· from Kota Medan, Sumatera Utara</span>' in page
    step = client.get(f"/cases/{case.pk}/referrals/").content.decode()
    assert 'value="Kota Medan, Sumatera Utara (12.71)"' in step  # the return is prefilled with it
