"""The TPPO reading on known fact patterns: one scenario per modus, one test per provision (its elements
fire it, removing one stops it), and the victim's age read from the case's children."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest

from pantau.cases.law import PROVISIONS, UNVERIFIED, VERIFIED
from pantau.cases.tppo import ADULT, CHILD, UNKNOWN, Reading, assess, split_purpose, victim_of


def read(**facts: Any) -> Reading:
    facts.setdefault("process", [])
    facts.setdefault("means", [])
    facts.setdefault("purpose", [])
    facts.setdefault("victim", CHILD)
    return assess(**facts)


def complete(reading: Reading) -> list[str]:
    return [p.id for p in reading.complete]


def conditional(reading: Reading) -> list[str]:
    return [p.id for p in reading.conditional]


def pointer(reading: Reading, law_id: str) -> Any:
    return next(p for p in reading.pointers if p.id == law_id)


# --- one scenario per modus -------------------------------------------------------------------------


def test_livestreaming_children_harboured_in_a_home_for_gifts() -> None:
    # The Medan pattern: children harboured in a home, streamed at night to collect gifts, no coercion.
    reading = read(process=["harbour"], purpose=["livestream"])
    assert complete(reading) == ["pa_76i"]  # exploitation of a child: no process or means needed
    assert conditional(reading) == ["tppo_2"]  # not 76F: nobody abducted, sold or trafficked a child
    tppo_2 = pointer(reading, "tppo_2")
    assert tppo_2.provision == "UU 21/2007 Pasal 2 ayat (1) jo. Pasal 17"
    assert tppo_2.missing == (str(PROVISIONS["tppo_2"].elements[1]),)  # the means, as the text requires
    assert "Palermo Protocol" in tppo_2.explanation and "Pasal 26" in tppo_2.explanation
    assert "not under Pasal 76F" in pointer(reading, "pa_76i").explanation
    assert reading.missing == [str(PROVISIONS["tppo_2"].elements[1])]


def test_forced_begging() -> None:
    # Children from a home sent to beg at crossroads, threatened if they bring back too little.
    reading = read(process=["harbour", "transport"], means=["threat"], purpose=["economic"])
    assert complete(reading) == ["tppo_2", "pa_76i"] and conditional(reading) == []
    assert pointer(reading, "tppo_2").provision == "UU 21/2007 Pasal 2 ayat (1) jo. Pasal 17"
    assert "Pasal 17 adds a third" in pointer(reading, "tppo_2").explanation
    assert reading.missing == []


def test_recruitment_into_a_panti_with_false_promises() -> None:
    # Recruited with a promise of free schooling, moved to another province and put to work.
    reading = read(process=["recruit", "transport", "send"], means=["deception"], purpose=["economic"])
    assert complete(reading) == ["tppo_2", "tppo_6", "pa_76i"]
    assert PROVISIONS["tppo_6"].status == UNVERIFIED  # shown, with its status, until checked


def test_baby_sale_through_a_home() -> None:
    # A baby from a home offered for 'adoption' in a social-media group, for money, no court order.
    reading = read(
        process=["receive", "transfer"],
        means=["payment"],
        acts=["child_sold", "adoption_irregular", "adoption_paid"],
    )
    assert complete(reading) == ["pa_76f", "pa_79"]
    assert conditional(reading) == ["tppo_2", "tppo_5"]  # adoption is not an exploitation purpose
    assert pointer(reading, "tppo_5").missing == (str(PROVISIONS["tppo_5"].elements[1]),)  # intent
    assert pointer(reading, "tppo_2").missing == (str(PROVISIONS["tppo_2"].elements[2]),)  # purpose


def test_sexual_exploitation_online() -> None:
    # Children made to perform sexual acts on paid live video by the home's manager.
    reading = read(process=["harbour"], means=["abuse_of_power"], purpose=["sexual"], acts=["online_sexual"])
    assert complete(reading) == ["tppo_2", "pa_76i", "tpks_4_2", "tpks_12", "tpks_14"]
    assert conditional(reading) == []
    assert "restitution" in pointer(reading, "tpks_4_2").explanation


def test_adult_victim_needs_the_means() -> None:
    with_means = read(process=["recruit"], means=["deception"], purpose=["economic"], victim=ADULT)
    assert complete(with_means) == ["tppo_2"] and conditional(with_means) == []
    assert pointer(with_means, "tppo_2").provision == "UU 21/2007 Pasal 2 ayat (1)"  # no Pasal 17
    without = read(process=["recruit", "transport"], purpose=["economic"], victim=ADULT)
    assert complete(without) == [] and conditional(without) == ["tppo_2"]
    assert without.missing == [str(PROVISIONS["tppo_2"].elements[1])]
    assert "Palermo" not in pointer(without, "tppo_2").explanation


def test_unknown_age_makes_child_provisions_conditional() -> None:
    reading = read(process=["harbour"], purpose=["livestream"], victim=UNKNOWN)
    assert complete(reading) == [] and conditional(reading) == ["tppo_2", "pa_76i"]
    assert "age" in reading.missing[0]
    assert pointer(reading, "tppo_2").provision == "UU 21/2007 Pasal 2 ayat (1)"


def test_nothing_recorded_points_nowhere() -> None:
    reading = read()
    assert reading.pointers == [] and reading.missing == []


# --- one test per provision: its elements fire it, removing one stops it -----------------------------

FULL: dict[str, dict[str, Any]] = {
    "tppo_2": {"process": ["recruit"], "means": ["threat"], "purpose": ["economic"], "victim": ADULT},
    "tppo_5": {"purpose": ["economic"], "acts": ["adoption_paid"]},
    "tppo_6": {"process": ["send"], "purpose": ["economic"]},
    "pa_76i": {"purpose": ["economic"]},
    "pa_76f": {"acts": ["child_trafficked"]},
    "pa_79": {"acts": ["adoption_irregular"]},
    "pa_76d": {"means": ["threat"], "acts": ["intercourse"]},
    "pa_76e": {"means": ["deception"], "acts": ["obscene"]},
    "pa_76b": {"acts": ["neglect"]},
    "tpks_4_2": {"acts": ["obscene"]},
    "tpks_12": {"means": ["debt"], "purpose": ["sexual"], "victim": ADULT},
    "tpks_14": {"acts": ["online_sexual"]},
}
# Each provision's facts with one element taken away (a list, a code to drop, or the victim's age).
WITHOUT: dict[str, list[tuple[str, Any]]] = {
    "tppo_2": [("process", []), ("means", []), ("purpose", [])],
    "tppo_5": [("purpose", []), ("acts", [])],
    "tppo_6": [("process", ["transport"]), ("purpose", []), ("victim", ADULT)],
    "pa_76i": [("purpose", ["organs"]), ("victim", ADULT)],
    "pa_76f": [("acts", []), ("victim", ADULT)],
    "pa_79": [("acts", ["adoption_paid"])],
    "pa_76d": [("means", []), ("acts", []), ("victim", ADULT)],
    "pa_76e": [("means", ["payment"]), ("acts", []), ("victim", ADULT)],
    "pa_76b": [("acts", []), ("victim", ADULT)],
    "tpks_4_2": [("acts", []), ("victim", ADULT)],
    "tpks_12": [("means", ["deception"]), ("purpose", ["economic"])],
    "tpks_14": [("acts", []), ("victim", ADULT)],
}


@pytest.mark.parametrize("law_id", sorted(FULL))
def test_each_provision_fires_on_its_elements_and_not_without_one(law_id: str) -> None:
    assert law_id in complete(read(**FULL[law_id]))
    for key, value in WITHOUT[law_id]:
        assert law_id not in complete(read(**{**FULL[law_id], key: value})), (law_id, key, value)


def test_pasal_17_only_for_a_child_and_only_with_pasal_2_complete() -> None:
    facts = FULL["tppo_2"]
    assert pointer(read(**{**facts, "victim": CHILD}), "tppo_2").provision.endswith("jo. Pasal 17")
    assert "Pasal 17" not in pointer(read(**facts), "tppo_2").provision
    assert "Pasal 17" not in str(pointer(read(**{**facts, "victim": UNKNOWN}), "tppo_2").provision)


def test_76f_needs_abduction_sale_or_trafficking_not_harbouring() -> None:
    harboured = read(process=["harbour", "receive"], means=["threat"], purpose=["economic"])
    assert "pa_76f" not in [p.id for p in harboured.pointers]
    for act in ("child_abducted", "child_sold", "child_trafficked"):
        assert "pa_76f" in complete(read(acts=[act]))


def test_every_provision_is_in_the_reviewed_table_with_a_status_and_source() -> None:
    assert set(FULL) == set(PROVISIONS) - {"tppo_17"}  # Pasal 17 applies through Pasal 2's citation
    for row in PROVISIONS.values():
        assert row.status in {VERIFIED, "partly", UNVERIFIED} and row.source and row.elements


def test_old_adoption_purpose_is_read_as_a_paid_adoption() -> None:
    assert split_purpose(["adoption", "economic"]) == (["economic"], ["adoption_paid"])
    assert conditional(read(purpose=["adoption"])) == ["tppo_5"]


# --- the victim's age, from the children recorded in the case ----------------------------------------


def case_child(age: int | None = None, born: date | None = None) -> Any:
    linked = SimpleNamespace(birth_date=born) if born else None
    return SimpleNamespace(age=age, child_id=1 if linked else None, child=linked)


def test_victim_is_a_child_if_any_recorded_age_is_under_18() -> None:
    today = date(2026, 12, 7)
    assert victim_of([case_child(30), case_child(17)], today) == CHILD
    assert victim_of([case_child(born=date(2010, 12, 8))], today) == CHILD  # 15 (16 tomorrow)
    assert victim_of([case_child(born=date(2008, 12, 8)), case_child()], today) == CHILD  # 17


def test_victim_is_an_adult_only_if_every_age_is_recorded_and_18_or_over() -> None:
    today = date(2026, 12, 7)
    assert victim_of([case_child(19), case_child(born=date(2008, 12, 7))], today) == ADULT  # 18 today
    assert victim_of([case_child(19), case_child()], today) == UNKNOWN  # one age not recorded


def test_victim_age_unknown_when_nothing_is_recorded() -> None:
    assert victim_of([]) == UNKNOWN
    assert victim_of([case_child(), case_child()]) == UNKNOWN
