"""In a real browser: an LKSA operator reports a missing child from the home page; Dinas Sosial's
supervisor finds it at the top of triage, marked priority, with its source, ahead of an older concern."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import Browser, expect

from pantau.cases.models import Concern
from pantau.cases.tests.test_e2e_case import sign_in
from pantau.conftest import build_world
from pantau.core.tests.test_e2e_browser import browser  # noqa: F401  (shared fixture)
from pantau.incidents.models import IncidentReport
from pantau.incidents.tests.conftest import child
from pantau.registry.models import Lksa

pytestmark = pytest.mark.e2e
SHOTS = Path("/tmp/h_inc_shots")  # screenshots to look at; the test reads none


def test_an_incident_reported_by_a_home_heads_triage(
    browser: Browser,  # noqa: F811
    live_server: Any,
    transactional_db: None,
) -> None:
    cache.clear()
    world = build_world()
    home = Lksa.objects.create(organisation=world.lksa, name="LKSA Kasih Bunda", region_code="36.03.03.2001")
    rani = child(home, "Rani Lestari")
    older = Concern.objects.create(
        source="public", lksa=home, region_code=home.region_code, category="fundraising", description="-"
    )
    SHOTS.mkdir(exist_ok=True)

    lksa = browser.new_context(locale="en-GB")
    lksa.set_default_timeout(10_000)
    operator = sign_in(lksa, live_server.url, world.user("lksa_operator"))
    operator.goto(f"{live_server.url}/")
    operator.get_by_test_id("home-actions").get_by_role("link", name="Report an incident").click()
    operator.get_by_label("A child is missing or ran away").check()
    now = timezone.localtime()
    operator.get_by_label("When it happened").fill((now - timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"))
    # Learned of it before it happened: refused, nothing sent.
    operator.get_by_label("When the home learned of it").fill(
        (now - timedelta(hours=4)).strftime("%Y-%m-%dT%H:%M")
    )
    operator.get_by_label("What happened (without children's names)").fill(
        "Seorang anak perempuan tidak kembali dari sekolah."
    )
    operator.get_by_label("Immediate action taken").fill("Pengasuh mencari ke sekolah dan rumah keluarga.")
    operator.get_by_label("The police were informed").check()
    operator.get_by_label("Number of children involved").fill("1")
    operator.get_by_label("Rani Lestari").check()
    operator.get_by_role("button", name="Send the report").click()
    expect(operator.get_by_test_id("incident-form")).to_contain_text(
        "The home cannot have learned of it before it happened."
    )
    assert IncidentReport.objects.count() == 0
    operator.get_by_label("When the home learned of it").fill(
        (now - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    )
    operator.get_by_role("button", name="Send the report").click()
    expect(operator.get_by_role("status")).to_contain_text("Your report was sent to Dinas Sosial")
    expect(operator.get_by_test_id("status")).to_contain_text("Received, waiting for triage")
    operator.screenshot(path=str(SHOTS / "lksa_detail.png"), full_page=True)
    report = IncidentReport.objects.get()
    assert list(report.children.all()) == [rani]
    assert report.concern is not None
    assert "Rani" not in report.concern.description

    office = browser.new_context(locale="en-GB")
    office.set_default_timeout(10_000)
    supervisor = sign_in(office, live_server.url, world.user("supervisor"))
    supervisor.goto(f"{live_server.url}/cases/triage/")
    first = supervisor.locator("tbody tr").first
    expect(first).to_contain_text(report.concern.tracking_code)
    expect(first.get_by_test_id("priority")).to_have_text("Priority")
    expect(first).to_contain_text("Incident reported by the home")
    expect(supervisor.locator("tbody tr").nth(1)).to_contain_text(older.tracking_code)
    supervisor.screenshot(path=str(SHOTS / "triage.png"), full_page=True)
    supervisor.goto(f"{live_server.url}/incidents/")
    expect(supervisor.get_by_test_id("incident-rows")).to_contain_text("LKSA Kasih Bunda")
    supervisor.screenshot(path=str(SHOTS / "dinsos_list.png"), full_page=True)
    operator.goto(f"{live_server.url}/")
    operator.screenshot(path=str(SHOTS / "lksa_home.png"), full_page=True)
