"""The home page's family-care cards: steps due (two weeks ahead or overdue, overdue first), monitoring
visits due, exits without papers still waiting for triage. Each file card counts exactly what its "see
all" list shows, and no item names a child."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from pantau.cases.models import Concern
from pantau.familycare.models import CareFile, EarlyWarning, Kind, Stage
from pantau.familycare.queues import exits_without_papers, steps_due, visits_due
from pantau.familycare.selectors import files_visible_to, filter_files
from pantau.familycare.tests.conftest import CareWorld
from pantau.familycare.tests.test_figures import CHILD_NAME, make_file
from pantau.registry.models import Lksa

pytestmark = pytest.mark.django_db


def _file(
    care: CareWorld, home: Lksa, *, due: int | None, visit: int | None = None, closed: bool = False
) -> CareFile:
    """An open file (adoption at application; with ``visit``, a foster placement) due ``due`` days from
    today."""
    today = timezone.localdate()
    if visit is None:
        file = make_file(care, home, Kind.ADOPTION, [(Stage.APPLIED, date(2026, 1, 5))], closed=closed)
    else:
        file = make_file(care, home, Kind.FOSTER, [(Stage.APPLIED, date(2026, 1, 5))], closed=closed)
    CareFile.objects.filter(pk=file.pk).update(
        due_on=None if due is None else today + timedelta(days=due),
        next_visit_on=None if visit is None else today + timedelta(days=visit),
    )
    file.refresh_from_db()
    return file


@pytest.fixture
def due(care: CareWorld) -> dict[str, CareFile]:
    home = care.home
    return {
        "late": _file(care, home, due=-3),
        "today": _file(care, home, due=0),
        "edge": _file(care, home, due=14, visit=-1),
        "later": _file(care, home, due=15, visit=14),
        "far": _file(care, home, due=40, visit=15),
        "closed": _file(care, home, due=-10, closed=True),
        "medan": _file(care, care.medan, due=-1, visit=-1),
    }


def _pks(rows: Any) -> set[int]:
    return {row.pk for row in rows}


def test_steps_due_overdue_first_within_two_weeks_named_by_file_number(
    care: CareWorld, due: dict[str, CareFile]
) -> None:
    today = timezone.localdate()
    queue = steps_due(care.world.user("supervisor"), today=today)
    assert queue.count == 3 and queue.urgent
    late, on_day, edge = due["late"], due["today"], due["edge"]
    assert [item.url for item in queue.items] == [f"/family-care/files/{f.pk}/" for f in (late, on_day, edge)]
    first = queue.items[0]
    assert first.label == f"File ADO-{late.pk:06d}"
    assert (first.detail, first.due_on) == ("next step: Home visit 1 and social report", late.due_on)
    assert (first.due_on, first.urgent, queue.items[1].urgent) == (late.due_on, True, False)
    assert queue.see_all == "/family-care/?state=step_due"
    listed = filter_files(files_visible_to(care.world.user("supervisor")), state="step_due", today=today)
    assert _pks(listed) == {late.pk, on_day.pk, edge.pk}
    assert all(CHILD_NAME not in f"{item.label} {item.detail}" for item in queue.items)


def test_monitoring_visits_due(care: CareWorld, due: dict[str, CareFile]) -> None:
    today = timezone.localdate()
    queue = visits_due(care.world.user("supervisor"), today=today)
    assert queue.count == 2
    edge, later = due["edge"], due["later"]
    assert [item.url for item in queue.items] == [f"/family-care/files/{f.pk}/" for f in (edge, later)]
    assert (queue.items[0].detail, queue.items[0].due_on) == (
        "monitoring visit to the family",
        edge.next_visit_on,
    )
    assert [item.urgent for item in queue.items] == [True, False]
    assert queue.see_all == "/family-care/?state=visit_due"
    listed = filter_files(files_visible_to(care.world.user("supervisor")), state="visit_due", today=today)
    assert _pks(listed) == {edge.pk, later.pk}
    # Medan's office sees its own only.
    assert visits_due(care.world.user("outsider"), today=today).count == 1


def _warning(home: Lksa, code: str, status: str) -> Concern:
    concern = Concern.objects.create(
        source=Concern.Source.STAFF,
        lksa=home,
        region_code=home.region_code,
        category=Concern.Category.ADOPTION,
        description="Early warning",
        status=status,
    )
    EarlyWarning.objects.create(code=code, lksa=home, region_code=home.region_code, concern=concern)
    return concern


def test_exits_without_papers_while_their_concern_waits(care: CareWorld) -> None:
    waiting = _warning(care.home, EarlyWarning.Code.UNVERIFIED_EXIT, Concern.Status.RECEIVED)
    _warning(care.home, EarlyWarning.Code.UNVERIFIED_EXIT, Concern.Status.IN_REVIEW)
    _warning(care.home, EarlyWarning.Code.MONEY_PAID, Concern.Status.RECEIVED)
    _warning(care.medan, EarlyWarning.Code.UNVERIFIED_EXIT, Concern.Status.RECEIVED)
    queue = exits_without_papers(care.world.user("supervisor"))
    assert queue.count == 1 and queue.urgent
    (item,) = queue.items
    assert (item.label, item.url) == (waiting.tracking_code, f"/cases/triage/{waiting.pk}/")
    assert item.detail.startswith(f"{care.home.name}, reported ")
    assert queue.see_all == "/cases/triage/?warning=unverified_exit"


def test_the_triage_list_behind_the_card_holds_exactly_its_concerns(care: CareWorld, login: Any) -> None:
    waiting = _warning(care.home, EarlyWarning.Code.UNVERIFIED_EXIT, Concern.Status.RECEIVED)
    money = _warning(care.home, EarlyWarning.Code.MONEY_PAID, Concern.Status.RECEIVED)
    client = login(care.world.user("supervisor"))
    page = client.get("/cases/triage/?warning=unverified_exit")
    codes = [c.tracking_code for c in page.context["page"].object_list]
    assert codes == [waiting.tracking_code]
    assert "Only concerns opened because a home recorded a child leaving" in page.content.decode()
    everything = client.get("/cases/triage/").context["page"].object_list
    assert {c.tracking_code for c in everything} == {waiting.tracking_code, money.tracking_code}


def test_the_home_page_shows_the_cards_to_dinas_sosial_only(
    care: CareWorld, due: dict[str, CareFile], login: Any
) -> None:
    _warning(care.home, EarlyWarning.Code.UNVERIFIED_EXIT, Concern.Status.RECEIVED)
    html = login(care.world.user("supervisor")).get("/").content.decode()
    for title in ("Family-care steps due", "Monitoring visits due", "Exits without papers"):
        assert title in html
    assert "/family-care/?state=step_due" in html and "/family-care/?state=visit_due" in html
    assert CHILD_NAME not in html
    viewer = login(care.world.user("viewer")).get("/").content.decode()
    assert "Family-care steps due" not in viewer


def test_see_all_lists_exactly_the_cards_files(care: CareWorld, due: dict[str, CareFile], login: Any) -> None:
    client = login(care.world.user("supervisor"))
    for state, shown in [("step_due", {"late", "today", "edge"}), ("visit_due", {"edge", "later"})]:
        page = client.get(f"/family-care/?state={state}")
        assert page.status_code == 200
        html = page.content.decode()
        for key, file in due.items():
            assert (f"/family-care/files/{file.pk}/" in html) == (key in shown), (state, key)
