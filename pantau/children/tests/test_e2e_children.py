"""In a real browser: an LKSA operator admits a child, then records the return home (reunification)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from pantau.children.models import Child
from pantau.children.tests.test_admission import registered
from pantau.conftest import browser_sign_in, build_world
from pantau.core.tests.test_e2e_browser import browser  # noqa: F401  (shared fixture)
from pantau.registry.models import Lksa

pytestmark = pytest.mark.e2e


def test_admit_and_reunify(browser: Browser, live_server, transactional_db: None) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    world = build_world()
    home = registered(  # an unregistered home admits no child
        Lksa.objects.create(
            organisation=world.lksa, name=world.lksa.name, region_code="36.03.03.2001", capacity=20
        )
    )
    context = browser.new_context(locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    browser_sign_in(page, live_server.url, world.user("lksa_operator"))
    page.get_by_label("Language").select_option("en")
    page.get_by_role("button", name="Change language").click()

    page.goto(f"{live_server.url}/children/admit/")
    page.get_by_label("LKSA:", exact=True).select_option(str(home.pk))
    page.get_by_label("Full name").fill("Ni Luh Ayu")
    page.get_by_label("Sex").select_option("P")
    page.get_by_label("Date of birth:", exact=True).fill("2016-05-04")
    page.get_by_label("Mother:", exact=True).select_option("alive")
    page.get_by_label("Referred by").select_option("family")
    page.get_by_label("Reason for referral").fill("Ibu bekerja sebagai pekerja migran")
    page.get_by_label("Reason for admission").select_option("family_unable")
    page.get_by_label("Admitted on").fill("2025-06-02")
    page.get_by_label("NIK").fill("3603034405160003")
    page.get_by_label("Gatekeeping assessment date").fill("2025-06-01")
    page.get_by_label("Assessed by (name, role)").fill("Peksos Dinsos")
    page.get_by_label("Why the child cannot stay with the family").fill(
        "Tidak ada kerabat yang dapat mengasuh"
    )
    for n in range(1, 10):  # the SNPA answers start blank
        page.locator(f"#id_item_A{n}").select_option("yes")
    page.get_by_role("button", name="Admit").click()
    expect(page.get_by_role("heading", name="Ni Luh Ayu")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("3603034405160003")

    page.get_by_text("The child leaves the LKSA").click()  # the form is folded until asked for
    page.get_by_label("The child goes to").select_option("reunification")
    page.get_by_label("From:", exact=True).fill("2025-09-01")
    page.get_by_role("button", name="Record", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("The placement has been recorded.")
    expect(page.locator("main ul").last).to_contain_text("Reunification with parents")
    child = Child.objects.get(full_name="Ni Luh Ayu")
    assert child.status == "left" and [p.kind for p in child.placements.all()] == ["lksa", "reunification"]
    context.close()
