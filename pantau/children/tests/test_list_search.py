"""The children list is searched by POST: the name typed never appears in an address (issue 14), the
list and its pages go by a server-side search id, and filters and pagination keep working."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client

from pantau.children.tests.test_admission import admit
from pantau.lib import searches
from pantau.registry.models import Lksa
from pantau.registry.tests.conftest import RegistryWorld

pytestmark = pytest.mark.django_db

NAME = "Wulandari"


def links(body: str) -> list[str]:
    return re.findall(r'(?:href|action)="([^"]*)"', body)


def test_search_by_post_redirects_to_a_search_id_and_filters(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    admit(registry, full_name="Wulandari Kusuma")
    admit(registry, full_name="Siti Aminah")
    client = login(registry.world.user("supervisor"))
    posted = client.post("/children/", {"q": NAME, "status": "in_care"})
    assert posted.status_code == 302
    location = posted["Location"]
    assert location.startswith("/children/?status=in_care&search=") and NAME not in location
    page = client.get(location)
    body = page.content.decode()
    assert page.status_code == 200
    assert "Wulandari Kusuma" in body and "Siti Aminah" not in body
    assert f'value="{NAME}"' in body  # the form shows what was searched for, in the page body only
    assert not [link for link in links(body) if NAME in link]
    # Another person's session cannot use the id.
    other = login(registry.world.user("colleague"), Client()).get(location)
    assert "Siti Aminah" in other.content.decode()
    assert "That search has expired; search again." in other.content.decode()


def test_pages_of_a_search_keep_the_id_not_the_name(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    Lksa.objects.filter(pk=registry.home.pk).update(capacity=100)
    for i in range(55):
        admit(registry, full_name=f"Wulandari {i:02d}")
    admit(registry, full_name="Siti Aminah")
    client = login(registry.world.user("supervisor"))
    first = client.get(client.post("/children/", {"q": NAME, "status": "all"})["Location"])
    body = first.content.decode()
    assert "Page 1 of 2" in body
    next_link = next(link for link in links(body) if "page=2" in link)
    assert "search=" in next_link and "status=all" in next_link and NAME not in next_link
    second = client.get("/children/" + next_link.replace("&amp;", "&")).content.decode()
    assert "Wulandari 54" in second and "Siti Aminah" not in second


def test_a_name_in_the_address_is_not_searched(registry: RegistryWorld, login: Callable[..., Client]) -> None:
    admit(registry, full_name="Wulandari Kusuma")
    admit(registry, full_name="Siti Aminah")
    body = login(registry.world.user("supervisor")).get("/children/", {"q": NAME}).content.decode()
    assert "Siti Aminah" in body and f'value="{NAME}"' not in body


def test_an_empty_search_clears_it_and_the_status_filter_stays(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    client = login(registry.world.user("supervisor"))
    assert client.post("/children/", {"q": "  ", "status": "left"})["Location"] == "/children/?status=left"


def test_search_needs_the_csrf_token(registry: RegistryWorld, login: Callable[..., Client]) -> None:
    client = login(registry.world.user("supervisor"), Client(enforce_csrf_checks=True))
    assert client.post("/children/", {"q": NAME}).status_code == 403


def test_kept_terms_are_encrypted_and_expire(
    registry: RegistryWorld, login: Callable[..., Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    client = login(registry.world.user("supervisor"))
    location = client.post("/children/", {"q": NAME})["Location"]
    search_id = location.rsplit("search=", 1)[1]
    stored = client.session["searches:children"]
    assert list(stored) == [search_id] and NAME not in str(stored)
    later = __import__("time").time() + searches.LIFETIME_SECONDS + 1
    monkeypatch.setattr(searches.time, "time", lambda: later)
    assert "That search has expired; search again." in client.get(location).content.decode()
