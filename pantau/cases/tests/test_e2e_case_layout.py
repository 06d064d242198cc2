"""In a real browser at desktop and phone width: the case file's "Printable summary" button does not
overlap the line that says where the case stands, and the "Add …" buttons open their forms."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from pantau.cases.models import CaseChild
from pantau.cases.services import case_child_add, case_open
from pantau.conftest import browser_sign_in, build_world
from pantau.core.tests.test_e2e_browser import browser  # noqa: F401  (shared fixture)
from pantau.registry.models import Lksa

pytestmark = pytest.mark.e2e


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def test_print_button_clear_of_the_status_at_both_widths(
    browser: Browser,  # noqa: F811
    live_server: Any,
    transactional_db: None,
) -> None:
    world = build_world()
    home = Lksa.objects.create(organisation=world.lksa, name=world.lksa.name, region_code="36.03.03.2001")
    supervisor = world.user("supervisor")
    case = case_open(
        actor=supervisor,
        concerns=[],
        title="Siaran langsung anak di panti asuhan setiap malam untuk mendapatkan gift",
        form_of_violence="eksploitasi",
        cluster="pka",
        summary="Laporan publik.",
        lksa=home,
        region_code="",
    )
    case_child_add(actor=supervisor, case=case, record=CaseChild(name="A. (9)", sex="P", age=9))
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    browser_sign_in(page, live_server.url, supervisor)
    page.get_by_label("Language").select_option("en")
    page.get_by_role("button", name="Change language").click()
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/cases/{case.pk}/")
        button = page.get_by_role("link", name="Printable summary").bounding_box()
        heading = page.get_by_role("heading", level=1).bounding_box()
        status = page.get_by_test_id("case-state").bounding_box()
        assert button and heading and status
        assert not _overlap(button, status), width
        assert not _overlap(button, heading), width
        assert button["x"] + button["width"] <= width  # nothing runs off the screen

    form = page.locator("details.add-form").filter(has_text="Add a person")
    expect(form.get_by_label("Name")).to_be_hidden()
    form.get_by_text("Add a person").click()
    expect(form.get_by_label("Name")).to_be_visible()
    context.close()
