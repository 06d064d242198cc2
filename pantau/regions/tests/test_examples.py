"""Every region code shown as an example (form help, import column help, a template's example row) exists
in the region data the demo and production load, and each import template's example row imports."""

from __future__ import annotations

import importlib
import io
import re
from collections.abc import Callable, Iterator

import pytest
from django import forms
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from openpyxl import Workbook, load_workbook

from pantau.imports import kinds
from pantau.imports.models import ImportJob
from pantau.regions.models import Region
from pantau.regions.services import regions_load
from pantau.registry.models import Lksa
from pantau.registry.tests.conftest import RegistryWorld

pytestmark = pytest.mark.django_db

# A region code written in text: "36", "36.03", "36.03.03", "36.03.03.2002" (not part of a longer number).
CODE = re.compile(r"(?<![\w.])(\d{2}(?:\.\d{2}){1,2}(?:\.\d{4})?)(?![\w.]*\d)")


def _help_texts() -> Iterator[tuple[str, str]]:
    """(where, text) for every help text and label of every form, model field and import column."""
    for config in apps.get_app_configs():
        if not config.name.startswith("pantau."):
            continue
        try:
            found = vars(importlib.import_module(f"{config.name}.forms"))
        except ModuleNotFoundError:
            found = {}
        for name, value in found.items():
            if isinstance(value, type) and issubclass(value, forms.BaseForm):
                for field_name, field in value.base_fields.items():
                    yield f"{config.name}.forms.{name}.{field_name}", f"{field.label} {field.help_text}"
        for model in config.get_models():
            for field in model._meta.get_fields():
                yield f"{model._meta.label}.{field.name}", str(getattr(field, "help_text", ""))
    for key, kind in kinds._KINDS.items():
        for column in kind.columns:
            yield f"import {key}: {column.name}", str(column.help)
        yield f"import {key}: example row", " ".join(str(cell) for cell in kind.example)


def test_every_example_region_code_exists() -> None:
    regions_load()  # all of Indonesia, as the demo and production load it
    known = set(Region.objects.filter(is_active=True).values_list("code", flat=True))
    with translation.override("en"):
        texts = list(_help_texts())
    examples = {(where, code) for where, text in texts for code in CODE.findall(text)}
    # The scan finds the examples it should (so an empty result cannot pass silently).
    assert ("pantau.registry.forms.LksaForm.region_code", "36.03.03.2002") in examples
    assert ("import lksa: example row", "36.03.03.2002") in examples
    missing = sorted((where, code) for where, code in examples if code not in known)
    assert missing == []


@pytest.fixture
def tangerang(registry: RegistryWorld) -> RegistryWorld:
    regions_load(only=("36.03",))  # Kabupaten Tangerang as the real data has it
    # The test world's 36.03.03.2001 is not a real code: here it is retired, as the loader would do.
    Region.objects.filter(code="36.03.03.2001").update(is_active=False)
    return registry


def _template_file(client: Client, url: str) -> SimpleUploadedFile:
    """The downloaded template with its header and example row only (the notes sheet left out)."""
    response = client.get(url)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    header, example = list(sheet.iter_rows(min_row=1, max_row=2, values_only=True))
    workbook = Workbook()
    workbook.active.append(list(header))  # type: ignore[union-attr]
    workbook.active.append(list(example))  # type: ignore[union-attr]
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("contoh.xlsx", buffer.getvalue())


def test_lksa_template_example_row_imports(tangerang: RegistryWorld, login: Callable[..., Client]) -> None:
    client = login(tangerang.world.user("supervisor"))
    file = _template_file(client, "/registry/imports/template.xlsx")
    assert client.post("/registry/imports/", {"file": file}).status_code == 302
    job = ImportJob.objects.latest("pk")
    assert (job.status, job.created_count, job.errors) == ("done", 1, [])
    assert Lksa.objects.get(name="Panti Asuhan Contoh").region_code == "36.03.03.2002"


def test_import_names_the_place_and_says_what_was_wrong(
    tangerang: RegistryWorld, login: Callable[..., Client]
) -> None:
    client = login(tangerang.world.user("supervisor"))
    file = _template_file(client, "/registry/imports/template.xlsx")
    workbook = load_workbook(io.BytesIO(file.read()))
    sheet = workbook.active
    assert sheet is not None
    example = [cell.value for cell in sheet[2]]
    column = [cell.value for cell in sheet[1]].index("kode_wilayah")
    for n, place in enumerate(["36.03.03.2001x", "36.03.03.2099", "Tangerang", "12.71.02", "Pasir Bolang"]):
        row = list(example)
        row[0], row[column] = f"Panti {n}", place
        row[13] = f"36.03/TD-LKS/2024/{n:03}"  # each its own registration number
        sheet.append(row)
    sheet.delete_rows(2)
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.post("/registry/imports/", {"file": SimpleUploadedFile("x.xlsx", buffer.getvalue())})
    job = ImportJob.objects.latest("pk")
    messages = {(e["row"], e["message"]) for e in job.errors if e["column"] == "kode_wilayah"}
    assert messages == {
        (
            2,
            '"36.03.03.2001x" is not a region code (they look like 36.03.03.1001). '
            "Type the name of the place.",
        ),
        (
            3,
            "No region has the code 36.03.03.2099. In Tigaraksa, Kab. Tangerang there are, for example: "
            "Tigaraksa (36.03.03.1001); Kadu Agung (36.03.03.1007); Pasir Bolang (36.03.03.2002); "
            "Matagara (36.03.03.2003); Pasir Nangka (36.03.03.2004).",
        ),
        (
            4,
            '"Tangerang" could be several places: Kab. Tangerang, Banten (36.03); Kota Tangerang, Banten '
            "(36.71). Pick one of the suggestions, add the kabupaten/kota after a comma, or type the code.",
        ),
        (5, "Medan Sunggal, Kota Medan (12.71.02) is outside your jurisdiction."),
    }
    assert job.status == "failed" and not Lksa.objects.filter(name__regex=r"^Panti [0-9]$").exists()
