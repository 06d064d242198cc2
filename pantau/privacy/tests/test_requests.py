"""Data-subject requests: the office records one (due 72 hours after it was received), a colleague sees
and answers it, an office elsewhere cannot find it (404) and a home cannot use the function (403), and
refusals change nothing. Overdue requests are flagged on the list."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pantau.audit.models import AuditEvent
from pantau.conftest import World
from pantau.privacy.models import Status, SubjectRequest
from pantau.privacy.services import request_answer

pytestmark = pytest.mark.django_db

MakeRequest = Callable[..., SubjectRequest]


def test_a_request_is_due_three_times_24_hours_after_it_was_received(
    world: World, make_request: MakeRequest
) -> None:
    received = timezone.now() - timedelta(hours=1)
    item = make_request(received_at=received)
    assert item.due_at == received + timedelta(hours=72)
    assert item.region_code == "36.03"  # the recording office's jurisdiction
    assert item.status == Status.OPEN and item.recorded_by == world.user("supervisor")
    event = AuditEvent.objects.get(action="privacy.request_recorded")
    assert event.changes == {"kind": "access", "subject_kind": "child"}


def test_a_request_received_in_the_future_is_refused_and_nothing_is_saved(make_request: MakeRequest) -> None:
    with pytest.raises(ValidationError) as refused:
        make_request(received_at=timezone.now() + timedelta(days=1))
    assert "received_at" in refused.value.message_dict
    assert SubjectRequest.objects.count() == 0


def test_a_home_cannot_record_a_request(make_request: MakeRequest) -> None:
    with pytest.raises(PermissionDenied):
        make_request(by="lksa_operator")
    assert SubjectRequest.objects.count() == 0


def test_a_colleague_answers_and_answering_twice_is_refused(world: World, make_request: MakeRequest) -> None:
    item = make_request()
    answered = request_answer(
        actor=world.user("colleague"), request=item, status="answered", answer="Salinan dikirim."
    )
    assert answered.status == Status.ANSWERED and answered.handled_by == world.user("colleague")
    assert not answered.is_overdue
    with pytest.raises(ValidationError):
        request_answer(actor=world.user("supervisor"), request=item, status="refused", answer="x")
    item.refresh_from_db()
    assert item.answer == "Salinan dikirim." and item.status == Status.ANSWERED


def test_an_empty_answer_is_refused_in_indonesian(
    world: World, make_request: MakeRequest, client: Client, login
) -> None:  # type: ignore[no-untyped-def]
    item = make_request()
    c = login(world.user("supervisor"))
    c.defaults["HTTP_ACCEPT_LANGUAGE"] = "id"
    response = c.post(f"/privacy/requests/{item.pk}/", {"status": "answered", "answer": " "})
    assert response.status_code == 400
    assert "Kolom ini wajib diisi" in response.content.decode()
    item.refresh_from_db()
    assert item.status == Status.OPEN


def test_the_list_flags_overdue_requests_in_a_fixed_number_of_queries(
    world: World, make_request: MakeRequest, login
) -> None:  # type: ignore[no-untyped-def]
    late = make_request(received_at=timezone.now() - timedelta(days=5), subject_reference="child #7")
    make_request(subject_reference="child #8")
    c = login(world.user("colleague"))
    with CaptureQueriesContext(connection) as two:
        response = c.get("/privacy/requests/")
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('data-testid="overdue"') == 1 and 'data-testid="overdue-count"' in page
    assert "child #7" in page and "child #8" in page
    for n in range(5):
        make_request(subject_reference=f"child #{20 + n}")
    with CaptureQueriesContext(connection) as seven:
        c.get("/privacy/requests/")
    assert len(seven) == len(two)
    only = c.get("/privacy/requests/?overdue=on").content.decode()
    assert "child #7" in only and "child #8" not in only
    assert late.is_overdue


def test_an_office_elsewhere_cannot_find_the_request(world: World, make_request: MakeRequest, login) -> None:  # type: ignore[no-untyped-def]
    item = make_request()
    c = login(world.user("outsider"))
    assert "child #1" not in c.get("/privacy/requests/").content.decode()
    assert c.get(f"/privacy/requests/{item.pk}/").status_code == 404
    assert c.post(f"/privacy/requests/{item.pk}/", {"status": "answered", "answer": "x"}).status_code == 404
    item.refresh_from_db()
    assert item.status == Status.OPEN
    assert AuditEvent.objects.filter(action="access.denied", actor=world.user("outsider")).exists()


def test_a_home_and_the_police_are_refused(world: World, make_request: MakeRequest, login) -> None:  # type: ignore[no-untyped-def]
    item = make_request()
    for persona in ("lksa_operator", "investigator", "case_worker"):
        c = login(world.user(persona))
        assert c.get("/privacy/requests/").status_code == 403
        assert (
            c.post(f"/privacy/requests/{item.pk}/", {"status": "answered", "answer": "x"}).status_code == 403
        )
    item.refresh_from_db()
    assert item.status == Status.OPEN


def test_the_page_records_a_request(world: World, login) -> None:  # type: ignore[no-untyped-def]
    c = login(world.user("supervisor"))
    response = c.post(
        "/privacy/requests/new/",
        {
            "kind": "correction",
            "requester_relation": "guardian",
            "reply_to": "Surat ke alamat wali",
            "subject_kind": "child",
            "subject_reference": "child #3",
            "details": "Tanggal lahir salah.",
        },
    )
    item = SubjectRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/privacy/requests/{item.pk}/"
    assert item.kind == "correction" and item.due_at - item.received_at == timedelta(hours=72)


def test_the_api_lists_records_and_answers(world: World, make_request: MakeRequest, login) -> None:  # type: ignore[no-untyped-def]
    make_request()
    c = login(world.user("colleague"))
    listed = c.get("/api/v1/privacy/requests").json()
    assert [r["subject_reference"] for r in listed["items"]] == ["child #1"]
    bad = c.post(
        "/api/v1/privacy/requests",
        {
            "kind": "nope",
            "requester_relation": "self",
            "reply_to": "x",
            "subject_kind": "child",
            "subject_reference": "c",
            "details": "d",
        },
        content_type="application/json",
    )
    assert bad.status_code == 422 and SubjectRequest.objects.count() == 1
    made = c.post(
        "/api/v1/privacy/requests",
        {
            "kind": "deletion",
            "requester_relation": "self",
            "reply_to": "email",
            "subject_kind": "reporter",
            "subject_reference": "concern ABC",
            "details": "Hapus nama saya.",
        },
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["status"] == "open"
    pk = made.json()["id"]
    answered = c.post(
        f"/api/v1/privacy/requests/{pk}/answer",
        {"status": "answered", "answer": "Dihapus."},
        content_type="application/json",
    )
    assert answered.status_code == 200 and answered.json()["status"] == "answered"
    outsider = login(world.user("outsider"), Client())
    assert outsider.get(f"/api/v1/privacy/requests/{pk}").status_code == 404
    assert outsider.get("/api/v1/privacy/requests").json()["items"] == []
