"""Social assistance (pantau/aid) and the post check before publishing (pantau/monitoring), pages and API.

Aid: the supervising offices (Dinas Sosial, KPAI) and Kemensos read it, a home its own; police, the
UPTD PPA and civil society have no access (403). Outside the jurisdiction: 404, except for KPAI's national
administrator. Recording and removing aid: REGISTRY_MANAGE (the Dinas Sosial supervisor), in its
jurisdiction only. The post check: a home's operator and the Dinas Sosial / KPAI officers who advise homes
(the world's KPAI persona is a system administrator, without it)."""

from __future__ import annotations

from typing import Any

from pantau.accounts.tests.matrix.table import Row, allow, api, rows

AID_READERS = frozenset({"system_admin", "org_admin", "supervisor", "viewer", "lksa_operator", "auditor"})
NATIONAL = frozenset({"system_admin"})
CHECKERS = frozenset({"supervisor", "lksa_operator"})

READ = {
    "in": allow(AID_READERS),
    "out": allow(NATIONAL, hide=AID_READERS - NATIONAL),
}
RECORD_PAGE = {
    "in": allow({"supervisor"}, 400),
    "out": allow(hide=AID_READERS - NATIONAL),
}
DELETE = {"in": allow({"supervisor"}, 302), "out": allow(hide={"supervisor"})}
RECORD_API = {"in": allow({"supervisor"}, 422), "out": allow(hide={"supervisor"})}


def _bad_period(targets: Any) -> dict[str, Any]:
    """Well-formed, refused by the service (the period ends before it starts): no write."""
    return {
        "lksa_id": targets["lksa"],
        "source": "kemensos",
        "programme": "ATENSI",
        "period_start": "2026-06-30",
        "period_end": "2026-01-01",
        "amount_per_child": 100000,
        "children_count": 3,
    }


ROWS: list[Row] = [
    *rows("aid:list", "/aid/", both=allow(AID_READERS)),
    *rows("aid:list_export", "/aid/export.csv", GET=allow(AID_READERS)),
    *rows("aid:home", "/aid/homes/{lksa}/", GET=READ, POST=RECORD_PAGE, data={"programme": ""}),
    *rows("aid:delete", "/aid/records/{aid}/delete/", POST=DELETE, data={}),
    api("/aid/records", "GET", allow(AID_READERS)),
    api("/aid/records", "POST", RECORD_API, data=_bad_period),
    *rows(
        "monitoring:post_check",
        "/monitoring/post-check/",
        GET=allow(CHECKERS),
        POST=allow(CHECKERS, 400),
        data={"caption": ""},
    ),
    api("/monitoring/post-check", "POST", allow(CHECKERS, 422), data={"caption": " "}),
]
