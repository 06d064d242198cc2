"""Personal data (UU 27/2022 PDP), pages and API. The record of processing: the system administrator and
the Dinas Sosial administrator and auditor. Data-subject requests: the system administrator and the
Dinas Sosial administrator and supervisor, each for the requests of their area ("out", Medan's, only the
national system administrator; 404 for the others who handle requests). The pseudonymised export: the
system administrator, the Dinas Sosial supervisor and viewer. Homes, police and the UPTD PPA: 403."""

from __future__ import annotations

from pantau.accounts.tests.matrix.table import Row, allow, api, rows

NATIONAL = frozenset({"system_admin"})
RECORD = frozenset({"system_admin", "org_admin", "auditor"})
HANDLERS = frozenset({"system_admin", "org_admin", "supervisor"})
ANALYSTS = frozenset({"system_admin", "supervisor", "viewer"})

ONE = {"in": allow(HANDLERS), "out": allow(NATIONAL, hide=HANDLERS - NATIONAL)}
ANSWER_PAGE = {"in": allow(HANDLERS, 400), "out": allow(NATIONAL, 400, hide=HANDLERS - NATIONAL)}
ANSWER_API = {"in": allow(HANDLERS, 422), "out": allow(NATIONAL, 422, hide=HANDLERS - NATIONAL)}
# A body the schema accepts and the service refuses (an unknown kind): 422, nothing saved.
REFUSED_BODY = {
    "kind": "nope",
    "requester_relation": "self",
    "reply_to": "-",
    "subject_kind": "child",
    "subject_reference": "-",
    "details": "-",
}

ROWS: list[Row] = [
    *rows("privacy:processing", "/privacy/processing/", both=allow(RECORD)),
    *rows("privacy:request_list", "/privacy/requests/?overdue=on", both=allow(HANDLERS)),
    *rows(
        "privacy:request_new",
        "/privacy/requests/new/",
        GET=allow(HANDLERS),
        POST=allow(HANDLERS, 400),
        data={"kind": ""},
    ),
    *rows(
        "privacy:request_detail",
        "/privacy/requests/{subject_request}/",
        GET=ONE,
        POST=ANSWER_PAGE,
        data={"status": "", "answer": ""},
    ),
    *rows("privacy:export", "/privacy/export/", both=allow(ANALYSTS)),
    *rows("privacy:export_file", "/privacy/export/children.csv", GET=allow(ANALYSTS)),
    api("/privacy/processing", "GET", allow(RECORD)),
    api("/privacy/requests", "GET", allow(HANDLERS)),
    api("/privacy/requests", "POST", allow(HANDLERS, 422), data=REFUSED_BODY),
    api("/privacy/requests/{request_id}", "GET", ONE, url="/privacy/requests/{subject_request}"),
    api(
        "/privacy/requests/{request_id}/answer",
        "POST",
        ANSWER_API,
        url="/privacy/requests/{subject_request}/answer",
        data={"status": "nope", "answer": ""},
    ),
]
