"""Brothers and sisters are not duplicates, and the queue says where the two children are (issue 15 §6:
two children of the same parents born three years apart scored 99%; a pair in one home was described
as "in different homes")."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pytest
from django.test import Client

from pantau.accounts.models import Organisation
from pantau.accounts.roles import OrgKind
from pantau.children.models import Child
from pantau.linkage import engine
from pantau.linkage import model as m
from pantau.linkage.models import CandidatePair
from pantau.registry.models import Lksa
from pantau.registry.tests.conftest import RegistryWorld, make_lksa

FAMILY = {"mother_name": "Nurhayati", "father_name": "Syamsul", "birth_place": "Kab. Lebak"}


def _score(a: engine.RawRecord, b: engine.RawRecord) -> tuple[int, str]:
    trained = engine.default_model()
    left, right = engine.keys(a), engine.keys(b)
    return round(m.score(trained, left, right).match_probability * 100), m.family_relation(left, right)


def test_sisters_born_three_years_apart_are_labelled_siblings() -> None:
    # The demo's pair: the same mother and father, the same birth place, born 2013 and 2016; one record
    # carries only the first name (which the model reads as a shortened name). The model counted parents
    # and place as separate evidence, which brothers and sisters share, and scored it 99%. Since issue 22
    # real dates more than SIBLING_DAYS apart under one parent (no shared NIK) are all but never one
    # child (the date's "sibling_gap" level), and the pair is still labelled.
    older = engine.RawRecord(1, "Maryam Rahayu", "P", date(2013, 5, 6), **FAMILY)
    younger = engine.RawRecord(2, "Maryam", "P", date(2016, 8, 31), **FAMILY)
    assert _score(older, younger) == (0, m.SIBLINGS)
    brother = engine.RawRecord(3, "Hidayat", "L", date(2021, 8, 2), **FAMILY)
    other = engine.RawRecord(4, "Hasan Hidayatullah", "L", date(2025, 1, 10), **FAMILY)
    assert _score(brother, other) == (0, m.SIBLINGS)
    # One NIK on both records: the same child whatever the dates say (a clerk's wrong year).
    nik = "3602014605130001"
    assert _score(replace(older, nik=nik), replace(younger, nik=nik))[0] > 50
    # Born 300 days apart: an estimated date can be that far off; not called siblings.
    close = engine.RawRecord(5, "Maryam", "P", date(2014, 3, 2), **FAMILY)
    assert _score(older, close)[1] == ""


def test_a_typing_error_in_the_name_is_still_the_same_child() -> None:
    first = engine.RawRecord(1, "Maryam Rahayu", "P", date(2013, 5, 6), **FAMILY)
    typo = engine.RawRecord(2, "Mariam Rahayu", "P", date(2013, 5, 6), **FAMILY)
    assert _score(first, typo) == (100, "")
    # A year off (an estimated birth date) is not a sibling either.
    year_off = engine.RawRecord(3, "Maryam Rahayu", "P", date(2014, 5, 6), **FAMILY)
    assert _score(first, year_off) == (100, "")


def test_twins_are_named_as_such() -> None:
    hasan = engine.RawRecord(1, "Hasan Saputra", "L", date(2014, 5, 17), **FAMILY)
    husein = engine.RawRecord(2, "Husein Saputra", "L", date(2014, 5, 17), **FAMILY)
    assert m.family_relation(engine.keys(hasan), engine.keys(husein)) == m.TWINS


def _child(home: Lksa, name: str, born: date, **extra: object) -> Child:
    return Child.objects.create(
        lksa=home,
        region_code=home.region_code,
        full_name=name,
        sex="P",
        birth_date=born,
        admitted_on=date(2024, 1, 1),
        referral_source="family",
        referral_reason="-",
        mother_status="alive",
        **FAMILY,
        **extra,
    )


def _pair(a: Child, b: Child, probability: float) -> CandidatePair:
    return CandidatePair.objects.create(
        child_a_id=min(a.pk, b.pk),
        child_b_id=max(a.pk, b.pk),
        match_probability=probability,
        match_weight=1.0,
    )


@pytest.mark.django_db
def test_queue_pair_page_and_api_say_where_the_children_are(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    organisation = Organisation.objects.create(
        name="LKSA Harapan Tigaraksa", kind=OrgKind.LKSA, region_id=registry.home.region_code
    )
    other_home = make_lksa(organisation)
    maryam = _child(registry.home, "Maryam Rahayu", date(2013, 5, 6))
    sister = _child(registry.home, "Maryam", date(2016, 8, 31))
    copy = _child(other_home, "Mariam Rahayu", date(2013, 5, 6))
    left = _child(registry.home, "Maryam R.", date(2013, 5, 6), status=Child.Status.LEFT)
    medan = _child(registry.medan, "Mariyam Rahayu", date(2013, 5, 6))  # masked for Tangerang
    siblings = _pair(maryam, sister, 0.9883)
    _pair(maryam, copy, 0.9961)
    _pair(copy, left, 0.7012)
    _pair(maryam, medan, 0.6)
    client = login(registry.world.user("supervisor"))

    body = client.get("/duplicates/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Records of children in different homes" not in body
    rows = re.findall(
        r'<a href="/duplicates/pairs/\d+/">(\d+%|[a-z ]+)</a>'
        r'(?:<br><small class="muted" data-testid="pair-relation">([^<]*)</small>)?</td>'
        r'.*?<td data-testid="pair-homes">([^<]*)</td>',
        body,
        re.S,
    )
    assert rows == [
        ("100%", "", "Different homes"),
        ("99%", "Likely siblings: same parents, born more than a year apart", "Same home"),
        ("70%", "", "One has left care"),
        ("very likely", "", "Different homes"),  # the Medan child: its home is not the reader's
    ]

    page = client.get(f"/duplicates/pairs/{siblings.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    facts = re.search(r'<p data-testid="pair-facts">(.*?)</p>', page, re.S)
    assert facts is not None
    assert re.sub(r"<[^>]+>", "", facts.group(1)) == (
        "Likely siblings: same parents, born more than a year apart · Same home"
    )
    assert "The model finds these records 0% likely to be the same child." in page

    listed = client.get("/api/v1/linkage/pairs").json()["items"]
    assert [(p["match_percent"], p["relation"], p["homes"]) for p in listed] == [
        (100, "", "different_homes"),
        (99, "siblings", "same_home"),
        (70, "", "one_left"),
        (None, "", "different_homes"),
    ]
