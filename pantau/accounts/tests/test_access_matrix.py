"""Every route (page and API operation, every method it accepts) x every role x in-scope / out-of-scope
target, against a table written out by hand in ``matrix/rows_*.py``.

The table is independent of ``pantau.accounts.access``: a change to the policy must be made (and
reviewed) twice. The route list is read from the URL resolver and the Ninja router, so a new route
without a row, or a row for a route that is gone, fails ``test_every_route_has_a_row``.

For every request: the status the table states; a 403/404 leaves an ``access.denied`` event by that
person; and a refused write (any write answered 4xx) changed nothing in the database: PostgreSQL's count
of rows inserted, updated and deleted in the transaction, per table, is the same before and after for
every table but the audit trail and the sessions. Each request runs in a savepoint
that is rolled back, so every request sees the world as built.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.urls import resolve

from pantau.accounts.testing import force_login_verified
from pantau.accounts.tests.matrix.routes import all_routes, page_routes
from pantau.accounts.tests.matrix.rows import ROWS
from pantau.accounts.tests.matrix.table import ANONYMOUS, ROLES, WRITES, Row
from pantau.accounts.tests.matrix.world import MatrixWorld, build_matrix_world
from pantau.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

# What a request may write even when it is refused.
UNCHECKED_TABLES = frozenset(
    {"audit_auditevent", "django_session", "django_migrations", "axes_accessattempt", "axes_accesslog"}
)


class Matrix:
    def __init__(self, world: MatrixWorld, sessions: dict[str, str]) -> None:
        self.world = world
        self.sessions = sessions
        self._clients: dict[str, Client] = {}

    def client(self, role: str) -> Client:
        """A client signed in as ``role`` (or anonymous), with no other cookie. One client per role is
        kept: a new one loads every middleware again (WhiteNoise reads the static files), a third of
        the time a request takes."""
        if role not in self._clients:
            self._clients[role] = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")
        client = self._clients[role]
        client.cookies = SimpleCookie()
        if role != ANONYMOUS:
            client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[role]
        return client

    def writes(self) -> dict[str, int]:
        """Rows inserted, updated or deleted so far in this transaction, per table (PostgreSQL keeps
        the count for the transaction in progress)."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables"
                " WHERE relname <> ALL(%s)",
                [sorted(UNCHECKED_TABLES)],
            )
            return dict(cursor.fetchall())


