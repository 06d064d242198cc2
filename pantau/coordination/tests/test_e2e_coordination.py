"""In Chromium: KPAI records a recommendation and makes the LKSA responsible for it; the home's operator
finds it on its home page, reports progress with a photo as evidence; the public page shows the new
status. No console errors (CSP violations show there). Screenshots go to $PANTAU_SHOTS when set."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from pantau.conftest import World, browser_sign_in, build_world
from pantau.coordination import services
from pantau.coordination.models import Assignment
from pantau.regions.models import Region

pytestmark = pytest.mark.e2e

CHROMIUM = os.environ.get("PANTAU_CHROMIUM", "/usr/bin/chromium")
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


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


def test_kpai_records_a_recommendation_and_the_home_reports_progress(
    browser: Browser,
    live_server,
    transactional_db: None,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    world: World = build_world()
    meeting = services.meeting_record(
        actor=world.user("system_admin"),
        title="Rakor TPPO di LKSA",
        held_on=date(2026, 3, 10),
        place="Gedung Dinas Sosial Kabupaten Tangerang",
        organiser=world.kpai,
        participants=[world.dinsos, world.lksa],
        other_participants="LKKNU",
        region=Region.objects.get(code="36.03"),
    )
    context = browser.new_context(locale="id-ID")
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    browser_sign_in(page, live_server.url, world.user("system_admin"))
    page.get_by_role("link", name="Tindak lanjut rakor").click()
    expect(page.get_by_role("heading", name="Tindak lanjut rapat koordinasi")).to_be_visible()
    page.get_by_role("link", name="Rapat", exact=True).click()
    page.get_by_role("link", name="Rakor TPPO di LKSA").click()
    form = page.get_by_test_id("recommendation-form")
    form.get_by_label("Nomor (kosongkan jika tanpa nomor)").fill("5")
    form.get_by_label("Rekomendasi (sebagaimana disepakati)").fill(
        "Di tingkat LKSA harus mengoptimalkan akurasi data dan legalitas yang berlaku."
    )
    form.get_by_label("Terbitkan di halaman publik kemajuan tindak lanjut").check()
    form.get_by_role("button", name="Tambahkan rekomendasi").click()
    expect(page.get_by_text("Rekomendasi dicatat.")).to_be_visible()
    page.get_by_text("Tambah lembaga penanggung jawab").click()
    assign = page.get_by_test_id("assignment-form")
    assign.get_by_label("Lembaga penanggung jawab").select_option(label="LKSA Kasih Bunda")
    assign.get_by_label("Tindakan").fill("Perbarui tanda daftar dan data anak.")
    assign.get_by_label("Indikator yang dihitung Pantau").select_option("lksa_legality")
    assign.get_by_label("Tenggat").fill("2026-03-01")  # before the meeting: refused
    assign.get_by_role("button", name="Tambah").click()
    expect(page.get_by_text("Tenggat tidak boleh sebelum tanggal rapat (10-03-2026).")).to_be_visible()
    # The refused form comes back as 400, which the browser logs; nothing else may be logged.
    assert errors == ["Failed to load resource: the server responded with a status of 400 (Bad Request)"]
    errors.clear()
    assign = page.get_by_test_id("assignment-form")
    assign.get_by_label("Tenggat").fill("2026-12-31")  # within 30 days: on the home queue
    assign.get_by_role("button", name="Tambah").click()
    expect(page.get_by_text("Lembaga penanggung jawab ditambahkan.")).to_be_visible()
    _shot(page, "e2e-kpai-meeting")
    assert Assignment.objects.get().organisation == world.lksa
    page.get_by_role("button", name="Keluar").click()

    browser_sign_in(page, live_server.url, world.user("lksa_operator"))
    page.get_by_role("link", name="Rekomendasi 5: LKSA Kasih Bunda").click()
    form = page.get_by_test_id("report-form")
    form.get_by_label("Status baru").select_option("in_progress")
    form.get_by_label("Yang sudah dilakukan").fill("Berkas perpanjangan tanda daftar diajukan.")
    evidence = tmp_path / "papan.png"
    evidence.write_bytes(PNG)
    form.get_by_label("Bukti (PDF, JPEG, atau PNG; paling banyak 5 berkas)").set_input_files(str(evidence))
    form.get_by_role("button", name="Kirim laporan").click()
    expect(page.get_by_text("Kemajuan dilaporkan.")).to_be_visible()
    expect(page.get_by_test_id("reports")).to_contain_text("Berkas perpanjangan tanda daftar diajukan.")
    expect(page.get_by_role("link", name="Bukti 1")).to_be_visible()
    _shot(page, "e2e-lksa-assignment")
    page.get_by_role("button", name="Keluar").click()

    page.goto(f"{live_server.url}/coordination/public/")
    expect(page.get_by_test_id("public-recommendation")).to_contain_text("Sedang berlangsung")
    expect(page.get_by_test_id("public-recommendation")).not_to_contain_text("Berkas perpanjangan")
    _shot(page, "e2e-public")
    assert errors == [], f"browser console errors: {errors}"
    context.close()
    assert meeting.recommendations.get().assignments.get().status == "in_progress"
