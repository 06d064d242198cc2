"""Evidence that holds: rechecking a file's hash, requests to platforms and their answers, on the page and
the API. Those who may open the case file (its lead agency, the supervisor; the police unit that accepted
a referral, the investigator) check hashes and record platform requests (the lead agency, police
investigators); the UPTD PPA, whose referral still waits, gets 404 like any outsider of the case."""

from __future__ import annotations

from pantau.accounts.tests.matrix.table import CASE_WORKERS, Row, allow, api, rows

FILE_READERS = {"supervisor", "investigator"}
OUT = allow(hide=CASE_WORKERS)
READ = {"in": allow(FILE_READERS, case_worker=404), "out": OUT}
# The case file's forms sent empty: the file comes back with the form open and its errors (400).
FORM = {"in": allow(FILE_READERS, 400, case_worker=404), "out": OUT}
REQUEST = {"platform": "tiktok", "kind": "takedown", "target": "@akun.lain", "sent_on": "2026-06-01"}
ANSWER = {"answer": "complied", "answered_on": "2026-06-01", "note": "Diturunkan."}

ROWS: list[Row] = [
    # A file of the world's case has no hash yet (uploaded before hashing): it is recorded on this check.
    *rows(
        "cases:case_evidence_verify",
        "/cases/{case}/evidence/{case_evidence}/verify/",
        POST={"in": allow(FILE_READERS, 302, case_worker=404), "out": OUT},
    ),
    *rows("cases:case_platform_request", "/cases/{case}/platforms/", POST=FORM, data={}),
    *rows(
        "cases:case_platform_answer",
        "/cases/{case}/platforms/{platform_request}/answer/",
        POST=FORM,
        data={},
    ),
    # API
    api("/cases/{case_id}/evidence", "GET", READ, url="/cases/{case}/evidence"),
    # Sent without a file: refused (422) once access is granted, as the page's empty form is (400).
    api(
        "/cases/{case_id}/evidence",
        "POST",
        {"in": allow(FILE_READERS, 422, case_worker=404), "out": OUT},
        url="/cases/{case}/evidence",
    ),
    api(
        "/cases/{case_id}/evidence/{evidence_id}/verify",
        "POST",
        READ,
        url="/cases/{case}/evidence/{case_evidence}/verify",
    ),
    api("/cases/{case_id}/platform-requests", "GET", READ, url="/cases/{case}/platform-requests"),
    api(
        "/cases/{case_id}/platform-requests",
        "POST",
        {"in": allow(FILE_READERS, 201, case_worker=404), "out": OUT},
        url="/cases/{case}/platform-requests",
        data=REQUEST,
    ),
    api(
        "/cases/{case_id}/platform-requests/{request_id}/answer",
        "POST",
        READ,
        url="/cases/{case}/platform-requests/{platform_request}/answer",
        data=ANSWER,
    ),
]
