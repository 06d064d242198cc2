"""In a real browser on a phone-sized screen: a child reports through the children's channel without an
account, gets a code and sees the status; the Dinas Sosial officer finds it at the top of triage,
marked priority. Screenshots of the child's pages and the awareness pages go to $PANTAU_SCREENSHOTS
(when set) for a person to look at."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core.cache import cache
from playwright.sync_api import Browser, Page, expect

from pantau.cases.models import Concern
from pantau.cases.tests.test_e2e_case import sign_in
from pantau.conftest import build_world
from pantau.core.tests.test_e2e_browser import browser  # noqa: F401  (shared fixture)
from pantau.registry.models import Lksa

pytestmark = pytest.mark.e2e
PHONE = {"width": 390, "height": 844}


def _shot(page: Page, name: str) -> None:
    folder = os.environ.get("PANTAU_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def test_child_report_reaches_triage_first(browser: Browser, live_server, transactional_db: None) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    cache.clear()
    world = build_world()
    home = Lksa.objects.create(
        organisation=world.lksa, name="Panti Asuhan Kasih Bunda", region_code="36.03.03.2001"
    )
    Concern.objects.create(category="other", description="lama", source="public", region_code="36.03")

    phone = browser.new_context(locale="id-ID", viewport=PHONE, is_mobile=True, has_touch=True)
    phone.set_default_timeout(30_000)
    child = phone.new_page()
    child.goto(f"{live_server.url}/check/child/?lksa={home.pk}")
    expect(child.get_by_role("heading", level=1)).to_have_text("Ada yang salah? Ceritakan pada kami.")
    _shot(child, "child-report-id")
    child.get_by_role("button", name="Kirim").click()  # nothing chosen: refused, in simple words
    expect(child.get_by_text("Pilih salah satu jawaban.")).to_be_visible()
    child.get_by_text("Aku disuruh bekerja, mengemis, atau tampil").click()
    child.get_by_label("Ceritakan lebih banyak (boleh dilewati)").fill("Disuruh jualan sampai malam.")
    child.get_by_role("button", name="Kirim").click()
    code = child.get_by_test_id("child-code").inner_text().strip()
    _shot(child, "child-received-id")
    child.get_by_role("link", name="Lihat perkembangannya").click()
    expect(child.get_by_test_id("child-status")).to_contain_text("Ceritamu sudah kami terima.")
    _shot(child, "child-status-id")
    for path, name in (
        ("/awareness/", "awareness-index"),
        ("/awareness/adoption/", "awareness-adoption"),
        ("/awareness/digital/", "awareness-digital"),
    ):
        child.goto(f"{live_server.url}{path}")
        _shot(child, name)
    phone.close()

    concern = Concern.objects.get(tracking_code=code)
    assert (concern.source, concern.is_priority, concern.lksa_id) == ("child", True, home.pk)
    staff = browser.new_context(locale="en-GB")
    staff.set_default_timeout(30_000)
    officer = sign_in(staff, live_server.url, world.user("supervisor"))
    officer.goto(f"{live_server.url}/cases/triage/")
    first = officer.locator("tbody tr").first  # the child's report heads the queue, before the older one
    expect(first).to_contain_text(code)
    expect(first.get_by_test_id("priority")).to_have_text("Priority")
    expect(first).to_contain_text("A child, through the children's channel")
    _shot(officer, "triage-with-child-report")
    staff.close()
