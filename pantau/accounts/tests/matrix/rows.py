"""All rows of the access matrix, one module per app."""

from __future__ import annotations

from pantau.accounts.tests.matrix import (
    rows_accounts,
    rows_aid,
    rows_applications,
    rows_awareness,
    rows_cases,
    rows_children,
    rows_coordination,
    rows_evidence,
    rows_exports,
    rows_familycare,
    rows_familycare_api,
    rows_figures,
    rows_incidents,
    rows_insights,
    rows_intake,
    rows_network,
    rows_online,
    rows_privacy,
    rows_recovery,
    rows_registry,
    rows_staffing,
    rows_supervision,
)
from pantau.accounts.tests.matrix.table import Row

ROWS: list[Row] = [
    *rows_accounts.ROWS,
    *rows_registry.ROWS,
    *rows_children.ROWS,
    *rows_supervision.ROWS,
    *rows_cases.ROWS,
    *rows_evidence.ROWS,
    *rows_online.ROWS,
    *rows_recovery.ROWS,
    *rows_figures.ROWS,
    *rows_familycare.ROWS,
    *rows_familycare_api.ROWS,
    *rows_intake.ROWS,
    *rows_exports.ROWS,
    *rows_coordination.ROWS,
    *rows_insights.ROWS,
    *rows_incidents.ROWS,
    *rows_staffing.ROWS,
    *rows_applications.ROWS,
    *rows_aid.ROWS,
    *rows_awareness.ROWS,
    *rows_privacy.ROWS,
    *rows_network.ROWS,
]
