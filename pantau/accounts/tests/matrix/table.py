"""The row type of the matrix and the helpers its tables are written with.

A row is one route and one method: the URL (with ``{placeholders}`` filled from the world's targets
of a scope), the body it sends, and per scope the status each role must get. Roles not named in a
scope's table get the table's default (403 unless stated). Anonymous visitors are sent to the login
page (pages) or answered 401 (API) unless the row says otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from pantau.conftest import ROLE_PERSONAS

ROLES: tuple[str, ...] = tuple(ROLE_PERSONAS)
ANONYMOUS = "anonymous"
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})

ALL = frozenset(ROLES)
STAFF = ALL - {"lksa_operator"}  # the agency directory
ADMINS = frozenset({"system_admin", "org_admin"})
# Staff roles in a Dinas Sosial or KPAI office (the world's UPTD and police roles have no supervision).
SUPERVISION_VIEWERS = frozenset({"system_admin", "org_admin", "supervisor", "viewer", "auditor"})
FINDING_VIEWERS = SUPERVISION_VIEWERS | {"lksa_operator"}
CHILD_ROLES = frozenset({"supervisor", "case_worker", "lksa_operator"})
CHILD_MANAGERS = frozenset({"supervisor", "lksa_operator"})
TRIAGERS = frozenset({"supervisor", "case_worker"})
CASE_WORKERS = frozenset({"supervisor", "case_worker", "investigator"})
MONITORING = frozenset({"supervisor", "investigator"})  # the world's UPTD PPA does not monitor

Expect = dict[str, int]
Data = Mapping[str, Any] | Callable[[Mapping[str, Any]], Mapping[str, Any]] | None


def allow(
    roles: Iterable[str] = (),
    status: int = 200,
    *,
    others: int = 403,
    hide: Iterable[str] = (),
    hide_as: int = 404,
    **special: int,
) -> Expect:
    """``status`` for ``roles``; ``hide_as`` (404: outside their scope) for the roles in ``hide``;
    ``special`` for the roles named; ``others`` for everyone else."""
    table = dict.fromkeys(ROLES, others)
    table.update(dict.fromkeys(roles, status))
    table.update(dict.fromkeys(hide, hide_as))
    unknown = set(special) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles {sorted(unknown)}")
    table.update(special)
    return table


@dataclass(frozen=True)
class Row:
    route: str  # "app:name" of a page, or the API operation's path template
    method: str
    url: str
    expect: Mapping[str, Expect]  # scope ("any" when there is no target) -> role -> status
    data: Data = None
    anonymous: int | None = None  # None: 302 to the login page, 401 from the API
    audited: bool = True  # a 403/404 must leave an ``access.denied`` event
    note: str = field(default="", compare=False)

    @property
    def is_api(self) -> bool:
        return self.url.startswith("/api/")

    @property
    def anonymous_status(self) -> int:
        if self.anonymous is not None:
            return self.anonymous
        return 401 if self.is_api else 302

    @property
    def id(self) -> str:
        return f"{self.method} {self.route}"


Scoped = Expect | Mapping[str, Expect]


def _scoped(expect: Scoped) -> Mapping[str, Expect]:
    """A table by role is the expectation for routes without a target (scope "any")."""
    if set(expect) <= set(ROLES):
        return {"any": cast(Expect, expect)}
    return cast(Mapping[str, Expect], expect)


def rows(
    route: str,
    url: str,
    *,
    GET: Scoped | None = None,  # methods named as in HTTP
    POST: Scoped | None = None,
    PUT: Scoped | None = None,
    PATCH: Scoped | None = None,
    both: Scoped | None = None,
    data: Data = None,
    **options: Any,
) -> list[Row]:
    """Rows of one route. ``both``: GET and POST answer alike (a page that does not read the method)."""
    by_method = {"GET": GET, "POST": POST, "PUT": PUT, "PATCH": PATCH}
    if both is not None:
        by_method["GET"] = by_method["POST"] = both
    return [
        Row(route, method, url, _scoped(expect), data=data if method in WRITES else None, **options)
        for method, expect in by_method.items()
        if expect is not None
    ]


def api(path: str, method: str, expect: Scoped, *, url: str | None = None, **options: Any) -> Row:
    """One API operation: ``path`` is the template as the router declares it (``{visit_id}``);
    ``url`` the one sent, with the world's placeholders (defaults to ``path``)."""
    return Row(f"/api/v1{path}", method, f"/api/v1{url or path}", _scoped(expect), **options)
