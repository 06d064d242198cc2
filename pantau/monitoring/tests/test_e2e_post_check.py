"""In Chromium: a home's operator finds "Check a post before publishing" on its home page, checks a live
stream appeal with children and a personal account, reads which rules would flag it and why, and nothing
is stored; the Dinas Sosial officer then sees the home flagged on the aid list. No console errors (CSP
violations show there). Screenshots go to $PANTAU_SHOTS when set."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from pantau.aid.models import AidRecord, Source
from pantau.children.models import Child, Placement
from pantau.conftest import browser_sign_in, build_world
from pantau.core.tests.test_e2e_browser import browser  # noqa: F401  (shared fixture)
from pantau.monitoring.models import KeptPostCheck
from pantau.registry.tests.conftest import make_lksa

pytestmark = pytest.mark.e2e
CAPTION = (
    "Live malam ini bareng adik-adik panti, kirim gift ya kak! "
    "Donasi ke BRI 0123-01-000123-50-1 a.n. Siti Aminah"
)


def _shot(page: Page, name: str) -> None:
    folder = os.environ.get("PANTAU_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def test_a_home_checks_a_post_and_the_office_sees_the_aid_flag(
    browser: Browser,  # noqa: F811
    live_server,  # type: ignore[no-untyped-def]
    transactional_db: None,
) -> None:
    world = build_world()
    home = make_lksa(world.lksa, capacity=40)
    for n in range(3):
        child = Child.objects.create(
            lksa=home,
            region_code=home.region_code,
            full_name=f"Anak {n}",
            sex="P",
            birth_date=date(2015, 1, 1),
            referral_source="family",
            referral_reason="-",
            admitted_on=date(2025, 1, 1),
        )
        Placement.objects.create(child=child, kind="lksa", lksa=home, started_on=date(2025, 1, 1))
    AidRecord.objects.create(
        lksa=home,
        source=Source.KEMENSOS,
        programme="ATENSI",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 6, 30),
        amount_per_child=1_000_000,
        children_count=9,
        total_amount=9_000_000,
        recorded_by=world.user("supervisor"),
        recorded_by_organisation=world.dinsos,
    )
    errors: list[str] = []
    context = browser.new_context(locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    browser_sign_in(page, live_server.url, world.user("lksa_operator"))
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Check a post before publishing").click()
    page.get_by_label("Caption or script of the post").fill(CAPTION)
    page.get_by_label("It will be a live stream").check()
    page.get_by_label("Children are shown (faces)").check()
    page.get_by_label("It asks for money or gifts").check()
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_text("This post would be flagged")).to_be_visible()
    for rule in ("no_faces_in_appeals", "no_live_with_children_for_gifts", "foundation_account"):
        expect(page.get_by_test_id(f"rule-{rule}")).to_have_attribute("data-outcome", "flagged")
    expect(page.get_by_test_id("rule-no_faces_in_appeals")).to_contain_text(
        "UU 35/2014 Pasal 76I jo. Pasal 88"
    )
    _shot(page, "post-check-operator")
    assert not KeptPostCheck.objects.exists()

    office = browser.new_context(locale="en-GB").new_page()
    office.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    browser_sign_in(office, live_server.url, world.user("supervisor"))
    office.goto(f"{live_server.url}/aid/")
    row = office.get_by_test_id("aid-row").first
    expect(row.get_by_test_id("basis")).to_have_text("9")
    expect(row.get_by_test_id("recorded")).to_have_text("3")
    expect(row.get_by_test_id("flag")).to_have_text("Aid exceeds the children recorded")
    _shot(office, "aid-list-office")
    assert errors == []