@pytest.fixture(scope="module")
def matrix(django_db_setup: None, django_db_blocker: Any) -> Iterator[Matrix]:
    """The world, built once for the module inside a transaction rolled back at its end; each test runs
    in a savepoint inside it (pytest-django's ``db``)."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        # Marked like a TestCase's own block, so that durable atomic blocks inside are allowed.
        outer._from_testcase = True  # type: ignore[attr-defined]
        outer.__enter__()
        try:
            world = build_matrix_world()
            sessions = {role: _signed_in(world.user(role)) for role in ROLES}
            yield Matrix(world, sessions)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _signed_in(user: Any) -> str:
    """A session key for ``user``, past the second factor."""
    client = force_login_verified(Client(), user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


class _Targets(dict[str, Any]):
    def __init__(self, world: MatrixWorld, scope: str, role: str) -> None:
        super().__init__()
        self.world, self.scope, self.role = world, scope, role

    def __missing__(self, key: str) -> Any:
        return self.world.target(self.scope, key, self.role if self.role in ROLES else "supervisor")


def _send(client: Client, row: Row, url: str, targets: Mapping[str, Any]) -> Any:
    data = row.data(targets) if callable(row.data) else row.data
    if row.is_api and row.method in WRITES:
        body = json.dumps(data or {})
        return client.generic(row.method, url, body, content_type="application/json")
    if row.method == "GET":
        return client.get(url, data)
    return client.generic(row.method, url) if data is None else client.post(url, data)


def _check(matrix: Matrix, row: Row, scope: str, role: str, expected: int) -> str | None:
    """One request in a savepoint rolled back afterwards; the problem found, if any."""
    targets = _Targets(matrix.world, scope, role)
    url = row.url.format_map(targets)
    refused_write = row.method in WRITES and expected >= 400
    with transaction.atomic():
        cache.clear()  # rate limits and counters start from zero for every request
        before = matrix.writes() if refused_write else None
        denied = AuditEvent.objects.filter(action="access.denied").count()
        response = _send(matrix.client(role), row, url, targets)
        problem = None
        if response.status_code != expected:
            problem = f"{role} {scope}: {row.method} {url} -> {response.status_code}, expected {expected}"
        elif expected in (403, 404) and row.audited and role != ANONYMOUS:
            new = AuditEvent.objects.filter(action="access.denied").order_by("pk")[denied:]
            if not any(event.actor_id == matrix.world.user(role).pk for event in new):
                problem = f"{role} {scope}: {row.method} {url} -> {expected} without an access.denied event"
        if problem is None and before is not None:
            after = matrix.writes()
            changed = sorted(t for t in after if after[t] != before.get(t, 0))
            if changed:
                problem = f"{role} {scope}: refused {row.method} {url} changed {', '.join(changed)}"
        transaction.set_rollback(True)
    return problem


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.id)
def test_role_route_matrix(matrix: Matrix, db: None, row: Row) -> None:
    problems = []
    for number, (scope, table) in enumerate(row.expect.items()):
        assert set(table) == set(ROLES), f"{row.id} {scope}: the table must name every role"
        people = [*table.items(), *([(ANONYMOUS, row.anonymous_status)] if number == 0 else [])]
        for role, expected in people:
            problem = _check(matrix, row, scope, role, expected)
            if problem:
                problems.append(problem)
    assert not problems, "\n".join(problems)


def test_every_route_has_a_row(matrix: Matrix) -> None:
    """The table covers exactly the routes Pantau answers: none missing, none that no longer exists."""
    declared = [(row.route, row.method) for row in ROWS]
    duplicates = sorted({pair for pair in declared if declared.count(pair) > 1})
    routes = all_routes()
    missing = sorted(routes - set(declared))
    stale = sorted(set(declared) - routes)
    assert not duplicates, f"rows declared twice: {duplicates}"
    assert not missing, f"routes without a row in the access matrix: {missing}"
    assert not stale, f"rows for routes that no longer exist: {stale}"


def test_every_row_requests_its_own_route(matrix: Matrix) -> None:
    """A row's URL, with the world's targets filled in, reaches the route the row names (a typo in a
    URL must not test some other page)."""
    wrong = []
    for row in ROWS:
        for scope in row.expect:
            url = row.url.format_map(_Targets(matrix.world, scope, "supervisor"))
            match = resolve(urlsplit(url).path)
            reached = (
                re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", "/" + match.route).rstrip("/")
                if row.route.startswith("/")  # an API operation, named by its path
                else match.view_name
            )
            if reached != row.route:
                wrong.append(f"{row.id} {scope}: {url} reaches {reached}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(
    "name", sorted(name for name, methods in page_routes().items() if "GET" not in methods)
)
def test_write_only_pages_refuse_get(matrix: Matrix, db: None, name: str) -> None:
    """A page that only takes POST answers GET with 405, signed in or not (nothing is shown)."""
    row = next((row for row in ROWS if row.route == name), None)
    if row is None:
        pytest.fail(f"{name} has no row in the access matrix")
    scope = next(iter(row.expect))
    url = row.url.format_map(_Targets(matrix.world, scope, "supervisor"))
    for role in (ANONYMOUS, "supervisor", "viewer"):
        assert matrix.client(role).get(url).status_code == 405, f"{role} GET {url}"


# --- Beyond status codes --------------------------------------------------------------------------


def test_scoped_list_shows_only_the_jurisdiction(matrix: Matrix, db: None) -> None:
    client = matrix.client("supervisor")
    body = client.get("/organisations/").content.decode()
    assert "LKSA Kasih Bunda" in body
    assert "Dinas Sosial Kota Medan" not in body
    assert "Panti Asuhan Harapan" not in body
    names = {o["name"] for o in client.get("/api/v1/organisations").json()["items"]}
    assert "Panti Asuhan Harapan" not in names and "LKSA Kasih Bunda" in names


def test_outsider_sees_their_own_province_not_ours(matrix: Matrix, db: None) -> None:
    w = matrix.world.world
    client = force_login_verified(Client(HTTP_ACCEPT_LANGUAGE="en"), w.user("outsider"))
    assert client.get(f"/organisations/{w.lksa_medan.pk}/").status_code == 200
    assert client.get(f"/organisations/{w.lksa.pk}/").status_code == 404


def test_out_of_region_record_gets_a_clear_translated_page(matrix: Matrix, db: None) -> None:
    url = f"/organisations/{matrix.world.world.dinsos_medan.pk}/"
    client = matrix.client("supervisor")
    assert "outside the region you are responsible for" in client.get(url).content.decode()
    indonesian = client.get(url, HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "di luar wilayah" in indonesian


def test_api_docs_are_served_from_our_own_static_files(matrix: Matrix, db: None) -> None:
    body = matrix.client("viewer").get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in body and "cdn" not in body.lower()
