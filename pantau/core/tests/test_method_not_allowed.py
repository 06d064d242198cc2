"""Pages answer a wrong method with an explanation; the API with JSON."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from pantau.conftest import World


def test_a_post_only_address_opened_by_link_explains_itself(
    login: Callable[..., Client], world: World
) -> None:
    """The language switch returns to the current address; after a form that address may take only
    forms. A walk-through found the browser's own blank "HTTP ERROR 405" there."""
    page = login(world.user("supervisor")).get("/account/recovery-codes/")
    assert page.status_code == 405 and page["Allow"] == "POST"
    assert "This address only takes a form" in page.content.decode()
    assert Client().get("/api/v1/me/tokens/1/rotate")["Content-Type"] == "application/json"
