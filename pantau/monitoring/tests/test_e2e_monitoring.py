"""In a real browser: an officer registers a home's account, captures a live-stream post, reads why it
was flagged (names masked), and opens a concern that lands in the triage queue."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from pantau.cases.models import Concern
from pantau.conftest import browser_sign_in, build_world
from pantau.core.tests.test_e2e_browser import browser  # noqa: F401  (shared fixture)
from pantau.monitoring.models import Post
from pantau.registry.models import Lksa

pytestmark = pytest.mark.e2e

LIVE = (
    "Ayo kak kirim gift mawar biar adik Rina bisa beli susu 😭 adik2 panti belum makan dari pagi, "
    "tap tap layarnya kak, adik bilang makasih ke kakak <b>Budi</b>"
)


def test_captured_post_to_opened_concern(browser: Browser, live_server, transactional_db: None) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    world = build_world()
    Lksa.objects.create(organisation=world.lksa, name="LKSA Kasih Bunda", region_code="36.03.03.2001")

    context = browser.new_context(locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("dialog", lambda dialog: errors.append(f"dialog: {dialog.message}"))
    browser_sign_in(page, live_server.url, world.user("supervisor"))
    page.get_by_label("Language").select_option("en")
    page.get_by_role("button", name="Change language").click()

    page.get_by_role("link", name="Online monitoring").click()
    page.get_by_role("link", name="Monitored accounts").click()
    page.get_by_label("Platform").select_option("tiktok")
    page.get_by_label("Handle").fill("@panti.kasih.bunda")
    page.get_by_label("LKSA").select_option(label="LKSA Kasih Bunda")
    page.get_by_role("button", name="Monitor this account").click()
    expect(page.get_by_text("is now monitored")).to_be_visible()

    page.get_by_role("link", name="Capture", exact=True).click()
    page.get_by_label("Text, caption or transcript").fill(LIVE + "<script>alert('x')</script>")
    page.get_by_label("Posted at").fill("2026-03-14T23:40")
    page.get_by_label("Live stream").check()
    page.get_by_label("Gifts").fill("312")
    page.get_by_role("button", name="Capture and screen").click()

    expect(page.get_by_test_id("tier")).to_contain_text("Tinjau")
    reasons = page.get_by_test_id("reasons")
    expect(reasons).to_contain_text("Live stream with children between 22:00 and 04:00")
    expect(reasons).to_contain_text("UU 35/2014 Pasal 76I jo. 88")
    text = page.get_by_test_id("post-text")
    expect(text).not_to_contain_text("Rina")
    expect(text).to_contain_text("<script>")  # shown as text, never run

    page.get_by_role("link", name="Review queue").click()
    expect(page.get_by_test_id("queue")).to_contain_text("@panti.kasih.bunda")
    expect(page.get_by_test_id("queue")).not_to_contain_text("Rina")
    page.get_by_test_id("queue").get_by_role("link", name="tinjau").click()

    page.get_by_label("Open a concern for triage").check()
    page.get_by_label("Note").fill("Children kept awake at night to ask for gifts.")
    page.get_by_role("button", name="Save the decision").click()
    expect(page.get_by_text("is in the triage queue")).to_be_visible()
    page.get_by_role("link", name="Open the concern").click()
    expect(page.get_by_text("Online monitoring", exact=True).first).to_be_visible()

    post = Post.objects.get()
    concern = Concern.objects.get()
    assert post.decision == "open_concern" and post.opened_concern == concern
    assert concern.source == "monitoring" and concern.lksa is not None and "Rina" not in concern.description
    assert errors == [], errors
    context.close()
