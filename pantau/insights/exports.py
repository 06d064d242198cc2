"""The drill-down table and the map's values as plain rows (downloads, API, the map's JSON)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from pantau.insights.dashboard import WITHHELD_TEXT, Dashboard

# The indicators the map can be coloured by, in the order of its select.
MAP_COLUMNS = ["lksa", "legal_pct", "per_supervisor", "visited_pct", "open_cases", "in_care", "exits"]


def breakdown_table(board: Dashboard) -> tuple[list[str], list[list[Any]]]:
    breakdown = board.breakdown
    header = [_("Code"), _("Area"), *[title for _key, title in breakdown.columns]]
    rows: list[list[Any]] = []
    for row in breakdown.rows:
        cells = [row.cells.get(key) for key, _title in breakdown.columns]
        rows.append([row.key, row.label, *[_value(cell) for cell in cells]])
    rows.append(["", _("Total"), *[_value(breakdown.total.get(key)) for key, _title in breakdown.columns]])
    return header, rows


def _value(cell: Any) -> Any:
    if cell is None:
        return None
    if cell.display:
        return cell.display
    return WITHHELD_TEXT if cell.withheld else cell.value


def map_data(board: Dashboard, column: str) -> dict[str, Any]:
    """Province code -> value (null when withheld or without a value) and its text, for the map."""
    title = dict(board.breakdown.columns).get(column, "")
    values = []
    for row in board.breakdown.rows:
        cell = row.cells.get(column)
        if cell is None or len(row.key) != 2:
            continue
        values.append(
            {
                "code": row.key,
                "name": row.label,
                "value": None if cell.withheld else cell.value,
                "text": cell.text,
                "link": row.link,
            }
        )
    return {"indicator": column, "title": title, "values": values}
