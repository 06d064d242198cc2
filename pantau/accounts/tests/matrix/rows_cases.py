"""Concerns and cases: triage within the jurisdiction (Dinas Sosial, UPTD PPA); a case file for its lead
agency and for agencies that accepted a referral of it (need to know, not jurisdiction); a referral
for the agency it was sent to; police milestones by the police; only the lead agency closes a case.

In the world, the ``in`` case is led by Dinas Sosial Kabupaten Tangerang (the supervisor), the police
PPA unit (the investigator) accepted a referral of it, and the UPTD PPA (the case worker) has one
waiting: it sees the referral, not yet the file."""

from __future__ import annotations

from pantau.accounts.tests.matrix.table import (
    CASE_WORKERS,
    TRIAGERS,
    Row,
    allow,
    api,
    rows,
)

FILE_READERS = {"supervisor", "investigator"}
CASE_READ = {"in": allow(FILE_READERS, case_worker=404), "out": allow(hide=CASE_WORKERS)}
# An empty form comes back on the case file, open with its errors (400).
CASE_WRITE = {"in": allow(FILE_READERS, 400, case_worker=404), "out": allow(hide=CASE_WORKERS)}
TRIAGE_ONE = {"in": allow(TRIAGERS), "out": allow(hide=TRIAGERS)}

ROWS: list[Row] = [
    *rows("cases:case_list", "/cases/", both=allow(CASE_WORKERS)),
    *rows("cases:referral_inbox", "/cases/referrals/", both=allow(CASE_WORKERS)),
    *rows("cases:triage", "/cases/triage/", both=allow(TRIAGERS)),
    *rows(
        "cases:concern_new",
        "/cases/triage/new/",
        GET=allow(TRIAGERS),
        POST=allow(TRIAGERS, 400),
        data={"description": ""},
    ),
    *rows(
        "cases:concern_detail",
        "/cases/triage/{concern}/",
        GET=TRIAGE_ONE,
        POST={"in": allow(TRIAGERS, 302), "out": allow(hide=TRIAGERS)},
        data={"action": "close", "reason": "Bukan kewenangan kami."},
    ),
    *rows(
        "cases:referral_detail",
        "/cases/referrals/{referral}/",
        GET={
            "in": allow({"case_worker"}, supervisor=404, investigator=404),
            "out": allow(hide=CASE_WORKERS),
        },
        POST={
            "in": allow({"case_worker"}, 302, supervisor=404, investigator=404),
            "out": allow(hide=CASE_WORKERS),
        },
        data={"decision": "decline", "reason": "Kapasitas penuh."},
    ),
    *rows("cases:case_detail", "/cases/{case}/", both=CASE_READ),
    *rows("cases:case_summary", "/cases/{case}/summary/", both=CASE_READ),
    *rows("cases:case_evidence_file", "/cases/{case}/evidence/{case_evidence}/", both=CASE_READ),
    # The case file's forms: an empty form comes back on the file, open with its errors (400).
    *rows("cases:case_child", "/cases/{case}/children/", POST=CASE_WRITE, data={}),
    *rows("cases:case_event", "/cases/{case}/events/", POST=CASE_WRITE, data={}),
    *rows("cases:case_subject", "/cases/{case}/subjects/", POST=CASE_WRITE, data={}),
    *rows("cases:case_evidence", "/cases/{case}/evidence/", POST=CASE_WRITE, data={}),
    # Every answer of the TPPO assessment may be left empty: an empty one is saved (302).
    *rows(
        "cases:case_tppo",
        "/cases/{case}/tppo/",
        POST={"in": allow(FILE_READERS, 302, case_worker=404), "out": allow(hide=CASE_WORKERS)},
        data={},
    ),
    # cases:case_referral (referring onward, issue 17): rows_intake.py.
    *rows("cases:case_service", "/cases/{case}/services/", POST=CASE_WRITE, data={}),
    *rows(
        "cases:case_investigation",
        "/cases/{case}/investigation/",
        POST={"in": allow({"investigator"}, 400), "out": allow(investigator=404)},
        data={},
    ),
    # Only the lead agency closes its case: the police unit works on it but does not close it. A child
    # without an outcome keeps it open: the file comes back with the form open (400).
    *rows(
        "cases:case_close",
        "/cases/{case}/close/",
        POST={
            "in": allow({"supervisor"}, 400, investigator=403, case_worker=404),
            "out": allow(hide=CASE_WORKERS),
        },
        data={"note": "Selesai."},
    ),
    # API
    api("/cases/triage", "GET", allow(TRIAGERS)),
    api("/cases", "GET", allow(CASE_WORKERS)),
    api("/cases/referrals", "GET", allow(CASE_WORKERS)),
    api(
        "/cases/referrals/{referral_id}/decision",
        "POST",
        {
            "in": allow({"case_worker"}, supervisor=404, investigator=404),
            "out": allow(hide=CASE_WORKERS),
        },
        url="/cases/referrals/{referral}/decision",
        data={"accept": False, "reason": "Kapasitas penuh."},
    ),
    api("/cases/{case_id}", "GET", CASE_READ, url="/cases/{case}"),
    api(
        "/cases/{case_id}/services",
        "POST",
        {"in": allow(FILE_READERS, case_worker=404), "out": allow(hide=CASE_WORKERS)},
        url="/cases/{case}/services",
        data={"kind": "psychosocial", "provider": "UPTD PPA", "started_on": "2026-06-01"},
    ),
    api(
        "/cases/{case_id}/events",
        "POST",
        {"in": allow(FILE_READERS, 201, case_worker=404), "out": allow(hide=CASE_WORKERS)},
        url="/cases/{case}/events",
        data={"happened_on": "2026-06-01", "text": "Rapat koordinasi."},
    ),
]
