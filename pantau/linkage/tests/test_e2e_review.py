"""In a real browser: a Dinas Sosial officer reviews a possible duplicate side by side and decides."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Browser, expect

from pantau.children.models import Child
from pantau.children.services import child_admit
from pantau.children.tests.test_admission import registered
from pantau.conftest import browser_sign_in, build_world
from pantau.core.tests.test_e2e_browser import browser  # noqa: F401  (shared fixture)
from pantau.linkage import services
from pantau.linkage.models import CandidatePair
from pantau.registry.models import Lksa

pytestmark = pytest.mark.e2e


def _admit(home: Lksa, actor: object, **fields: object) -> Child:
    child = Child(
        sex="L",
        referral_source="family",
        referral_reason="Orang tua tidak mampu",
        admitted_on=date(2025, 3, 1),
        emergency_admission=True,
        **fields,
    )
    return child_admit(actor=actor, lksa=home, child=child, identifiers={}, assessment=None).child  # type: ignore[arg-type]


def test_officer_reviews_a_pair(browser: Browser, live_server, transactional_db: None) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    world = build_world()
    # Registered: an unregistered home admits no child (children/admission.py).
    home = registered(
        Lksa.objects.create(organisation=world.lksa, name="LKSA Kasih Bunda", region_code="36.03.03.2001")
    )
    medan = registered(
        Lksa.objects.create(
            organisation=world.lksa_medan, name="Panti Asuhan Harapan", region_code="12.71.02"
        )
    )
    born = {"birth_date": date(2012, 9, 14), "mother_name": "Nur Hasanah"}
    _admit(
        home, world.user("lksa_operator"), full_name="Muhammad Rizki Ramadhan", birth_place="Jakarta", **born
    )
    _admit(medan, world.user("outsider"), full_name="MOCH. RIZKY", birth_place="Kab. Tangerang", **born)
    services.run_execute(services.run_queue(actor=world.user("supervisor"), region_code=""))
    pair = CandidatePair.objects.get()
    # Dinas Sosial Kota Medan has confirmed its side, which shows its record to Kabupaten Tangerang
    # (the rule: accounts.access.online.pair_children_shown); Tangerang decides with both records.
    pair = services.pair_decide(
        actor=world.user("outsider"), pair=pair, status="same", note="", expected_version=pair.version
    )

    context = browser.new_context(locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    browser_sign_in(page, live_server.url, world.user("supervisor"))
    page.get_by_label("Language").select_option("en")
    page.get_by_role("button", name="Change language").click()

    page.get_by_role("link", name="Duplicates", exact=True).click()
    expect(page.get_by_role("heading", name="Possible duplicate children")).to_be_visible()
    page.get_by_role("link", name=f"{round(pair.match_probability * 100)}%").click()
    table = page.get_by_test_id("side-by-side")

    def row(label: str):  # type: ignore[no-untyped-def]
        return table.locator("tr", has=page.get_by_role("rowheader", name=label, exact=True))

    expect(row("Name")).to_contain_text("MOCH. RIZKY")
    expect(row("Name")).to_contain_text("similar")
    expect(row("Date of birth")).to_contain_text("same")
    expect(row("Place of birth")).to_contain_text("differs")
    expect(table.locator("tr.agree-differs")).to_have_count(1)

    page.get_by_label("Note").fill("Same mother and date; the Medan home confirmed the transfer.")
    page.get_by_role("button", name="Same child: link the records").click()
    expect(page.get_by_text("Decision saved.")).to_be_visible()
    expect(page.get_by_test_id("pair-status")).to_have_text("same child")
    expect(page.get_by_role("button", name="Reopen the decision")).to_be_visible()
    pair.refresh_from_db()
    assert pair.status == "same" and pair.decided_by == world.user("supervisor")
    assert errors == [], errors
    context.close()
