"""In a real browser: a public report becomes a case, referred to the police, who accept it; the
reporter's tracking page shows only the status."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, expect

from pantau.accounts.models import User
from pantau.cases.models import Case
from pantau.conftest import browser_sign_in, build_world
from pantau.core.tests.test_e2e_browser import browser  # noqa: F401  (shared fixture)
from pantau.registry.models import Lksa

pytestmark = pytest.mark.e2e


def sign_in(context: BrowserContext, url: str, user: User) -> Page:
    page = context.new_page()
    browser_sign_in(page, url, user)
    page.get_by_label("Language").select_option("en")
    page.get_by_role("button", name="Change language").click()
    return page


def test_public_report_becomes_a_referred_case(browser: Browser, live_server, transactional_db: None) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    cache.clear()
    world = build_world()
    home = Lksa.objects.create(
        organisation=world.lksa, name="Panti Asuhan Kasih Bunda", region_code="36.03.03.2001"
    )

    public = browser.new_context(locale="id-ID")
    public.set_default_timeout(10_000)
    reporter = public.new_page()
    reporter.goto(f"{live_server.url}/check/report/?lksa={home.pk}")
    reporter.get_by_label("Apa yang terjadi").select_option("livestream")
    reporter.get_by_label("Uraian").fill(
        "Anak-anak disiarkan langsung tiap malam. Kontak saya: 0812-0000-1111"
    )
    reporter.get_by_role("button", name="Kirim laporan").click()
    code = reporter.get_by_test_id("tracking-code").inner_text().strip()

    staff = browser.new_context(locale="en-GB")
    staff.set_default_timeout(10_000)
    officer = sign_in(staff, live_server.url, world.user("supervisor"))
    officer.goto(f"{live_server.url}/cases/triage/")
    officer.get_by_role("link", name=code).click()
    officer.get_by_label("Title").fill("Siaran langsung anak di panti")
    officer.get_by_label("Form of violence (SIMFONI)").select_option("eksploitasi")
    officer.get_by_label("KPAI cluster").select_option("pka")
    officer.get_by_label("Summary").fill("Laporan publik: anak disiarkan langsung untuk gift.")
    officer.get_by_role("button", name="Open the case").click()
    expect(officer.get_by_role("status")).to_contain_text("opened")
    expect(officer.get_by_test_id("next-step")).to_contain_text("Record the children concerned.")
    officer.get_by_text("Refer to another agency").click()  # its own page: the purpose first
    officer.get_by_label("Purpose:", exact=True).select_option("investigation")
    officer.get_by_role("button", name="Show the agencies").click()
    officer.get_by_label("To:", exact=True).select_option(str(world.ppa_unit.pk))
    officer.get_by_role("button", name="Send the referral").click()  # no answer date, no basis: refused
    form = officer.get_by_test_id("referral-form")
    expect(form).to_contain_text("This field is required.")
    expect(form).to_contain_text("Record the legal basis for sharing the child's data.")
    expect(form.get_by_label("To:", exact=True)).to_have_value(str(world.ppa_unit.pk))  # kept
    officer.get_by_label("Answer by").fill((timezone.localdate() + timedelta(days=3)).isoformat())
    officer.get_by_label("Legal basis for sharing (UU 27/2022 Pasal 20)").select_option("legal_obligation")
    officer.get_by_label("Note on consent and the legal basis").fill("Kewajiban melaporkan tindak pidana.")
    officer.get_by_role("button", name="Send the referral").click()
    expect(officer.get_by_role("status")).to_contain_text("The referral has been sent.")
    expect(officer.get_by_test_id("case-state")).to_contain_text("Unit PPA")  # waiting for its answer
    case = Case.objects.get()

    police = browser.new_context(locale="en-GB")
    police.set_default_timeout(10_000)
    investigator = sign_in(police, live_server.url, world.user("investigator"))
    investigator.goto(f"{live_server.url}/cases/referrals/")
    investigator.get_by_role("link", name=case.number).click()
    expect(investigator.locator("main")).not_to_contain_text("gift")  # the file stays closed until accepted
    investigator.get_by_role("button", name="Accept").click()
    expect(investigator.get_by_role("heading", level=1)).to_contain_text(case.number)
    expect(investigator.locator("main")).to_contain_text(
        "Laporan publik: anak disiarkan langsung untuk gift."
    )

    reporter.goto(f"{live_server.url}/check/track/?code={code}")
    expect(reporter.get_by_test_id("status")).to_contain_text("Sedang diperiksa")
    expect(reporter.locator("main")).not_to_contain_text(case.number)
    expect(reporter.locator("main")).not_to_contain_text("Unit PPA")
    for context in (public, staff, police):
        context.close()
