"""Staff vetting and training, pages and API. Everyone who sees a home in the registry (every persona)
reads its staff's vetting status and the pembinaan sessions of their jurisdiction (the home: those it was
invited to); the "out" records (Medan) only the national KPAI administrator. Recording a clearance or a
training: the home's operator (its own staff) and the Dinas Sosial supervisor; verifying, sessions,
attendance and bars: the supervisor (Dinas Sosial) only; the vetting policy: the office's supervisor and
administrator."""

from __future__ import annotations

from pantau.accounts.tests.matrix.table import ALL, Row, allow, api, rows

NATIONAL = frozenset({"system_admin"})
RECORDERS = frozenset({"supervisor", "lksa_operator"})
MANAGER = frozenset({"supervisor"})

READ = {"in": allow(ALL), "out": allow(NATIONAL, hide=ALL - NATIONAL)}
RECORD_PAGE = {"in": allow(RECORDERS), "out": allow(hide=RECORDERS)}
RECORD_POST = {"in": allow(RECORDERS, 400), "out": allow(hide=RECORDERS)}
MANAGE = {"in": allow(MANAGER), "out": allow(hide=MANAGER)}

ROWS: list[Row] = [
    *rows("staffing:overview", "/staffing/?status=no_skck", both=allow(ALL)),
    *rows("staffing:home", "/staffing/homes/{lksa}/", both=READ),
    *rows(
        "staffing:clearance_new",
        "/staffing/staff/{staff}/clearance/",
        GET=RECORD_PAGE,
        POST=RECORD_POST,
        data={"number": ""},
    ),
    *rows(
        "staffing:training_new",
        "/staffing/staff/{staff}/training/",
        GET=RECORD_PAGE,
        POST=RECORD_POST,
        data={"title": ""},
    ),
    *rows(
        "staffing:record_decide",
        "/staffing/records/clearance/{clearance}/verify/",
        POST={"in": allow(MANAGER, 302), "out": allow(hide=MANAGER)},
        data={"note": ""},
    ),
    *rows("staffing:record_document", "/staffing/records/training/{training}/document/", both=READ),
    *rows("staffing:session_list", "/staffing/sessions/", both=allow(ALL)),
    *rows(
        "staffing:session_new",
        "/staffing/sessions/new/",
        GET=allow(MANAGER),
        POST=allow(MANAGER, 400),
        data={"topic": ""},
    ),
    *rows("staffing:session_detail", "/staffing/sessions/{session}/", both=READ),
    *rows(
        "staffing:attendance",
        "/staffing/sessions/{session}/attendance/",
        GET=MANAGE,
        POST={"in": allow(MANAGER, 400), "out": allow(hide=MANAGER)},
        data={},
    ),
    *rows("staffing:bar_list", "/staffing/barred/", both=allow(MANAGER)),
    *rows(
        "staffing:bar_new",
        "/staffing/barred/new/",
        GET=allow(MANAGER),
        POST=allow(MANAGER, 400),
        data={"full_name": ""},
    ),
    *rows(
        "staffing:policy",
        "/staffing/policy/",
        GET=allow({"supervisor", "org_admin"}),
        POST=allow({"supervisor", "org_admin"}, 400),
        data={"skck_validity_months": "0"},
    ),
    api("/staffing/sessions", "GET", allow(ALL)),
    api(
        "/staffing/sessions",
        "POST",
        allow(MANAGER, 422),
        data={"held_on": "2026-02-02", "place": "-", "topic": "-", "home_ids": []},
    ),
    api("/staffing/sessions/{session_id}", "GET", READ, url="/staffing/sessions/{session}"),
    api(
        "/staffing/sessions/{session_id}/attendance",
        "POST",
        {"in": allow(MANAGER, 422), "out": allow(hide=MANAGER)},
        url="/staffing/sessions/{session}/attendance",
        data={"marks": [{"staff_id": 0, "attended": True}]},
    ),
    api("/staffing/homes/{lksa_id}/vetting", "GET", READ, url="/staffing/homes/{lksa}/vetting"),
]
