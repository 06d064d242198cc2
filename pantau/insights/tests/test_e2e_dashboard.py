"""The dashboard in Chromium: charts and the province map drawn from the page's own files (no request to
any other host, no console error, so no CSP violation), and the numbers there without JavaScript."""

from __future__ import annotations

import os
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, expect, sync_playwright

from pantau.conftest import browser_sign_in, build_world
from pantau.insights.tests.dataset import Dataset, build

pytestmark = pytest.mark.e2e

CHROMIUM = os.environ.get("PANTAU_CHROMIUM", "/usr/bin/chromium")
SHOTS = os.environ.get("PANTAU_SCREENSHOTS", "")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-background-networking"]
        )
        yield browser
        browser.close()


@pytest.fixture
def data(transactional_db: None) -> Dataset:
    return build(build_world())


def test_charts_and_map_render_from_our_own_server_only(browser: Browser, live_server, data: Dataset) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    hosts: set[str] = set()
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc or request.url[:5]))

    browser_sign_in(page, live_server.url, data.kpai)
    page.get_by_role("link", name="Dasbor", exact=True).first.click()
    expect(page.get_by_role("heading", name="Dasbor: Indonesia")).to_be_visible()
    # Every chart with something to show is drawn (ECharts puts a canvas in its box), and the map too.
    for key in (
        "legality",
        "documents",
        "visits",
        "findings",
        "care_types",
        "case_categories",
        "case_stages",
    ):
        expect(page.locator(f'[data-chart="{key}"] canvas')).to_have_count(1)
    expect(page.locator("[data-map] canvas")).to_have_count(1)
    expect(page.get_by_text("CC BY 4.0")).to_be_visible()
    # The tables are there under the charts, withheld cells as "< 5".
    expect(page.get_by_test_id("table-case_categories").get_by_text("< 5")).to_have_count(2)
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/insights-kpai.png", full_page=True)

    # Colouring the map by another indicator reloads the page with it.
    page.get_by_label("Warnai peta menurut").select_option("in_care")
    expect(page).to_have_url(f"{live_server.url}/insights/?map=in_care")
    expect(page.locator("[data-map] canvas")).to_have_count(1)
    # Drill down to Banten from the table.
    page.get_by_test_id("table-breakdown").get_by_role("link", name="Banten").click()
    expect(page.get_by_role("heading", name="Dasbor: Banten")).to_be_visible()
    expect(
        page.get_by_test_id("table-breakdown").get_by_role("link", name="Kabupaten Tangerang")
    ).to_be_visible()
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/insights-banten.png", full_page=True)

    live = urlsplit(live_server.url).netloc
    assert hosts == {live}, f"requests to other hosts: {hosts - {live}}"
    assert errors == [], f"browser console errors (CSP violations show here): {errors}"
    context.close()


def test_the_page_is_complete_without_javascript(browser: Browser, live_server, data: Dataset) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="id-ID", java_script_enabled=False)
    context.set_default_timeout(15_000)
    page = context.new_page()
    browser_sign_in(page, live_server.url, data.user("supervisor"))
    page.goto(f"{live_server.url}/insights/")
    expect(page.get_by_role("heading", name="Dasbor: Kabupaten Tangerang")).to_be_visible()
    legality = page.get_by_test_id("table-legality")
    expect(legality.locator("tfoot td.num")).to_have_text("2")
    expect(page.locator("canvas")).to_have_count(0)
    expect(page.get_by_test_id("table-breakdown").get_by_role("link", name="Kasih Bunda")).to_be_visible()
    context.close()
