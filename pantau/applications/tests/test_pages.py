"""Pages, API, queues and notifications of online applications, by persona (owner / colleague / outsider)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pantau.applications import services
from pantau.applications.models import Application, Kind, Status
from pantau.applications.queues import applications_returned, applications_waiting
from pantau.applications.selectors import add_working_days
from pantau.applications.tests.conftest import drafted, make_home, pdf, submitted, with_entity
from pantau.audit.models import AuditEvent
from pantau.conftest import World
from pantau.notifications.models import Notification
from pantau.registry.models import Registration

pytestmark = pytest.mark.django_db


def _verified(application: Application, officer: Any) -> None:
    services.application_file_check(actor=officer, application=application)
    services.application_field_verify(
        actor=officer,
        application=application,
        visited_on=timezone.localdate(),
        officer=officer,
        note="Sesuai",
    )


def test_the_home_drafts_attaches_and_submits_on_the_pages(world: World, login) -> None:  # type: ignore[no-untyped-def]
    home = make_home(world.lksa)
    client = login(world.user("lksa_operator"))
    response = client.post(reverse("applications:new", args=["registration"]), {"summary": "Panti 40 anak"})
    application = Application.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "applications:detail", args=[application.pk]
    )
    assert application.lksa == home and application.status == Status.DRAFT

    # Submitting with documents missing: refused, said why, nothing changed.
    refused = client.post(reverse("applications:submit", args=[application.pk]))
    assert refused.status_code == 400
    assert "Attach every required document first (12 missing)." in refused.content.decode()

    # A file that is not a PDF, JPEG or PNG is refused whatever its name.
    fake = SimpleUploadedFile("akta.pdf", b"MZ\x90\x00 not a document", content_type="application/pdf")
    bad = client.post(reverse("applications:document_upload", args=[application.pk, "deed"]), {"file": fake})
    assert bad.status_code == 400
    assert "Only PDF, JPEG or PNG documents are accepted" in bad.content.decode()
    for requirement in ("deed", "legal_entity", "statutes", "structure", "domicile", "npwp", "bank_account"):
        url = reverse("applications:document_upload", args=[application.pk, requirement])
        assert client.post(url, {"file": pdf()}).status_code == 302
    for requirement in ("programme", "facilities", "clients_staff", "recommendation", "statement"):
        url = reverse("applications:document_upload", args=[application.pk, requirement])
        assert client.post(url, {"file": pdf()}).status_code == 302
    page = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert (
        "required document is still missing" not in page
        and "required documents are still missing" not in page
    )
    assert client.post(reverse("applications:submit", args=[application.pk])).status_code == 302
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    # The document opens for the home and for Dinas Sosial, each opening audited.
    document_url = reverse("applications:document", args=[application.pk, "deed"])
    assert client.get(document_url)["Content-Type"] == "application/pdf"
    assert login(world.user("supervisor")).get(document_url).status_code == 200
    assert AuditEvent.objects.filter(action="application.document_opened").count() == 2


def test_every_notification_link_opens_for_its_recipient(world: World, login) -> None:  # type: ignore[no-untyped-def]
    home = make_home(world.lksa)
    operator, officer = world.user("lksa_operator"), world.user("supervisor")
    application = submitted(home, operator)
    services.application_return(actor=officer, application=application, note="Lengkapi AD/ART.")
    services.application_submit(actor=operator, application=application)
    _verified(application, world.user("colleague"))
    services.application_approve(
        actor=world.user("colleague"), application=application, number="TD/77", issued_on=timezone.localdate()
    )
    notes = list(Notification.objects.select_related("user").order_by("pk"))
    assert [(n.user.email, n.text) for n in notes] == [
        ("pengawas@dinsos.test.id", "LKSA Kasih Bunda applies: Tanda Daftar LKS registration"),
        ("rekan@dinsos.test.id", "LKSA Kasih Bunda applies: Tanda Daftar LKS registration"),
        (
            "operator@lksa.test.id",
            "Dinas Sosial returned your application for correction: Tanda Daftar LKS registration",
        ),
        ("pengawas@dinsos.test.id", "LKSA Kasih Bunda applies: Tanda Daftar LKS registration"),
        ("rekan@dinsos.test.id", "LKSA Kasih Bunda applies: Tanda Daftar LKS registration"),
        ("operator@lksa.test.id", "Your application was approved: Tanda Daftar LKS registration (no. TD/77)"),
    ]
    for note in notes:
        assert login(note.user, Client()).get(note.url).status_code == 200, note.user.email


def test_outsiders_and_other_roles_do_not_see_applications(world: World, login) -> None:  # type: ignore[no-untyped-def]
    home = make_home(world.lksa)
    application = submitted(home, world.user("lksa_operator"))
    detail = reverse("applications:detail", args=[application.pk])
    assert login(world.user("outsider")).get(detail).status_code == 404
    assert login(world.user("viewer")).get(detail).status_code == 404
    assert login(world.user("viewer")).get(reverse("applications:list")).status_code == 403
    # A draft stays the home's until it is submitted.
    draft = drafted(home, world.user("lksa_operator"), complete=False)
    assert (
        login(world.user("supervisor")).get(reverse("applications:detail", args=[draft.pk])).status_code
        == 404
    )


def test_the_queue_is_oldest_first_with_its_age_and_overdue_flag(
    world: World, login, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    home = make_home(world.lksa)
    operator = world.user("lksa_operator")
    old, recent = submitted(home, operator), submitted(home, operator)
    now = timezone.now()
    # Three weeks ago is 15 working days whatever the weekday; two weeks, 10.
    Application.objects.filter(pk=old.pk).update(submitted_at=now - timedelta(days=21))
    Application.objects.filter(pk=recent.pk).update(submitted_at=now - timedelta(days=14))
    client = login(world.user("supervisor"))
    client.get(reverse("applications:list"))
    with django_assert_num_queries(7):
        response = client.get(reverse("applications:list"))
    rows = [(r["application"].pk, r["age"], r["overdue"]) for r in response.context["rows"]]
    assert rows == [(old.pk, 15, True), (recent.pk, 10, False)]
    first_due = add_working_days(timezone.localdate() - timedelta(days=21), 14)
    assert response.context["rows"][0]["due"] == first_due
    # More applications, the same number of queries.
    for _ in range(3):
        submitted(home, operator)
    with django_assert_num_queries(7):
        assert len(client.get(reverse("applications:list")).context["rows"]) == 5

    queue = applications_waiting(world.user("supervisor"), today=timezone.localdate())
    assert queue.count == 5 and queue.urgent
    assert [item.urgent for item in queue.items] == [True, False, False, False, False]
    assert queue.items[0].url == reverse("applications:detail", args=[old.pk])
    assert applications_waiting(world.user("outsider"), today=timezone.localdate()).count == 0


def test_the_home_page_queues_link_to_what_their_recipients_may_open(world: World, login) -> None:  # type: ignore[no-untyped-def]
    home = make_home(world.lksa)
    application = submitted(home, world.user("lksa_operator"))
    officer = login(world.user("supervisor"))
    page = officer.get("/")
    waiting = {q.key: q for q in page.context["queues"]}["applications_waiting"]
    assert waiting.count == 1 and officer.get(waiting.items[0].url).status_code == 200
    assert officer.get(waiting.see_all).status_code == 200
    services.application_return(
        actor=world.user("supervisor"), application=application, note="Foto KTP buram."
    )
    returned = applications_returned(world.user("lksa_operator"))
    assert (returned.count, returned.items[0].detail) == (1, "Foto KTP buram.")
    home_client = login(world.user("lksa_operator"))
    queues = {q.key: q for q in home_client.get("/").context["queues"]}
    assert queues["applications_returned"].count == 1
    assert home_client.get(queues["applications_returned"].items[0].url).status_code == 200
    assert home_client.get(queues["applications_returned"].see_all).status_code == 200


def test_dinas_sosial_works_the_steps_on_the_pages(world: World, login) -> None:  # type: ignore[no-untyped-def]
    home = make_home(world.lksa)
    application = submitted(home, world.user("lksa_operator"))
    client = login(world.user("supervisor"))
    base = reverse("applications:detail", args=[application.pk])
    page = client.get(base)
    checks = {c.key: c.outcome for c in page.context["checks"]}
    assert checks == {
        "legal_entity": "warning",
        "account": "warning",
        "registration": "ok",
        "accreditation": "warning",
    }
    assert client.post(f"{base}file-check/", {"note": "Lengkap"}).status_code == 302
    refused = client.post(f"{base}field-verification/", {"visited_on": "", "note": ""})
    assert refused.status_code == 400
    officer_pk = world.user("supervisor").pk
    today = timezone.localdate().isoformat()
    verified = client.post(
        f"{base}field-verification/", {"visited_on": today, "officer": officer_pk, "note": "Ada"}
    )
    assert verified.status_code == 302
    future = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert client.post(f"{base}approve/", {"number": "TD/1", "issued_on": future}).status_code == 400
    assert client.post(f"{base}approve/", {"number": "TD/1", "issued_on": today}).status_code == 302
    assert Registration.objects.get(lksa=home).number == "TD/1"
    registry_page = client.get(reverse("registry:lksa_detail", args=[home.pk])).content.decode()
    assert "TD/1" in registry_page


def test_a_recommendation_shows_on_the_homes_registry_page(world: World, login) -> None:  # type: ignore[no-untyped-def]
    home = make_home(world.lksa)
    account = with_entity(home)
    facts = {
        "purpose": "Beasiswa anak asuh",
        "reach": "national",
        "area": "Seluruh Indonesia (daring)",
        "starts_on": timezone.localdate(),
        "ends_on": timezone.localdate() + timedelta(days=60),
        "bank_account": account,
    }
    application = submitted(home, world.user("lksa_operator"), Kind.PUB_RECOMMENDATION, **facts)
    page = login(world.user("supervisor")).get(reverse("applications:detail", args=[application.pk]))
    checks = {c.key: c.outcome for c in page.context["checks"]}
    # No registration on record: a problem for a fundraising recommendation.
    assert checks == {
        "legal_entity": "ok",
        "account": "ok",
        "registration": "problem",
        "accreditation": "warning",
    }
    _verified(application, world.user("supervisor"))
    services.application_approve(
        actor=world.user("supervisor"),
        application=application,
        number="REK/9/2026",
        issued_on=timezone.localdate(),
    )
    shown = (
        login(world.user("lksa_operator"))
        .get(reverse("registry:lksa_detail", args=[home.pk]))
        .content.decode()
    )
    assert "Letter no. REK/9/2026" in shown and "Beasiswa anak asuh" in shown


def test_the_api_lists_submits_and_decides(world: World, login) -> None:  # type: ignore[no-untyped-def]
    home = make_home(world.lksa)
    application = drafted(home, world.user("lksa_operator"))
    operator = login(world.user("lksa_operator"))
    submit = operator.post(f"/api/v1/applications/{application.pk}/submit", content_type="application/json")
    assert submit.status_code == 200 and submit.json()["status"] == "submitted"
    again = operator.post(f"/api/v1/applications/{application.pk}/submit", content_type="application/json")
    assert again.status_code == 422
    officer = login(world.user("supervisor"))
    rows = officer.get("/api/v1/applications?status=waiting").json()["items"]
    assert [(r["id"], r["lksa_name"], r["overdue"]) for r in rows] == [
        (application.pk, "LKSA Kasih Bunda", False)
    ]
    body = {"decision": "approve", "number": "TD/API/1", "issued_on": timezone.localdate().isoformat()}
    early = officer.post(
        f"/api/v1/applications/{application.pk}/decide", body, content_type="application/json"
    )
    assert early.status_code == 422  # not verified in the field yet
    _verified(application, world.user("supervisor"))
    done = officer.post(
        f"/api/v1/applications/{application.pk}/decide", body, content_type="application/json"
    )
    assert done.status_code == 200
    detail = done.json()
    assert (
        detail["status"] == "approved" and detail["registration_id"] == Registration.objects.get(lksa=home).pk
    )
    assert [e["action"] for e in detail["history"]][-1] == "approved"
    assert login(world.user("outsider")).get(f"/api/v1/applications/{application.pk}").status_code == 404
