"""In Chromium: Dinas Sosial records a pembinaan session for a home and takes attendance; the home's
operator then sees the child-protection training on its staff page and records an SKCK for the one who has
none, which waits for Dinas Sosial's check. No console errors (CSP violations show there). Screenshots go
to $PANTAU_SHOTS when set."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect, sync_playwright

from pantau.conftest import World, browser_sign_in, build_world
from pantau.registry.models import Lksa, StaffMember
from pantau.staffing.models import PoliceClearance, Training

pytestmark = pytest.mark.e2e

CHROMIUM = os.environ.get("PANTAU_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-background-networking"]
        )
        yield browser
        browser.close()


def _shot(page: Page, name: str) -> None:
    folder = os.environ.get("PANTAU_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def test_a_session_s_attendance_reaches_the_home_s_staff_page(
    browser: Browser,
    live_server,
    transactional_db: None,  # type: ignore[no-untyped-def]
) -> None:
    world: World = build_world()
    home = Lksa.objects.create(
        organisation=world.lksa, name="LKSA Kasih Bunda", region_code="36.03.03.2001", capacity=40
    )
    today = timezone.localdate()
    carer = StaffMember.objects.create(
        lksa=home,
        full_name="Siti Rahmawati",
        position="Pengasuh",
        police_clearance_on=today - timedelta(days=170),
        police_clearance_until=today + timedelta(days=10),
    )
    newcomer = StaffMember.objects.create(lksa=home, full_name="Dewi Anggraini", position="Pengasuh baru")
    context = browser.new_context(locale="id-ID")
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    browser_sign_in(page, live_server.url, world.user("supervisor"))
    page.get_by_role("link", name="Penapisan SDM").click()
    expect(page.get_by_role("heading", name="Status penapisan SDM")).to_be_visible()
    _shot(page, "staffing-overview-supervisor")
    page.get_by_role("link", name="Kegiatan pembinaan").first.click()
    page.get_by_role("link", name="Catat kegiatan").click()
    page.locator("input[name=held_on]").fill((today - timedelta(days=1)).isoformat())
    page.locator("input[name=place]").fill("Aula Dinas Sosial Kabupaten Tangerang")
    page.locator("input[name=topic]").fill("Perlindungan anak di LKSA")
    page.locator("input[name=counts_as_protection]").check()
    page.get_by_label("LKSA Kasih Bunda").check()
    page.locator("main form button[type=submit]").click()
    page.get_by_role("link", name="Catat kehadiran").click()
    page.get_by_label("Hadir: Siti Rahmawati", exact=True).check()
    page.get_by_label("Tidak hadir: Dewi Anggraini", exact=True).check()
    _shot(page, "staffing-attendance")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_test_id("attendance-counts")).to_have_text("Hadir: 1 · tidak hadir: 1")
    _shot(page, "staffing-session")
    assert Training.objects.get().staff == carer

    operator = browser.new_context(locale="id-ID").new_page()
    operator.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    browser_sign_in(operator, live_server.url, world.user("lksa_operator"))
    expect(operator.get_by_text("SKCK yang belum ada, kedaluwarsa, atau akan berakhir")).to_be_visible()
    _shot(operator, "staffing-home-page-operator")
    operator.goto(f"{live_server.url}/staffing/homes/{home.pk}/")
    section = operator.get_by_test_id(f"staff-{newcomer.pk}")
    section.get_by_role("link", name="Catat SKCK").click()
    operator.locator("input[name=number]").fill("SKCK/YANMAS/12/2026/Polsek Tigaraksa")
    operator.locator("input[name=issued_on]").fill((today - timedelta(days=2)).isoformat())
    operator.locator("main form button[type=submit]").click()
    expect(operator.get_by_text("Menunggu pemeriksaan Dinas Sosial")).to_be_visible()
    _shot(operator, "staffing-home-operator")
    assert PoliceClearance.objects.get().status == "pending"
    assert errors == []
