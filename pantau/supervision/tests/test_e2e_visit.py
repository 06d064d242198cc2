"""In a real browser: a supervisor plans a visit from the visit plan, answers the checklist (one answer
while the connection is down), concludes it with a finding and opens the report."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from pantau.conftest import browser_sign_in, build_world
from pantau.core.tests.test_e2e_browser import browser  # noqa: F401  (shared fixture)
from pantau.registry.models import Lksa
from pantau.supervision.checklists import snpa_install
from pantau.supervision.models import Answer, Finding, Visit
from pantau.supervision.services import answer_save

pytestmark = pytest.mark.e2e


def test_visit_from_plan_to_report(browser: Browser, live_server, transactional_db: None) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    world = build_world()
    snpa_install()
    home = Lksa.objects.create(organisation=world.lksa, name=world.lksa.name, region_code="36.03.03.2001")
    supervisor = world.user("supervisor")
    context = browser.new_context(locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    browser_sign_in(page, live_server.url, supervisor)
    page.get_by_label("Language").select_option("en")
    page.get_by_role("button", name="Change language").click()

    page.goto(f"{live_server.url}/supervision/")
    row = page.get_by_role("row").filter(has_text=home.name)
    expect(row).to_contain_text("Never visited")
    row.get_by_role("link", name="Plan a visit").click()
    page.get_by_label("Planned for").fill((timezone.localdate() + timedelta(days=1)).isoformat())
    page.get_by_label("Kind").select_option("unannounced")
    page.get_by_role("button", name="Plan the visit").click()
    expect(page.get_by_role("status")).to_contain_text("The visit has been planned.")
    visit = Visit.objects.get()

    # The first answer is saved as soon as it is chosen.
    first = page.locator("#item-A1")
    first.get_by_label("Answer").select_option("no")
    expect(first.get_by_test_id("saved")).to_be_visible()
    assert Answer.objects.get(item__code="A1").value == "no"

    # Without a connection the answer stays on the device and goes out when the connection returns.
    second = page.locator("#item-A2")
    context.set_offline(True)
    second.get_by_label("Note").fill("Buku rujukan tidak ada")
    second.get_by_label("Answer").select_option("partly")
    expect(page.locator("#connection-status")).to_be_visible()
    assert not Answer.objects.filter(item__code="A2").exists()
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(second.get_by_test_id("saved")).to_be_visible()
    assert Answer.objects.get(item__code="A2").note == "Buku rujukan tidak ada"

    for item in visit.template.items.exclude(code__in=["A1", "A2"]):
        answer_save(actor=supervisor, visit=visit, item=item, value="yes", note="")
    page.goto(f"{live_server.url}/supervision/visits/{visit.pk}/conclude/")
    page.get_by_label("Conclusion of the visit").fill("Rujukan belum tercatat dengan baik.")
    for index in range(2):
        page.locator(f"#id_f-{index}-corrective_action").fill("Catat setiap rujukan sesuai SNPA A2.")
    page.get_by_role("button", name="Conclude and send the findings").click()
    expect(page.get_by_role("heading", name="Supervision report")).to_be_visible()
    expect(page.locator("body")).to_contain_text("Catat setiap rujukan sesuai SNPA A2.")
    assert Finding.objects.count() == 2 and Visit.objects.get().status == "concluded"
    context.close()
