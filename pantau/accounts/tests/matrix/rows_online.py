"""Duplicate children across homes (Dinas Sosial officers, for pairs with a child in their
jurisdiction) and online monitoring (Dinas Sosial / KPAI officers and police cyber / PPA units, in
their jurisdiction)."""

from __future__ import annotations

from pantau.accounts.tests.matrix.table import CHILD_MANAGERS, MONITORING, Row, allow, api, rows

SUPERVISOR = {"supervisor"}
PAIR = {"in": allow(SUPERVISOR), "out": allow(supervisor=404)}
POST_READ = {"in": allow(MONITORING), "out": allow(hide=MONITORING)}
DECISION = {"status": "different", "note": "", "version": 1}

ROWS: list[Row] = [
    *rows("linkage:pair_list", "/duplicates/", both=allow(SUPERVISOR)),
    *rows(
        "linkage:pair_detail",
        "/duplicates/pairs/{pair}/",
        GET=PAIR,
        POST={"in": allow(SUPERVISOR, 302), "out": allow(supervisor=404)},
        data=DECISION,
    ),
    *rows(
        "linkage:run_list",
        "/duplicates/runs/",
        GET=allow(SUPERVISOR),
        POST=allow(SUPERVISOR, 302),
        data={"region": "36.03"},
    ),
    *rows("monitoring:queue", "/monitoring/", both=allow(MONITORING)),
    *rows("monitoring:evaluation", "/monitoring/evaluation/", both=allow(MONITORING)),
    # Forms sent empty: refused by the form (400) once the guards let them through.
    *rows(
        "monitoring:account_list",
        "/monitoring/accounts/",
        GET=allow(MONITORING),
        POST=allow(MONITORING, 400),
        data={"handle": ""},
    ),
    *rows(
        "monitoring:capture",
        "/monitoring/capture/",
        GET=allow(MONITORING),
        POST=allow(MONITORING, 400),
        data={"text": ""},
    ),
    *rows(
        "monitoring:import",
        "/monitoring/import/",
        GET=allow(MONITORING),
        POST=allow(MONITORING, 400),
        data={"note": "-"},
    ),
    *rows(
        "monitoring:post_detail",
        "/monitoring/posts/{post}/",
        GET=POST_READ,
        POST={"in": allow(MONITORING, 302), "out": allow(hide=MONITORING)},
        data={"decision": "no_action", "note": "", "version": 1},
    ),
    *rows("monitoring:post_screenshot", "/monitoring/posts/{post}/screenshot/", both=POST_READ),
    # API
    api("/linkage/pairs", "GET", allow(SUPERVISOR)),
    api("/linkage/pairs/{pair_id}", "GET", PAIR, url="/linkage/pairs/{pair}"),
    api(
        "/linkage/pairs/{pair_id}/decision", "POST", PAIR, url="/linkage/pairs/{pair}/decision", data=DECISION
    ),
    # The duplicate check searches nationally for those who admit children; a home outside one's
    # jurisdiction is refused as a field error (422).
    api(
        "/linkage/check",
        "POST",
        {"in": allow(CHILD_MANAGERS), "out": allow(hide=CHILD_MANAGERS, hide_as=422)},
        data=lambda t: {
            "lksa_id": t["lksa"],
            "full_name": "Anak Uji",
            "sex": "P",
            "birth_date": "2015-01-01",
        },
    ),
    api("/linkage/runs", "GET", allow(SUPERVISOR)),
    api(
        "/linkage/runs",
        "POST",
        {"in": allow(SUPERVISOR, 202), "out": allow(supervisor=422)},
        data=lambda t: {"region": t["office_region"]},
    ),
    api("/monitoring/accounts", "GET", allow(MONITORING)),
    api(
        "/monitoring/accounts",
        "POST",
        {"in": allow(MONITORING, 201), "out": allow(hide=MONITORING, hide_as=422)},
        data=lambda t: {"platform": "instagram", "handle": "panti.baru", "lksa_id": t["lksa"]},
    ),
    api("/monitoring/posts", "GET", allow(MONITORING)),
    api(
        "/monitoring/posts",
        "POST",
        {"in": allow(MONITORING, 201), "out": allow(hide=MONITORING, hide_as=422)},
        data=lambda t: {"account_id": t["account"], "text": "Anak-anak khataman hari ini."},
    ),
    api("/monitoring/posts/{post_id}", "GET", POST_READ, url="/monitoring/posts/{post}"),
    api(
        "/monitoring/posts/{post_id}/decision",
        "POST",
        POST_READ,
        url="/monitoring/posts/{post}/decision",
        data={"decision": "no_action", "note": "", "version": 1},
    ),
    api("/monitoring/import", "POST", allow(MONITORING), data={"format": "jsonl", "data": "{}"}),
    api("/monitoring/screen", "POST", allow(MONITORING), data={"text": "Anak-anak khataman hari ini."}),
]
