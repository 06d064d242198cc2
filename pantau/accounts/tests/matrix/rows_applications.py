"""Online applications (pantau.applications), pages and API. The home's operator applies for its own home
(APPLICATION_SUBMIT: LKSA organisations only); the Dinas Sosial supervisor works the applications of
its jurisdiction (REGISTRY_MANAGE). Everyone else with the registry gets 404 on an application (it is
outside what they may see), 403 on the list and on the steps. The targets (world_applications.py) are
renewals returned to the home: the home's writes are refused by the form or the rule (400, API 422),
Dinas Sosial's steps are empty forms or out of order (400); the Medan application is 404 for everyone."""

from __future__ import annotations

from pantau.accounts.tests.matrix.table import ALL, Row, allow, api, rows

PARTIES = frozenset({"supervisor", "lksa_operator"})
OPERATOR = frozenset({"lksa_operator"})
SUPERVISOR = frozenset({"supervisor"})

SEE = {"in": allow(PARTIES, hide=ALL - PARTIES), "out": allow(hide=ALL)}
HOME_WRITE = {"in": allow(OPERATOR, 400), "out": allow(hide=OPERATOR)}
OFFICE_WRITE = {"in": allow(SUPERVISOR, 400), "out": allow(hide=SUPERVISOR)}
BASE = "/applications/{application}"

ROWS: list[Row] = [
    *rows("applications:list", "/applications/", both=allow(PARTIES)),
    *rows(
        "applications:new",
        "/applications/new/renewal/",
        GET=allow(OPERATOR),
        POST=allow(OPERATOR, 400),
        data={"summary": ""},
    ),
    *rows("applications:detail", f"{BASE}/", both=SEE),
    *rows(
        "applications:edit",
        f"{BASE}/edit/",
        GET={"in": allow(OPERATOR), "out": allow(hide=OPERATOR)},
        POST=HOME_WRITE,
        data={"summary": ""},
    ),
    *rows("applications:document", f"{BASE}/documents/{{application_document}}/", both=SEE),
    *rows("applications:document_upload", f"{BASE}/documents/deed/upload/", POST=HOME_WRITE, data={}),
    *rows("applications:submit", f"{BASE}/submit/", POST=HOME_WRITE, data={}),
    *rows("applications:file_check", f"{BASE}/file-check/", POST=OFFICE_WRITE, data={}),
    *rows("applications:field_verify", f"{BASE}/field-verification/", POST=OFFICE_WRITE, data={}),
    *rows("applications:return", f"{BASE}/return/", POST=OFFICE_WRITE, data={}),
    *rows("applications:decide", f"{BASE}/approve/", POST=OFFICE_WRITE, data={}),
    api("/applications", "GET", allow(PARTIES)),
    api(
        "/applications/{application_id}",
        "GET",
        SEE,
        url="/applications/{application}",
    ),
    api(
        "/applications/{application_id}/submit",
        "POST",
        {"in": allow(OPERATOR, 422), "out": allow(hide=OPERATOR)},
        url="/applications/{application}/submit",
    ),
    api(
        "/applications/{application_id}/decide",
        "POST",
        {"in": allow(SUPERVISOR, 422), "out": allow(hide=SUPERVISOR)},
        url="/applications/{application}/decide",
        data={"decision": "reject", "note": ""},
    ),
]
