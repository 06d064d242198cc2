"""In a real browser (Chromium): a donor searches for the home named in an appeal, words in any order and
by place, pages through the results and reads what Pantau knows about it."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from playwright.sync_api import Browser, expect

from pantau.accounts.models import Organisation
from pantau.accounts.roles import OrgKind
from pantau.conftest import build_world
from pantau.core.tests.test_e2e_browser import browser  # noqa: F401  (shared fixture)
from pantau.registry.models import Lksa

pytestmark = pytest.mark.e2e


def _home(name: str, region: str) -> Lksa:
    organisation = Organisation.objects.create(name=name, kind=OrgKind.LKSA, region_id=region)
    return Lksa.objects.create(organisation=organisation, name=name, region_code=region)


def test_a_donor_searches_pages_and_reads_the_verdict(
    browser: Browser,  # noqa: F811
    live_server,  # type: ignore[no-untyped-def]
    transactional_db: None,
) -> None:
    cache.clear()
    build_world()
    _home("Panti Asuhan Kasih Bunda", "36.03.03.2001")  # Kabupaten Tangerang
    for n in range(24):
        _home(f"Panti Kasih Anak {n:02d}", "36.03.03.2001" if n < 12 else "12.71.02")  # Tangerang / Medan
    _home("Yayasan Harapan Medan", "12.71.02")

    context = browser.new_context(locale="en-US", viewport={"width": 390, "height": 844})
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(f"{live_server.url}/check/")
    # The appeal said "Kasih Bunda Panti Asuhan": words in another order, generic words included.
    page.get_by_label("Name of the children's home").fill("bunda kasih panti asuhan")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_test_id("result-count")).to_contain_text("1 children's home found in Pantau.")
    expect(page.locator("main")).to_contain_text("left out of the search: panti, asuhan")
    result = page.locator("article.result")
    expect(result).to_have_count(1)
    expect(result).to_contain_text("No Dinas Sosial registration is recorded in Pantau.")
    expect(result).to_contain_text(
        "No fundraising permit (izin pengumpulan uang dan barang) is recorded in Pantau."
    )

    # All homes with "Kasih": counted, 20 a page, the second page keeps the search.
    page.get_by_label("Name of the children's home").fill("Kasih")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_test_id("result-count")).to_contain_text("25 children's homes found in Pantau.")
    expect(page.get_by_test_id("result-count")).to_contain_text("Showing 1\u201320 of 25.")
    expect(page.locator("article.result")).to_have_count(20)
    page.get_by_role("link", name="Next").click()
    expect(page.get_by_test_id("result-count")).to_contain_text("Showing 21\u201325 of 25.")
    expect(page.locator("article.result")).to_have_count(5)
    assert "q=Kasih" in page.url and "page=2" in page.url

    # By place: the kabupaten's name in the place box, then a place word in the name box.
    page.goto(f"{live_server.url}/check/")
    page.get_by_label("Place (optional)").fill("Kab. Tangerang")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_test_id("result-count")).to_contain_text("13 children's homes found in Pantau.")
    expect(page.locator("main")).to_contain_text("In: Kab. Tangerang, Banten")
    page.get_by_label("Place (optional)").fill("")
    page.get_by_label("Name of the children's home").fill("kasih medan")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_test_id("result-count")).to_contain_text("12 children's homes found in Pantau.")

    # The home's page names the collections that need no permit, and the laws, marked unverified.
    page.goto(f"{live_server.url}/check/?q=kasih+bunda")
    page.get_by_role("link", name="Panti Asuhan Kasih Bunda").click()
    expect(page.locator("main")).to_contain_text("zakat and infak paid through an authorised zakat body")
    expect(page.locator("main")).to_contain_text("the articles on these exemptions have not been verified")
    context.close()
