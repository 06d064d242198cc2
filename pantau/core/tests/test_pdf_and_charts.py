"""Server-side PDF (pantau/lib/pdf.py) and SVG charts (pantau/lib/svgcharts.py)."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

from django.template import engines
from django.utils import timezone, translation
from pypdf import PdfReader

from pantau.lib.pdf import StaticFilesOnly, render_pdf, static_path
from pantau.lib.svgcharts import (
    MAP_FILE,
    NO_DATA,
    PALETTE,
    RANGE,
    WITHHELD_FILL,
    bar_chart,
    choropleth,
    class_breaks,
    provinces,
)

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert(1)</script> & "Panti" <b>'


def _svg(text: str) -> ET.Element:
    return ET.fromstring(text)  # noqa: S314  (our own output)


def test_bar_chart_is_valid_svg_with_labels_values_and_no_bar_for_withheld() -> None:
    with translation.override("en"):
        root = _svg(
            bar_chart([("Banten", 1234), (HOSTILE, 7), ("Aceh", "< 5"), ("Bali", None)], title="LKSA")
        )
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts == ["LKSA", "Banten", "1,234", HOSTILE, "7", "Aceh", "< 5", "Bali", "—"]
    bars = root.findall(f"{SVG}rect")
    assert [bar.find(f"{SVG}title").text for bar in bars] == ["Banten: 1,234", f"{HOSTILE}: 7"]
    widths = [float(bar.get("width")) for bar in bars]
    assert widths[0] == 640 - int(640 * 0.38) - 60 and round(widths[1], 1) == round(widths[0] * 7 / 1234, 1)
    # Escaped in the text, never markup: no element came from the label.
    assert (
        not list(root.iter("script"))
        and not list(root.iter(f"{SVG}script"))
        and not list(root.iter(f"{SVG}b"))
    )


def test_bar_chart_raw_text_escapes() -> None:
    text = bar_chart([(HOSTILE, 1)], title=HOSTILE)
    assert "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in text


def test_the_map_file_is_the_shared_copy_and_has_38_provinces_with_project_codes() -> None:
    shared = Path("/work/shared/data/maps/indonesia-38-provinces.geojson")
    if shared.exists():
        assert MAP_FILE.read_bytes() == shared.read_bytes()
        assert (MAP_FILE.parent / "ATTRIBUTION.md").read_bytes() == (
            shared.parent / "ATTRIBUTION.md"
        ).read_bytes()
    codes = [p.code for p in provinces()]
    assert len(codes) == len(set(codes)) == 38
    assert {"11", "31", "36", "91", "92", "93", "94", "95", "96"} <= set(codes)


def test_class_breaks() -> None:
    assert class_breaks([]) == []
    assert class_breaks([3, 1, 2]) == [1, 2, 3]
    assert class_breaks(list(range(1, 11)), 5) == [2, 4, 6, 8, 10]


def test_choropleth_colours_classes_and_greys_withheld_and_missing() -> None:
    values = {"11": 10, "12": 20, "13": 30, "14": 40, "15": 50, "36": "< 5", "31": None}
    with translation.override("en"):
        root = _svg(choropleth(values, title=HOSTILE))
    paths = {p.get("data-code"): p for p in root.iter(f"{SVG}path")}
    assert len(paths) == 38
    assert [paths[c].get("fill") for c in ("11", "12", "13", "14", "15")] == list(PALETTE)
    assert paths["36"].get("fill") == WITHHELD_FILL and "withheld" in paths["36"].get("class")
    assert paths["31"].get("fill") == NO_DATA and paths["32"].get("fill") == NO_DATA
    assert paths["36"].find(f"{SVG}title").text == "Banten: < 5"
    assert paths["11"].find(f"{SVG}title").text == "Aceh: 10"
    legend = [t.text for t in root.find(f"{SVG}g").iter(f"{SVG}text")]
    assert legend == [
        "≤ 10",
        *(f"{a} {RANGE} {a + 10}" for a in (10, 20, 30, 40)),
        "withheld (< 5)",
        "no data",
    ]
    credit = root.find(f"{SVG}text[@class='credit']")
    assert credit is not None and "CC BY 4.0" in credit.text
    assert "denyherianto/indonesia-geojson-topojson-maps-with-38-provinces" in credit.text
    assert root.find(f"{SVG}title").text == HOSTILE


def test_static_only_fetcher_refuses_everything_but_static_files() -> None:
    assert static_path("https://pantau.invalid/static/pantau/pdf.css") is not None
    for url in (
        "https://example.com/static/pantau/pdf.css",
        "http://pantau.invalid/static/pantau/pdf.css",
        "file:///etc/passwd",
        "https://pantau.invalid/static/../settings.py",
        "https://pantau.invalid/static/%2e%2e/settings.py",
        "https://pantau.invalid/media/x.png",
        "data:text/plain,hello",
    ):
        assert static_path(url) is None, url


def test_a_rendered_pdf_opens_and_its_pages_say_what_they_should() -> None:
    template = (
        engines["django"]
        .from_string(
            '{% extends "pdf/base.html" %}{% block content %}<h2>Ringkasan</h2>'
            '<img src="https://example.com/tracker.png"><img src="/static/pantau/favicon.svg" alt="">'
            '<link rel="stylesheet" href="file:///etc/passwd">'
            "<figure>{{ chart|safe }}</figure>"
            '<table><tr><th>Provinsi</th><th class="number">LKSA</th></tr>'
            '{% for n in rows %}<tr><td>Baris {{ n }}</td><td class="number">{{ n }}</td></tr>{% endfor %}'
            "</table>"
            "{% endblock %}"
        )
        .template
    )
    fetcher = StaticFilesOnly()
    as_of = timezone.make_aware(datetime(2026, 4, 30, 7, 5))  # noqa: DTZ001  (local time, then made aware)
    pdf = render_pdf(
        template,
        {
            "title": "Laporan rakor",
            "region": "Kabupaten Tangerang",
            "as_of": as_of,
            "chart": bar_chart([("Banten", 12), ("Aceh", "< 5")], title="LKSA per provinsi"),
            "rows": range(1, 80),
        },
        language="id",
        fetcher=fetcher,
    )
    assert sorted(fetcher.refused) == ["file:///etc/passwd", "https://example.com/tracker.png"]
    reader = PdfReader(io.BytesIO(pdf))
    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) >= 2
    assert "Ringkasan" in pages[0] and "LKSA per provinsi" in pages[0] and "< 5" in pages[0]
    assert "Baris 79" in pages[-1]
    for number, text in enumerate(pages, start=1):
        assert "Kabupaten Tangerang" in text and "per 30 Apr 2026 07:05" in text, text[:200]
        assert f"Halaman {number} / {len(pages)}" in text
    assert reader.pages[0].mediabox.width == 595.276 or round(float(reader.pages[0].mediabox.width)) == 595
