"""Each legality rule on a known dataset: what fires, with which facts and legal basis."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core.management import call_command

from pantau.registry.legality import RULES, assess, reason_text
from pantau.registry.models import (
    AdoptionLicence,
    BankAccount,
    FundraisingPermit,
    LegalEntity,
    Lksa,
    Registration,
    StaffMember,
)
from pantau.registry.tests.conftest import TODAY, RegistryWorld, make_sound, refresh

pytestmark = pytest.mark.django_db


def codes(lksa: Lksa) -> set[str]:
    return {reason["code"] for reason in refresh(lksa).legality_reasons}


def test_a_sound_home_is_registered_without_reasons(registry: RegistryWorld) -> None:
    home = make_sound(registry.home)
    assert home.legality_status == "registered" and home.legality_reasons == []


def test_nothing_on_record(registry: RegistryWorld) -> None:
    home = refresh(registry.home)
    assert home.legality_status == "not_registered"
    assert codes(home) == {
        "registration_missing",
        "legal_entity_missing",
        "accreditation_missing",
        "staff_missing",
    }
    first = home.legality_reasons[0]
    assert first["code"] == "registration_missing" and first["severity"] == "critical"
    assert "Permensos 184/2011" in first["legal_basis"]


def test_kemenkumham_decree_alone_is_not_an_operating_licence(registry: RegistryWorld) -> None:
    home = make_sound(registry.home)
    Registration.objects.filter(lksa=home).delete()
    assert "registration_missing_entity_only" in codes(home)
    assert refresh(home).legality_status == "not_registered"


def test_expired_and_expiring_registration(registry: RegistryWorld) -> None:
    home = make_sound(registry.home)
    registration = Registration.objects.get(lksa=home)
    registration.valid_until = TODAY - timedelta(days=1)
    registration.save()
    fresh = refresh(home)
    assert fresh.legality_status == "not_registered"
    assert fresh.legality_reasons[0]["params"] == {"number": registration.number, "date": "2026-05-31"}
    registration.valid_until = TODAY + timedelta(days=59)
    registration.save()
    fresh = refresh(home)
    assert fresh.legality_status == "attention" and codes(home) == {"registration_expiring"}


def test_registration_without_legal_entity(registry: RegistryWorld) -> None:
    home = make_sound(registry.home)
    LegalEntity.objects.filter(lksa=home).update(ahu_number="")  # a deed, never ratified
    assert codes(home) == {"legal_entity_missing"}


def test_fundraising_rules(registry: RegistryWorld) -> None:
    home = make_sound(registry.home)
    Lksa.objects.filter(pk=home.pk).update(solicits_donations=True)
    assert codes(home) == {"fundraising_without_permit"}
    account = BankAccount.objects.get(lksa=home)
    FundraisingPermit.objects.create(
        lksa=home,
        number="PUB/1",
        level="regency",
        issued_on=TODAY - timedelta(days=10),
        valid_until=TODAY + timedelta(days=80),
        bank_account=account,
    )
    assert codes(home) == set()
    LegalEntity.objects.filter(lksa=home).delete()
    assert codes(home) == {"legal_entity_missing", "fundraising_permit_without_entity"}


def test_personal_bank_account_staff_and_capacity(registry: RegistryWorld) -> None:
    home = make_sound(registry.home)
    BankAccount.objects.create(
        lksa=home, bank="BCA", number="555 000 1111", holder_name="Budi", holder_kind="person"
    )
    StaffMember.objects.create(lksa=home, full_name="Tanpa SKCK", position="Pengasuh")
    StaffMember.objects.filter(is_social_worker=True).update(is_social_worker=False)
    Lksa.objects.filter(pk=home.pk).update(capacity=20, children_count=27)
    fresh = refresh(home)
    by_code = {r["code"]: r for r in fresh.legality_reasons}
    assert set(by_code) == {
        "personal_bank_account",
        "staff_unscreened",
        "staff_untrained",
        "no_social_worker",
        "over_capacity",
    }
    assert by_code["staff_untrained"]["params"] == {"count": 1}
    assert by_code["personal_bank_account"]["params"] == {"count": 1}
    assert by_code["over_capacity"]["params"] == {"count": 27, "capacity": 20}
    assert fresh.legality_status == "attention"


def test_staff_clearance_expired_and_training_missing(registry: RegistryWorld) -> None:
    """SNPA D22 (a clearance past the validity Dinas Sosial sets) and D23 (no child-protection training):
    only active staff count, and a clearance counts through its last day."""
    home = make_sound(registry.home)
    rahayu = StaffMember.objects.get(lksa=home, full_name="Ibu Pengasuh Rahayu")
    StaffMember.objects.filter(pk=rahayu.pk).update(police_clearance_until=TODAY)
    assert codes(home) == set()
    StaffMember.objects.filter(pk=rahayu.pk).update(
        police_clearance_until=TODAY - timedelta(days=1), protection_training_on=None
    )
    StaffMember.objects.create(
        lksa=home,
        full_name="Mantan Pengasuh",
        position="Pengasuh",
        police_clearance_on=TODAY - timedelta(days=900),
        police_clearance_until=TODAY - timedelta(days=700),
        is_active=False,
    )
    fresh = refresh(home)
    by_code = {r["code"]: r for r in fresh.legality_reasons}
    assert set(by_code) == {"staff_clearance_expired", "staff_untrained"}
    assert by_code["staff_clearance_expired"]["params"] == {"count": 1}
    assert by_code["staff_untrained"]["params"] == {"count": 1}
    assert by_code["staff_untrained"]["legal_basis"].startswith("Permensos 30/HUK/2011 (SNPA) D23")
    assert fresh.legality_status == "attention"


def test_expired_accreditation_and_adoption_licence(registry: RegistryWorld) -> None:
    home = make_sound(registry.home)
    home.accreditations.update(valid_until=TODAY - timedelta(days=3))
    AdoptionLicence.objects.create(
        lksa=home,
        number="ADOP/9",
        issued_on=TODAY - timedelta(days=900),
        valid_until=TODAY - timedelta(days=100),
    )
    assert codes(home) == {"accreditation_expired", "adoption_licence_expired"}


def test_every_rule_has_a_translated_message_and_a_legal_basis(registry: RegistryWorld) -> None:
    from django.utils import translation

    for code, rule in RULES.items():
        assert rule.legal_basis
        params = {"number": "X/1", "date": "2026-01-31", "count": 2, "capacity": 1, "grade": "B"}
        with translation.override("en"):
            english = reason_text({"code": code, "params": params})
        with translation.override("id"):
            indonesian = reason_text({"code": code, "params": params})
        assert english and indonesian and english != indonesian, code


def test_assessment_is_a_pure_function_of_the_day(registry: RegistryWorld) -> None:
    home = make_sound(registry.home)
    fresh = refresh(home)
    later = assess(fresh, today=TODAY + timedelta(days=850))
    assert later.status == "attention" and later.reasons[0]["code"] == "registration_expiring"


def test_daily_refresh_catches_documents_that_expired_overnight(registry: RegistryWorld) -> None:
    home = make_sound(registry.home, today=date.today())  # noqa: DTZ011
    Registration.objects.filter(lksa=home).update(valid_until=date.today() - timedelta(days=1))  # noqa: DTZ011
    call_command("refresh_legality", stdout=io.StringIO())
    home.refresh_from_db()
    assert home.legality_status == "not_registered"
