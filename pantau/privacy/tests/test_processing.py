"""The record of processing: a reviewed table whose every row names a basis of Pasal 20(2), a source
and a status; the page in both languages and the API; refused to a home and to the police."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from pantau.conftest import World
from pantau.privacy import law

pytestmark = pytest.mark.django_db


def test_every_category_has_a_basis_a_source_and_a_status() -> None:
    for category in law.CATEGORIES:
        assert category.bases and set(category.bases) <= set(law.BASES), category.key
        assert category.source and category.status in law.STATUS_LABELS, category.key
        if category.setting:
            for name in category.setting.split(", "):
                assert isinstance(getattr(settings, name), int), name
    # Retention periods are policy, never presented as verified law.
    assert law.PROVISIONS["periods"].status == law.POLICY
    assert all(p.status != law.VERIFIED for p in law.PROVISIONS.values())


def test_the_page_in_english_and_indonesian(world: World, login) -> None:  # type: ignore[no-untyped-def]
    c = login(world.user("auditor"))
    page = c.get("/privacy/processing/").content.decode()
    assert "Record of processing" in page and "Children&#x27;s identity" in page
    assert "PANTAU_RETENTION_CHILDREN_YEARS" in page
    c.defaults["HTTP_ACCEPT_LANGUAGE"] = "id"
    page = c.get("/privacy/processing/").content.decode()
    assert "Catatan pemrosesan" in page and "Identitas anak" in page


def test_the_api(world: World, login) -> None:  # type: ignore[no-untyped-def]
    body = login(world.user("org_admin")).get("/api/v1/privacy/processing").json()
    keys = [c["key"] for c in body["categories"]]
    assert keys == [c.key for c in law.CATEGORIES]
    child = body["categories"][0]
    assert (
        child["retention_years"] == settings.PANTAU_RETENTION_CHILDREN_YEARS and child["status"] == "partly"
    )
    assert {p["key"] for p in body["provisions"]} >= {"access", "correction", "children", "bases"}


def test_refused_to_a_home_and_the_police(world: World, login) -> None:  # type: ignore[no-untyped-def]
    for persona in ("lksa_operator", "investigator", "supervisor"):
        c = login(world.user(persona), Client())
        assert c.get("/privacy/processing/").status_code == 403
        assert c.get("/api/v1/privacy/processing").status_code == 403
