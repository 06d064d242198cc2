"""Privacy test data on top of pantau.conftest's personas: a Tangerang home with two children (names,
NIK, exact birth dates), a Medan home with one, a case in Tangerang naming one of the Tangerang
children (linked to its record) and a child without a record; ``make_request`` logs a request."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pytest

from pantau.accounts.models import User
from pantau.cases.models import Case, CaseChild
from pantau.children.identifiers import set_identifier
from pantau.children.models import Child
from pantau.conftest import World
from pantau.privacy.models import SubjectRequest
from pantau.privacy.services import request_record
from pantau.registry.models import Lksa
from pantau.registry.tests.conftest import make_lksa

NIKS = {
    "Siti Aminah": "3603034501140001",
    "Budi Santoso": "3603030702150002",
    "Putri Medan": "1271024304130003",
}


def make_child(home: Lksa, name: str, born: date, **extra: Any) -> Child:
    child = Child(
        lksa=home,
        region_code=home.region_code,
        full_name=name,
        sex="P",
        birth_date=born,
        birth_place="Tangerang",
        mother_name=f"Ibu {name}",
        referral_source="family",
        referral_reason="-",
        admitted_on=date(2024, 1, 1),
        **extra,
    )
    set_identifier(child, "nik", NIKS[name])
    set_identifier(child, "kk", "3603031201100009")
    child.save()
    return child


@dataclass
class PrivacyWorld:
    world: World
    home: Lksa
    medan: Lksa
    children: list[Child]
    medan_child: Child
    case: Case
    linked: CaseChild
    unlinked: CaseChild

    def user(self, persona: str) -> User:
        return self.world.user(persona)


@pytest.fixture
def pw(world: World) -> PrivacyWorld:
    home = make_lksa(world.lksa, capacity=40)
    medan = make_lksa(world.lksa_medan, capacity=20)
    siti = make_child(home, "Siti Aminah", date(2014, 5, 1))
    budi = make_child(home, "Budi Santoso", date(2015, 2, 7))
    putri = make_child(medan, "Putri Medan", date(2013, 4, 3))
    case = Case.objects.create(
        number="KS-1",
        title="Kasus uji",
        owner=world.dinsos,
        region_code="36.03.03",
        form_of_violence="eksploitasi",
        cluster="pka",
        summary="Ringkasan",
        opened_by=world.user("supervisor"),
    )
    linked = CaseChild.objects.create(case=case, child=siti, name="Siti Aminah", sex="P", age=12)
    unlinked = CaseChild.objects.create(case=case, name="Rina Wulandari", sex="P", age=16)
    return PrivacyWorld(world, home, medan, [siti, budi], putri, case, linked, unlinked)


@pytest.fixture
def make_request(world: World) -> Callable[..., SubjectRequest]:
    def _make(by: str = "supervisor", received_at: datetime | None = None, **extra: Any) -> SubjectRequest:
        data: dict[str, Any] = {
            "kind": "access",
            "requester_relation": "parent",
            "reply_to": "Datang ke kantor",
            "subject_kind": "child",
            "subject_reference": "child #1",
            "details": "Meminta salinan data anak.",
            "received_at": received_at,
        }
        data.update(extra)
        return request_record(actor=world.user(by), request=SubjectRequest(**data))

    return _make
