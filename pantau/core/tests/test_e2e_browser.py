"""End-to-end in a real browser: Debian's Chromium driven by Playwright against a live server."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from pantau.accounts.models import User
from pantau.conftest import World, browser_sign_in, build_world

pytestmark = pytest.mark.e2e

CHROMIUM = os.environ.get("PANTAU_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test body
    # are still synchronous and safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-background-networking"]
        )
        yield browser
        browser.close()


@pytest.fixture
def e2e_world(transactional_db: None) -> World:
    return build_world()


def _sign_in(page: Page, base: str, email: str) -> None:
    browser_sign_in(page, base, User.objects.get(email=email))


def test_two_roles_see_different_home_pages(browser: Browser, live_server, e2e_world: World) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="id-ID")
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    _sign_in(page, live_server.url, e2e_world.user("org_admin").email)
    expect(page.locator("[data-home=org-admin]")).to_be_visible()
    expect(page.get_by_role("heading", name="Pengguna organisasi Anda")).to_be_visible()
    expect(page.get_by_role("link", name="Jejak audit", exact=True)).to_have_count(0)
    page.get_by_role("button", name="Keluar").click()
    expect(page.get_by_role("heading", name="Masuk ke Pantau")).to_be_visible()

    _sign_in(page, live_server.url, e2e_world.user("auditor").email)
    expect(page.locator("[data-home=auditor]")).to_be_visible()
    expect(page.get_by_role("link", name="Jejak audit", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Pengguna", exact=True)).to_have_count(0)

    # Switch to English and back: the choice sticks across pages.
    page.get_by_label("Bahasa").select_option("en")
    page.get_by_role("button", name="Ganti bahasa").click()
    expect(page.get_by_role("heading", name="Last 24 hours")).to_be_visible()
    page.get_by_role("link", name="Audit trail", exact=True).click()
    expect(page.get_by_role("heading", name="Audit trail")).to_be_visible()
    # The auditor finds the org admin's sign-in, made minutes ago in this browser.
    page.get_by_label("Actor (e-mail)").fill("admin@dinsos")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("cell", name="Logged in auth.login")).to_have_count(1)
    assert errors == [], f"browser console errors (CSP violations show here): {errors}"
    context.close()


def test_region_picker_and_phone_layout(browser: Browser, live_server, e2e_world: World) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID")
    context.set_default_timeout(10_000)
    page = context.new_page()
    _sign_in(page, live_server.url, e2e_world.user("system_admin").email)
    page.goto(f"{live_server.url}/organisations/new/")
    page.get_by_label("Nama").fill("Dinas Sosial Kota Tangerang")
    page.get_by_label("Jenis").select_option("dinsos_regency")
    region = page.get_by_label("Wilayah yurisdiksi")
    region.press_sequentially("Kota Tang", delay=30)
    # htmx fills the suggestion list from the server, without any inline script.
    # The suggestion carries the place and, in brackets, its code; picking it fills the box.
    expect(page.locator("datalist option[value$='(36.71)']")).to_have_count(1)
    region.fill(page.locator("datalist option[value$='(36.71)']").get_attribute("value") or "")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("heading", name="Dinas Sosial Kota Tangerang")).to_be_visible()
    # Nothing overflows sideways on a 360 px phone screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()
