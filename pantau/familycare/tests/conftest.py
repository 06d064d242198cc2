"""A family-care world: a licensed home in Kabupaten Tangerang with a young child in care, an
unlicensed home in Medan, and a family that meets every adoption rule on ``APPLIED``."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.utils import translation

from pantau.children.models import Child, Placement
from pantau.conftest import World
from pantau.familycare.models import Family, FamilyDocument
from pantau.registry.models import AdoptionLicence, Lksa, Registration
from pantau.registry.tests.conftest import (
    RegistryWorld,
    registry,  # noqa: F401  (shared fixture)
)

APPLIED = date(2026, 1, 5)
ADOPTION_DOCUMENTS = [
    "ktp",
    "kk",
    "marriage",
    "birth",
    "health",
    "mental_health",
    "skck",
    "income",
    "parent_consent",
    "best_interest",
]


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def make_child(
    home: Lksa, *, born: date = date(2024, 3, 1), admitted: date = date(2025, 6, 1), **extra: object
) -> Child:
    child = Child.objects.create(
        lksa=home,
        region_code=home.region_code,
        full_name=str(extra.pop("full_name", "Anak Uji")),
        sex="P",
        birth_date=born,
        referral_source="dinsos",
        referral_reason="Ditemukan terlantar",
        admitted_on=admitted,
        **extra,
    )
    Placement.objects.create(child=child, kind=Placement.Kind.LKSA, lksa=home, started_on=admitted)
    return child


def make_family(
    world: World, *, documents: list[str] | None = None, on: date = APPLIED, **extra: object
) -> Family:
    values: dict[str, object] = {
        "applicant_name": "Budi Santoso",
        "applicant_sex": "L",
        "applicant_birth_date": date(1986, 2, 1),
        "applicant_religion": "islam",
        "marital_status": "married",
        "married_on": date(2012, 5, 20),
        "spouse_name": "Rina Wulandari",
        "spouse_sex": "P",
        "spouse_birth_date": date(1988, 7, 9),
        "spouse_religion": "islam",
        "spouse_citizenship": "wni",
        "children_count": 0,
        "monthly_income": 9_000_000,
        "address": "Jl. Melati 4, Tigaraksa",
        "phone": "0812-1111-2222",
        "region_code": "36.03.03",
        "registered_by": world.user("supervisor"),
    }
    values.update(extra)
    family = Family.objects.create(**values)
    for kind in ADOPTION_DOCUMENTS if documents is None else documents:
        FamilyDocument.objects.create(
            family=family, kind=kind, issued_on=on - timedelta(days=30), checked_by=world.user("supervisor")
        )
    return family


@dataclass
class CareWorld:
    world: World
    home: Lksa  # licensed for adoption, registered
    medan: Lksa  # neither
    child: Child
    family: Family


@pytest.fixture
def care(registry: RegistryWorld) -> CareWorld:  # noqa: F811
    home = registry.home
    AdoptionLicence.objects.create(
        lksa=home, number="ADP/1", issued_on=date(2020, 1, 1), valid_until=date(2030, 1, 1)
    )
    Registration.objects.create(
        lksa=home, number="TD/1", issued_on=date(2020, 1, 1), valid_until=date(2030, 1, 1)
    )
    world = registry.world
    return CareWorld(world, home, registry.medan, make_child(home), make_family(world))
