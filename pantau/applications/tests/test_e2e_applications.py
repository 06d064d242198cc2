"""In Chromium: an LKSA operator drafts a Tanda Daftar application, attaches every required document and
submits it; a Dinas Sosial supervisor finds it on the home page, sees the legal checks, records the file
check and the field verification and approves it; the home's registry page then shows the registration
and its legality status. No console errors. Screenshots go to $PANTAU_SHOTS when set."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect, sync_playwright

from pantau.applications.models import Application
from pantau.applications.requirements import documents_for
from pantau.applications.tests.conftest import PDF, make_home
from pantau.conftest import World, browser_sign_in, build_world
from pantau.registry.models import Registration

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


def test_a_home_applies_and_dinas_sosial_approves_in_the_browser(
    browser: Browser,
    live_server,
    transactional_db: None,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    world: World = build_world()
    home = make_home(world.lksa)
    document = tmp_path / "dokumen.pdf"
    document.write_bytes(PDF)
    context = browser.new_context(locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    browser_sign_in(page, live_server.url, world.user("lksa_operator"))
    page.get_by_role("navigation").get_by_role("link", name="Applications").click()
    page.get_by_test_id("apply-links").get_by_role("link", name="Tanda Daftar LKS registration").click()
    page.get_by_label("What the home applies for").fill("Pengasuhan 40 anak terlantar di Tigaraksa.")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_text("Draft saved. Attach the documents, then submit it.")).to_be_visible()
    expect(page.get_by_role("button", name="Submit to Dinas Sosial")).to_be_disabled()
    for requirement in documents_for("registration"):
        if not requirement.required:
            continue
        row = page.locator(f"tr[data-requirement='{requirement.key}']")
        row.locator("input[type=file]").set_input_files(str(document))
        row.get_by_role("button", name="Attach").click()
        expect(page.get_by_text("Document attached.")).to_be_visible()
    _shot(page, "e2e-application-draft")
    page.get_by_role("button", name="Submit to Dinas Sosial").click()
    expect(page.get_by_test_id("application-status")).to_have_text("Submitted, waiting for the file check")
    page.get_by_role("button", name="Sign out").click()

    browser_sign_in(page, live_server.url, world.user("supervisor"))
    page.get_by_role("link", name="LKSA Kasih Bunda · Tanda Daftar LKS registration").click()
    checks = page.get_by_test_id("legal-checks")
    expect(checks.locator("tr[data-check='registration']")).to_contain_text("No registration on record.")
    expect(checks.locator("tr[data-check='legal_entity']")).to_contain_text("None on record")
    page.get_by_test_id("file-check-form").get_by_role("button", name="The file is complete").click()
    expect(page.get_by_text("File check recorded.")).to_be_visible()
    field = page.get_by_test_id("field-form")
    field.get_by_label("Officer who verified").select_option(label="Pengawas")
    field.get_by_label("What was found").fill("Asrama, dapur dan daftar anak sesuai dengan berkas.")
    field.get_by_role("button", name="Record the verification").click()
    expect(page.get_by_text("Field verification recorded.")).to_be_visible()
    approve = page.get_by_test_id("approve-form")
    approve.get_by_label("Tanda Daftar number").fill("460/TD-LKS/2026/001")
    approve.get_by_role("button", name="Approve").click()
    expect(page.get_by_test_id("outcome")).to_contain_text("No. 460/TD-LKS/2026/001")
    _shot(page, "e2e-application-approved")

    page.get_by_role("link", name="LKSA Kasih Bunda").first.click()
    expect(page.get_by_role("cell", name="460/TD-LKS/2026/001")).to_be_visible()
    # Registered now; the home still has no staff or accreditation on record.
    expect(page.locator(".status").first).to_have_text("Registered, with problems")
    _shot(page, "e2e-application-registry")
    # The page loads its visit-plan risk after itself: let that request finish before the database is
    # flushed, or the flush and the request deadlock.
    page.wait_for_load_state("networkidle")
    assert errors == [], f"browser console errors: {errors}"
    context.close()

    registration = Registration.objects.get(lksa=home)
    assert registration.issued_on == timezone.localdate()
    assert Application.objects.get().registration == registration
