"""Downloads of the lists (pantau/lib/exports.py, pantau/audit/exports.py): per list, the owner's file holds
the owner's rows and not the other province's, an outsider's holds none of the owner's (or is refused as
the page is), every file is audited, and the queries do not grow with the rows. Hostile text stays text.

The world is the access matrix's (one home, case, visit, finding, family... in Kabupaten Tangerang, "in",
and the same in Kota Medan, "out"), built once for the module in a transaction rolled back at its end."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any
from unittest import mock

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from pantau.accounts.models import Organisation, User
from pantau.accounts.roles import Role
from pantau.accounts.testing import force_login_verified
from pantau.accounts.tests.matrix.world import MatrixWorld, build_matrix_world
from pantau.audit.models import AuditEvent
from pantau.audit.services import audit_record
from pantau.cases.models import Case, CaseChild, Concern, FollowUp, Referral
from pantau.children.models import Child
from pantau.conftest import make_user
from pantau.familycare.models import CareFile, Family
from pantau.lib.exports import csv_stream_bytes, unsafe, xlsx_stream_bytes
from pantau.linkage.models import CandidatePair
from pantau.registry.models import Lksa

pytestmark = pytest.mark.django_db

HOSTILE = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", " =1", "\tplain"]


@pytest.fixture(scope="module")
def mworld(django_db_setup: None, django_db_blocker: Any) -> Iterator[MatrixWorld]:
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer._from_testcase = True  # type: ignore[attr-defined]
        outer.__enter__()
        try:
            world = build_matrix_world()
            # The two provinces' families have the same name in the matrix world: tell them apart.
            Family.objects.filter(pk=world.scopes["out"]["family"]).update(applicant_name="Keluarga Medan")
            yield world
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _client(user: User) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    return force_login_verified(client, user)


def _cells(response: Any) -> list[list[Any]]:
    """The rows of the file (header first), from XLSX or CSV."""
    if response["Content-Type"].startswith("text/csv"):
        text = response.content.decode("utf-8-sig")
        return [list(row) for row in csv.reader(io.StringIO(text))]
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def _text(rows: list[list[Any]]) -> str:
    return "\n".join(" | ".join("" if v is None else str(v) for v in row) for row in rows)


def _case(pk: int) -> str:
    return Case.objects.get(pk=pk).number


def _lksa(scope: dict[str, Any]) -> str:
    return Lksa.objects.get(pk=scope["lksa"]).name


@dataclass(frozen=True)
class ListCase:
    name: str
    url: str
    owner: str  # the persona whose office holds the "in" rows
    marker: Callable[[dict[str, Any]], str]  # text of a scope's row in the file
    area: str
    outsider_status: int = 200  # the Medan supervisor: sees Medan's rows, or is refused as on the page


LISTS = [
    ListCase("children", "/children/export.xlsx?status=all", "supervisor", _lksa, "child"),
    ListCase(
        "cases",
        "/cases/export.csv?status=all",
        "supervisor",
        lambda s: Case.objects.get(pk=s["case"]).number,
        "case",
    ),
    ListCase(
        "triage",
        "/cases/triage/export.xlsx",
        "supervisor",
        lambda s: Concern.objects.get(pk=s["concern"]).tracking_code,
        "concern",
    ),
    ListCase(
        "referrals",
        "/cases/referrals/export.xlsx",
        "case_worker",
        lambda s: Referral.objects.select_related("case").get(pk=s["referral"]).case.number,
        "referral",
    ),
    ListCase(
        "follow-ups",
        "/cases/follow-ups/export.xlsx",
        "supervisor",
        lambda s: FollowUp.objects.get(pk=s["follow_up"]).reintegration.case_child.case.number,
        "case",
    ),
    ListCase("visits", "/supervision/visits/export.xlsx", "supervisor", _lksa, "visit"),
    ListCase("findings", "/supervision/findings/export.csv?show=all", "supervisor", _lksa, "finding"),
    ListCase(
        "family-care files",
        "/family-care/export.xlsx",
        "supervisor",
        lambda s: CareFile.objects.get(pk=s["care_file"]).number,
        "familycare",
    ),
    ListCase(
        "families",
        "/family-care/families/export.xlsx",
        "supervisor",
        lambda s: Family.objects.get(pk=s["family"]).applicant_name,
        "familycare",
    ),
    ListCase(
        "organisations",
        "/organisations/export.xlsx",
        "supervisor",
        lambda s: Organisation.objects.get(pk=s["office"]).name,
        "organisation",
    ),
    ListCase(
        "users",
        "/users/export.csv",
        "org_admin",
        lambda s: User.objects.get(pk=s["user"]).email,
        "user",
        outsider_status=403,
    ),
]


@pytest.mark.parametrize("case", LISTS, ids=lambda case: case.name)
def test_owner_gets_their_rows_and_the_outsider_none_of_them(
    mworld: MatrixWorld, db: None, case: ListCase
) -> None:
    mine, theirs = case.marker(mworld.scopes["in"]), case.marker(mworld.scopes["out"])
    before = AuditEvent.objects.filter(action=f"{case.area}.exported").count()
    response = _client(mworld.user(case.owner)).get(case.url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    extension = case.url.split("?")[0].rsplit(".", 1)[1]
    assert response["Content-Disposition"].startswith('attachment; filename="pantau-')
    assert response["Content-Disposition"].endswith(f'.{extension}"')
    rows = _cells(response)
    text = _text(rows[1:])
    assert mine in text and theirs not in text
    event = AuditEvent.objects.filter(action=f"{case.area}.exported").order_by("-pk").first()
    assert event is not None and event.actor_id == mworld.user(case.owner).pk
    assert AuditEvent.objects.filter(action=f"{case.area}.exported").count() == before + 1
    assert event.changes["rows"] == len(rows) - 1 and event.changes["format"] == extension

    outsider = _client(mworld.user("outsider")).get(case.url)
    assert outsider.status_code == case.outsider_status
    if outsider.status_code == 200:
        assert mine not in _text(_cells(outsider)[1:])


def test_the_duplicate_pairs_file_masks_as_the_page_does(mworld: MatrixWorld, db: None) -> None:
    """The supervisor sees one pair (their child and a Medan child): the Medan child stays masked."""
    rows = _cells(_client(mworld.user("supervisor")).get("/duplicates/export.xlsx"))
    assert len(rows) == 2
    line = _text(rows[1:])
    assert "LKSA Kasih Bunda" in line and "Panti Asuhan Harapan" not in line
    assert line.count("Anak Uji") == 1  # our child by name; the other "A child in ..."


def test_the_audit_log_file_is_the_auditors(mworld: MatrixWorld, db: None) -> None:
    audit_record(action="audit.searched", actor=mworld.user("outsider"), changes={"q": "medan"})
    audit_record(action="audit.searched", actor=mworld.user("supervisor"), changes={"q": "=1+1"})
    client = _client(mworld.user("auditor"))
    rows = _cells(client.get("/audit/export.xlsx?action=audit.searched"))
    assert rows[0][:3] == ["Time", "Action", "Action code"]
    assert {row[2] for row in rows[1:]} == {"audit.searched"}
    actors = {row[3] for row in rows[1:]}
    assert "pengawas@dinsos.test.id" in actors and "pengawas@medan.test.id" not in actors
    assert "q: =1+1" in {row[8] for row in rows[1:]}
    event = AuditEvent.objects.filter(action="audit.exported").latest("pk")
    assert event.changes["filters"] == "action=audit.searched"
    assert _client(mworld.user("supervisor")).get("/audit/export.xlsx").status_code == 403
    # A search the form refuses is not exported as "everything": the page comes back with its errors.
    refused = client.get("/audit/export.xlsx?since=2025-01-02T00:00&until=2025-01-01T00:00")
    assert refused.status_code == 400 and refused["Content-Type"].startswith("text/html")


def test_filters_are_the_pages(mworld: MatrixWorld, db: None) -> None:
    client = _client(mworld.user("supervisor"))
    Child.objects.filter(pk=mworld.scopes["in"]["child"]).update(status="left", full_name="Anak Pulang")
    assert "Anak Pulang" not in _text(_cells(client.get("/children/export.xlsx?status=in_care"))[1:])
    assert "Anak Pulang" in _text(_cells(client.get("/children/export.xlsx?status=left"))[1:])
    Case.objects.filter(pk=mworld.scopes["in"]["case"]).update(status="closed")
    number = Case.objects.get(pk=mworld.scopes["in"]["case"]).number
    assert number not in _text(_cells(client.get("/cases/export.csv?status=open"))[1:])
    assert number in _text(_cells(client.get("/cases/export.csv?status=closed"))[1:])


def test_every_page_not_only_the_first(mworld: MatrixWorld, db: None) -> None:
    home = Lksa.objects.get(pk=mworld.scopes["in"]["lksa"])
    before = Child.objects.filter(lksa=home, status="in_care").count()
    Child.objects.bulk_create(
        Child(
            lksa=home,
            region_code=home.region_code,
            full_name=f"Anak {n:03}",
            sex="L",
            birth_date=date(2016, 1, 1),
            referral_source="family",
            referral_reason="-",
            admitted_on=date(2025, 2, 1),
        )
        for n in range(60)
    )
    client = _client(mworld.user("supervisor"))
    rows = _cells(client.get("/children/export.csv?status=in_care&page=2"))
    assert len(rows) == 1 + before + 60  # the page shows 50 a page; the file has them all
    assert rows[0] == ["Name", "Sex", "Born", "LKSA", "Admitted", "Gatekeeping"]
    assert rows[1] == ["Anak 000", "L", "2016", "LKSA Kasih Bunda", "2025-02-01", "Missing"]


def _children(home: Lksa, count: int, start: int = 0) -> None:
    Child.objects.bulk_create(
        Child(
            lksa=home,
            region_code=home.region_code,
            full_name=f"Anak {n:04}",
            sex="P",
            birth_date=date(2016, 1, 1),
            referral_source="family",
            referral_reason="-",
            admitted_on=date(2025, 2, 1),
        )
        for n in range(start, start + count)
    )


def _more_children(world: MatrixWorld) -> None:
    _children(Lksa.objects.get(pk=world.scopes["in"]["lksa"]), 120)


def _more_pairs(world: MatrixWorld) -> None:
    _children(Lksa.objects.get(pk=world.scopes["in"]["lksa"]), 40, start=500)
    kids = list(Child.objects.filter(full_name__startswith="Anak 05").values_list("pk", flat=True))
    CandidatePair.objects.bulk_create(
        CandidatePair(child_a_id=a, child_b_id=b, match_probability=0.8, match_weight=4)
        for a, b in zip(kids[::2], kids[1::2], strict=False)
    )


def _more_cases(world: MatrixWorld) -> None:
    office = Organisation.objects.get(pk=world.scopes["in"]["office"])
    home = Lksa.objects.get(pk=world.scopes["in"]["lksa"])
    opener = world.user("supervisor")
    for n in range(30):
        case = Case.objects.create(
            number=f"KS-MORE-{n}",
            title="-",
            owner=office,
            region_code=home.region_code,
            lksa=home,
            form_of_violence="eksploitasi",
            cluster="pka",
            summary="-",
            opened_by=opener,
        )
        CaseChild.objects.create(case=case, name="B.", sex="L", age=9)


def _more_users(world: MatrixWorld) -> None:
    office = Organisation.objects.get(pk=world.scopes["in"]["office"])
    for n in range(30):
        make_user(f"staf{n}@dinsos.test.id", office, Role.VIEWER)


@pytest.mark.parametrize(
    ("url", "role", "grow"),
    [
        ("/children/export.xlsx?status=all", "supervisor", _more_children),
        ("/duplicates/export.xlsx", "supervisor", _more_pairs),
        ("/cases/export.xlsx?status=all", "supervisor", _more_cases),
        ("/users/export.xlsx", "org_admin", _more_users),
    ],
    ids=["children", "pairs", "cases", "users"],
)
def test_queries_do_not_grow_with_the_rows(
    mworld: MatrixWorld, db: None, url: str, role: str, grow: Callable[[MatrixWorld], None]
) -> None:
    client = _client(mworld.user(role))
    client.get(url)  # sessions and caches warmed
    with CaptureQueriesContext(connection) as few:
        small = _cells(client.get(url))
    grow(mworld)
    with CaptureQueriesContext(connection) as many:
        large = _cells(client.get(url))
    assert len(large) >= len(small) + 20
    assert len(many.captured_queries) == len(few.captured_queries) <= 20


def test_past_the_cap_the_page_says_so_and_nothing_is_exported(mworld: MatrixWorld, db: None) -> None:
    client = _client(mworld.user("supervisor"))
    with mock.patch("pantau.audit.exports.EXPORT_CAP", 0):
        response = client.get("/children/export.xlsx?status=all&page=3", follow=True)
    assert response.redirect_chain == [("/children/?status=all", 302)]
    assert "a download holds at most 0" in response.content.decode()
    assert not AuditEvent.objects.filter(action="child.exported").exists()


def _as_read(value: str) -> str:
    """XML cannot hold a bare carriage return: the workbook stores it escaped as ``_x000D_`` (Excel shows
    the character again; openpyxl reads the escape as it is). Still text, still quoted."""
    return value.replace("\r", "_x000D_")


def test_hostile_names_stay_text_in_both_formats(mworld: MatrixWorld, db: None) -> None:
    home = Lksa.objects.get(pk=mworld.scopes["in"]["lksa"])
    for n, value in enumerate(HOSTILE):
        Child.objects.create(
            lksa=home,
            region_code=home.region_code,
            full_name=value,
            sex="P",
            birth_date=date(2015, 1, 1),
            referral_source="family",
            referral_reason=str(n),
            admitted_on=date(2025, 1, 1),
        )
    client = _client(mworld.user("supervisor"))
    sheet = load_workbook(io.BytesIO(client.get("/children/export.xlsx").content)).active
    hostile = {_as_read(value) for value in HOSTILE}
    names = {cell.value: cell for (cell, *_rest) in sheet.iter_rows(min_row=2) if cell.value in hostile}
    assert set(names) == hostile
    for value in HOSTILE:
        cell = names[_as_read(value)]
        assert cell.data_type == "s", value
        assert cell.quotePrefix == unsafe(value), value
    text = client.get("/children/export.csv").content.decode("utf-8-sig")
    read = {row[0] for row in csv.reader(io.StringIO(text))}
    assert {"'" + value if unsafe(value) else value for value in HOSTILE} <= read
    assert not read & set(HOSTILE)
    assert all(unsafe(value) for value in HOSTILE if value != "\tplain") and unsafe("\tplain")


def test_the_writers_keep_formulas_as_text() -> None:
    rows = [[value, 1, date(2025, 1, 2)] for value in [*HOSTILE, "-", "a=b", "ok"]]
    sheet = load_workbook(io.BytesIO(xlsx_stream_bytes(["v", "n", "d"], rows, title="t[1]"))).active
    assert sheet.title == "t 1"
    read = list(sheet.iter_rows(min_row=2))
    assert [row[0].value for row in read] == [_as_read(v) for v in [*HOSTILE, "-", "a=b", "ok"]]
    assert all(row[0].data_type == "s" for row in read)
    assert [row[0].quotePrefix for row in read] == [True] * len(HOSTILE) + [False, False, False]
    assert read[0][1].value == 1 and read[0][2].value.date() == date(2025, 1, 2)
    lines = csv_stream_bytes(["v"], [[value] for value in ["=1", "-", "ok"]]).decode("utf-8-sig").splitlines()
    assert lines == ["v", "'=1", "-", "ok"]


def test_the_pages_links_carry_the_filters_but_not_the_page(mworld: MatrixWorld, db: None) -> None:
    page = _client(mworld.user("supervisor")).get("/cases/?status=closed&page=1&waiting=service")
    html = page.content.decode()
    assert 'href="/cases/export.xlsx?status=closed&amp;waiting=service"' in html
    assert 'href="/cases/export.csv?status=closed&amp;waiting=service"' in html
