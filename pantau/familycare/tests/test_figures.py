"""The family-care figures, value by value, on a small world whose every number is known: open files by
kind and stage, the median days per stage (odd and even counts, "—" without data), placements of the
last 12 months (365 days exactly), R7, and small numbers withheld from readers outside the files' work
(4 withheld, 5 shown) while Dinas Sosial sees them exactly."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.test import Client

from pantau.accounts.models import User
from pantau.children.models import Child, Placement
from pantau.familycare.figures import Cell, RegionFigures, figures_for
from pantau.familycare.models import CareFile, FileStep, Kind, RuleSet, Stage
from pantau.familycare.tests.conftest import CareWorld, make_child, make_family
from pantau.registry.models import Lksa

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 1)
CHILD_NAME = "Anak Rahasia"


def make_file(
    care: CareWorld, home: Lksa, kind: str, steps: list[tuple[str, date]], *, closed: bool = False
) -> CareFile:
    """A file with its steps, made directly (the figures read what is stored, not how it got there)."""
    child = make_child(home, full_name=CHILD_NAME)
    family = make_family(care.world, documents=[], region_code=home.region_code)
    stage, on = steps[-1]
    file = CareFile.objects.create(
        kind=kind,
        family=family,
        child=child,
        lksa=home,
        child_region_code=child.region_code,
        region_code=family.region_code,
        stage=stage,
        stage_on=on,
        opened_on=steps[0][1],
        closed_on=on if closed else None,
        rules=RuleSet.objects.get(kind=kind, version=1),
        opened_by=care.world.user("supervisor"),
    )
    for step_stage, done_on in steps:
        FileStep.objects.create(
            file=file, stage=step_stage, done_on=done_on, rules=file.rules, recorded_by=file.opened_by
        )
    return file


def gone_to_family(home: Lksa, kind: str, started: date, *, ended: date | None = None) -> Child:
    """A child who left ``home`` for a family on ``started`` (and, with ``ended``, came back out of it)."""
    child = Child.objects.create(
        lksa=home,
        region_code=home.region_code,
        full_name=CHILD_NAME,
        sex="L",
        birth_date=date(2018, 1, 1),
        referral_source="dinsos",
        referral_reason="-",
        admitted_on=date(2024, 1, 1),
        status=Child.Status.LEFT,
    )
    Placement.objects.create(
        child=child, kind="lksa", lksa=home, started_on=date(2024, 1, 1), ended_on=started
    )
    Placement.objects.create(child=child, kind=kind, started_on=started, ended_on=ended)
    return child


@dataclass
class FiguresWorld:
    care: CareWorld


@pytest.fixture
def fig(care: CareWorld) -> FiguresWorld:
    """Banten (Kabupaten Tangerang's home) and Sumatera Utara (Medan's home).

    Banten: 5 open adoptions at home visit 1, which took 10, 20, 30, 40 and 50 days (median 30, five
    steps); 4 open foster files assessed after 3, 5, 8 and 100 days (median 6.5, four steps); the care
    fixture's own child in care. Children: 10 in care (the 9 files' and the fixture's); 5 left for
    foster care on 1 Mar 2026, one for adoption exactly 365 days before TODAY, one 366 days before, one
    back with parents on 1 Feb 2026 whose placement has since ended: 7 placed in 12 months, 7 in
    family-based care now. R7: 7 / (7 + 10) = 41.2%.

    Medan: one open kinship file (applied), one closed adoption whose home visit 1 took 12 days."""
    home, medan = care.home, care.medan
    for days in (10, 20, 30, 40, 50):
        start = date(2026, 1, 1)
        make_file(
            care, home, Kind.ADOPTION, [(Stage.APPLIED, start), (Stage.HOME_VISIT_1, start + timedelta(days))]
        )
    for days in (3, 5, 8, 100):
        start = date(2026, 1, 10)
        make_file(
            care, home, Kind.FOSTER, [(Stage.APPLIED, start), (Stage.ASSESSED, start + timedelta(days))]
        )
    for _n in range(5):
        gone_to_family(home, "foster", date(2026, 3, 1))
    gone_to_family(home, "adoption", TODAY - timedelta(days=365))
    gone_to_family(home, "adoption", TODAY - timedelta(days=366))
    gone_to_family(home, "reunification", date(2026, 2, 1), ended=date(2026, 4, 1))
    make_file(care, medan, Kind.KINSHIP, [(Stage.APPLIED, date(2026, 2, 1))])
    make_file(
        care,
        medan,
        Kind.ADOPTION,
        [(Stage.APPLIED, date(2026, 1, 1)), (Stage.HOME_VISIT_1, date(2026, 1, 13))],
        closed=True,
    )
    return FiguresWorld(care)


def _rows(user: User, region: str = "") -> dict[str, RegionFigures]:
    return {row.key: row for row in figures_for(user, region=region, today=TODAY)}


def test_dinas_sosial_sees_every_figure_of_its_region_exactly(fig: FiguresWorld) -> None:
    rows = _rows(fig.care.world.user("supervisor"))
    assert list(rows) == ["36"]  # its jurisdiction only
    banten = rows["36"]
    assert banten.label == "Banten" and banten.exact
    assert str(banten.open_count(Kind.ADOPTION, Stage.HOME_VISIT_1)) == "5"
    assert str(banten.open_count(Kind.FOSTER, Stage.ASSESSED)) == "4"
    assert str(banten.open_count(Kind.ADOPTION, Stage.APPLIED)) == "0"
    assert str(banten.open_total(Kind.ADOPTION)) == "5"
    assert banten.median_days(Kind.ADOPTION, Stage.HOME_VISIT_1) == Cell(30.0)  # odd count: the middle
    assert banten.median_days(Kind.FOSTER, Stage.ASSESSED) == Cell(6.5)  # even: between 5 and 8
    assert str(banten.median_days(Kind.FOSTER, Stage.ASSESSED)) == "6.5"
    assert str(banten.median_days(Kind.ADOPTION, Stage.APPLIED)) == "—"  # no step before it
    assert str(banten.median_days(Kind.ADOPTION, Stage.COURT_ORDER)) == "—"  # no data
    assert str(banten.steps_counted(Kind.FOSTER, Stage.ASSESSED)) == "4"
    assert (banten.placed_12m, banten.family_based, banten.residential) == (7, 7, 10)
    assert str(banten.family_based_pct) == "41.2"


def test_outsiders_see_small_numbers_withheld_at_four_and_shown_at_five(fig: FiguresWorld) -> None:
    banten = _rows(fig.care.world.user("viewer"))["36"]  # Dinas Sosial's viewer: no family-care work
    assert not banten.exact
    assert str(banten.open_count(Kind.ADOPTION, Stage.HOME_VISIT_1)) == "5"
    assert str(banten.open_count(Kind.FOSTER, Stage.ASSESSED)) == "<5"
    assert str(banten.open_total(Kind.FOSTER)) == "<5"
    assert str(banten.open_count(Kind.KINSHIP, Stage.APPLIED)) == "0"  # nothing to single out
    assert str(banten.median_days(Kind.ADOPTION, Stage.HOME_VISIT_1)) == "30"  # five steps
    assert str(banten.median_days(Kind.FOSTER, Stage.ASSESSED)) == "<5"  # four steps
    assert str(banten.median_days(Kind.FOSTER, Stage.TRAINED)) == "—"
    assert (str(banten.placed), str(banten.family_based_cell), str(banten.residential_cell)) == (
        "7",
        "7",
        "10",
    )
    assert str(banten.family_based_pct) == "41.2"


def test_national_figures_per_province_withhold_a_region_of_one(fig: FiguresWorld) -> None:
    rows = _rows(fig.care.world.user("system_admin"))
    assert list(rows) == ["12", "36"]
    medan = rows["12"]
    assert medan.label == "Sumatera Utara"
    assert str(medan.open_count(Kind.KINSHIP, Stage.APPLIED)) == "<5"
    assert str(medan.open_count(Kind.ADOPTION, Stage.HOME_VISIT_1)) == "0"  # the adoption is closed
    assert str(medan.median_days(Kind.ADOPTION, Stage.HOME_VISIT_1)) == "<5"  # closed files count too
    assert str(medan.residential_cell) == "<5" and str(medan.family_based_pct) == "<5"
    assert str(medan.placed) == "0"
    exact = _rows(fig.care.world.user("outsider"))["12"]  # Dinas Sosial of Medan
    assert str(exact.open_count(Kind.KINSHIP, Stage.APPLIED)) == "1"
    assert str(exact.median_days(Kind.ADOPTION, Stage.HOME_VISIT_1)) == "12"
    assert (exact.residential, exact.family_based, str(exact.family_based_pct)) == (2, 0, "0")


def test_inside_a_province_the_rows_are_its_kabupaten(fig: FiguresWorld) -> None:
    rows = _rows(fig.care.world.user("supervisor"), region="36")
    assert list(rows) == ["36.03"]
    assert rows["36.03"].label == "Kabupaten Tangerang"
    assert str(rows["36.03"].open_count(Kind.ADOPTION, Stage.HOME_VISIT_1)) == "5"


def test_the_page_shows_the_figures_and_no_name(fig: FiguresWorld, login: object) -> None:
    client: Client = login(fig.care.world.user("viewer"))  # type: ignore[operator]
    response = client.get("/family-care/figures/")
    assert response.status_code == 200
    html = response.content.decode()
    # An office's own area, one line per kecamatan inside it (not the province labelled as if whole).
    assert [row.label for row in response.context["rows"]] == ["Tigaraksa"]  # not "Banten" as if whole
    assert "&lt;5" in html and "41.2%" in html
    assert "One line per region inside Kab. Tangerang, Banten." in html
    assert "median 30 d" in html and "median withheld" in html  # 5 steps shown, 4 withheld
    assert "<5" not in html  # always escaped
    assert CHILD_NAME not in html and "Budi" not in html
    exact = login(fig.care.world.user("supervisor")).get("/family-care/figures/?region=36")  # type: ignore[operator]
    assert "Kabupaten Tangerang" in exact.content.decode() and "median 6.5 d" in exact.content.decode()
    officer: Client = login(fig.care.world.user("supervisor"))  # type: ignore[operator]
    officer.defaults["HTTP_ACCEPT_LANGUAGE"] = "id"  # decimals in the reader's language
    indonesian = officer.get("/family-care/figures/?region=36")
    assert "6,5" in indonesian.content.decode() and "6.5" not in indonesian.content.decode()


def test_the_api_gives_the_same_figures(
    fig: FiguresWorld, login: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)
    client: Client = login(fig.care.world.user("viewer"))  # type: ignore[operator]
    response = client.get("/api/v1/family-care/figures")
    assert response.status_code == 200
    (banten,) = response.json()
    stages = {(s["kind"], s["stage"]): s for s in banten["stages"]}
    assert stages[("adoption", "home_visit_1")] == {
        "kind": "adoption",
        "stage": "home_visit_1",
        "open_files": 5,
        "median_days": 30.0,
        "steps_counted": 5,
        "withheld": False,
    }
    assert stages[("foster", "assessed")] == {
        "kind": "foster",
        "stage": "assessed",
        "open_files": None,
        "median_days": None,
        "steps_counted": None,
        "withheld": True,
    }
    assert (banten["placed_12m"], banten["family_based"], banten["residential"]) == (7, 7, 10)
    assert banten["family_based_pct"] == 41.2 and banten["withheld"] is True


def test_the_sqlite_fallback_computes_the_same_medians(fig: FiguresWorld) -> None:
    from pantau.familycare.figures import _stage_days, _stage_days_python, files_for_figures

    files = files_for_figures(fig.care.world.user("system_admin"))
    expected = {
        "36": {("adoption", "home_visit_1"): (30.0, 5), ("foster", "assessed"): (6.5, 4)},
        "12": {("adoption", "home_visit_1"): (12.0, 1)},
    }
    assert {k: dict(v) for k, v in _stage_days(files, 2).items()} == expected
    assert _stage_days_python(files, 2) == expected
