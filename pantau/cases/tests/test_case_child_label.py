"""A child in a case is never shown as "case child #1" (issue 15 §6): the service form names the child to
the case file's reader, and the label used elsewhere tells the case, sex and age, not the name."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import translation

from pantau.cases.forms import ServiceForm
from pantau.cases.models import CaseChild
from pantau.cases.services import case_child_add
from pantau.cases.tests.test_case_extras import make_case
from pantau.registry.tests.conftest import RegistryWorld

pytestmark = pytest.mark.django_db


def test_the_label_names_the_case_not_the_child(registry: RegistryWorld) -> None:
    supervisor = registry.world.user("supervisor")
    case = make_case(registry)
    siti = case_child_add(actor=supervisor, case=case, record=CaseChild(name="Siti Aminah", sex="P", age=12))
    unknown = case_child_add(actor=supervisor, case=case, record=CaseChild(name="R."))
    with translation.override("en"):
        assert str(siti) == f"Child in case {case.number} (P, 12 y)"
        assert str(unknown) == f"Child in case {case.number}"
    assert "Siti" not in str(siti) and "#" not in str(siti)


def test_the_service_form_and_case_page_name_the_children(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    supervisor = registry.world.user("supervisor")
    case = make_case(registry)
    case_child_add(actor=supervisor, case=case, record=CaseChild(name="Siti Aminah", sex="P", age=12))
    case_child_add(actor=supervisor, case=case, record=CaseChild(name="Budi", sex="L"))
    form = ServiceForm(case=case)
    assert [label for _value, label in form.fields["case_child"].choices][1:] == [
        "Siti Aminah (P, 12 y)",
        "Budi (L)",
    ]
    body = login(supervisor).get(f"/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    select = re.search(r'<select name="case_child"[^>]*>(.*?)</select>', body, re.S)
    assert select is not None
    assert re.findall(r"<option[^>]*>([^<]*)</option>", select.group(1)) == [
        "---------",
        "Siti Aminah (P, 12 y)",
        "Budi (L)",
    ]
    assert "case child #" not in body
