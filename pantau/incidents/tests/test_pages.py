"""The pages as each persona sees them: the home (its own reports, their status), another home, Dinas
Sosial in the region (every home's reports, late ones and the late count per home), Dinas Sosial of
another region (404), the police (403). Exact figures; a constant number of queries per list."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db.models import F
from django.test import Client
from django.utils import timezone

from pantau.accounts.access import actor_of
from pantau.cases.models import Concern
from pantau.core.home import home_context
from pantau.incidents.models import IncidentReport
from pantau.incidents.tests.conftest import Homes, report_data

pytestmark = pytest.mark.django_db
Make = Callable[..., IncidentReport]


def _late(make_report: Make, **extra: Any) -> IncidentReport:
    now = timezone.now()
    return make_report(
        happened_at=now - timedelta(hours=40), learned_at=now - timedelta(hours=30), now=now, **extra
    )


def _post(data: dict[str, Any]) -> dict[str, Any]:
    moments = {
        k: timezone.localtime(v).strftime("%Y-%m-%dT%H:%M") for k, v in data.items() if k.endswith("_at")
    }
    return {**data, **moments}


def test_the_home_reports_and_follows_its_own_reports(homes: Homes, login: Callable[..., Client]) -> None:
    client = login(homes.world.user("lksa_operator"))
    form = client.get("/incidents/new/").content.decode()
    assert "Siti Aminah" in form  # its own children can be linked
    assert "Putri Medan" not in form
    assert "policy setting, not from statute" in form
    data = _post(report_data(kind="abuse", children_count=2))
    response = client.post("/incidents/new/", {**data, "children": [c.pk for c in homes.children]})
    report = IncidentReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/incidents/{report.pk}/"
    assert report.children.count() == 2
    assert Concern.objects.get().is_priority is True
    detail = client.get(response["Location"]).content.decode()
    assert "Received, waiting for triage" in detail
    assert "on time" in detail
    listing = client.get("/incidents/").content.decode()
    assert listing.count('data-testid="incident-row"') == 1
    assert "Abuse or violence by staff or another person" in listing
    assert 'data-testid="late-by-home"' not in listing  # the per-home count is Dinas Sosial's


def test_a_bad_form_is_refused_in_indonesian_with_nothing_saved(
    homes: Homes, login: Callable[..., Client]
) -> None:
    client = login(homes.world.user("lksa_operator"))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "id"
    now = timezone.now()
    data = _post(report_data(happened_at=now - timedelta(hours=2), learned_at=now - timedelta(hours=3)))
    response = client.post("/incidents/new/", {**data, "description": "x" * 4001, "children_count": "banyak"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Lembaga tidak mungkin mengetahuinya sebelum kejadian terjadi." in page
    assert "Pastikan nilai ini mengandung paling banyak 4000 karakter" in page
    response = client.post("/incidents/new/", {**_post(report_data()), "description": "Siti Aminah hilang."})
    assert response.status_code == 400
    assert "Jangan menulis nama anak di sini" in response.content.decode()
    assert (IncidentReport.objects.count(), Concern.objects.count()) == (0, 0)


def test_personas_see_what_their_scope_allows(
    homes: Homes, make_report: Make, login: Callable[..., Client]
) -> None:
    own = _late(make_report)
    make_report(kind="death")
    medan = _late(make_report, by=homes.medan_operator)
    w = homes.world

    other_home = login(homes.medan_operator, Client())
    assert other_home.get(f"/incidents/{own.pk}/").status_code == 404
    assert other_home.get(f"/incidents/{medan.pk}/").status_code == 200
    assert other_home.get("/incidents/").content.decode().count('data-testid="incident-row"') == 1

    dinsos = login(w.user("supervisor"), Client())
    page = dinsos.get("/incidents/").content.decode()
    assert page.count('data-testid="incident-row"') == 2
    assert page.count('data-testid="late"') == 1
    assert "late by 6\xa0hours" in page
    late_table = page.split('data-testid="late-by-home"')[1].split("</table>")[0]
    assert "LKSA Kasih Bunda" in late_table
    assert '<strong class="flag">1</strong>' in late_table
    late_only = dinsos.get("/incidents/", {"late": "on"}).content.decode()
    assert late_only.count('data-testid="incident-row"') == 1
    by_kind = dinsos.get("/incidents/", {"kind": "death"}).content.decode()
    assert by_kind.count('data-testid="incident-row"') == 1
    assert dinsos.get(f"/incidents/{own.pk}/").status_code == 200
    assert dinsos.get(f"/incidents/{medan.pk}/").status_code == 404
    assert dinsos.get("/incidents/new/").status_code == 403

    outsider = login(w.user("outsider"), Client())
    assert outsider.get(f"/incidents/{own.pk}/").status_code == 404
    assert outsider.get("/incidents/").content.decode().count('data-testid="incident-row"') == 1

    police = login(w.user("investigator"), Client())
    assert police.get("/incidents/").status_code == 403
    assert police.get(f"/incidents/{own.pk}/").status_code == 403

    # The UPTD PPA triages the concern: it reads the report in its region too.
    assert login(w.user("case_worker"), Client()).get(f"/incidents/{own.pk}/").status_code == 200


def test_the_linked_children_show_only_to_those_who_see_children(
    homes: Homes, make_report: Make, login: Callable[..., Client]
) -> None:
    report = make_report(children=[homes.children[0]])
    assert (
        "Siti Aminah"
        in login(homes.world.user("supervisor"), Client()).get(f"/incidents/{report.pk}/").content.decode()
    )
    viewer = login(homes.world.user("viewer"), Client()).get(f"/incidents/{report.pk}/").content.decode()
    assert "Siti Aminah" not in viewer
    assert "1 child's record is linked that you may not see." in viewer


@pytest.mark.parametrize("persona", ["lksa_operator", "supervisor"])
def test_the_list_costs_a_constant_number_of_queries(
    homes: Homes,
    make_report: Make,
    login: Callable[..., Client],
    django_assert_num_queries: Any,
    persona: str,
) -> None:
    client = login(homes.world.user(persona))
    _late(make_report)
    # Signed-in page (7 with the session's save), the homes for the filter, the count, the page of rows
    # with their homes and concerns, the deadline hours (none: settings); Dinas Sosial also reads the
    # late count per home.
    expected = {"lksa_operator": 8, "supervisor": 9}[persona]
    with django_assert_num_queries(expected):
        assert client.get("/incidents/").status_code == 200
    for _ in range(3):
        _late(make_report, kind="abuse")
    with django_assert_num_queries(expected):
        assert client.get("/incidents/").status_code == 200


def test_the_lksa_page_shows_the_homes_late_reports(
    homes: Homes, make_report: Make, login: Callable[..., Client]
) -> None:
    url = f"/registry/{homes.home.pk}/"
    dinsos = login(homes.world.user("supervisor"))
    make_report()  # on time: no section
    assert 'id="incidents-late"' not in dinsos.get(url).content.decode()
    _late(make_report, kind="abuse")
    page = dinsos.get(url).content.decode()
    section = page.split('id="incidents-late"')[1].split("</section>")[0]
    assert "Abuse or violence by staff or another person" in section
    assert "late by 6\xa0hours" in section
    assert "All 1 late report" in section


def test_the_home_pages_lead_to_the_reports(
    homes: Homes, make_report: Make, login: Callable[..., Client]
) -> None:
    late = _late(make_report)
    make_report()  # on time: not on the card
    old = _late(make_report, kind="abuse")
    month = timedelta(days=31)  # a month ago: late, but no longer on the card
    IncidentReport.objects.filter(pk=old.pk).update(
        reported_at=F("reported_at") - month, due_at=F("due_at") - month
    )
    supervisor = homes.world.user("supervisor")
    actor = actor_of(supervisor)
    assert actor is not None
    card = next(q for q in home_context(actor)["queues"] if q.key == "incidents_late")
    assert (card.count, [i.url for i in card.items]) == (1, [f"/incidents/{late.pk}/"])
    client = login(supervisor)
    assert client.get(card.items[0].url).status_code == 200
    listed = client.get(card.see_all).content.decode()
    assert listed.count('data-testid="incident-row"') == 2  # the list shows every late report
    home = login(homes.world.user("lksa_operator"), Client())
    assert 'href="/incidents/new/"' in home.get("/").content.decode()
    assert home.get("/incidents/new/").status_code == 200


def test_a_national_list_stays_a_page(
    homes: Homes, make_report: Make, login: Callable[..., Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the limits (8,600 homes nationally) the home is not a drop-down and the late table is cut."""
    from pantau.incidents import views

    monkeypatch.setattr(views, "HOME_CHOICES", 1)
    monkeypatch.setattr(views, "LATE_HOMES", 1)
    _late(make_report)
    _late(make_report, by=homes.medan_operator)
    national = login(homes.world.user("system_admin"))
    html = national.get("/incidents/").content.decode()
    assert '<select name="lksa"' not in html and 'type="hidden" name="lksa"' in html
    assert html.count('<strong class="flag">1</strong>') == 1 and 'data-testid="late-homes-cut"' in html
    medan_only = national.get("/incidents/", {"lksa": homes.medan.pk}).content.decode()
    assert medan_only.count('data-testid="incident-row"') == 1 and homes.medan.name in medan_only
