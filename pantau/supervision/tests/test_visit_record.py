"""The visit checklist as a record: where the visit stands at the top, its areas listed with how many
items each has answered, forms folded until asked for; the berita acara links back to the visit and
the home."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from pantau.regions.lookup import place_label
from pantau.registry.tests.conftest import RegistryWorld
from pantau.supervision.models import Answer, Visit
from pantau.supervision.services import answer_save, visit_conclude
from pantau.supervision.tests.test_visits import answer_all

pytestmark = pytest.mark.django_db


def test_the_checklist_page_shows_where_the_visit_stands(
    registry: RegistryWorld, visit: Visit, login: Callable[..., Client]
) -> None:
    supervisor = registry.world.user("supervisor")
    items = list(visit.template.items.all())
    client = login(supervisor)
    # Planned: it may be called off; a refused call-off (no reason) brings its form back open.
    page = client.get(f"/supervision/visits/{visit.pk}/").content.decode()
    assert '<a href="#call-off">Call off this visit</a>' in page
    assert '<details class="add-form"><summary>Call off this visit</summary>' in page
    refused = client.post(f"/supervision/visits/{visit.pk}/cancel/", {"reason": ""})
    assert refused["Location"] == f"/supervision/visits/{visit.pk}/?call_off=1#call-off"
    page = client.get(refused["Location"]).content.decode()
    assert '<details class="add-form" open><summary>Call off this visit</summary>' in page

    for item in items[:3]:  # three answers in area A
        answer_save(actor=supervisor, visit=visit, item=item, value=Answer.Value.COMPLIANT, note="")
    page = client.get(f"/supervision/visits/{visit.pk}/").content.decode()
    state = page[page.index('data-testid="visit-state"') : page.index('class="record-layout"')]
    assert '<dd data-testid="answered">3 of 48 items</dd>' in state
    assert "Answer the remaining items, then conclude the visit." in state
    assert f'<a href="/registry/{registry.home.pk}/">{registry.home.name}</a>' in state
    toc = page[page.index('class="record-toc"') : page.index('class="record-body"')]
    area_a = [i for i in items if i.area == "A"]
    assert f'<span class="area-progress">3/{len(area_a)}</span>' in toc
    assert toc.count('<span class="area-progress">0/') == 7  # the seven other areas
    assert '<details class="add-form" open>' not in page
    assert page.count("<summary>Add a photo or document</summary>") == 48

    # An upload without a file brings that item's upload form back open.
    refused = client.post(f"/supervision/visits/{visit.pk}/evidence/", {"item": items[4].pk})
    assert refused["Location"] == (
        f"/supervision/visits/{visit.pk}/?upload_failed={items[4].pk}#item-{items[4].code}"
    )
    page = client.get(refused["Location"]).content.decode()
    assert page.count('<details class="add-form" open><summary>Add a photo or document</summary>') == 1


def test_the_report_leads_back_to_the_visit_and_the_home(
    registry: RegistryWorld, visit: Visit, login: Callable[..., Client]
) -> None:
    answer_all(visit)
    visit.refresh_from_db()
    visit_conclude(
        actor=registry.world.user("colleague"),
        visit=visit,
        summary="Baik.",
        findings=[],
        expected_version=visit.version,
    )
    back = f'<a href="/supervision/visits/{visit.pk}/">← Back to the visit</a>'
    home = f'<a href="/registry/{registry.home.pk}/">Page of {registry.home.name}</a>'
    page = login(registry.world.user("supervisor")).get(f"/supervision/visits/{visit.pk}/report/")
    nav = page.content.decode()
    assert back in nav and home in nav and 'class="no-print report-nav"' in nav
    # The home's place by name, not its code.
    place = place_label(registry.home.region_code)
    assert place.endswith("Kab. Tangerang") and f"{registry.home.name} ({place})" in nav
    assert f"({registry.home.region_code})" not in nav
