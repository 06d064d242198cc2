"""The users list links only the accounts its reader may open (issue 15 §6: rows answered 403)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pantau.accounts.roles import Role
from pantau.conftest import World, make_user

pytestmark = pytest.mark.django_db

LINK = re.compile(r'href="(/users/\d+/)"')


def test_every_link_on_the_list_opens_for_an_organisation_admin(
    world: World, login: Callable[..., Client]
) -> None:
    make_user("admin2@dinsos.test.id", world.dinsos, Role.ORG_ADMIN)  # a fellow administrator
    admin = world.user("org_admin")
    client = login(admin)
    body = client.get("/users/").content.decode()
    links = LINK.findall(body)
    # Dinas Sosial Tangerang: the administrator, a fellow administrator, an auditor and three operational
    # accounts; only the three operational ones are the administrator's to manage.
    operational = {world.user(p).pk for p in ("supervisor", "viewer", "colleague")}
    assert {int(link.split("/")[2]) for link in links} == operational
    assert all(client.get(link).status_code == 200 for link in links)
    with CaptureQueriesContext(connection) as few:
        client.get("/users/")
    for n in range(4):  # more accounts on the page, no more queries
        make_user(f"staf{n}@dinsos.test.id", world.dinsos, Role.VIEWER)
    with CaptureQueriesContext(connection) as more:
        assert len(LINK.findall(client.get("/users/").content.decode())) == 7
    assert len(more) == len(few)
    for name in ("Admin", "Admin2", "Auditor"):  # listed, not linked
        assert f"<td>{name}</td>" in body
    refused = [world.user("auditor").pk, world.user("org_admin").pk]
    assert all(client.get(f"/users/{pk}/").status_code == 403 for pk in refused)


def test_the_system_administrator_may_open_every_other_account(
    world: World, login: Callable[..., Client]
) -> None:
    admin = world.user("system_admin")
    client = login(admin)
    links = set()
    page = 1
    while True:
        response = client.get("/users/", {"page": page})
        links.update(LINK.findall(response.content.decode()))
        if f"page={page + 1}" not in response.content.decode():
            break
        page += 1
    assert f"/users/{admin.pk}/" not in links and len(links) == len(world.users) - 1
    assert all(client.get(link).status_code == 200 for link in links)
