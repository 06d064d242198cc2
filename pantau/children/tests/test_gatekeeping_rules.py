"""The gatekeeping rules read alone (children/gatekeeping_rules.py): each flag, its severity and the rule
it cites; and the admission's age rule at its boundaries (children/admission.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.utils import translation

from pantau.children.admission import admission_problems, eighteenth_birthday
from pantau.children.gatekeeping_rules import FLAG, REFUSE, SNPA, evaluate
from pantau.supervision import snpa

YES = {f"A{n}": "yes" for n in range(1, 10)}


def _codes(**facts: Any) -> dict[str, str]:
    with translation.override("en"):
        return {flag.code: flag.severity for flag in evaluate(**({"items": YES} | facts))}


def test_the_citation_is_the_supervision_checklists() -> None:
    assert SNPA == snpa.SNPA


def test_all_yes_and_a_real_reason_raise_nothing() -> None:
    assert _codes(admission_reason="protection", agreement_signed=True) == {}


@pytest.mark.parametrize(
    ("facts", "code", "severity", "item"),
    [
        ({"items": YES | {"A1": "no"}}, "recruited", REFUSE, "A1"),
        ({"referral_source": "lksa"}, "recruited", REFUSE, "A1"),
        ({"items": YES | {"A4": "no"}}, "no_initial_assessment", REFUSE, "A4"),
        ({"admission_reason": "poverty"}, "poverty_only", FLAG, "A4"),
        ({"admission_reason": "schooling"}, "schooling_only", FLAG, "A4"),
        ({"items": YES | {"A6": "no"}}, "no_agreement", FLAG, "A6"),
        ({"agreement_signed": False}, "no_agreement", FLAG, "A6"),
        ({"items": YES | {"A7": "no"}}, "no_tracing", FLAG, "A7"),
        ({"items": YES | {"A7": "na"}, "parents_unknown": True}, "no_tracing", FLAG, "A7"),
        ({"items": YES | {"A9": "no"}}, "siblings_separated", FLAG, "A9"),
        ({"items": YES | {"A5": "no"}}, "snpa_not_met", FLAG, "A5"),
    ],
)
def test_each_flag_with_its_severity_and_rule(
    facts: dict[str, Any], code: str, severity: str, item: str
) -> None:
    with translation.override("en"):
        flags = evaluate(**({"items": YES, "agreement_signed": True} | facts))
    (flag,) = flags
    assert (flag.code, flag.severity, flag.item) == (code, severity, item)
    assert flag.rule.startswith(f"Permensos 30/HUK/2011 (SNPA), {item}: ")
    assert flag.refuses is (severity == REFUSE)


def test_the_citations_say_what_the_brief_asks() -> None:
    with translation.override("en"):
        (recruited,) = evaluate(items=YES | {"A1": "no"}, agreement_signed=True)
        (poverty,) = evaluate(items=YES, admission_reason="poverty", agreement_signed=True)
    assert recruited.rule == "Permensos 30/HUK/2011 (SNPA), A1: the LKSA does not recruit children"
    assert poverty.rule == "Permensos 30/HUK/2011 (SNPA), A4: institutional care is the last resort"


def test_a7_not_applicable_is_fine_when_a_parent_is_known() -> None:
    assert _codes(items=YES | {"A7": "na"}, agreement_signed=True, parents_unknown=False) == {}


def test_without_an_assessment_only_the_reason_and_the_source_are_read() -> None:
    # An emergency admission: no answers and no agreement to judge yet.
    assert _codes(items=None, agreement_signed=None) == {}
    assert _codes(items=None, admission_reason="poverty") == {"poverty_only": FLAG}


def test_refusals_come_first() -> None:
    with translation.override("en"):
        flags = evaluate(items=YES | {"A9": "no", "A1": "no"}, agreement_signed=True)
    assert [f.code for f in flags] == ["recruited", "siblings_separated"]


# --- Age at admission --------------------------------------------------------------------------------


def _age_problems(born: date, admitted: date, precision: str = "exact") -> list[str]:
    with translation.override("en"):
        problems = admission_problems(
            birth_date=born,
            birth_date_precision=precision,
            sex="P",
            admitted_on=admitted,
            emergency_admission=True,
            today=date(2027, 1, 1),
        )
    return [p.message for p in problems if p.field == "birth_date"]


@pytest.mark.parametrize("precision", ["exact", "estimated"])
def test_17_years_364_days_is_admitted_and_18_is_not(precision: str) -> None:
    born = date(2008, 6, 15)
    assert _age_problems(born, date(2026, 6, 14), precision) == []
    (refused,) = _age_problems(born, date(2026, 6, 15), precision)
    assert "18 or older" in refused
    assert _age_problems(born, date(2026, 6, 16), precision) == [refused]


def test_born_on_29_february_turns_18_on_1_march() -> None:
    born = date(2008, 2, 29)
    assert eighteenth_birthday(born) == date(2026, 3, 1)
    assert _age_problems(born, date(2026, 2, 28)) == []
    assert _age_problems(born, date(2026, 3, 1))
    assert eighteenth_birthday(date(2004, 2, 29)) == date(2022, 3, 1)
    assert eighteenth_birthday(date(2006, 2, 28)) == date(2024, 2, 28)
