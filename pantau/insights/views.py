"""The dashboard page and the downloads of its numbers (thin: the data is ``dashboard_for``'s)."""

from __future__ import annotations

import re
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from pantau.accounts.access import Perm, not_found, permission_required
from pantau.audit.services import audit_record
from pantau.insights.dashboard import Dashboard, dashboard_for
from pantau.insights.exports import MAP_COLUMNS, breakdown_table, map_data
from pantau.insights.report import report_for, title_of
from pantau.lib.downloads import download as send
from pantau.lib.pdf import render_pdf
from pantau.lib.spreadsheets import csv_bytes, xlsx_bytes

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _load(request: HttpRequest) -> Dashboard:
    return dashboard_for(request.user, region=request.GET.get("region", ""), today=timezone.localdate())


@permission_required(Perm.INSIGHTS_VIEW)
def dashboard(request: HttpRequest) -> HttpResponse:
    board = _load(request)
    columns = dict(board.breakdown.columns)
    indicators = [(key, columns[key]) for key in MAP_COLUMNS if key in columns]
    chosen = request.GET.get("map", "")
    if chosen not in columns:
        chosen = indicators[0][0] if indicators else ""
    context: dict[str, Any] = {
        "board": board,
        "charts": [s.chart_data() for s in board.sections if s.chart != "tiles"],
        "region_query": board.scope.code or "",
        "show_map": board.scope.child_level == "province" and bool(indicators),
        "indicators": indicators,
        "map_indicator": chosen,
        "map_data": map_data(board, chosen) if chosen else {},
        "breakdown_rows": [
            (row, [row.cells.get(k) for k, _t in board.breakdown.columns]) for row in board.breakdown.rows
        ],
        "total_cells": [board.breakdown.total.get(k) for k, _t in board.breakdown.columns],
        "chart_text": {
            "withheld": _("withheld (< 5)"),
            "none": _("no value"),
            "locale": get_language() or "id",
        },
    }
    return render(request, "insights/dashboard.html", context)


@permission_required(Perm.INSIGHTS_VIEW)
def download(request: HttpRequest, key: str, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise not_found(request.user, f"insights:download:{key}.{fmt}", Perm.INSIGHTS_VIEW)
    board = _load(request)
    if key == "breakdown":
        header, rows = breakdown_table(board)
        title = _("By area")
    else:
        found = board.section(key)
        if found is None:  # unknown, or a section this person does not see
            raise not_found(request.user, f"insights:download:{key}", Perm.INSIGHTS_VIEW)
        header, rows = found.table()
        title = found.title
    region = board.scope.code or "ID"
    audit_record(
        action="insights.download",
        actor=request.user,  # type: ignore[arg-type]
        target_label=f"{key} {region}",
        target_region=board.scope.code,
        changes={"section": key, "region": board.scope.code or "", "format": fmt, "rows": len(rows)},
    )
    filename = f"pantau-{key}-{region.replace('.', '')}-{board.today.isoformat()}.{fmt}"
    if fmt == "csv":
        return send(csv_bytes(header, rows), filename, FORMATS[fmt])
    return send(
        xlsx_bytes(header, rows, title=re.sub(r"[\\/*?:\[\]]", " ", title)[:31]), filename, FORMATS[fmt]
    )


@permission_required(Perm.INSIGHTS_VIEW)
def report_pdf(request: HttpRequest) -> HttpResponse:
    """The periodic report of the dashboard's region as a PDF (same scope and suppression as the page)."""
    report = report_for(request.user, region=request.GET.get("region", ""), today=timezone.localdate())
    board = report.board
    title = title_of(report)
    pdf = render_pdf(
        "insights/report.html",
        {"report": report, "title": title, "region": board.scope.name, "as_of": timezone.localtime()},
    )
    region = board.scope.code or "ID"
    audit_record(
        action="insights.report",
        actor=request.user,  # type: ignore[arg-type]
        target_label=f"report {region}",
        target_region=board.scope.code,
        changes={"region": board.scope.code or "", "sections": len(report.sections), "bytes": len(pdf)},
    )
    filename = f"pantau-report-{region.replace('.', '')}-{board.today.isoformat()}.pdf"
    return send(pdf, filename, "application/pdf")
