"""The children list and /api/v1/children at a province's scale: pages by keys first, a capped count."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pantau.children.models import Child
from pantau.children.tests.test_admission import admit
from pantau.lib import paging
from pantau.registry.tests.conftest import RegistryWorld

pytestmark = pytest.mark.django_db

NAMES = ["Citra", "Agus", "Eka", "Bayu", "Dian", "Fajar", "Gita"]


@pytest.fixture
def seven(registry: RegistryWorld) -> list[Child]:
    return [admit(registry, full_name=name).child for name in NAMES]


def test_pages_hold_the_rows_in_name_order(seven: list[Child]) -> None:
    pages = paging.LargeListPaginator(Child.objects.order_by("full_name", "pk"), 3)
    assert pages.count == 7 and pages.num_pages == 3 and not pages.capped
    assert [c.full_name for c in pages.page(1)] == ["Agus", "Bayu", "Citra"]
    assert [c.full_name for c in pages.page(3)] == ["Gita"]


def test_the_count_stops_at_the_cap(seven: list[Child]) -> None:
    pages = paging.LargeListPaginator(Child.objects.order_by("full_name", "pk"), 2, count_cap=5)
    assert pages.count == 5 and pages.capped and pages.num_pages == 3
    assert [c.full_name for c in pages.page(3)] == ["Eka", "Fajar"]  # rows past the cap still page
    exact = paging.LargeListPaginator(Child.objects.all(), 2, count_cap=7)
    assert exact.count == 7 and not exact.capped


def test_the_count_query_is_limited(seven: list[Child]) -> None:
    with CaptureQueriesContext(connection) as ctx:
        assert paging.capped_count(Child.objects.all(), cap=4) == 5
    assert "LIMIT 5" in ctx.captured_queries[-1]["sql"]


def test_the_list_says_when_more_match_than_were_counted(
    seven: list[Child], registry: RegistryWorld, login: Callable[..., Client], monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    client = login(registry.world.user("supervisor"))
    page = client.get("/children/").content.decode()
    assert "Page 1 of" not in page and 'data-testid="capped"' not in page  # one page, no pager
    monkeypatch.setattr(paging, "COUNT_CAP", 4)
    small = client.get("/children/").content.decode()  # 50 a page: still one page, but more than 4
    assert "More than 4 children match" in small
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "id"
    assert "Lebih dari 4 anak cocok" in client.get("/children/").content.decode()


def test_the_api_reports_a_capped_count(seven: list[Child], registry: RegistryWorld, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from pantau.accounts.services import api_token_create

    _, clear = api_token_create(user=registry.world.user("supervisor"), name="x", days=5)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {clear}")
    body = client.get("/api/v1/children", {"page_size": 3, "page": 2}).json()
    assert [i["full_name"] for i in body["items"]] == ["Dian", "Eka", "Fajar"]
    assert body["count"] == 7 and body["count_capped"] is False
    monkeypatch.setattr(paging, "COUNT_CAP", 5)
    body = client.get("/api/v1/children", {"page_size": 3, "page": 3}).json()
    assert [i["full_name"] for i in body["items"]] == ["Gita"]
    assert body["count"] == 5 and body["count_capped"] is True
