"""Eligibility at every boundary the rules draw, under the first rule version."""

from __future__ import annotations

from datetime import date

import pytest

from pantau.familycare.models import FamilyDocument, Kind
from pantau.familycare.rules import FAILING, MET, MISSING, add_months, current_rules, eligibility
from pantau.familycare.tests.conftest import APPLIED, CareWorld, make_family

pytestmark = pytest.mark.django_db


def status(
    care: CareWorld, code: str, *, kind: str = Kind.ADOPTION, on: date = APPLIED, **family: object
) -> str:
    fam = make_family(care.world, **family) if family else care.family
    checked = eligibility(
        fam, current_rules(kind, on=on), on=on, child_religion="islam", intercountry_reason=""
    )
    return {c.code: c.status for c in checked.checks}[code]


@pytest.mark.parametrize(
    ("born", "expected"),
    [
        (date(1996, 1, 6), FAILING),  # 29 years and 364 days on 5 Jan 2026
        (date(1996, 1, 5), MET),  # 30 that day
        (date(1970, 1, 6), MET),  # 55 (56 the next day)
        (date(1970, 1, 5), FAILING),  # 56 that day
    ],
)
def test_age_window_is_30_to_55_inclusive(care: CareWorld, born: date, expected: str) -> None:
    assert status(care, "age_applicant", applicant_birth_date=born) == expected


def test_age_message_names_the_age_the_date_and_the_window(care: CareWorld) -> None:
    fam = make_family(care.world, applicant_birth_date=date(1970, 1, 5))
    checked = eligibility(fam, current_rules(Kind.ADOPTION, on=APPLIED), on=APPLIED)
    age = next(c for c in checked.checks if c.code == "age_applicant")
    assert age.detail == "56 years old on 5 Jan 2026; the rules allow 30 to 55."
    assert age.provision.citation == "PP 54/2007 Pasal 13 huruf b"


@pytest.mark.parametrize(
    ("married_on", "expected"),
    [(date(2021, 1, 6), FAILING), (date(2021, 1, 5), MET)],  # 4 years 364 days / exactly 5 years
)
def test_married_at_least_five_years(care: CareWorld, married_on: date, expected: str) -> None:
    assert status(care, "married", married_on=married_on) == expected


@pytest.mark.parametrize(("count", "expected"), [(1, MET), (2, FAILING)])
def test_no_child_or_only_one(care: CareWorld, count: int, expected: str) -> None:
    assert status(care, "children_count", children_count=count) == expected


def test_a_same_sex_couple_fails(care: CareWorld) -> None:
    assert status(care, "not_same_sex", spouse_sex="L") == FAILING


def test_a_single_parent_needs_the_ministers_permit_and_citizenship(care: CareWorld) -> None:
    single = {"marital_status": "single", "married_on": None, "spouse_name": "", "spouse_sex": ""}
    assert status(care, "single_parent", **single) == MISSING
    assert status(care, "single_parent", applicant_citizenship="wna", **single) == FAILING
    fam = make_family(care.world, **single)
    FamilyDocument.objects.create(
        family=fam,
        kind="single_parent_permit",
        issued_on=date(2025, 12, 1),
        checked_by=care.world.user("supervisor"),
    )
    checked = eligibility(fam, current_rules(Kind.ADOPTION, on=APPLIED), on=APPLIED)
    assert {c.code: c.status for c in checked.checks}["single_parent"] == MET
    assert "document_marriage" not in {c.code for c in checked.checks}  # no marriage book to ask for


def test_religion_must_match_the_childs(care: CareWorld) -> None:
    assert status(care, "same_religion") == MET
    assert status(care, "same_religion", spouse_religion="catholic") == FAILING


def test_an_expired_document_fails_and_an_absent_one_is_missing(care: CareWorld) -> None:
    fam = make_family(care.world, documents=["ktp"])
    FamilyDocument.objects.create(
        family=fam,
        kind="skck",
        issued_on=date(2025, 1, 1),
        valid_until=date(2025, 7, 1),
        checked_by=care.world.user("supervisor"),
    )
    checked = {
        c.code: c for c in eligibility(fam, current_rules(Kind.ADOPTION, on=APPLIED), on=APPLIED).checks
    }
    assert checked["document_skck"].status == FAILING
    assert checked["document_skck"].detail == "Expired on 1 Jul 2025."
    assert checked["document_health"].status == MISSING
    assert checked["document_ktp"].status == MET


def test_a_foreign_couple_must_say_why_no_family_in_indonesia(care: CareWorld) -> None:
    fam = make_family(care.world, spouse_citizenship="wna")
    rules = current_rules(Kind.ADOPTION, on=APPLIED)
    missing = {c.code: c.status for c in eligibility(fam, rules, on=APPLIED, intercountry_reason="").checks}
    given = {
        c.code: c.status
        for c in eligibility(fam, rules, on=APPLIED, intercountry_reason="Tidak ada COTA WNI").checks
    }
    assert (missing["intercountry"], given["intercountry"]) == (MISSING, MET)


def test_foster_parents_need_no_marriage_but_the_age_window(care: CareWorld) -> None:
    fam = make_family(
        care.world,
        marital_status="single",
        married_on=None,
        applicant_birth_date=date(1996, 1, 6),
        documents=["ktp", "kk", "health", "skck", "non_violence", "domicile"],
    )
    checked = {
        c.code: c.status for c in eligibility(fam, current_rules(Kind.FOSTER, on=APPLIED), on=APPLIED).checks
    }
    assert checked["age_applicant"] == FAILING
    assert "married" not in checked and "single_parent" not in checked
    assert all(
        checked[f"document_{d}"] == MET for d in ["ktp", "kk", "health", "skck", "non_violence", "domicile"]
    )


def test_the_first_rule_versions_are_installed_by_migration(db: None) -> None:
    adoption = current_rules(Kind.ADOPTION, on=APPLIED)
    assert (adoption.version, adoption.params["min_age"], adoption.params["max_age"]) == (1, 30, 55)
    assert adoption.params["trial_months"] == 6 and adoption.params["max_existing_children"] == 1
    assert {current_rules(k, on=APPLIED).version for k in Kind.values} == {1}


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2026, 1, 31), 6, date(2026, 7, 31)),
        (date(2025, 8, 31), 6, date(2026, 2, 28)),
        (date(2026, 3, 1), 12, date(2027, 3, 1)),
    ],
)
def test_add_months(start: date, months: int, end: date) -> None:
    assert add_months(start, months) == end
