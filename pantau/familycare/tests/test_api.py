"""/api/v1/family-care: lists without the child's name, audited details with the eligibility checks and
their legal basis, steps recorded through the services (refusals field by field, nothing half-saved),
families with their eligibility per kind, opening a file, the rules in force."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.test import Client

from pantau.accounts.services import api_token_create
from pantau.audit.models import AuditEvent
from pantau.familycare.models import CareFile, FileStep, Kind, RuleSet
from pantau.familycare.services import file_open, rules_publish
from pantau.familycare.tests.conftest import APPLIED, CareWorld, make_child

pytestmark = pytest.mark.django_db

CHILD_NAME = "Anak Uji"  # the care fixture's child


def bearer(care: CareWorld, persona: str) -> Client:
    _, clear = api_token_create(user=care.world.user(persona), name="test", days=1)
    return Client(HTTP_AUTHORIZATION=f"Bearer {clear}", HTTP_ACCEPT_LANGUAGE="en")


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def open_adoption(care: CareWorld) -> CareFile:
    return file_open(
        actor=care.world.user("supervisor"),
        family=care.family,
        child=care.child,
        kind=Kind.ADOPTION,
        opened_on=APPLIED,
        child_religion="islam",
    )


def test_the_file_list_names_no_child_and_filters(care: CareWorld) -> None:
    file = open_adoption(care)
    client = bearer(care, "supervisor")
    response = client.get("/api/v1/family-care/files")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    (row,) = body["items"]
    assert row["id"] == file.pk and row["number"] == f"ADO-{file.pk:06d}"
    assert (row["kind"], row["stage"], row["stage_label"]) == ("adoption", "applied", "Application received")
    assert row["family_name"] == "Budi Santoso & Rina Wulandari" and row["child_id"] == care.child.pk
    assert row["due_on"] == "2026-02-04"  # home visit 1 within 30 days of the application
    assert CHILD_NAME not in response.content.decode()
    for query, count in [
        ({"kind": "foster"}, 0),
        ({"kind": "adoption", "stage": "applied"}, 1),
        ({"stage": "court_order"}, 0),
        ({"state": "open"}, 1),
        ({"state": "closed"}, 0),
        ({"state": "overdue"}, 1),  # due 4 Feb 2026, long past
        ({"state": "due"}, 1),
        ({"region": "36.03"}, 1),
        ({"region": "Kota Tangerang"}, 0),
    ]:
        assert client.get("/api/v1/family-care/files", query).json()["count"] == count, query
    unknown = client.get("/api/v1/family-care/files", {"region": "Atlantis"})
    assert unknown.status_code == 422 and "region" in unknown.json()["detail"]
    # Medan's Dinas Sosial does not see Tangerang's files; a home and a viewer may not list them at all.
    assert bearer(care, "outsider").get("/api/v1/family-care/files").json()["count"] == 0
    assert bearer(care, "lksa_operator").get("/api/v1/family-care/files").status_code == 403
    assert bearer(care, "viewer").get("/api/v1/family-care/files").status_code == 403


def test_a_file_is_read_with_its_checks_and_steps_and_the_read_is_audited(care: CareWorld) -> None:
    file = open_adoption(care)
    client = bearer(care, "supervisor")
    response = client.get(f"/api/v1/family-care/files/{file.pk}")
    assert response.status_code == 200
    body = response.json()
    assert CHILD_NAME not in response.content.decode()
    assert (body["stage"], body["rules_version"], body["version"]) == ("applied", 1, 1)
    assert [s["stage"] for s in body["steps"]] == ["applied"]
    assert body["next_step"] == {
        "stage": "home_visit_1",
        "stage_label": "Home visit 1 and social report",
        "document_label": "Report number",
        "issuer_label": "Social worker (name)",
        "provision": body["next_step"]["provision"],
        "due_on": "2026-02-04",
    }
    assert set(body["next_step"]["provision"]) == {"citation", "status", "status_label"}
    checks = {c["code"]: c for c in body["eligibility"]}
    assert checks["same_religion"]["status"] == "met"
    assert checks["same_religion"]["provision"] == {
        "citation": "UU 35/2014 Pasal 39 ayat (3); PP 54/2007 Pasal 3",
        "status": "verified",
        "status_label": "article checked against the text",
    }
    assert all(c["status"] == "met" for c in body["eligibility"])
    viewed = AuditEvent.objects.filter(action="familycare.file_viewed")
    assert viewed.count() == 1 and viewed.get().actor_id == care.world.user("supervisor").pk
    assert bearer(care, "outsider").get(f"/api/v1/family-care/files/{file.pk}").status_code == 404
    assert viewed.count() == 1


def test_a_step_is_recorded_and_a_refusal_names_the_field_and_saves_nothing(care: CareWorld) -> None:
    file = open_adoption(care)
    client = bearer(care, "supervisor")
    url = f"/api/v1/family-care/files/{file.pk}/steps"
    skipped = post(client, url, {"stage": "trial_care", "done_on": "2026-02-02", "document_number": "X"})
    assert skipped.status_code == 422
    assert skipped.json() == {
        "detail": {
            "stage": [
                "The next step of this file is “Home visit 1 and social report”; "
                "“Temporary care permit, trial care” cannot be recorded now."
            ]
        }
    }
    no_number = post(client, url, {"stage": "home_visit_1", "done_on": "2026-02-02", "issued_by": "Peksos"})
    assert no_number.status_code == 422 and no_number.json() == {
        "detail": {"document_number": ["Give the report number."]}
    }
    shape = post(client, url, {"stage": "home_visit_1", "done_on": "2 Feb"})
    assert shape.status_code == 422 and shape.json() == {
        "detail": {"done_on": ["Enter a date as YYYY-MM-DD."]}
    }
    assert FileStep.objects.filter(file=file).count() == 1
    good = {
        "stage": "home_visit_1",
        "done_on": "2026-02-02",
        "document_number": "LAP/7",
        "issued_by": "Peksos Hidayat",
        "version": 1,
    }
    recorded = post(client, url, good)
    assert recorded.status_code == 200, recorded.content
    body = recorded.json()
    assert (body["stage"], body["stage_on"], body["version"]) == ("home_visit_1", "2026-02-02", 2)
    assert body["steps"][-1]["document_number"] == "LAP/7"
    assert body["next_step"]["stage"] == "trial_care" and body["due_on"] == "2026-04-03"
    # A form loaded before that step: refused on the version, nothing saved.
    stale = post(client, url, {**good, "stage": "trial_care", "done_on": "2026-03-02", "version": 1})
    assert stale.status_code == 422 and stale.json() == {
        "detail": {"version": ["Someone recorded a step on this file meanwhile: reload it and try again."]}
    }
    assert FileStep.objects.filter(file=file).count() == 2
    # Managing is Dinas Sosial's: the viewer is refused, Medan does not see the file.
    assert post(bearer(care, "viewer"), url, good).status_code == 403
    assert post(bearer(care, "outsider"), url, good).status_code == 404


def test_families_list_and_detail_with_eligibility_per_kind(care: CareWorld) -> None:
    open_adoption(care)
    client = bearer(care, "supervisor")
    listed = client.get("/api/v1/family-care/families").json()
    assert listed["count"] == 1
    (row,) = listed["items"]
    assert (row["id"], row["applicant_name"], row["open_files"]) == (care.family.pk, "Budi Santoso", 1)
    response = client.get(f"/api/v1/family-care/families/{care.family.pk}")
    assert response.status_code == 200
    body = response.json()
    assert [e["kind"] for e in body["eligibility"]] == ["adoption", "foster", "kinship", "guardianship"]
    by_kind = {e["kind"]: e for e in body["eligibility"]}
    assert by_kind["adoption"]["rules_version"] == 1
    kinship = {c["code"]: c for c in by_kind["kinship"]["checks"]}
    assert kinship["relative"]["status"] == "missing" and not by_kind["kinship"]["ok"]
    assert all(set(c["provision"]) == {"citation", "status", "status_label"} for c in kinship.values())
    assert len(body["documents"]) == 10 and "number" not in body["documents"][0]
    assert [f["kind"] for f in body["files"]] == ["adoption"] and CHILD_NAME not in response.content.decode()
    assert AuditEvent.objects.filter(action="familycare.family_viewed").count() == 1
    assert bearer(care, "outsider").get(f"/api/v1/family-care/families/{care.family.pk}").status_code == 404


def test_a_file_is_opened_for_a_child_in_the_officers_area_only(care: CareWorld) -> None:
    client = bearer(care, "supervisor")
    url = f"/api/v1/family-care/families/{care.family.pk}/files"
    body = {
        "child_id": care.child.pk,
        "kind": "adoption",
        "opened_on": "2026-01-05",
        "child_religion": "islam",
    }
    medan_child = make_child(care.medan)
    elsewhere = post(client, url, {**body, "child_id": medan_child.pk})
    assert elsewhere.status_code == 422 and elsewhere.json() == {
        "detail": {"child_id": ["No child in care in your area has this number."]}
    }
    opened = post(client, url, body)
    assert opened.status_code == 201, opened.content
    assert opened.json()["stage"] == "applied" and opened.json()["kind"] == "adoption"
    again = post(client, url, body)
    assert again.status_code == 422 and again.json() == {
        "detail": {"child": ["This child already has an open file: one family at a time."]}
    }
    assert CareFile.objects.count() == 1
    assert post(bearer(care, "viewer"), url, body).status_code == 403


def test_the_rules_list_every_version_and_the_one_in_force(care: CareWorld) -> None:
    rules_publish(
        actor=care.world.user("system_admin"),
        kind=Kind.FOSTER,
        valid_from=date(2099, 1, 1),
        params={**RuleSet.objects.get(kind=Kind.FOSTER, version=1).params, "min_age": 25},
        note="Draft for a future regulation",
    )
    response = bearer(care, "supervisor").get("/api/v1/family-care/rules", {"kind": "foster"})
    assert response.status_code == 200
    versions = [(r["version"], r["in_force"], r["params"]["min_age"]) for r in response.json()]
    assert versions == [(2, False, 25), (1, True, 30)]
    assert len(bearer(care, "system_admin").get("/api/v1/family-care/rules").json()) == 5
    assert bearer(care, "viewer").get("/api/v1/family-care/rules").status_code == 403
