"""The periodic report of a region for a rakor: the dashboard's sections as printed charts and tables,
the map of provinces, the drill-down by area and the follow-up of the rakor's recommendations, in one
PDF rendered on the server (``pantau.lib.pdf``, no network).

It reads exactly what the person's dashboard shows (``dashboard_for``: same scope, same small-cell
suppression) and the assignments they may see (``assignments_visible_to``), so a report never tells
more than the pages do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from pantau.accounts.access import Perm, UserLike, has_perm
from pantau.coordination.models import Assignment
from pantau.coordination.selectors import Counts, assignments_visible_to, overdue_first, progress_counts
from pantau.insights.dashboard import WITHHELD_TEXT, Dashboard, Section, dashboard_for
from pantau.insights.exports import MAP_COLUMNS, breakdown_table
from pantau.lib import svgcharts
from pantau.regions.models import region_q

# The follow-up table lists at most this many assignments (overdue first); the counts cover all of them.
ASSIGNMENT_ROWS = 200
# Bar labels: half of the chart's 640 units, about 52 characters at the charts' 10-unit font.
LABEL_WIDTH = 320
LABEL_CHARS = 52


@dataclass
class PrintedSection:
    section: Section
    chart: SafeString | None  # an SVG drawn on the server (None: a section of tiles, its table suffices)


@dataclass
class Report:
    board: Dashboard
    sections: list[PrintedSection]
    maps: list[tuple[str, SafeString]]  # (the indicator, its map)
    breakdown_header: list[str]
    breakdown_rows: list[list[Any]]
    follow_up: Counts | None  # None when the person may not see the rakor follow-up
    assignments: list[Assignment]
    more_assignments: int


def _chart(section: Section) -> SafeString | None:
    if section.chart == "tiles" or not section.rows:
        return None
    items: list[tuple[str, svgcharts.Value]] = [
        (
            _short(f"{row.label} · {row.group}" if row.group else row.label),
            WITHHELD_TEXT if row.withheld else row.value,
        )
        for row in section.rows
    ]
    # svgcharts escapes every label and value: labels can come from what people typed (agency names).
    return mark_safe(svgcharts.bar_chart(items, title=section.title, label_width=LABEL_WIDTH))  # noqa: S308


def _short(label: str) -> str:
    """Labels fit the chart's label column (the table below the chart has them whole)."""
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def _maps(board: Dashboard) -> list[tuple[str, SafeString]]:
    """The provinces coloured by each indicator of the national breakdown (none below the nation)."""
    if board.scope.child_level != "province":
        return []
    columns = dict(board.breakdown.columns)
    drawn = []
    for key in [k for k in MAP_COLUMNS if k in columns][:2]:
        values: dict[str, svgcharts.Value] = {}
        for row in board.breakdown.rows:
            cell = row.cells.get(key)
            if cell is not None and len(row.key) == 2:
                values[row.key] = WITHHELD_TEXT if cell.withheld else cell.value
        unit = "%" if key.endswith("_pct") else ""
        drawn.append((columns[key], mark_safe(svgcharts.choropleth(values, title=columns[key], unit=unit))))  # noqa: S308
    return drawn


def report_for(user: UserLike, *, region: str, today: date) -> Report:
    board = dashboard_for(user, region=region, today=today)
    header, rows = breakdown_table(board)
    follow_up: Counts | None = None
    assignments: list[Assignment] = []
    more = 0
    if has_perm(user, Perm.COORDINATION_VIEW):
        follow_up = progress_counts(user, board.scope.code, today=today)
        visible = assignments_visible_to(user).select_related("recommendation__meeting")
        if board.scope.code:
            visible = visible.filter(region_q("recommendation__meeting__region__code", board.scope.code))
        assignments = list(overdue_first(visible, today)[:ASSIGNMENT_ROWS])
        more = max(follow_up.total - len(assignments), 0)
    return Report(
        board=board,
        sections=[PrintedSection(section=s, chart=_chart(s)) for s in board.sections],
        maps=_maps(board),
        breakdown_header=header,
        breakdown_rows=rows,
        follow_up=follow_up,
        assignments=assignments,
        more_assignments=more,
    )


def title_of(report: Report) -> str:
    return _("Periodic child-protection report: %(region)s") % {"region": report.board.scope.name}
