"""The dashboard page, its downloads and the API: the same numbers, the same suppression, audited."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from pantau.accounts.models import User
from pantau.audit.models import AuditEvent
from pantau.conftest import World
from pantau.insights.tests.dataset import Dataset, build

pytestmark = pytest.mark.django_db

Login = Callable[[User], Client]


@pytest.fixture
def data(world: World) -> Dataset:
    return build(world)


def test_the_page_shows_each_section_with_its_table_chart_data_and_downloads(
    data: Dataset, login: Login
) -> None:
    response = login(data.kpai).get("/insights/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="section-legality"' in html and 'data-testid="section-breakdown"' in html
    assert 'data-testid="suppression-note"' in html
    assert '<script id="insights-charts" type="application/json">' in html
    assert '<script id="insights-map" type="application/json">' in html  # national: the map
    assert "/static/vendor/echarts.min.js" in html and "/static/insights/dashboard.js" in html
    assert "CC BY 4.0" in html and "denyherianto" in html
    assert 'href="/insights/download/legality.csv"' in html
    assert 'href="/insights/?region=36"' in html  # drill down to Banten
    body = html[html.index("<h1>") :]
    assert ">None<" not in body and ">-1<" not in body
    assert "<script>" not in html and 'style="' not in html  # CSP: no inline script or style
    charts = {c["key"]: c for c in response.context["charts"]}
    assert charts["legality"]["series"][0]["data"] == [2, 1, 1]
    assert charts["case_categories"]["series"][0]["data"][:3] == [5, None, None]  # withheld: a gap
    values = {v["code"]: v for v in response.context["map_data"]["values"]}
    assert response.context["map_indicator"] == "lksa"
    assert (values["36"]["value"], values["12"]["value"]) == (3, 1)


def test_the_map_can_be_coloured_by_another_indicator_and_withholds_small_cells(
    data: Dataset, login: Login
) -> None:
    response = login(data.kpai).get("/insights/?map=in_care")
    values = {v["code"]: (v["value"], v["text"]) for v in response.context["map_data"]["values"]}
    assert values == {"12": (None, "< 5"), "36": (10, "10")}
    # An indicator the person's table lacks falls back to the first one.
    assert (
        login(data.user("investigator")).get("/insights/?map=visited_pct").context["map_indicator"]
        == "open_cases"
    )


def test_a_kabupaten_page_has_no_map_and_links_homes(data: Dataset, login: Login) -> None:
    response = login(data.user("supervisor")).get("/insights/")
    html = response.content.decode()
    assert response.context["show_map"] is False and "insights-map" not in html
    assert f'href="/registry/{data.kasih.pk}/"' in html
    assert 'data-testid="suppression-note"' not in html  # Dinas Sosial sees children: nothing withheld


def test_the_page_outside_the_jurisdiction_is_404(data: Dataset, login: Login) -> None:
    assert login(data.user("supervisor")).get("/insights/?region=12.71").status_code == 404


def test_the_lksa_operator_has_no_dashboard(data: Dataset, login: Login) -> None:
    assert login(data.user("lksa_operator")).get("/insights/").status_code == 403
    assert login(data.user("lksa_operator")).get("/insights/download/legality.csv").status_code == 403


def _csv(response: Any) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_csv_download_has_the_section_numbers_withheld_cells_as_text_and_is_audited(
    data: Dataset, login: Login
) -> None:
    response = login(data.kpai).get("/insights/download/case_categories.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response["Cache-Control"] == "private, no-store"
    rows = _csv(response)
    assert rows[0] == ["Item", "Value"]
    assert rows[1:4] == [
        ["Physical (fisik)", "5"],
        ["Psychological (psikis)", "< 5"],
        ["Sexual (seksual)", "< 5"],
    ]
    assert rows[-1] == ["All cases", "8"]
    event = AuditEvent.objects.filter(action="insights.download").latest("pk")
    assert event.actor_id == data.kpai.pk
    assert event.changes == {"section": "case_categories", "region": "", "format": "csv", "rows": 8}


def test_xlsx_download_of_the_breakdown(data: Dataset, login: Login) -> None:
    response = login(data.kpai).get("/insights/download/breakdown.xlsx?region=36")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][:3] == ["Code", "Area", "Operating LKSA"]
    # The last two columns: awareness activities in 12 months and the people they reached (none here).
    assert values[1] == ["36.03", "Kabupaten Tangerang", 2, 50.0, 50.0, 1.0, 10, "< 5", 5, 0, 0]
    assert values[-1][1:3] == ["Total", 3]
    event = AuditEvent.objects.filter(action="insights.download").latest("pk")
    assert event.target_region_code == "36" and event.changes["format"] == "xlsx"


def test_downloads_cannot_carry_a_formula(data: Dataset, login: Login) -> None:
    data.kasih.name = '=HYPERLINK("http://x.test","klik")'
    data.kasih.save(update_fields=["name"])
    client = login(data.user("supervisor"))
    rows = _csv(client.get("/insights/download/breakdown.csv"))
    assert rows[1][1] == '\'=HYPERLINK("http://x.test","klik")'
    sheet = load_workbook(io.BytesIO(client.get("/insights/download/breakdown.xlsx").content)).active
    assert sheet is not None
    cell = sheet.cell(row=2, column=2)
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://x.test","klik")' and cell.quotePrefix


def test_a_section_the_person_does_not_see_cannot_be_downloaded(data: Dataset, login: Login) -> None:
    client = login(data.user("investigator"))
    assert client.get("/insights/download/workload.csv").status_code == 404  # no supervision for police
    assert client.get("/insights/download/legality.pdf").status_code == 404
    assert client.get("/insights/download/legality.csv?region=12").status_code == 404
    assert AuditEvent.objects.filter(action="access.denied", actor=data.user("investigator")).count() == 3


def test_the_api_gives_the_same_numbers_and_suppression(data: Dataset, login: Login) -> None:
    response = login(data.kpai).get("/api/v1/insights/dashboard")
    assert response.status_code == 200
    body = response.json()
    assert body["withheld"] is True and body["scope"]["code"] is None
    sections = {s["key"]: s for s in body["sections"]}
    psikis = next(r for r in sections["case_categories"]["rows"] if r["key"] == "psikis")
    assert psikis == {
        "key": "psikis",
        "label": "Psychological (psikis)",
        "value": None,
        "withheld": True,
        "text": "< 5",
        "group": "",
    }
    assert sections["case_categories"]["total"]["value"] == 8
    banten = next(r for r in body["breakdown"]["rows"] if r["key"] == "36")
    assert banten["cells"]["in_care"]["value"] == 10 and banten["cells"]["open_cases"]["withheld"] is True
    assert login(data.user("supervisor")).get("/api/v1/insights/dashboard?region=12").status_code == 404
    supervisor = login(data.user("supervisor")).get("/api/v1/insights/dashboard?region=36.03").json()
    assert supervisor["withheld"] is False
    stages = {
        r["key"]: r["value"] for r in {s["key"]: s for s in supervisor["sections"]}["case_stages"]["rows"]
    }
    assert stages == {"open": 4, "police": 1, "closed": 1}


def test_the_nav_and_kpai_home_link_the_dashboard(data: Dataset, login: Login) -> None:
    html = login(data.kpai).get("/").content.decode()
    assert 'data-testid="dashboard-link"' in html and html.count('href="/insights/"') >= 2
    operator = login(data.user("lksa_operator")).get("/").content.decode()
    assert 'href="/insights/"' not in operator
