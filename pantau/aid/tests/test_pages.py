"""Aid pages and API as each persona: who sees which home's aid, the figures shown exactly, recording aid
(and its refusals), the list's queries, the download."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from pantau.aid.models import AidRecord
from pantau.aid.tests.conftest import AidWorld, aid
from pantau.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
Login = Callable[..., Client]
# The signed-in user and the guard, the records in scope and their count, and the reconciliation in a
# fixed number (stays, "same child" decisions, the linked children's status, pairs to review), whatever
# the records.
QUERIES = 11


def cells(html: str, testid: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", m).strip()
        for m in re.findall(rf'data-testid="{testid}">(.*?)</td>', html, re.S)
    ]


def test_the_home_page_shows_the_figures(aid_world: AidWorld, login: Login) -> None:
    aid(aid_world.home, 10, by_world=aid_world.registry)
    for persona in ("supervisor", "colleague", "lksa_operator", "viewer"):
        page = login(aid_world.world.user(persona)).get(f"/aid/homes/{aid_world.home.pk}/")
        html = page.content.decode()
        assert page.status_code == 200, persona
        assert cells(html, "basis") == ["10"]
        assert cells(html, "recorded") == ["6 (2 duplicate records merged)"]
        assert cells(html, "pending") == ["1"]
        assert cells(html, "difference") == ["+4"]
        assert cells(html, "total") == ["15.000.000"]
        assert "Aid exceeds the children recorded" in html
        assert "Anak" not in html  # counts only: no child is named
    # Only Dinas Sosial records aid: the form is not offered to the home or a viewer.
    assert (
        'data-testid="aid-form"'
        in login(aid_world.world.user("supervisor")).get(f"/aid/homes/{aid_world.home.pk}/").content.decode()
    )


@pytest.mark.parametrize(
    ("persona", "status"),
    [("outsider", 404), ("investigator", 403), ("case_worker", 403), ("system_admin", 200)],
)
def test_who_may_not_see_the_home(aid_world: AidWorld, login: Login, persona: str, status: int) -> None:
    aid(aid_world.home, 10, by_world=aid_world.registry)
    assert login(aid_world.world.user(persona)).get(f"/aid/homes/{aid_world.home.pk}/").status_code == status


def test_an_operator_sees_only_its_own_home(aid_world: AidWorld, login: Login) -> None:
    aid(aid_world.home, 10, by_world=aid_world.registry)
    aid(aid_world.other, 2, by_world=aid_world.registry)
    client = login(aid_world.world.user("lksa_operator"))
    assert client.get(f"/aid/homes/{aid_world.other.pk}/").status_code == 404
    html = client.get("/aid/").content.decode()
    assert html.count('data-testid="aid-row"') == 1
    assert "LKSA Harapan Baru" not in html


def test_too_many_records_ask_for_a_province_first(
    aid_world: AidWorld, login: Login, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check is computed on opening: past the limit the page shows where the records are instead."""
    from pantau.aid import views

    monkeypatch.setattr(views, "RECONCILE_LIMIT", 1)
    aid(aid_world.other, 2, by_world=aid_world.registry)
    aid(aid_world.home, 10, by_world=aid_world.registry)
    client = login(aid_world.world.user("supervisor"))
    html = client.get("/aid/").content.decode()
    assert 'data-testid="narrow-down"' in html and 'data-testid="aid-row"' not in html
    provinces = re.findall(
        r'<tr><td><a href="\?region=(\d+)">([^<]+)</a></td><td class="num">(\d+)</td>'
        r'<td class="num">(\d+)</td></tr>',
        html,
    )
    assert provinces == [("36", "Banten", "2", "2")]
    narrowed = client.get("/aid/", {"q": "Harapan Baru"}).content.decode()
    assert cells(narrowed, "basis") == ["2"]


def test_the_list_puts_flagged_homes_first_in_constant_queries(
    aid_world: AidWorld, login: Login, django_assert_num_queries: Any
) -> None:
    aid(aid_world.other, 2, by_world=aid_world.registry)
    aid(aid_world.home, 10, by_world=aid_world.registry)
    client = login(aid_world.world.user("supervisor"))
    client.get("/aid/")
    with django_assert_num_queries(QUERIES):
        client.get("/aid/")
    aid(aid_world.home, 6, by_world=aid_world.registry, programme="APBD 2026")
    aid(aid_world.other, 3, by_world=aid_world.registry, programme="APBD 2026")
    with django_assert_num_queries(QUERIES):  # four records as two
        html = client.get("/aid/").content.decode()
    assert cells(html, "basis") == ["10", "3", "6", "2"]
    assert cells(html, "difference") == ["+4", "+1", "0", "0"]
    assert "4 aid records · 2 flagged" in " ".join(re.sub(r"<[^>]+>", "", html).split())
    flagged = client.get("/aid/?flagged=on").content.decode()
    assert cells(flagged, "basis") == ["10", "3"]  # Harapan Baru: 3 for 2 children, no tolerance at 2
    # The Medan office sees none of it.
    assert (
        'data-testid="aid-row"' not in login(aid_world.world.user("outsider")).get("/aid/").content.decode()
    )


