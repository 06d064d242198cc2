"""In a real browser: a checklist answer the server fails to save looks failed (not "Saved"), keeps
what was typed, is retried by itself with growing pauses, and can be retried at once by a button."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Route, expect

from pantau.conftest import browser_sign_in, build_world
from pantau.core.tests.test_e2e_browser import browser  # noqa: F401  (shared fixture)
from pantau.registry.models import Lksa
from pantau.supervision.checklists import snpa_install
from pantau.supervision.models import Answer, ChecklistItem
from pantau.supervision.services import visit_schedule

pytestmark = pytest.mark.e2e


def test_a_failed_save_looks_failed_and_is_retried(
    browser: Browser,  # noqa: F811
    live_server: Any,
    transactional_db: None,
) -> None:
    world = build_world()
    snpa_install()
    home = Lksa.objects.create(organisation=world.lksa, name=world.lksa.name, region_code="36.03.03.2001")
    supervisor = world.user("supervisor")
    visit = visit_schedule(
        actor=supervisor, lksa=home, planned_on=timezone.localdate(), kind="announced", team=[supervisor]
    )
    a2 = ChecklistItem.objects.get(template=visit.template, code="A2")
    context = browser.new_context(locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    browser_sign_in(page, live_server.url, supervisor)
    page.get_by_label("Language").select_option("en")
    page.get_by_role("button", name="Change language").click()

    # The server answers 500 to as many attempts as ``fail["left"]`` says; A2's attempts are counted.
    fail = {"left": 1, "attempts": 0}

    def flaky(route: Route, request: Any) -> None:
        fail["attempts"] += 1 if (request.post_data or "").startswith(f"i{a2.pk}-") else 0
        if fail["left"] > 0:
            fail["left"] -= 1
            route.fulfill(status=500, body="Server Error")
        else:
            route.continue_()

    page.route("**/supervision/visits/*/answers/*/", flaky)
    page.goto(f"{live_server.url}/supervision/visits/{visit.pk}/")
    expect(page.get_by_test_id("next-step")).to_contain_text("Answer the remaining items")

    # One failure: the answer looks failed, then the automatic retry (after a second) saves it.
    first = page.locator("#item-A1")
    first.get_by_label("Note").fill("Kamar tidur terlalu padat")
    first.get_by_label("Answer").select_option("no")
    expect(first.get_by_test_id("save-failed")).to_have_text("Not saved — try again (HTTP 500)")
    expect(first).to_have_attribute("data-save", "failed")
    expect(first.get_by_role("button", name="Try again")).to_be_visible()
    expect(first.get_by_label("Note")).to_have_value("Kamar tidur terlalu padat")  # nothing typed is lost
    expect(first.get_by_test_id("saved")).to_be_visible()
    expect(first).to_have_attribute("data-save", "saved")
    answer = Answer.objects.get(visit=visit, item__code="A1")
    assert (answer.value, answer.note) == ("no", "Kamar tidur terlalu padat")

    # The server keeps failing: retried by itself after 1 and 3 seconds, still failed, still kept.
    fail.update(left=1000, attempts=0)
    second = page.locator("#item-A2")
    second.get_by_label("Note").fill("Buku rujukan hilang")
    second.get_by_label("Answer").select_option("partly")
    expect(second.get_by_test_id("save-failed")).to_be_visible()
    page.wait_for_timeout(4500)  # (Playwright answers the intercepted requests meanwhile)
    assert fail["attempts"] == 3  # the first try and two automatic retries so far
    expect(second).to_have_attribute("data-save", "failed")
    assert not Answer.objects.filter(visit=visit, item__code="A2").exists()
    stored = page.evaluate(f"window.localStorage.getItem('visit-{visit.pk}-item-{a2.pk}')")
    assert "Buku rujukan hilang" in stored  # kept on the device until the server confirms

    # The server is back: the button saves at once.
    fail["left"] = 0
    second.get_by_role("button", name="Try again").click()
    expect(second.get_by_test_id("saved")).to_be_visible()
    expect(second.get_by_test_id("save-failed")).to_have_count(0)
    answer = Answer.objects.get(visit=visit, item__code="A2")
    assert (answer.value, answer.note) == ("partly", "Buku rujukan hilang")
    assert page.evaluate(f"window.localStorage.getItem('visit-{visit.pk}-item-{a2.pk}')") is None
    context.close()
