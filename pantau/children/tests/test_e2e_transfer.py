"""In a real browser: an LKSA operator records a transfer, picking the receiving home by typing part
of its name and choosing a suggestion; a form sent without the kind comes back open with its error."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from pantau.children.models import Child
from pantau.children.services import child_admit
from pantau.children.tests.test_admission import registered
from pantau.conftest import browser_sign_in, build_world
from pantau.core.tests.test_e2e_browser import browser  # noqa: F401  (shared fixture)
from pantau.registry.models import Lksa

pytestmark = pytest.mark.e2e


def test_transfer_to_a_home_picked_by_name(
    browser: Browser,  # noqa: F811
    live_server: Any,
    transactional_db: None,
) -> None:
    world = build_world()
    home = registered(  # an unregistered home admits no child
        Lksa.objects.create(
            organisation=world.lksa, name=world.lksa.name, region_code="36.03.03.2001", capacity=20
        )
    )
    medan = Lksa.objects.create(
        organisation=world.lksa_medan, name="Panti Asuhan Harapan", region_code="12.71.02", capacity=20
    )
    operator = world.user("lksa_operator")
    child = child_admit(
        actor=operator,
        lksa=home,
        child=Child(
            full_name="Ni Luh Ayu",
            sex="P",
            birth_date=date(2016, 5, 4),
            referral_source="family",
            referral_reason="Ibu bekerja sebagai pekerja migran",
            mother_status="alive",
            admitted_on=date(2025, 6, 2),
            emergency_admission=True,
        ),
        identifiers={},
        assessment=None,
    ).child
    context = browser.new_context(locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    browser_sign_in(page, live_server.url, operator)
    page.get_by_label("Language").select_option("en")
    page.get_by_role("button", name="Change language").click()
    page.goto(f"{live_server.url}/children/{child.pk}/")
    expect(page.get_by_test_id("next-step")).to_contain_text("Record the gatekeeping assessment")

    page.get_by_text("The child leaves the LKSA").click()
    form = page.get_by_test_id("placement-form")
    expect(form.get_by_label("The child goes to")).to_have_value("")  # no default
    form.get_by_label("From:", exact=True).fill("2025-09-01")
    form.get_by_role("button", name="Record", exact=True).click()
    form = page.get_by_test_id("placement-form")
    expect(form).to_contain_text("Choose where the child goes.")
    expect(form.get_by_label("From:", exact=True)).to_have_value("2025-09-01")  # kept

    form.get_by_label("The child goes to").select_option("transfer")
    receiving = form.get_by_label("Receiving LKSA (for a transfer)")
    receiving.press_sequentially("harap", delay=50)
    option = page.locator("#receiving-homes option").first
    expect(option).to_have_attribute("value", f"Panti Asuhan Harapan, Medan Sunggal, Kota Medan ({medan.pk})")
    receiving.fill(option.get_attribute("value") or "")
    form.get_by_role("button", name="Record", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("The placement has been recorded.")
    child.refresh_from_db()
    assert (child.lksa, child.status) == (medan, "in_care")
    context.close()
