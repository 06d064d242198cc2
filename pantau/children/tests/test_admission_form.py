"""The admission form reports every problem at once, and the SNPA answers start blank (issue 15 §6)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from pantau.audit.models import AuditEvent
from pantau.children.models import Child, GatekeepingAssessment
from pantau.children.tests.test_admission import admit
from pantau.registry.models import Lksa
from pantau.registry.tests.conftest import RegistryWorld

pytestmark = pytest.mark.django_db

CODES = [f"A{n}" for n in range(1, 10)]


def posted(registry: RegistryWorld, **changes: Any) -> dict[str, Any]:
    data = {
        "lksa": registry.home.pk,
        "full_name": "Putu Ayu",
        "sex": "P",
        "birth_date": "2016-02-03",
        "birth_date_precision": "exact",
        "mother_status": "alive",
        "father_status": "deceased",
        "referral_source": "family",
        "referral_reason": "Ibu bekerja di luar negeri",
        "admission_reason": "family_unable",
        "admitted_on": "2025-07-01",
        "assessed_on": "2025-06-28",
        "assessor": "Peksos Dinsos",
        "assessment_reasons": "Tidak ada kerabat yang dapat mengasuh",
        **{f"item_{code}": "yes" for code in CODES},
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_snpa_answers_start_blank(registry: RegistryWorld, login: Callable[..., Client]) -> None:
    client = login(registry.world.user("lksa_operator"))
    body = client.get("/children/admit/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for code in CODES:
        select = re.search(rf'<select name="item_{code}"[^>]*>(.*?)</select>', body, re.S)
        assert select is not None, code
        options = re.findall(r'<option value="([^"]*)"( selected)?>', select.group(1))
        assert options == [("", " selected"), ("yes", ""), ("no", ""), ("na", "")], code


def test_each_unanswered_item_gets_its_own_message(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    client = login(registry.world.user("lksa_operator"))
    blank = {f"item_{code}": None for code in CODES if code != "A4"}
    response = client.post("/children/admit/", posted(registry, **blank), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {field: list(messages) for field, messages in errors.items()} == {
        f"item_{code}": [f"Answer {code}: yes, no or not applicable."] for code in CODES if code != "A4"
    }
    assert "Answer A1: yes, no or not applicable." in response.content.decode()
    assert not Child.objects.exists() and not GatekeepingAssessment.objects.exists()


def test_every_answer_is_kept(registry: RegistryWorld, login: Callable[..., Client]) -> None:
    client = login(registry.world.user("lksa_operator"))
    answers = dict(zip(CODES, ["yes", "no", "na", "yes", "yes", "no", "na", "yes", "yes"], strict=True))
    response = client.post(
        "/children/admit/", posted(registry, **{f"item_{c}": v for c, v in answers.items()})
    )
    assert response.status_code == 302
    assert Child.objects.get().gatekeeping.items == answers


def test_an_emergency_admission_without_assessment_needs_no_answers(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    client = login(registry.world.user("lksa_operator"))
    no_assessment = {"assessed_on": None, "assessor": None, "assessment_reasons": None}
    no_answers = {f"item_{code}": None for code in CODES}
    response = client.post(
        "/children/admit/", posted(registry, emergency_admission="on", **no_assessment, **no_answers)
    )
    assert response.status_code == 302
    child = Child.objects.get()
    assert child.emergency_admission and not GatekeepingAssessment.objects.exists()


def test_all_problems_are_reported_in_one_answer(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    admit(registry, full_name="Anak Pertama")
    Lksa.objects.filter(pk=registry.home.pk).update(capacity=1)  # full: one child in care
    client = login(registry.world.user("lksa_operator"))
    response = client.post(
        "/children/admit/",
        posted(
            registry,
            full_name="",
            admitted_on="2099-01-01",
            nik="123",
            item_A2=None,
            item_A9=None,
        ),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    errors = {field: list(messages) for field, messages in response.context["form"].errors.items()}
    home = registry.home.name
    assert errors == {
        "full_name": ["This field is required."],
        "admitted_on": ["The admission date cannot be in the future."],
        "nik": ["A NIK has exactly 16 digits (this one has 3 characters)."],
        "item_A2": ["Answer A2: yes, no or not applicable."],
        "item_A9": ["Answer A9: yes, no or not applicable."],
        "lksa": [
            f"{home} is full: 1 children for a capacity of 1. Refer the child to family-based care or "
            "another home, or ask Dinas Sosial to review the capacity."
        ],
    }
    # Nothing half-written: only the first child exists, admitted once.
    assert list(Child.objects.values_list("full_name", flat=True)) == ["Anak Pertama"]
    assert AuditEvent.objects.filter(action="child.admitted").count() == 1
