"""The aid tests' world: two homes in Kabupaten Tangerang (Kasih Bunda, "the home", and Harapan Baru),
children with stays around the aid period 1 January - 30 June 2026, two duplicates decided "same child"
and one pair still to review.

At the home, in the period: c1-c5 (in care since 2025), c7 (admitted in March 2026), c9 (transferred to
Harapan Baru on 1 February 2026) and d1 (the same child as c1, registered twice at the home): 8 records.
c2 is the same child as d2 at Harapan Baru, admitted there later and still in care there: it lives there.
Not in the period: c6 (left in December 2025), c8 (admitted in July 2026). Children recorded at the home:
c1/d1 once, c3, c4, c5, c7, c9 = 6; 2 records merged; 1 pair to review (c3 with a Medan child).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pytest

from pantau.accounts.models import Organisation
from pantau.accounts.roles import OrgKind
from pantau.aid.models import AidRecord, Source
from pantau.children.models import Child, Placement
from pantau.linkage.models import CandidatePair
from pantau.registry.models import Lksa
from pantau.registry.tests.conftest import RegistryWorld, make_lksa, registry  # noqa: F401

START, END = date(2026, 1, 1), date(2026, 6, 30)


@dataclass
class AidWorld:
    registry: RegistryWorld
    home: Lksa
    other: Lksa
    children: dict[str, Child] = field(default_factory=dict)

    @property
    def world(self):  # type: ignore[no-untyped-def]
        return self.registry.world


def child(
    home: Lksa, name: str, admitted: date, *, left: date | None = None, moved_to: Lksa | None = None
) -> Child:
    current = moved_to or home
    record = Child.objects.create(
        lksa=current,
        region_code=current.region_code,
        full_name=name,
        sex="L",
        birth_date=date(2014, 3, 3),
        referral_source="family",
        referral_reason="-",
        admitted_on=admitted,
        status=Child.Status.LEFT if left and not moved_to else Child.Status.IN_CARE,
    )
    end = left
    Placement.objects.create(
        child=record, kind=Placement.Kind.LKSA, lksa=home, started_on=admitted, ended_on=end
    )
    if moved_to is not None and left is not None:
        Placement.objects.create(child=record, kind=Placement.Kind.TRANSFER, lksa=moved_to, started_on=left)
    elif left is not None:
        Placement.objects.create(child=record, kind=Placement.Kind.REUNIFICATION, started_on=left)
    return record


def pair(a: Child, b: Child, status: str) -> CandidatePair:
    first, second = sorted([a.pk, b.pk])
    return CandidatePair.objects.create(
        child_a_id=first, child_b_id=second, match_probability=0.97, match_weight=9, status=status
    )


def aid(home: Lksa, basis: int, *, by_world: RegistryWorld, programme: str = "ATENSI 2026") -> AidRecord:
    return AidRecord.objects.create(
        lksa=home,
        source=Source.KEMENSOS,
        programme=programme,
        reference="ATN/2026/001",
        period_start=START,
        period_end=END,
        amount_per_child=1_500_000,
        children_count=basis,
        total_amount=1_500_000 * basis,
        recorded_by=by_world.world.user("supervisor"),
        recorded_by_organisation=by_world.world.dinsos,
    )


@pytest.fixture
def aid_world(registry: RegistryWorld) -> AidWorld:  # noqa: F811
    org = Organisation.objects.create(name="LKSA Harapan Baru", kind=OrgKind.LKSA, region_id="36.03.03")
    other = make_lksa(org, capacity=30)
    home = registry.home
    w = AidWorld(registry, home, other)
    old = date(2025, 1, 1)
    for n in range(1, 6):
        w.children[f"c{n}"] = child(home, f"Anak {n}", old)
    w.children["c6"] = child(home, "Anak 6", old, left=date(2025, 12, 15))
    w.children["c7"] = child(home, "Anak 7", date(2026, 3, 1))
    w.children["c8"] = child(home, "Anak 8", date(2026, 7, 15))
    w.children["c9"] = child(home, "Anak 9", old, left=date(2026, 2, 1), moved_to=other)
    w.children["d1"] = child(home, "Anak Satu", date(2025, 2, 1))
    w.children["d2"] = child(other, "Anak Dua", date(2025, 6, 1))
    medan = child(registry.medan, "Anak Medan", old)
    pair(w.children["c1"], w.children["d1"], CandidatePair.Status.SAME)
    pair(w.children["c2"], w.children["d2"], CandidatePair.Status.SAME)
    pair(w.children["c3"], medan, CandidatePair.Status.PENDING)
    return w
