from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from pantau.accounts.models import Organisation
from pantau.conftest import World
from pantau.registry.models import (
    Accreditation,
    BankAccount,
    LegalEntity,
    Lksa,
    Registration,
    StaffMember,
)
from pantau.registry.services import legality_refresh, lksa_queryset_for_assessment

TODAY = date(2026, 6, 1)


def make_lksa(organisation: Organisation, **extra: object) -> Lksa:
    return Lksa.objects.create(
        organisation=organisation, name=organisation.name, region_code=organisation.region_id or "", **extra
    )


def make_sound(lksa: Lksa, *, today: date = TODAY) -> Lksa:
    """A home with nothing wrong: entity, registration, accreditation, screened and trained staff and a
    social worker."""
    LegalEntity.objects.create(
        lksa=lksa,
        form="yayasan",
        name=f"Yayasan {lksa.name}",
        deed_number="12",
        deed_date=today - timedelta(days=3000),
        ahu_number="AHU-0001.AH.01.04.Tahun 2018",
    )
    Registration.objects.create(
        lksa=lksa,
        number=f"TD/{lksa.pk}",
        issued_on=today - timedelta(days=100),
        valid_until=today + timedelta(days=900),
    )
    Accreditation.objects.create(
        lksa=lksa,
        grade="B",
        number=f"BALKS/{lksa.pk}",
        issued_on=today - timedelta(days=50),
        valid_until=today + timedelta(days=1000),
    )
    StaffMember.objects.create(
        lksa=lksa,
        full_name="Ibu Pengasuh Rahayu",
        position="Pengasuh",
        police_clearance_on=today - timedelta(days=30),
        protection_training_on=today - timedelta(days=20),
    )
    StaffMember.objects.create(
        lksa=lksa,
        full_name="Pak Peksos Hidayat",
        position="Pekerja Sosial",
        police_clearance_on=today - timedelta(days=30),
        protection_training_on=today - timedelta(days=20),
        is_social_worker=True,
    )
    BankAccount.objects.create(
        lksa=lksa,
        bank="BRI",
        number="0123-01-000111-50-9",
        holder_name=f"Yayasan {lksa.name}",
        holder_kind="foundation",
    )
    return refresh(lksa, today)


def refresh(lksa: Lksa, today: date = TODAY) -> Lksa:
    fresh = lksa_queryset_for_assessment().get(pk=lksa.pk)
    legality_refresh(fresh, day=today)
    return fresh


@dataclass
class RegistryWorld:
    world: World
    home: Lksa  # in Kabupaten Tangerang
    medan: Lksa  # in Kota Medan


@pytest.fixture
def registry(world: World) -> RegistryWorld:
    return RegistryWorld(
        world,
        make_lksa(world.lksa, capacity=40, children_count=30),
        make_lksa(world.lksa_medan, capacity=20, children_count=10),
    )
