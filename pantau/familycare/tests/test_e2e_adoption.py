"""In a real browser: a Dinas Sosial officer takes an adoption from the application to the court order.
A step recorded too early (home visit 2 before six months of trial care) comes back with the reason
and the typed values kept; the child leaves the home when trial care begins."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from pantau.children.models import Child
from pantau.conftest import browser_sign_in, build_world
from pantau.core.tests.test_e2e_browser import browser  # noqa: F401  (shared fixture)
from pantau.familycare.models import CareFile
from pantau.familycare.tests.conftest import make_child, make_family
from pantau.registry.models import AdoptionLicence, Lksa

pytestmark = pytest.mark.e2e


def record(page: Page, on: date, fields: dict[str, str], *, outcome: str = "") -> None:
    page.locator("summary", has_text="Record the next step").click()
    form = page.get_by_test_id("step-form")
    form.get_by_label("Date").fill(on.isoformat())
    for label, value in fields.items():
        form.get_by_label(f"{label}:", exact=True).fill(value)
    if outcome:
        form.get_by_label("Tim PIPA's recommendation").select_option(outcome)
    form.get_by_role("button", name="Save").click()


def test_an_adoption_from_application_to_court_order(
    browser: Browser,  # noqa: F811
    live_server: Any,
    transactional_db: None,
) -> None:
    world = build_world()
    home = Lksa.objects.create(
        organisation=world.lksa, name="LKSA Kasih Bunda", region_code="36.03.03.2001", capacity=30
    )
    AdoptionLicence.objects.create(
        lksa=home, number="ADP/7", issued_on=date(2020, 1, 1), valid_until=date(2031, 1, 1)
    )
    child = make_child(home, full_name="Putri Lestari")
    family = make_family(world)
    officer = world.user("supervisor")

    context = browser.new_context(locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    browser_sign_in(page, live_server.url, officer)
    page.get_by_label("Language").select_option("en")
    page.get_by_role("button", name="Change language").click()

    page.goto(f"{live_server.url}/family-care/families/{family.pk}/")
    expect(page.get_by_test_id("eligibility-adoption")).to_contain_text("the rules allow 30 to 55")
    page.locator("summary", has_text="Open a file").click()
    form = page.get_by_test_id("open-file-form")
    form.get_by_label("Kind of care").select_option("adoption")
    form.get_by_label("Child:", exact=True).fill("Putri")
    form.get_by_label("Application date").fill("2026-01-05")
    form.get_by_label("Child's religion").select_option("islam")
    form.get_by_role("button", name="Open the file").click()

    file = CareFile.objects.get()
    expect(page).to_have_url(f"{live_server.url}/family-care/files/{file.pk}/")
    expect(page.get_by_test_id("stage")).to_contain_text("Application received")
    expect(page.get_by_test_id("child")).to_contain_text("Putri Lestari")

    record(page, date(2026, 2, 2), {"Report number": "LS/014/2026", "Social worker (name)": "Dewi Peksos"})
    expect(page.get_by_test_id("stage")).to_contain_text("Home visit 1 and social report")
    record(
        page, date(2026, 3, 2), {"Temporary care permit number": "IPS/22/2026", "Issued by": "Dinsos Banten"}
    )
    expect(page.get_by_test_id("trial-ends")).to_have_text("2 Sep 2026")
    assert Child.objects.get(pk=child.pk).status == Child.Status.LEFT

    # One day short of six months: refused with the reason, the form open and what was typed kept.
    record(page, date(2026, 9, 1), {"Report number": "LS/088/2026", "Social worker (name)": "Dewi Peksos"})
    form = page.get_by_test_id("step-form")
    expect(form).to_contain_text("Trial care lasts at least 6 months: it began on 2 Mar 2026")
    expect(form.get_by_label("Report number:", exact=True)).to_have_value("LS/088/2026")
    form.get_by_label("Date").fill("2026-09-02")
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("stage")).to_contain_text("Home visit 2 and evaluation")

    record(
        page,
        date(2026, 9, 20),
        {"Recommendation letter number": "PIPA/31/2026", "Tim PIPA": "Tim PIPA Banten"},
        outcome="recommended",
    )
    record(page, date(2026, 10, 1), {"Decree (SK) number": "SK/460/2026", "Issued by": "Gubernur Banten"})
    record(page, date(2026, 11, 2), {"Court order number": "118/Pdt.P/2026/PN Tng", "Court": "PN Tangerang"})
    expect(page.get_by_test_id("stage")).to_contain_text("Court order (penetapan pengadilan)")
    expect(page.get_by_test_id("next-step")).to_contain_text("Registered at Dukcapil")
    steps = page.get_by_test_id("steps")
    expect(steps.locator("tbody tr")).to_have_count(7)
    expect(steps).to_contain_text("118/Pdt.P/2026/PN Tng")
    context.close()
