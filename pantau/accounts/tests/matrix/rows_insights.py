"""Dashboards: the page, the downloads of its numbers and the API, for the staff of every agency but an
LKSA (its own figures are on its home's page) within their jurisdiction: Kabupaten Tangerang ("in") for
the personas, Kota Medan ("out") only for the national system administrator; others get 404 there."""

from __future__ import annotations

from pantau.accounts.tests.matrix.table import STAFF, Row, allow, api, rows

NATIONAL = {"system_admin"}
SCOPED = {"in": allow(STAFF), "out": allow(NATIONAL, hide=STAFF - NATIONAL)}

ROWS: list[Row] = [
    *rows("insights:dashboard", "/insights/?region={office_region}", both=SCOPED),
    # The periodic report (PDF) reads the same dashboard: the same people, the same regions.
    *rows("insights:report", "/insights/report.pdf?region={office_region}", both=SCOPED),
    *rows("insights:download", "/insights/download/legality.csv?region={office_region}", both=SCOPED),
    api("/insights/dashboard", "GET", SCOPED, url="/insights/dashboard?region={office_region}"),
]