def test_the_download_has_the_figures(aid_world: AidWorld, login: Login) -> None:
    aid(aid_world.home, 10, by_world=aid_world.registry)
    response = login(aid_world.world.user("supervisor")).get("/aid/export.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][9:] == [
        "Aid basis (children)",
        "Children recorded",
        "Duplicate records merged",
        "Possible duplicates to review",
        "Difference",
        "Flagged",
    ]
    assert rows[1][0] == "LKSA Kasih Bunda" and rows[1][9:] == ["10", "6", "2", "1", "4", "True"]
    assert AuditEvent.objects.filter(action="aid.exported").count() == 1


def _form(**changes: Any) -> dict[str, Any]:
    return {
        "source": "regency",
        "programme": "Bantuan permakanan APBD",
        "reference": "DINSOS/2026/77",
        "period_start": "2026-01-01",
        "period_end": "2026-06-30",
        "amount_per_child": "900000",
        "children_count": "12",
        "total_amount": "",
        "total_note": "",
        "note": "",
        **changes,
    }


def test_dinas_sosial_records_aid_with_the_total_computed(aid_world: AidWorld, login: Login) -> None:
    client = login(aid_world.world.user("supervisor"))
    response = client.post(f"/aid/homes/{aid_world.home.pk}/", _form())
    assert response.status_code == 302
    record = AidRecord.objects.get()
    assert (record.total_amount, record.children_count, record.recorded_by_organisation) == (
        10_800_000,
        12,
        aid_world.world.dinsos,
    )
    event = AuditEvent.objects.get(action="aid.recorded")
    assert event.changes["children"] == 12 and event.target_region_code == aid_world.home.region_code


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"total_amount": "10000000"},
            "The total differs from the amount per child times the number of children",
        ),
        ({"period_end": "2025-12-31"}, "The period cannot end before it starts."),
        ({"period_end": "2029-01-01"}, "A period of at most two years"),
        ({"children_count": "0"}, "Between 1 and 5000 children."),
        ({"amount_per_child": "99999999999"}, "At most Rp 10.000.000.000."),
        ({"programme": "x" * 201}, "at most 200 characters"),
        ({"source": "bribe"}, "Select a valid choice."),
    ],
)
def test_bad_input_is_refused(
    aid_world: AidWorld, login: Login, changes: dict[str, str], message: str
) -> None:
    response = login(aid_world.world.user("supervisor")).post(
        f"/aid/homes/{aid_world.home.pk}/", _form(**changes)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not AidRecord.objects.exists()


def test_a_stated_total_needs_its_reason(aid_world: AidWorld, login: Login) -> None:
    client = login(aid_world.world.user("supervisor"))
    form = _form(total_amount="10000000", total_note="Dipotong biaya administrasi bank")
    assert client.post(f"/aid/homes/{aid_world.home.pk}/", form).status_code == 302
    assert AidRecord.objects.get().total_amount == 10_000_000


def test_only_the_office_in_charge_records_or_removes(aid_world: AidWorld, login: Login) -> None:
    record = aid(aid_world.home, 10, by_world=aid_world.registry)
    assert (
        login(aid_world.world.user("lksa_operator"))
        .post(f"/aid/homes/{aid_world.home.pk}/", _form())
        .status_code
        == 403
    )
    assert (
        login(aid_world.world.user("outsider")).post(f"/aid/homes/{aid_world.home.pk}/", _form()).status_code
        == 404
    )
    assert (
        login(aid_world.world.user("outsider")).post(f"/aid/records/{record.pk}/delete/").status_code == 404
    )
    assert (
        login(aid_world.world.user("colleague")).post(f"/aid/records/{record.pk}/delete/").status_code == 302
    )
    assert not AidRecord.objects.exists()
    assert AuditEvent.objects.filter(action="aid.deleted").count() == 1


def test_api_lists_and_records(aid_world: AidWorld, login: Login) -> None:
    aid(aid_world.home, 10, by_world=aid_world.registry)
    client = login(aid_world.world.user("supervisor"))
    (item,) = client.get("/api/v1/aid/records?flagged=true").json()["items"]
    assert {k: item[k] for k in ("aid_basis", "children_recorded", "duplicate_records_merged")} == {
        "aid_basis": 10,
        "children_recorded": 6,
        "duplicate_records_merged": 2,
    }
    assert (item["pending_duplicate_pairs"], item["difference"], item["flagged"]) == (1, 4, True)
    body = {
        "lksa_id": aid_world.other.pk,
        "source": "province",
        "programme": "Hibah Provinsi Banten",
        "period_start": "2026-01-01",
        "period_end": "2026-12-31",
        "amount_per_child": 500000,
        "children_count": 2,
    }
    created = client.post("/api/v1/aid/records", body, content_type="application/json")
    assert created.status_code == 201
    assert (created.json()["total_amount"], created.json()["children_recorded"]) == (1_000_000, 2)
    refused = client.post("/api/v1/aid/records", {**body, "total_amount": 7}, content_type="application/json")
    assert refused.status_code == 422 and "total_note" in refused.json()["detail"]
    other = login(aid_world.world.user("outsider")).get("/api/v1/aid/records").json()
    assert other["count"] == 0
