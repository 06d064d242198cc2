"""Figures: the SIMFONI-PPA page and API (victims counted in SIMFONI's terms; one row per victim, no
names, for the reporting offices' own reporting) and the TPPO task force's picture of its area.

In the world, Dinas Sosial's supervisor, the UPTD PPA's case worker and the police PPA unit's investigator
do case work in a reporting office: they see counts and export their agency's victims one row each. The
supervision viewers count their jurisdiction, with no rows. No persona sits in a task force: everyone is
refused its picture (the task force's own viewer is in cases/tests/test_taskforce.py)."""

from __future__ import annotations

from pantau.accounts.tests.matrix.table import STAFF, Row, allow, api, rows

PERIOD = "?start=2026-01-01&end=2026-01-31"
REPORTING_CASE_STAFF = frozenset({"supervisor", "case_worker", "investigator"})

ROWS: list[Row] = [
    # The form, the counts on the page or as CSV: supervision viewers and the reporting offices' staff.
    *rows("cases:simfoni_export", "/cases/simfoni/", both=allow(STAFF)),
    *rows("cases:task_force", "/cases/task-force/", both=allow()),
    api("/cases/simfoni/counts", "GET", allow(STAFF), url=f"/cases/simfoni/counts{PERIOD}"),
    api("/cases/simfoni/victims", "GET", allow(REPORTING_CASE_STAFF), url=f"/cases/simfoni/victims{PERIOD}"),
    api("/cases/task-force", "GET", allow()),
]
