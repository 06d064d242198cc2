"""The pseudonymised export: no name, NIK, KK, exact birth date or address of the seeded children; the
same child has the same pseudonym in both tables; another key gives other pseudonyms; an analyst sees
only their area; every download is audited; a home and the police are refused."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.test import Client

from pantau.audit.models import AuditEvent
from pantau.conftest import World
from pantau.privacy import pseudonyms
from pantau.privacy.tests.conftest import NIKS, PrivacyWorld

pytestmark = pytest.mark.django_db


def _text(response: object) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]


def _rows(response: object) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(_text(response))))


def test_no_name_nik_or_birth_date_appears_and_joins_hold(pw: PrivacyWorld, login) -> None:  # type: ignore[no-untyped-def]
    c = login(pw.user("supervisor"))
    children = c.get("/privacy/export/children.csv")
    in_cases = c.get("/privacy/export/case-children.csv")
    assert children.status_code == in_cases.status_code == 200
    assert children["Cache-Control"] == "private, no-store"
    child_text, case_text = _text(children), _text(in_cases)
    raw = child_text + case_text
    forbidden = [
        *NIKS.values(),
        "3603031201100009",
        "Siti",
        "Aminah",
        "Budi",
        "Santoso",
        "Rina",
        "Ibu ",
        "Tangerang",
    ]
    forbidden += ["2014-05-01", "01-05-2014", "2015-02-07", "LKSA Kasih Bunda", pw.case.number]
    for text in forbidden:
        assert text not in raw, text
    child_rows = list(csv.DictReader(io.StringIO(child_text)))
    case_rows = list(csv.DictReader(io.StringIO(case_text)))
    # Only the Tangerang children (the supervisor's area), with birth years and the kabupaten.
    assert sorted(r["birth_year"] for r in child_rows) == ["2014", "2015"]
    assert {r["kabupaten"] for r in child_rows} == {"36.03"}
    siti = pseudonyms.pseudonym("child", pw.children[0].pk)
    assert siti in {r["person"] for r in child_rows}
    linked = next(r for r in case_rows if r["person"] == siti)  # the same child, joined across tables
    assert linked["age_band"] == "10-14" and linked["kabupaten"] == "36.03"
    assert len({r["person"] for r in case_rows}) == 2  # the child without a record has its own
    event = AuditEvent.objects.filter(action="privacy.exported").order_by("pk").first()
    assert event is not None and event.changes == {"table": "children", "format": "csv", "rows": 2}


def test_another_key_gives_other_pseudonyms_and_none_match_the_nik_index(pw: PrivacyWorld) -> None:
    siti = pw.children[0]
    first = pseudonyms.pseudonym("child", siti.pk)
    other = pseudonyms.pseudonym("child", siti.pk, key=b"k" * 32)
    assert first != other and len(first) == pseudonyms.DIGITS
    assert first not in siti.nik_hash and siti.nik_hash[: pseudonyms.DIGITS] != first
    _rows_qs, lines = pseudonyms.table_rows("children", pw.user("supervisor"), key=b"k" * 32)
    assert other in {line[0] for line in lines}


def test_the_xlsx_file_carries_no_name_either(pw: PrivacyWorld, login) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    response = login(pw.user("viewer")).get("/privacy/export/case-children.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [str(cell) for row in sheet.iter_rows(values_only=True) for cell in row]
    assert values[:2] == ["person", "case"]
    assert not [v for v in values if "Siti" in v or "Rina" in v]


def test_an_analyst_elsewhere_gets_only_their_area(pw: PrivacyWorld, login) -> None:  # type: ignore[no-untyped-def]
    rows = _rows(login(pw.user("outsider")).get("/privacy/export/children.csv"))
    assert [r["kabupaten"] for r in rows] == ["12.71"]
    assert [r["birth_year"] for r in rows] == [str(date(2013, 4, 3).year)]
    assert _rows(login(pw.user("outsider"), Client()).get("/privacy/export/case-children.csv")) == []


def test_a_home_and_the_police_are_refused_and_nothing_is_recorded_as_exported(
    pw: PrivacyWorld, world: World, login
) -> None:  # type: ignore[no-untyped-def]
    for persona in ("lksa_operator", "investigator", "case_worker"):
        c = login(world.user(persona), Client())
        assert c.get("/privacy/export/children.csv").status_code == 403
        assert c.get("/privacy/export/").status_code == 403
    assert not AuditEvent.objects.filter(action="privacy.exported").exists()
    assert AuditEvent.objects.filter(action="access.denied").count() >= 6


def test_a_spreadsheet_over_the_cap_is_refused_and_not_recorded(
    pw: PrivacyWorld, login, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("pantau.privacy.services.EXPORT_CAP", 1)
    c = login(pw.user("supervisor"))
    response = c.get("/privacy/export/children.xlsx", follow=True)
    assert response.redirect_chain == [("/privacy/export/", 302)]
    assert "download the CSV instead" in response.content.decode()
    assert not AuditEvent.objects.filter(action="privacy.exported").exists()
    assert len(_rows(c.get("/privacy/export/children.csv"))) == 2  # the CSV has no cap
