"""Incident reports from homes, pages and API. The home's operator reports and reads its own home's
reports ("in"; the Medan home's are hidden from it). The agencies read the reports of the homes in their
jurisdiction with the permissions they hold for the work: triage (the UPTD case worker, the Dinas
Sosial supervisor) or supervision (the Dinas Sosial roles, the auditor, and KPAI's national
administrator, who alone sees the Medan report). The police investigator reads none (403); only a
home reports (403 for everyone else)."""

from __future__ import annotations

from pantau.accounts.tests.matrix.table import ALL, Row, allow, api, rows

READERS = ALL - {"investigator"}
HOME = frozenset({"lksa_operator"})
NATIONAL = frozenset({"system_admin"})

# A body the schema accepts and the service refuses (learned of before it happened): the permission is
# checked first for everyone, and the home gets the service's 422 with nothing saved.
REFUSED_BODY = {
    "kind": "missing",
    "happened_at": "2026-01-02T10:00:00+07:00",
    "learned_at": "2026-01-01T10:00:00+07:00",
    "description": "-",
    "action_taken": "-",
    "children_count": 1,
}
REPORT = {"in": allow(READERS), "out": allow(NATIONAL, hide=READERS - NATIONAL)}

ROWS: list[Row] = [
    *rows("incidents:list", "/incidents/?late=on", both=allow(READERS)),
    *rows("incidents:new", "/incidents/new/", GET=allow(HOME), POST=allow(HOME, 400), data={"kind": ""}),
    *rows("incidents:detail", "/incidents/{incident}/", both=REPORT),
    api("/incidents", "GET", allow(READERS)),
    api("/incidents", "POST", allow(HOME, 422), data=REFUSED_BODY),
    api("/incidents/{incident_id}", "GET", REPORT, url="/incidents/{incident}"),
]
