"""Requests to platforms (preserve, take down, disclose) with their answers, overdue after 14 days
without one; and the /api/v1 endpoints for evidence (custody, verify) and platform requests."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from pantau.audit.models import AuditEvent
from pantau.cases.models import Case, CustodyEntry, PlatformRequest
from pantau.cases.platforms import ANSWER_DAYS, is_overdue, platform_answer_record, platform_request_add
from pantau.cases.tests.evidence_world import PDF, case_with_police, tamper, upload
from pantau.cases.tests.test_case_extras import make_case
from pantau.registry.tests.conftest import RegistryWorld

pytestmark = pytest.mark.django_db


def _today():  # type: ignore[no-untyped-def]
    return timezone.localdate()


def _send(actor, case, days_ago: int = 0, **extra: object) -> PlatformRequest:  # type: ignore[no-untyped-def]
    fields = {
        "platform": "tiktok",
        "kind": "preservation",
        "target": "https://www.tiktok.com/@panti.uji",
        "reference": "B/1/XII/2026",
        "sent_on": _today() - timedelta(days=days_ago),
        **extra,
    }
    return platform_request_add(actor=actor, case=case, **fields)  # type: ignore[arg-type]


def test_overdue_after_fourteen_days_without_an_answer(registry: RegistryWorld) -> None:
    world = registry.world
    case = case_with_police(registry)
    police = world.user("investigator")
    on_time, late = _send(police, case, ANSWER_DAYS), _send(police, case, ANSWER_DAYS + 1)
    answered = _send(police, case, 30)
    platform_answer_record(
        actor=police, case=case, request=answered, answer="complied", answered_on=_today(), note="Disimpan."
    )
    answered.refresh_from_db()
    assert ANSWER_DAYS == 14
    assert (is_overdue(on_time, _today()), is_overdue(late, _today()), is_overdue(answered, _today())) == (
        False,
        True,
        False,
    )
    assert answered.answer == "complied" and answered.answer_note == "Disimpan."
    recorded = AuditEvent.objects.filter(action="case.platform_request_recorded", actor=police).count()
    assert recorded == 3
    assert AuditEvent.objects.filter(action="case.platform_answer_recorded").count() == 1


def test_the_case_file_shows_requests_and_records_answers(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    world = registry.world
    case = case_with_police(registry)
    client = login(world.user("investigator"))
    response = client.post(
        f"/cases/{case.pk}/platforms/",
        {
            "platform": "instagram",
            "kind": "takedown",
            "target": "@panti.uji",
            "reference": "",
            "sent_on": (_today() - timedelta(days=20)).isoformat(),
        },
    )
    assert response.status_code == 302
    sent = PlatformRequest.objects.get()
    assert (sent.organisation, sent.recorded_by) == (world.ppa_unit, world.user("investigator"))
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="platform-overdue"' in page and "@panti.uji" in page
    answer = client.post(
        f"/cases/{case.pk}/platforms/{sent.pk}/answer/",
        {"answer": "refused", "answered_on": _today().isoformat(), "note": "Bukan pelanggaran."},
    )
    assert answer.status_code == 302
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="platform-overdue"' not in page and "Bukan pelanggaran." in page


def test_bad_requests_and_answers_are_refused_whole(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    world = registry.world
    case = case_with_police(registry)
    police = world.user("investigator")
    with pytest.raises(ValidationError) as future:
        _send(police, case, -1, target=" ")
    assert set(future.value.message_dict) == {"sent_on", "target"}
    with pytest.raises(ValidationError) as unknown:
        _send(police, case, platform="myspace", kind="delete", reference="x" * 101)
    assert set(unknown.value.message_dict) == {"platform", "kind", "reference"}
    assert not PlatformRequest.objects.exists()
    sent = _send(police, case, 5)
    with pytest.raises(ValidationError) as early:
        platform_answer_record(
            actor=police,
            case=case,
            request=sent,
            answer="complied",
            answered_on=sent.sent_on - timedelta(1),
            note="",
        )
    assert "before the request was sent" in early.value.message_dict["answered_on"][0]
    with pytest.raises(ValidationError):
        platform_answer_record(
            actor=police, case=case, request=sent, answer="pending", answered_on=_today(), note=""
        )
    platform_answer_record(
        actor=police, case=case, request=sent, answer="partly", answered_on=_today(), note=""
    )
    with pytest.raises(ValidationError, match="already recorded"):
        platform_answer_record(
            actor=police, case=case, request=sent, answer="refused", answered_on=_today(), note=""
        )
    sent.refresh_from_db()
    assert sent.answer == "partly"
    # The page answers 400 with the form open and its errors; nothing saved.
    client = login(police)
    response = client.post(
        f"/cases/{case.pk}/platforms/",
        {
            "platform": "tiktok",
            "kind": "takedown",
            "target": "@x",
            "sent_on": (_today() + timedelta(1)).isoformat(),
        },
    )
    assert response.status_code == 400 and "The date cannot be in the future." in response.content.decode()
    assert PlatformRequest.objects.count() == 1
    # A closed case takes no new request.
    Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED)
    case.refresh_from_db()
    with pytest.raises(ValidationError, match="closed"):
        _send(police, case)


def test_only_police_investigators_and_the_lead_agency_record(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    world = registry.world
    case = case_with_police(registry)
    _send(world.user("supervisor"), case)  # the lead agency
    # The UPTD PPA works on the case (accepted referral) and reads the requests, but does not send them.
    uptd = login(world.user("case_worker"))
    page = uptd.get(f"/cases/{case.pk}/").content.decode()
    assert "@panti.uji" in page and "Record a request to a platform" not in page
    form = {"platform": "tiktok", "kind": "takedown", "target": "@x", "sent_on": _today().isoformat()}
    assert uptd.post(f"/cases/{case.pk}/platforms/", form).status_code == 403
    sent = PlatformRequest.objects.get()
    answer = {"answer": "complied", "answered_on": _today().isoformat()}
    assert uptd.post(f"/cases/{case.pk}/platforms/{sent.pk}/answer/", answer).status_code == 403
    with pytest.raises(PermissionDenied):
        _send(world.user("case_worker"), case)
    assert PlatformRequest.objects.count() == 1
    reasons = AuditEvent.objects.filter(action="access.denied", actor=world.user("case_worker"))
    assert {e.changes["reason"] for e in reasons} == {"not_investigator_or_lead"}
    outsider = login(world.user("outsider"), Client())
    assert outsider.post(f"/cases/{case.pk}/platforms/", form).status_code == 404


# --- API --------------------------------------------------------------------------------------------


def test_api_lists_custody_and_verifies(registry: RegistryWorld, login: Callable[..., Client]) -> None:
    world = registry.world
    case = case_with_police(registry)
    evidence = upload(world.user("supervisor"), case)
    api = login(world.user("investigator"))
    listed = api.get(f"/api/v1/cases/{case.pk}/evidence")
    assert listed.status_code == 200
    [row] = listed.json()
    assert row["sha256"] == hashlib.sha256(PDF).hexdigest() and row["size"] == len(PDF)
    assert [link["action"] for link in row["custody"]] == ["added"] and row["broken"] is False
    verified = api.post(f"/api/v1/cases/{case.pk}/evidence/{evidence.pk}/verify")
    assert verified.status_code == 200 and verified.json()["matches"] is True
    tamper(evidence)
    refused = api.post(f"/api/v1/cases/{case.pk}/evidence/{evidence.pk}/verify")
    assert refused.status_code == 409 and "changed since it was uploaded" in refused.json()["detail"]
    assert list(evidence.custody.values_list("action", flat=True)) == ["added", "verified", "mismatch"]
    assert api.get(f"/api/v1/cases/{case.pk}/evidence").json()[0]["broken"] is True
    outsider = login(world.user("outsider"), Client())
    assert outsider.get(f"/api/v1/cases/{case.pk}/evidence").status_code == 404
    assert outsider.post(f"/api/v1/cases/{case.pk}/evidence/{evidence.pk}/verify").status_code == 404
    assert CustodyEntry.objects.count() == 3


def test_api_platform_requests(registry: RegistryWorld, login: Callable[..., Client]) -> None:
    world = registry.world
    case = case_with_police(registry)
    api = login(world.user("investigator"))
    url = f"/api/v1/cases/{case.pk}/platform-requests"
    body = {
        "platform": "tiktok",
        "kind": "disclosure",
        "target": "@panti.uji",
        "sent_on": (_today() - timedelta(days=15)).isoformat(),
    }
    created = api.post(url, body, content_type="application/json")
    assert created.status_code == 201
    assert created.json()["overdue"] is True
    assert created.json()["answer_by"] == (_today() - timedelta(days=1)).isoformat()
    future = api.post(
        url, {**body, "sent_on": (_today() + timedelta(1)).isoformat()}, content_type="application/json"
    )
    assert future.status_code == 422 and "sent_on" in future.json()["detail"]
    request_id = created.json()["id"]
    answered = api.post(
        f"{url}/{request_id}/answer",
        {"answer": "complied", "answered_on": _today().isoformat(), "note": "Data diberikan."},
        content_type="application/json",
    )
    assert answered.status_code == 200 and answered.json()["overdue"] is False
    [row] = api.get(url).json()
    assert (row["answer"], row["answer_note"]) == ("complied", "Data diberikan.")
    uptd = login(world.user("case_worker"), Client())
    assert uptd.get(url).status_code == 200
    assert uptd.post(url, body, content_type="application/json").status_code == 403
    assert PlatformRequest.objects.count() == 1
    other = make_case(registry)
    assert api.get(f"/api/v1/cases/{other.pk}/platform-requests").status_code == 404
