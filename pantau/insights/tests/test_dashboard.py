"""The dashboard's figures, exactly, on the known dataset (tests/dataset.py), as three people see them:
a KPAI viewer (national, small cells withheld), Kabupaten Tangerang's supervisor (everything, exact) and
the Tangerang police PPA unit's investigator (cases and monitoring, small cells withheld)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from pantau.audit.models import AuditEvent
from pantau.conftest import World
from pantau.insights.dashboard import Dashboard, Row, Section, dashboard_for, suppress
from pantau.insights.tests.dataset import Dataset, build

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def data(world: World) -> Dataset:
    return build(world)


def texts(section: Section | None) -> dict[str, str]:
    assert section is not None
    shown = {(f"{row.key}" if not row.group else row.key): row.text for row in section.rows}
    if section.total is not None:
        shown["total"] = section.total.text
    return shown


def table(board: Dashboard) -> dict[str, dict[str, str]]:
    result = {row.label: {k: c.text for k, c in row.cells.items()} for row in board.breakdown.rows}
    result["Total"] = {k: c.text for k, c in board.breakdown.total.items()}
    return result


ZERO_DOCS = {
    "accreditation:soon": "0",
    "accreditation:lapsed": "0",
    "fundraising:soon": "0",
    "adoption:soon": "0",
}
NO_OTHER_FORMS = {"eksploitasi": "0", "trafficking": "0", "penelantaran": "0", "lainnya": "0"}


def test_kpai_sees_the_nation_with_small_cells_withheld(data: Dataset) -> None:
    board = dashboard_for(data.kpai, region="", today=data.today)
    assert board.scope.code is None and board.scope.child_level == "province" and board.withheld
    assert [s.key for s in board.sections] == [
        "legality",
        "documents",
        "visits",
        "findings",
        "workload",
        "care_types",
        "exits",
        "case_categories",
        "case_stages",
        "referrals",
        "recommendations",
        "awareness",
        "awareness_reached",
    ]  # a KPAI viewer does not do online monitoring
    assert texts(board.section("legality")) == {
        "registered": "2",
        "attention": "1",
        "not_registered": "1",
        "total": "4",
    }
    assert texts(board.section("documents")) == {
        "registration:soon": "1",
        "registration:lapsed": "1",
        **ZERO_DOCS,
    }
    visits = board.section("visits")
    assert visits is not None and len(visits.rows) == 12
    assert visits.rows[-1].key == data.today.isoformat()[:7] and visits.rows[-1].value == 1
    assert sum(row.value or 0 for row in visits.rows) == 2 and visits.total and visits.total.text == "2"
    findings = texts(board.section("findings"))
    assert findings == {
        **{
            f"{s}:{state}": "0" for s in ("low", "medium", "high", "critical") for state in ("open", "closed")
        },
        "high:open": "1",
        "low:closed": "1",
    }
    assert texts(board.section("workload")) == {
        "homes": "4",
        "supervisors": "3",
        "per_supervisor": "1.3",
        "visited": "2",
        "visited_pct": "50.0%",
    }
    # Medan has 3 children in care: left out. Tangerang's 10 in care, 2 back with their parents and 1
    # in foster care: the two small cells withheld.
    assert texts(board.section("care_types")) == {
        "lksa": "10",
        "reunification": "< 5",
        "kinship": "0",
        "foster": "< 5",
        "guardianship": "0",
        "adoption": "0",
        "total": "13",
    }
    assert "1 area with fewer than 5 children" in board.section("care_types").note  # type: ignore[union-attr]
    assert texts(board.section("exits")) == {
        "reunification": "< 5",
        "kinship": "0",
        "foster": "0",
        "guardianship": "0",
        "adoption": "0",
        "total": "< 5",
    }
    assert texts(board.section("case_categories")) == {
        "fisik": "5",
        "psikis": "< 5",
        "seksual": "< 5",
        **NO_OTHER_FORMS,
        "total": "8",
    }
    assert texts(board.section("case_stages")) == {
        "open": "6",
        "police": "< 5",
        "closed": "< 5",
        "total": "8",
    }
    assert texts(board.section("referrals")) == {"uptd_ppa:median": "< 5", "uptd_ppa:p90": "< 5"}
    assert table(board) == {
        "Sumatera Utara": {
            "lksa": "1",
            "legal_pct": "100.0%",
            "visited_pct": "100.0%",
            "per_supervisor": "1.0",
            "in_care": "< 5",
            "exits": "< 5",
            "open_cases": "< 5",
            "awareness": "0",
            "reached": "0",
        },
        "Banten": {
            "lksa": "3",
            "legal_pct": "33.3%",
            "visited_pct": "33.3%",
            "per_supervisor": "1.5",
            "in_care": "10",
            "exits": "< 5",
            # 5 open cases, shown alone they would give Medan's 2 back from the total of 7.
            "open_cases": "< 5",
            "awareness": "0",
            "reached": "0",
        },
        "Total": {
            "lksa": "4",
            "legal_pct": "50.0%",
            "visited_pct": "50.0%",
            "per_supervisor": "1.3",
            "in_care": "10",
            "exits": "< 5",
            "open_cases": "7",
            "awareness": "0",
            "reached": "0",
        },
    }


def test_the_supervisor_sees_exact_figures_per_home(data: Dataset) -> None:
    board = dashboard_for(data.user("supervisor"), region="", today=data.today)
    assert board.scope.code == "36.03" and board.scope.child_level == "lksa" and not board.withheld
    assert board.scope.parent is None  # Banten is outside a kabupaten office's jurisdiction
    assert texts(board.section("legality")) == {
        "registered": "1",
        "attention": "1",
        "not_registered": "0",
        "total": "2",
    }
    assert texts(board.section("workload")) == {
        "homes": "2",
        "supervisors": "2",
        "per_supervisor": "1.0",
        "visited": "1",
        "visited_pct": "50.0%",
    }
    assert texts(board.section("care_types")) == {
        "lksa": "10",
        "reunification": "2",
        "kinship": "0",
        "foster": "1",
        "guardianship": "0",
        "adoption": "0",
        "total": "13",
    }
    assert texts(board.section("exits"))["reunification"] == "2"
    assert texts(board.section("exits"))["total"] == "2"
    assert texts(board.section("case_categories")) == {
        "fisik": "3",
        "psikis": "1",
        "seksual": "2",
        **NO_OTHER_FORMS,
        "total": "6",
    }
    assert texts(board.section("case_stages")) == {"open": "4", "police": "1", "closed": "1", "total": "6"}
    assert texts(board.section("referrals")) == {"uptd_ppa:median": "10.0", "uptd_ppa:p90": "10.0"}
    assert board.section("monitoring") is not None
    assert table(board) == {
        "Kasih Bunda": {
            "legality": "Registered",
            "visited_pct": "yes",
            "in_care": "7",
            "exits": "2",
            "open_cases": "4",
        },
        "Pelita": {
            "legality": "Registered, with problems",
            "visited_pct": "no",
            "in_care": "3",
            "exits": "0",
            "open_cases": "1",
        },
        "Total": {
            "legality": "50.0%",
            "visited_pct": "50.0%",
            "in_care": "10",
            "exits": "2",
            "open_cases": "5",
        },
    }
    assert board.breakdown.rows[0].link == f"/registry/{data.kasih.pk}/"


def test_the_police_see_cases_and_monitoring_but_no_supervision(data: Dataset) -> None:
    board = dashboard_for(data.user("investigator"), region="", today=data.today)
    assert board.withheld
    assert [s.key for s in board.sections] == [
        "legality",
        "documents",
        "care_types",
        "exits",
        "case_categories",
        "case_stages",
        "referrals",
        "monitoring",
        "recommendations",
        "awareness",
        "awareness_reached",
    ]
    # Pelita's 3 children are left out: 7 in care at Kasih Bunda; its placements in families (2 and 1)
    # withheld, two cells, so no third is needed to protect them.
    assert texts(board.section("care_types")) == {
        "lksa": "7",
        "reunification": "< 5",
        "kinship": "0",
        "foster": "< 5",
        "guardianship": "0",
        "adoption": "0",
        "total": "10",
    }
    assert texts(board.section("case_stages")) == {
        "open": "< 5",
        "police": "< 5",
        "closed": "< 5",
        "total": "6",
    }
    assert table(board) == {
        "Kasih Bunda": {"legality": "Registered", "in_care": "7", "exits": "< 5", "open_cases": "< 5"},
        "Pelita": {
            "legality": "Registered, with problems",
            "in_care": "< 5",
            "exits": "< 5",
            "open_cases": "< 5",
        },
        "Total": {"legality": "50.0%", "in_care": "7", "exits": "< 5", "open_cases": "5"},
    }


def test_drilling_down_from_the_nation_to_a_province(data: Dataset) -> None:
    board = dashboard_for(data.kpai, region="36", today=data.today)
    assert (board.scope.code, board.scope.child_level, board.scope.parent) == ("36", "regency", "")
    assert [(row.label, row.link) for row in board.breakdown.rows] == [
        ("Kabupaten Tangerang", "/insights/?region=36.03"),
        ("Kota Tangerang", "/insights/?region=36.71"),
    ]
    assert table(board)["Kota Tangerang"] == {
        "lksa": "1",
        "legal_pct": "0.0%",
        "visited_pct": "0.0%",
        "per_supervisor": "—",
        "in_care": "0",
        "exits": "0",
        "open_cases": "0",
        "awareness": "0",  # no sosialisasi in this dataset (pantau/awareness/tests count them)
        "reached": "0",
    }
    national = dashboard_for(data.kpai, region="", today=data.today)
    assert [row.link for row in national.breakdown.rows] == ["/insights/?region=12", "/insights/?region=36"]
    home = dashboard_for(data.kpai, region="36.03", today=data.today)
    assert (home.scope.child_level, home.scope.parent) == ("lksa", "36")


@pytest.mark.parametrize("region", ["12", "36", "12.71", "99", "36.03.03.2001x"])
def test_a_region_outside_the_jurisdiction_is_not_found_and_audited(data: Dataset, region: str) -> None:
    supervisor = data.user("supervisor")
    with pytest.raises(Http404):
        dashboard_for(supervisor, region=region, today=data.today)
    event = AuditEvent.objects.filter(action="access.denied").latest("pk")
    assert event.actor_id == supervisor.pk and event.target_label == f"insights:region:{region}"


def test_the_owner_and_colleague_see_their_kabupaten_the_outsider_does_not(data: Dataset) -> None:
    for persona in ("supervisor", "colleague"):
        board = dashboard_for(data.user(persona), region="36.03", today=data.today)
        assert [row.label for row in board.breakdown.rows] == ["Kasih Bunda", "Pelita"]
    outsider = dashboard_for(data.user("outsider"), region="", today=data.today)
    assert outsider.scope.code == "12.71" and [row.label for row in outsider.breakdown.rows] == ["Harapan"]
    with pytest.raises(Http404):
        dashboard_for(data.user("outsider"), region="36.03", today=data.today)


def _queries(user: Any, region: str, data: Dataset) -> int:
    dashboard_for(user, region=region, today=data.today)  # the person's membership is read once, then kept
    with CaptureQueriesContext(connection) as captured:
        dashboard_for(user, region=region, today=data.today)
    return len(captured)


def test_the_number_of_queries_does_not_grow_with_the_data(
    data: Dataset, django_assert_num_queries: Any
) -> None:
    before = {
        (who, r): _queries(data.user(who) if who != "kpai" else data.kpai, r, data)
        for who, r in (("kpai", ""), ("kpai", "36"), ("supervisor", ""), ("investigator", ""))
    }
    # Twice as many homes, children, cases and visits.
    build_more(data)
    after = {(who, r): _queries(data.user(who) if who != "kpai" else data.kpai, r, data) for who, r in before}
    assert after == before
    with django_assert_num_queries(before[("kpai", "")]):
        dashboard_for(data.kpai, region="", today=data.today)
    assert before[("kpai", "")] <= 32


def build_more(data: Dataset) -> None:
    from pantau.accounts.models import Organisation
    from pantau.accounts.roles import OrgKind
    from pantau.insights.tests.dataset import _case, _child, _home

    for n in range(3):
        org = Organisation.objects.create(name=f"LKSA Tambahan {n}", kind=OrgKind.LKSA, region_id="36.71")
        home = _home(org, f"Tambahan {n}", "36.71", "registered")
        for m in range(6):
            _child(home, m)
        _case(home, data.world.dinsos, data.user("supervisor"), n, "psikis")


# --- Suppression, on its own ---------------------------------------------------------------------


def rows(*values: int) -> list[Row]:
    return [Row(key=str(i), label=str(i), value=v) for i, v in enumerate(values)]


def shown(result: list[Row]) -> list[int | float | None]:
    return [row.value for row in result]


def test_small_cells_are_withheld_and_zeros_shown() -> None:
    result, total = suppress(rows(0, 1, 4, 5, 12))
    assert shown(result) == [0, None, None, 5, 12] and total is None
    assert [row.text for row in result] == ["0", "< 5", "< 5", "5", "12"]


def test_a_single_withheld_cell_takes_the_smallest_other_with_it_when_a_total_is_shown() -> None:
    result, total = suppress(rows(3, 9, 6, 0), Row(key="t", label="t", value=18))
    assert shown(result) == [None, 9, None, 0] and total is not None and total.text == "18"
    # Two cells withheld already: nothing more to hide.
    result, _total = suppress(rows(3, 2, 9), Row(key="t", label="t", value=14))
    assert shown(result) == [None, None, 9]
    # Without a total, no complement is needed.
    result, _total = suppress(rows(3, 9, 6))
    assert shown(result) == [None, 9, 6]


def test_a_small_total_withholds_everything() -> None:
    result, total = suppress(rows(3, 0, 1), Row(key="t", label="t", value=4))
    assert shown(result) == [None, 0, None] and total is not None and total.withheld
