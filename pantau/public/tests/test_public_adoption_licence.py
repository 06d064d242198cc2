"""The public check says whether a home holds the Minister's licence to process adoptions (PP 54/2007
Pasal 1 angka 5), on the page, in the search results and in the API; never anything about a child."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from pantau.api.urls import api
from pantau.children.models import Child
from pantau.registry.models import AdoptionLicence, Lksa
from pantau.registry.tests.conftest import RegistryWorld, make_sound

pytestmark = pytest.mark.django_db

HELD = "Licence from the Minister to process adoptions: held, valid until"
NONE = (
    "Licence from the Minister to process adoptions: none recorded in Pantau. This home may not process "
    "adoptions."
)
BASIS = "PP 54/2007 Pasal 1 angka 5 (article checked against the text)"


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    cache.clear()


@pytest.fixture
def home(registry: RegistryWorld) -> Lksa:
    home = make_sound(registry.home, today=timezone.localdate())
    Child.objects.create(
        lksa=home,
        region_code=home.region_code,
        full_name="Anak Rahasia Sekali",
        sex="P",
        birth_date=date(2024, 1, 2),
        referral_source="dinsos",
        referral_reason="Alasan rahasia",
        admitted_on=date(2025, 1, 2),
    )
    return home


def pages(client: Client, home: Lksa) -> tuple[str, str, dict]:
    detail = client.get(f"/check/lksa/{home.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    search = client.get("/check/", {"q": "kasih"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    api = client.get("/api/v1/public/lksa", {"q": "kasih"}, HTTP_ACCEPT_LANGUAGE="en").json()
    (item,) = [i for i in api["items"] if i["id"] == home.pk]
    return detail, search, item


def test_a_home_with_a_valid_licence(home: Lksa, client: Client) -> None:
    today = timezone.localdate()
    # An expired licence and a current one: the current one is shown.
    AdoptionLicence.objects.create(
        lksa=home,
        number="ADP/OLD",
        issued_on=today - timedelta(days=900),
        valid_until=today - timedelta(days=1),
    )
    AdoptionLicence.objects.create(
        lksa=home, number="ADP/7", issued_on=today - timedelta(days=30), valid_until=date(2031, 3, 9)
    )
    detail, search, item = pages(client, home)
    for page in (detail, search):
        assert f"{HELD} 9 March 2031." in page and BASIS in page
        assert NONE not in page
    assert 'data-adoption-licence="yes"' in detail
    assert item["adoption_licence"] is True and item["adoption_licence_valid_until"] == "2031-03-09"
    assert item["adoption_verdict"] == f"{HELD} 9 March 2031." and item["adoption_basis"] == BASIS
    for text in (detail, search, str(item)):
        assert "Anak Rahasia Sekali" not in text and "Alasan rahasia" not in text
        assert "ADP/7" not in text  # the licence's number is the registry's, not the public's


def test_a_home_without_one_or_with_one_expired(home: Lksa, client: Client) -> None:
    today = timezone.localdate()
    AdoptionLicence.objects.create(
        lksa=home,
        number="ADP/OLD",
        issued_on=today - timedelta(days=900),
        valid_until=today - timedelta(days=1),
    )
    detail, search, item = pages(client, home)
    for page in (detail, search):
        assert NONE in page and BASIS in page and HELD not in page
    assert 'data-adoption-licence="no"' in detail
    assert item["adoption_licence"] is False and item["adoption_licence_valid_until"] is None
    assert item["adoption_verdict"] == NONE
    assert "Anak Rahasia Sekali" not in detail + search + str(item)


def test_a_licence_with_no_end_date(home: Lksa, client: Client) -> None:
    AdoptionLicence.objects.create(
        lksa=home, number="ADP/9", issued_on=timezone.localdate() - timedelta(days=3)
    )
    _detail, _search, item = pages(client, home)
    assert item["adoption_licence"] is True and item["adoption_licence_valid_until"] is None
    assert (
        item["adoption_verdict"]
        == "Licence from the Minister to process adoptions: held, with no end date recorded."
    )


def test_the_api_schema_documents_the_fields() -> None:
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    fields = schema["components"]["schemas"]["PublicLksaOut"]["properties"]
    assert {"adoption_licence", "adoption_licence_valid_until", "adoption_verdict", "adoption_basis"} <= set(
        fields
    )
    assert "PP 54/2007 Pasal 1 angka 5" in fields["adoption_basis"]["description"]
