"""The home applies, Dinas Sosial checks and decides; the decision becomes the registry's record."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from pantau.accounts.models import Membership, User
from pantau.accounts.roles import Role
from pantau.applications import services
from pantau.applications.models import Application, Event, Kind, Status
from pantau.applications.requirements import documents_for
from pantau.applications.selectors import add_working_days, working_days_between
from pantau.applications.tests.conftest import drafted, make_home, pdf, submitted, with_entity
from pantau.audit.models import AuditEvent
from pantau.conftest import World, make_user
from pantau.notifications.models import Notification
from pantau.registry.models import BankAccount, Registration

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _indonesian() -> Iterator[None]:
    """Outside a request the services speak the active language; a request earlier in the same thread
    (another test's) may have left English active, so these tests say which one they read."""
    with translation.override("id"):
        yield


def _verified(application: Application, officer: User) -> Application:
    services.application_file_check(actor=officer, application=application, note="Lengkap")
    return services.application_field_verify(
        actor=officer,
        application=application,
        visited_on=timezone.localdate(),
        officer=officer,
        note="Sesuai",
    )


def test_a_registration_approved_becomes_the_homes_registration(world: World) -> None:
    home = make_home(world.lksa)
    operator, officer = world.user("lksa_operator"), world.user("supervisor")
    application = submitted(home, operator)
    # Dinas Sosial's officers of the home's kabupaten are told, with a link to the application.
    told = Notification.objects.filter(url=reverse("applications:detail", args=[application.pk]))
    assert sorted(told.values_list("user__email", flat=True)) == [
        "pengawas@dinsos.test.id",
        "rekan@dinsos.test.id",
    ]
    _verified(application, officer)
    issued = timezone.localdate() - timedelta(days=1)
    services.application_approve(
        actor=officer, application=application, number="460/TD-LKS/017", issued_on=issued
    )

    application.refresh_from_db()
    registration = Registration.objects.get(lksa=home)
    assert application.status == Status.APPROVED and application.registration == registration
    assert registration.number == "460/TD-LKS/017"
    assert registration.issuer == "Dinas Sosial Kabupaten Tangerang"
    assert registration.issued_on == issued
    assert registration.valid_until == issued.replace(year=issued.year + 3)
    home.refresh_from_db()
    assert home.legality_status == "attention"  # registered now; no staff and no accreditation yet
    assert "registration_missing" not in {r["code"] for r in home.legality_reasons}
    actions = list(AuditEvent.objects.filter(target_id=str(application.pk)).values_list("action", flat=True))
    assert actions.count("application.document_attached") == 12
    assert {"application.created", "application.submitted", "application.approved"} <= set(actions)
    assert AuditEvent.objects.filter(action="lksa.record_added", target_id=str(home.pk)).count() == 1
    assert list(application.events.values_list("action", flat=True)) == [
        "created",
        "submitted",
        "file_checked",
        "field_verified",
        "approved",
    ]
    assert Notification.objects.filter(user=operator, text__contains="460/TD-LKS/017").count() == 1


def test_submission_needs_every_required_document(world: World) -> None:
    home = make_home(world.lksa)
    application = drafted(home, world.user("lksa_operator"), complete=False)
    services.document_attach(
        actor=world.user("lksa_operator"), application=application, key="deed", upload=pdf()
    )
    with pytest.raises(ValidationError) as refused:
        services.application_submit(actor=world.user("lksa_operator"), application=application)
    # Outside a request the service speaks the default language, Indonesian.
    assert refused.value.messages == ["Lampirkan dulu semua dokumen wajib (11 belum ada)."]
    application.refresh_from_db()
    assert application.status == Status.DRAFT and application.submitted_at is None


def test_a_document_must_be_a_pdf_jpeg_or_png(world: World) -> None:
    home = make_home(world.lksa)
    application = drafted(home, world.user("lksa_operator"), complete=False)
    fake = SimpleUploadedFile("surat.pdf", b"MZ\x90\x00 an executable", content_type="application/pdf")
    with pytest.raises(ValidationError):
        services.document_attach(
            actor=world.user("lksa_operator"), application=application, key="deed", upload=fake
        )
    assert application.documents.count() == 0


def test_nobody_checks_an_application_they_submitted(world: World) -> None:
    home = make_home(world.lksa)
    officer = world.user("supervisor")
    application = submitted(home, world.user("lksa_operator"))
    Application.objects.filter(pk=application.pk).update(submitted_by=officer)
    with pytest.raises(ValidationError, match="yang ia buat atau ajukan sendiri"):
        services.application_file_check(actor=officer, application=application)
    services.application_file_check(actor=world.user("colleague"), application=application)


def test_returned_resubmitted_and_the_history_kept(world: World) -> None:
    home = make_home(world.lksa)
    operator, officer = world.user("lksa_operator"), world.user("supervisor")
    application = submitted(home, operator)
    services.application_file_check(actor=officer, application=application)
    services.application_return(actor=officer, application=application, note="Akta pendirian tidak terbaca.")
    application.refresh_from_db()
    assert application.status == Status.RETURNED
    assert application.decision_note == "Akta pendirian tidak terbaca."
    services.document_attach(actor=operator, application=application, key="deed", upload=pdf())
    services.application_submit(actor=operator, application=application)
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED and application.file_checked_at is None
    assert list(application.events.values_list("action", "note")) == [
        ("created", ""),
        ("submitted", ""),
        ("file_checked", ""),
        ("returned", "Akta pendirian tidak terbaca."),
        ("resubmitted", ""),
    ]
    # Approval needs the steps in order: not straight after a resubmission.
    with pytest.raises(ValidationError):
        services.application_approve(
            actor=officer, application=application, number="X/1", issued_on=date(2026, 1, 5)
        )


def test_a_renewal_creates_the_next_registration(world: World) -> None:
    home = make_home(world.lksa)
    today = timezone.localdate()
    old = Registration.objects.create(
        lksa=home,
        number="460/TD/2023/5",
        issued_on=today - timedelta(days=1000),
        valid_until=today + timedelta(days=20),
    )
    operator, officer = world.user("lksa_operator"), world.user("supervisor")
    assert [r.key for r in documents_for(Kind.RENEWAL)][-1] == "activity_reports"
    application = submitted(home, operator, Kind.RENEWAL, previous_registration=old)
    _verified(application, officer)
    services.application_approve(
        actor=officer, application=application, number="460/TD/2026/9", issued_on=today
    )
    assert list(
        Registration.objects.filter(lksa=home).order_by("issued_on").values_list("number", flat=True)
    ) == [
        "460/TD/2023/5",
        "460/TD/2026/9",
    ]


def test_a_renewal_must_name_the_homes_own_registration(world: World) -> None:
    home = make_home(world.lksa)
    other = make_home(world.lksa_medan)
    theirs = Registration.objects.create(lksa=other, number="MDN/1", issued_on=date(2024, 1, 1))
    with pytest.raises(ValidationError) as refused:
        drafted(home, world.user("lksa_operator"), Kind.RENEWAL, previous_registration=theirs)
    assert "previous_registration" in refused.value.message_dict


def _pub(**facts: object) -> dict[str, object]:
    start = date(2026, 8, 1)
    return {
        "purpose": "Renovasi asrama putri",
        "reach": "regency",
        "area": "Kabupaten Tangerang",
        "method": "Transfer bank dan kotak amal di acara",
        "starts_on": start,
        "ends_on": date(2026, 10, 31),
        **facts,
    }


def test_a_fundraising_recommendation_is_recorded_as_the_letter(world: World) -> None:
    home = make_home(world.lksa)
    account = with_entity(home)
    operator, officer = world.user("lksa_operator"), world.user("supervisor")
    application = submitted(home, operator, Kind.PUB_RECOMMENDATION, **_pub(bank_account=account))
    _verified(application, officer)
    services.application_approve(
        actor=officer, application=application, number="400.9/123/Dinsos", issued_on=timezone.localdate()
    )
    application.refresh_from_db()
    assert (application.letter_number, application.letter_date) == ("400.9/123/Dinsos", timezone.localdate())
    assert application.registration is None
    assert Registration.objects.filter(lksa=home).count() == 0


@pytest.mark.parametrize(
    ("facts", "field"),
    [
        ({"ends_on": date(2026, 11, 2)}, "ends_on"),  # longer than 3 months
        ({"is_extension": True}, "ends_on"),  # an extension: 1 month at most
        ({"purpose": ""}, "purpose"),
    ],
)
def test_fundraising_facts_are_refused_when_they_break_the_rules(
    world: World, facts: dict, field: str
) -> None:
    home = make_home(world.lksa)
    account = with_entity(home)
    with pytest.raises(ValidationError) as refused:
        drafted(
            home, world.user("lksa_operator"), Kind.PUB_RECOMMENDATION, **_pub(bank_account=account, **facts)
        )
    assert field in refused.value.message_dict


def test_the_collection_account_must_be_the_foundations(world: World) -> None:
    home = make_home(world.lksa)
    with_entity(home)
    personal = BankAccount.objects.create(
        lksa=home, bank="BCA", number="8880123456", holder_name="Budi Santoso", holder_kind="person"
    )
    with pytest.raises(ValidationError) as refused:
        drafted(home, world.user("lksa_operator"), Kind.PUB_RECOMMENDATION, **_pub(bank_account=personal))
    assert refused.value.message_dict["bank_account"] == [
        "Rekening penampung harus atas nama yayasan, bukan perorangan."
    ]


def test_an_lksa_administrator_applies_for_the_home_too(world: World, login) -> None:  # type: ignore[no-untyped-def]
    home = make_home(world.lksa)
    admin = make_user("admin@lksa.test.id", world.lksa, Role.ORG_ADMIN)
    response = login(admin).post(reverse("applications:new", args=["registration"]), {"summary": "Baru"})
    assert response.status_code == 302
    assert Application.objects.get().lksa == home
    assert Membership.objects.filter(user=admin).count() == 1


def test_working_days() -> None:
    friday = date(2026, 12, 4)
    assert add_working_days(friday, 1) == date(2026, 12, 7)  # Monday
    assert add_working_days(friday, 14) == date(2026, 12, 24)
    assert working_days_between(friday, date(2026, 12, 14)) == 6
    assert working_days_between(friday, friday) == 0


@override_settings(PANTAU_REGISTRATION_VALIDITY_YEARS=5)
def test_the_validity_is_a_setting() -> None:
    assert services.valid_until(date(2024, 2, 29)) == date(2029, 2, 28)


def test_events_are_written_once_per_step(world: World) -> None:
    home = make_home(world.lksa)
    submitted(home, world.user("lksa_operator"))
    assert Event.objects.count() == 2


def test_the_registry_can_still_remove_a_record_an_application_points_at(world: World) -> None:
    from pantau.registry.services import record_remove

    home = make_home(world.lksa)
    officer = world.user("supervisor")
    application = submitted(home, world.user("lksa_operator"))
    _verified(application, officer)
    services.application_approve(
        actor=officer, application=application, number="TD/X", issued_on=timezone.localdate()
    )
    record_remove(actor=officer, lksa=home, record=Registration.objects.get(lksa=home))
    application.refresh_from_db()
    assert application.registration is None and application.status == Status.APPROVED
