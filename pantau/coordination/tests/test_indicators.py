"""The computed indicators on a small known dataset, exactly, including an area with nothing to divide by
(no value, shown "—", never 0 %) and the suppression of small counts of children."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from django.test import Client
from django.utils import translation

from pantau.accounts.models import Organisation
from pantau.accounts.roles import OrgKind
from pantau.accounts.tests.matrix.world import _child, _home
from pantau.children.models import Child, Placement
from pantau.conftest import World
from pantau.coordination import indicators
from pantau.coordination.models import Assignment
from pantau.coordination.tests.conftest import Rakor
from pantau.linkage.models import CandidatePair
from pantau.registry.models import Lksa

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _indonesian() -> Iterator[None]:
    """Shares are shown the Indonesian way (the default language), whatever an earlier test left active."""
    with translation.override("id"):
        yield


def _polsek(world: World) -> None:
    org = Organisation.objects.create
    tigaraksa = org(name="Polsek Tigaraksa", kind=OrgKind.POLSEK, region_id="36.03.03")
    org(
        name="Unit PPA Polsek Tigaraksa", kind=OrgKind.POLICE_PPA_UNIT, region_id="36.03.03", parent=tigaraksa
    )
    org(name="Polsek Tigaraksa Barat", kind=OrgKind.POLSEK, region_id="36.03.03")
    sunggal = org(name="Polsek Sunggal", kind=OrgKind.POLSEK, region_id="12.71.02")
    org(name="Unit PPA Polsek Sunggal", kind=OrgKind.POLICE_PPA_UNIT, region_id="12.71.02", parent=sunggal)
    # A closed unit does not count.
    gone = org(name="Polsek Lama", kind=OrgKind.POLSEK, region_id="36.03.03")
    org(
        name="Unit PPA Polsek Lama",
        kind=OrgKind.POLICE_PPA_UNIT,
        region_id="36.03.03",
        parent=gone,
        is_active=False,
    )


def test_unit_ppa_at_polsek_level(world: World) -> None:
    _polsek(world)
    tangerang = indicators.polsek_ppa("36.03")
    assert (tangerang.numerator, tangerang.denominator, tangerang.value) == (1, 3, 33.3)
    national = indicators.polsek_ppa(None)
    assert (national.numerator, national.denominator, national.value) == (2, 4, 50.0)
    empty = indicators.polsek_ppa("36.71")
    assert (empty.numerator, empty.denominator, empty.value, empty.display) == (0, 0, None, "—")
    assert tangerang.area_name == "Kabupaten Tangerang"
    assert tangerang.url == "/organisations/?kind=polsek"


def _homes(world: World) -> list[Lksa]:
    homes = []
    for name, status, active in (
        ("A", "registered", True),
        ("B", "registered", True),
        ("C", "attention", True),
        ("D", "registered", False),
    ):
        org = Organisation.objects.create(name=f"LKSA {name}", kind=OrgKind.LKSA, region_id="36.03.03")
        home = _home(org)
        Lksa.objects.filter(pk=home.pk).update(legality_status=status, is_active=active)
        homes.append(home)
    return homes


def test_lksa_legality_and_open_duplicate_pairs(world: World) -> None:
    homes = _homes(world)
    medan = _home(world.lksa_medan)
    a, b, c = _child(homes[0], "Anak A"), _child(homes[1], "Anak B"), _child(medan, "Anak C")
    d = _child(medan, "Anak D")
    CandidatePair.objects.create(child_a=a, child_b=b, match_probability=0.9, match_weight=5)
    CandidatePair.objects.create(child_a=a, child_b=c, match_probability=0.9, match_weight=5)
    CandidatePair.objects.create(child_a=c, child_b=d, match_probability=0.9, match_weight=5)
    CandidatePair.objects.create(
        child_a=b, child_b=c, match_probability=0.9, match_weight=5, status="different"
    )
    legality = indicators.lksa_legality("36.03")
    assert (legality.numerator, legality.denominator, legality.display) == (
        2,
        3,
        "66,7 %",
    )  # Indonesian by default
    assert legality.value == 66.7
    assert legality.extra["open_pairs"] == 2
    assert legality.url == "/registry/?region=36.03"
    assert indicators.lksa_legality("12.71").extra["open_pairs"] == 2
    nowhere = indicators.lksa_legality("36.71")
    assert (nowhere.numerator, nowhere.denominator, nowhere.value, nowhere.extra["open_pairs"]) == (
        0,
        0,
        None,
        0,
    )


def _children(world: World) -> None:
    home = _homes(world)[0]
    for n in range(6):
        _child(home, f"Anak {n}")
    left = [_child(home, f"Pulang {n}") for n in range(3)]
    Child.objects.filter(pk__in=[c.pk for c in left]).update(status="left")
    for child, kind, ended in (
        (left[0], "kinship", None),
        (left[1], "reunification", None),
        (left[2], "foster", date(2026, 2, 1)),  # ended: no longer in family-based care
    ):
        Placement.objects.create(child=child, kind=kind, started_on=date(2026, 1, 1), ended_on=ended)


def test_family_based_care_share_with_small_counts_withheld(world: World) -> None:
    _children(world)
    shown = indicators.family_care("36.03", suppress=False)
    assert (shown.numerator, shown.denominator, shown.value, shown.withheld) == (2, 8, 25.0, False)
    assert shown.display == "25,0 %"
    hidden = indicators.family_care("36.03", suppress=True)
    assert (hidden.value, hidden.display, hidden.numerator_shown, hidden.denominator_shown) == (
        None,
        "—",
        "< 5",
        "8",
    )
    nobody = indicators.family_care("12.71", suppress=True)
    assert (nobody.numerator, nobody.denominator, nobody.value, nobody.display) == (0, 0, None, "—")


def test_lksa_per_supervisor(world: World) -> None:
    _homes(world)
    tangerang = indicators.supervisors("36.03")  # the supervisor and the colleague; three homes operating
    assert (tangerang.numerator, tangerang.denominator, tangerang.value, tangerang.display) == (
        3,
        2,
        1.5,
        "1,5",
    )
    medan = indicators.supervisors("12.71")  # the outsider; no home registered there
    assert (medan.numerator, medan.denominator, medan.value) == (0, 1, 0.0)
    kota = indicators.supervisors("36.71")
    assert (kota.denominator, kota.value, kota.display) == (0, None, "—")


def test_the_assignment_page_shows_its_computed_indicator(rakor: Rakor, login, world: World) -> None:  # type: ignore[no-untyped-def]
    _polsek(world)
    Assignment.objects.filter(pk__in=[rakor.office.pk, rakor.home.pk]).update(computed_indicator="polsek_ppa")
    page = login(world.user("supervisor"), Client()).get(f"/coordination/assignments/{rakor.office.pk}/")
    body = page.content.decode()
    assert "Unit PPA at Polsek level: 33.3 %" in body
    assert "(1 / 3)" in body
    assert 'href="/organisations/?kind=polsek"' in body  # the supervisor may open the directory
    operator = login(world.user("lksa_operator"), Client()).get(f"/coordination/assignments/{rakor.home.pk}/")
    assert "Unit PPA at Polsek level: 33.3 %" in operator.content.decode()
    assert "/organisations/" not in operator.content.decode()  # the home's operator may not open it
    # Measured in the responsible office's own jurisdiction.
    rakor.office.refresh_from_db()
    assert indicators.area_of(rakor.office) == "36.03"
    assert indicators.area_of(rakor.home) == "36.03"  # a home: the meeting's area
