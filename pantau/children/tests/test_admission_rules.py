"""The admission rules are written once (children/admission.py): the form and the import refuse the same
child with the same words, the form at the field and the import at the column that fills it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from pantau.children.admission import Problem, admission_problems, by_field, capacity_problem
from pantau.children.forms import AdmissionForm
from pantau.children.import_columns import PROBLEM_COLUMN
from pantau.children.importer import commit_plan, plan_import
from pantau.children.selectors import homes_for_admission
from pantau.children.tests.test_import import csv_file, row, second_child
from pantau.registry.models import Lksa
from pantau.registry.tests.conftest import RegistryWorld

pytestmark = pytest.mark.django_db

TODAY = date.today()  # noqa: DTZ011
FUTURE = (TODAY + timedelta(days=3)).isoformat()

# The same child as the import's row(): a girl born 2014-05-17 whose NIK carries that date.
FORM = {
    "full_name": "Siti Nurhaliza",
    "sex": "P",
    "birth_date": "2014-05-17",
    "birth_date_precision": "exact",
    "nik": "3603015705140002",
    "kk": "3603011203100011",
    "mother_status": "alive",
    "father_status": "deceased",
    "referral_source": "dinsos",
    "referral_reason": "Ibu tidak mampu merawat",
    "admission_reason": "family_unable",
    "admitted_on": "2023-07-10",
    "assessed_on": "2023-07-03",
    "assessor": "Rina, pekerja sosial",
    "assessment_reasons": "Ibu sakit berat",
    **{f"item_A{n}": "yes" for n in range(1, 10)},
}
NO_ASSESSMENT_FORM = {"assessed_on": "", "assessor": "", "assessment_reasons": ""}
NO_ASSESSMENT_FILE = {"tanggal_asesmen": "", "asesor": "", "alasan_tidak_bersama_keluarga": ""}

CASES = {
    "born in the future": ({"birth_date": FUTURE}, {"tanggal_lahir": FUTURE}),
    "admitted in the future": ({"admitted_on": FUTURE}, {"tanggal_masuk": FUTURE}),
    "admitted before birth": ({"admitted_on": "2010-01-01"}, {"tanggal_masuk": "2010-01-01"}),
    "date of an unknown birth date": (
        {"birth_date_precision": "unknown"},
        {"tanggal_lahir_status": "tidak diketahui"},
    ),
    "no birth date": ({"birth_date": "", "nik": ""}, {"tanggal_lahir": "", "nik": ""}),
    "assessment without assessor": ({"assessor": ""}, {"asesor": ""}),
    "assessment in the future": ({"assessed_on": FUTURE}, {"tanggal_asesmen": FUTURE}),
    "neither assessment nor emergency": (NO_ASSESSMENT_FORM, NO_ASSESSMENT_FILE),
    "NIK of 15 digits": ({"nik": "360301570514000"}, {"nik": "360301570514000"}),
    "NIK with an impossible date": ({"nik": "3603019913140002"}, {"nik": "3603019913140002"}),
    "KK of 5 digits": ({"kk": "12345"}, {"no_kk": "12345"}),
}


@pytest.mark.parametrize(("on_form", "in_file"), CASES.values(), ids=CASES.keys())
def test_form_and_import_refuse_with_the_same_words(
    registry: RegistryWorld, on_form: dict[str, str], in_file: dict[str, str]
) -> None:
    operator = registry.world.user("lksa_operator")
    form = AdmissionForm({"lksa": registry.home.pk, **FORM, **on_form}, homes=homes_for_admission(operator))
    assert not form.is_valid()
    from_form = {
        (PROBLEM_COLUMN[field], message) for field, messages in form.errors.items() for message in messages
    }
    plan = plan_import(operator, csv_file([row(**in_file)]).read(), "a.csv")
    from_file = {(error.column, error.message) for error in plan.errors}
    assert from_form == from_file and from_file


def test_the_base_child_passes_both(registry: RegistryWorld) -> None:
    operator = registry.world.user("lksa_operator")
    form = AdmissionForm({"lksa": registry.home.pk, **FORM}, homes=homes_for_admission(operator))
    assert form.is_valid(), form.errors
    assert not plan_import(operator, csv_file([row()]).read(), "a.csv").errors


def _facts(**overrides: Any) -> dict[str, Any]:
    facts: dict[str, Any] = {
        "birth_date": date(2014, 5, 17),
        "birth_date_precision": "exact",
        "sex": "P",
        "admitted_on": date(2023, 7, 10),
        "emergency_admission": True,
        "today": date(2025, 1, 1),
    }
    return facts | overrides


def test_a_disagreeing_nik_is_a_warning_not_a_refusal() -> None:
    problems = admission_problems(**_facts(nik="3603011705140002"))  # a man's NIK for a girl
    assert [p.warning for p in problems] == [True] and by_field(problems) == {}
    assert "the record says" in problems[0].message


def test_an_empty_precision_cell_states_nothing() -> None:
    # An import may leave tanggal_lahir_status empty: the date alone is then taken as it is.
    assert admission_problems(**_facts(birth_date=None, birth_date_precision=None)) == []
    assert [p.field for p in admission_problems(**_facts(birth_date=None))] == ["birth_date"]


def test_family_care_possible_blocks_admission() -> None:
    problems = admission_problems(
        **_facts(
            assessed_on=date(2023, 7, 3), assessor="Rina", assessment_reasons="-", family_care_possible=True
        )
    )
    assert by_field(problems) == {
        "family_care_possible": [
            "The assessment found the child can stay with the family: "
            "support the family instead of admitting."
        ]
    }


def test_capacity() -> None:
    assert capacity_problem(name="Panti", capacity=None, in_care=500) is None
    assert capacity_problem(name="Panti", capacity=10, in_care=9) is None
    one = capacity_problem(name="Panti", capacity=10, in_care=10)
    assert one == Problem(
        "lksa",
        "Panti is full: 10 children for a capacity of 10. Refer the child to family-based care or another "
        "home, or ask Dinas Sosial to review the capacity.",
    )
    assert capacity_problem(name="Panti", capacity=10, in_care=7, admitting=3, in_file=True) is None
    file = capacity_problem(name="Panti", capacity=10, in_care=7, admitting=4, in_file=True)
    assert file is not None and file.message.startswith("Panti is full from this row on: 7 children in care")
    assert "this file admits 4" in file.message


def test_an_over_full_home_refuses_the_first_row_of_a_file(registry: RegistryWorld) -> None:
    # Two children in a home whose capacity was then lowered to one: the file's first new row is refused.
    operator = registry.world.user("lksa_operator")
    Lksa.objects.filter(pk=registry.home.pk).update(capacity=None)
    commit_plan(operator, plan_import(operator, csv_file([row(), second_child()]).read(), "a.csv"))
    Lksa.objects.filter(pk=registry.home.pk).update(capacity=1)
    plan = plan_import(operator, csv_file([second_child(nama_lengkap="Yohanes")]).read(), "a.csv")
    assert [(e.row, e.column) for e in plan.errors] == [(2, "id_lksa")]
    assert "is full from this row on: 2 children in care, capacity 1" in plan.errors[0].message
