"""/api/v1/insights/dashboard: the dashboard's sections and drill-down table, as on the page (the same
``dashboard_for``; withheld small cells are ``null`` with ``withheld: true`` and the text "< 5")."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema

from pantau.accounts.access import Perm, api_permission
from pantau.insights.dashboard import Row, dashboard_for
from pantau.lib.api import ErrorOut

router = Router(tags=["insights"])


class RowOut(Schema):
    key: str
    label: str
    value: float | None
    withheld: bool
    text: str
    group: str


class SectionOut(Schema):
    key: str
    title: str
    unit: str
    chart: str
    sensitive: bool
    note: str
    rows: list[RowOut]
    total: RowOut | None


class AreaOut(Schema):
    key: str
    label: str
    cells: dict[str, RowOut]


class ColumnOut(Schema):
    key: str
    title: str


class BreakdownOut(Schema):
    level: str
    columns: list[ColumnOut]
    rows: list[AreaOut]
    total: dict[str, RowOut]


class ScopeOut(Schema):
    code: str | None
    name: str
    level: int
    parent: str | None


class DashboardOut(Schema):
    day: str
    withheld: bool
    scope: ScopeOut
    sections: list[SectionOut]
    breakdown: BreakdownOut


class DashboardQuery(Schema):
    region: str = ""


def _row(row: Row) -> dict[str, object]:
    return {
        "key": row.key,
        "label": row.label,
        "value": row.value,
        "withheld": row.withheld,
        "text": row.text,
        "group": row.group,
    }


# A region outside the caller's jurisdiction (or unknown) is a 404, declared here: it is a query
# parameter, not a path one, so declare_error_responses would not add it.
@router.get("/dashboard", response={200: DashboardOut, 404: ErrorOut}, summary="The dashboard of a region")
@api_permission(Perm.INSIGHTS_VIEW)
def dashboard(request: HttpRequest, query: Query[DashboardQuery]) -> dict[str, object]:
    """Sections (LKSA legality, documents, visits and findings, workload, children by care type and exits,
    cases and referral times, monitoring) and the per-area table of ``region`` (a province or
    kabupaten/kota code inside your jurisdiction; empty: your whole jurisdiction). 404 outside it."""
    board = dashboard_for(request.user, region=query.region, today=timezone.localdate())
    scope = board.scope
    return {
        "day": board.today.isoformat(),
        "withheld": board.withheld,
        "scope": {"code": scope.code, "name": scope.name, "level": scope.level, "parent": scope.parent},
        "sections": [
            {
                "key": s.key,
                "title": s.title,
                "unit": s.unit,
                "chart": s.chart,
                "sensitive": s.sensitive,
                "note": s.note,
                "rows": [_row(r) for r in s.rows],
                "total": _row(s.total) if s.total else None,
            }
            for s in board.sections
        ],
        "breakdown": {
            "level": board.breakdown.level,
            "columns": [{"key": k, "title": t} for k, t in board.breakdown.columns],
            "rows": [
                {"key": a.key, "label": a.label, "cells": {k: _row(c) for k, c in a.cells.items()}}
                for a in board.breakdown.rows
            ],
            "total": {k: _row(c) for k, c in board.breakdown.total.items()},
        },
    }
