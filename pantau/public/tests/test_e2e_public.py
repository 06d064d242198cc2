"""In a real browser: a donor checks a panti, finds no permit, reports a concern and follows it."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from playwright.sync_api import Browser, expect

from pantau.cases.models import Concern
from pantau.conftest import build_world
from pantau.core.tests.test_e2e_browser import browser  # noqa: F401  (shared fixture)
from pantau.registry.models import BankAccount, Lksa
from pantau.registry.services import legality_refresh, lksa_queryset_for_assessment

pytestmark = pytest.mark.e2e


def test_public_check_report_and_track(browser: Browser, live_server, transactional_db: None) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    cache.clear()
    world = build_world()
    home = Lksa.objects.create(
        organisation=world.lksa,
        name="Panti Asuhan Kasih Bunda",
        region_code="36.03.03.2001",
        solicits_donations=True,
        children_count=25,
        phone="081234500000",
    )
    BankAccount.objects.create(
        lksa=home, bank="BCA", number="123-456-7890", holder_name="Budi", holder_kind="person"
    )
    legality_refresh(lksa_queryset_for_assessment().get(pk=home.pk))

    context = browser.new_context(locale="id-ID", viewport={"width": 390, "height": 844})
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(f"{live_server.url}/check/")
    page.get_by_label("Nama panti asuhan").fill("kasih bunda")
    page.get_by_role("button", name="Cari").click()
    result = page.locator("article.result").first
    expect(result).to_contain_text("Tidak ada tanda daftar Dinas Sosial yang tercatat di Pantau")
    expect(result).to_contain_text("Tidak ada izin pengumpulan uang dan barang yang tercatat di Pantau")
    expect(page.locator("body")).not_to_contain_text("081234500000")

    # The account from the appeal is the home's, but held by a person.
    page.goto(f"{live_server.url}/check/account/")
    page.get_by_label("Nomor rekening bank atau akun media sosial dari ajakan donasi").fill("1234567890")
    page.get_by_role("button", name="Periksa").click()
    assert "1234567890" not in page.url  # sent in the body, not the address
    expect(page.locator("main")).to_contain_text("atas nama perorangan")

    page.get_by_role("link", name="Panti Asuhan Kasih Bunda").first.click()
    page.get_by_role("link", name="Laporkan pengaduan tentang panti ini").click()
    page.get_by_label("Apa yang terjadi").select_option("livestream")
    page.get_by_label("Uraian").fill("Anak-anak disiarkan langsung malam hari sambil meminta gift.")
    page.get_by_role("button", name="Kirim laporan").click()
    code = page.get_by_test_id("tracking-code").inner_text().strip()
    assert Concern.objects.get().tracking_code == code and Concern.objects.get().lksa_id == home.pk

    page.get_by_role("link", name="Lacak laporan ini").click()
    expect(page.get_by_test_id("status")).to_contain_text("Diterima")
    context.close()
