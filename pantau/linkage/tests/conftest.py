from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import pytest
from django.utils import translation

from pantau.children.models import Child
from pantau.children.tests.test_admission import admit
from pantau.registry.tests.conftest import RegistryWorld, registry  # noqa: F401  (shared fixture)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@dataclass
class Children:
    registry: RegistryWorld
    rizki: Child  # in the Tangerang home
    rizki_medan: Child  # the same boy, recorded again in Medan
    hasan: Child  # twins in the Tangerang home
    husein: Child


BORN = date(2014, 5, 17)


@pytest.fixture
def children(registry: RegistryWorld) -> Children:  # noqa: F811
    family = {"mother_name": "Siti Aminah", "father_name": "Agus Salim", "birth_place": "Kab. Serang"}
    rizki = admit(
        registry,
        full_name="Muhammad Rizki Ramadhan",
        sex="L",
        birth_date=date(2012, 9, 14),
        birth_place="Jakarta",
        mother_name="Nur Hasanah",
        father_name="Slamet",
        nik="3171011409120003",
    ).child
    rizki_medan = admit(
        registry,
        home=registry.medan,
        full_name="MOCH. RIZKY RAMADAN",
        sex="L",
        birth_date=date(2012, 9, 14),
        birth_place="Jkt",
        mother_name="Noer Hasanah",
    ).child
    hasan = admit(registry, full_name="Hasan Saputra", sex="L", birth_date=BORN, **family).child
    husein = admit(registry, full_name="Husein Saputra", sex="L", birth_date=BORN, **family).child
    return Children(registry, rizki, rizki_medan, hasan, husein)
