"""In Chromium, in Bahasa Indonesia: from a flagged post to the account behind it, to the homes it collects
for, to a concern opened for triage.

A home in Kabupaten Tangerang appeals for donations into a BCA account that two other homes, of other
foundations, also give in their appeals: one in the same kabupaten, one in Kota Medan (another
province). Dinas Sosial Kabupaten Tangerang's supervisor opens the flagged post, follows the account
from its "links across records" box to the account's page (two places shown, the Medan one counted,
not shown), draws its network, follows the "one account collects for several homes" signal and opens a
concern from it; the concern is in the triage queue with the signal's explanation, and the home's place
in the visit plan counts the shared account. No console errors (CSP violations show there).
Screenshots go to $PANTAU_SHOTS when set.

The pages are selected by data-testid and URLs rather than by visible text where the Indonesian
translations are still to come.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from playwright.sync_api import Browser, Page, expect, sync_playwright

from pantau.accounts.models import Organisation, User
from pantau.accounts.roles import OrgKind
from pantau.cases.models import Concern
from pantau.conftest import World, browser_sign_in, build_world
from pantau.monitoring import services as monitoring
from pantau.monitoring.models import MonitoredAccount, Post, Tier
from pantau.network import indexer
from pantau.network.explain import explain, home_names
from pantau.network.models import Entity, Kind, Signal
from pantau.registry.models import Lksa
from pantau.supervision import plan_store

pytestmark = pytest.mark.e2e

CHROMIUM = os.environ.get("PANTAU_CHROMIUM", "/usr/bin/chromium")
JAKARTA = ZoneInfo("Asia/Jakarta")
ACCOUNT = "BCA 7012-3344-55 a.n. Yayasan Peduli Anak Nusantara"
FLAGGED = (
    "Adik-adik panti kami belum makan dari pagi 😭 tolong kak, donasi sekarang ke {account}, setiap "
    "rupiah berarti"
)
APPEAL = "Bantu adik-adik panti kami yang kekurangan 🙏 donasi ke {account}. Semoga berkah."


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


def _home(name: str, region: str) -> Lksa:
    organisation = Organisation.objects.create(name=name, kind=OrgKind.LKSA, region_id=region)
    return Lksa.objects.create(organisation=organisation, name=name, region_code=region, capacity=30)


def _appeal(officer: User, home: Lksa, handle: str, text: str, posted: datetime) -> Post:
    account = monitoring.account_register(
        actor=officer, account=MonitoredAccount(platform="tiktok", handle=handle, lksa=home)
    )
    return monitoring.post_capture(
        actor=officer,
        post=Post(
            account=account,
            text=text.format(account=ACCOUNT),
            posted_at=posted,
            source=Post.Source.MANUAL,
        ),
    )


def test_a_flagged_post_s_account_leads_to_a_concern(
    browser: Browser,
    live_server,
    transactional_db: None,  # type: ignore[no-untyped-def]
) -> None:
    world: World = build_world()
    supervisor, medan_officer = world.user("supervisor"), world.user("outsider")
    bunda = Lksa.objects.create(
        organisation=world.lksa, name="LKSA Kasih Bunda", region_code="36.03.03.2001", capacity=40
    )
    pelita = _home("Panti Asuhan Pelita Hati", "36.03.03.2001")
    harapan = Lksa.objects.create(
        organisation=world.lksa_medan, name="Panti Asuhan Harapan", region_code="12.71.02", capacity=25
    )
    # Oldest in Medan (withheld from Tangerang), then Pelita Hati, then the flagged post of Kasih Bunda.
    _appeal(medan_officer, harapan, "panti.harapan.medan", APPEAL, datetime(2025, 5, 20, 10, tzinfo=JAKARTA))
    _appeal(supervisor, pelita, "pelita.hati.tigaraksa", APPEAL, datetime(2025, 8, 5, 10, tzinfo=JAKARTA))
    post = _appeal(supervisor, bunda, "panti.kasih.bunda", FLAGGED, datetime(2026, 3, 14, 12, tzinfo=JAKARTA))
    assert post.tier == Tier.TINJAU
    indexer.rebuild()
    bank = Entity.objects.get(kind=Kind.BANK)
    assert (bank.label, bank.places, bank.homes) == ("BCA ••••••4455", 3, 3)
    signal = Signal.objects.get(code=Signal.Code.SHARED_ACCOUNT, lksa=bunda)

    context = browser.new_context(locale="id-ID")
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    browser_sign_in(page, live_server.url, supervisor)

    # The flagged post: its links box lists the account with its whole-index figures (counts only).
    page.goto(f"{live_server.url}/monitoring/posts/{post.pk}/")
    expect(page.get_by_test_id("tier")).to_have_text("Tinjau (ditinjau Dinas Sosial / KPAI)")
    box = page.get_by_test_id("post-links")
    expect(box).to_be_visible()
    expect(box.get_by_test_id("post-link")).to_have_text(["BCA ••••••4455", "@panti.kasih.bunda"])
    with translation.override("id"):
        figures = " · ".join(
            [
                str(Kind.BANK.label),
                ngettext("at %(n)s home in all records", "at %(n)s homes in all records", 3) % {"n": 3},
            ]
        )
    expect(box.locator("li").first.locator("small")).to_have_text(figures)
    _shot(page, "network-post-links-id")
    box.get_by_test_id("post-link").filter(has_text="BCA ••••••4455").click()

    # The account's page: two places in Tangerang shown, the Medan one counted under "withheld".
    page.wait_for_url(f"**/network/identifiers/{bank.pk}/")
    expect(page.get_by_test_id("entity-label")).to_have_text("BCA ••••••4455")
    expect(page.get_by_test_id("places-count")).to_have_text("2")
    expect(page.get_by_test_id("homes-count")).to_have_text("2")
    expect(page.get_by_test_id("first-seen")).to_have_text("5 Agu 2025")
    expect(page.get_by_test_id("last-seen")).to_have_text("14 Mar 2026")
    with translation.override("id"):
        monitoring_group = gettext("online monitoring")
    expect(page.get_by_test_id("withheld")).to_contain_text(f"{monitoring_group} 1.")
    expect(page.get_by_test_id("place-row")).to_have_count(2)
    rows = page.get_by_test_id("place-rows")
    expect(rows).to_contain_text("LKSA Kasih Bunda")
    expect(rows).to_contain_text("Panti Asuhan Pelita Hati")
    expect(rows).not_to_contain_text("Panti Asuhan Harapan")
    expect(page.get_by_test_id("entity-signal")).to_have_count(2)  # Harapan's signal is Medan's
    _shot(page, "network-entity-id")

    # Its network: the account in the middle, the two homes around it, each line with its evidence.
    page.get_by_test_id("open-graph").click()
    page.wait_for_url(f"**/network/identifiers/{bank.pk}/graph/")
    svg = page.get_by_test_id("network-graph").locator("svg")
    expect(svg).to_be_visible()
    expect(svg.locator("rect")).to_have_count(2)  # homes are squares
    expect(svg.locator("text")).to_have_text(
        [
            "BCA ••••••4455",
            "LKSA Kasih Bunda",
            "Panti Asuhan Pelita Hati",
            "@panti.kasih.bunda",
            "@pelita.hati.tigaraksa",
        ],
        ignore_case=False,
    )
    edges = page.get_by_test_id("edge-row")
    expect(edges).to_have_count(4)
    expect(page.get_by_test_id("edge-rows")).not_to_contain_text("Harapan")
    expect(edges.first).to_contain_text("BCA ••••••4455")
    _shot(page, "network-graph-id")
    page.go_back()

    # The signal about the flagged post's home, explained; a concern opened from it.
    # The explanation names the homes of the supervisor's jurisdiction and counts the Medan one.
    page.get_by_test_id("entity-signal").locator(f"a[href='/network/signals/{signal.pk}/']").click()
    page.wait_for_url(f"**/network/signals/{signal.pk}/")
    with translation.override("id"):
        explanation = explain(signal, home_names([signal], supervisor))
    expect(page.get_by_test_id("explanation")).to_have_text(explanation)
    assert "3" in explanation and "Panti Asuhan Harapan" not in explanation
    assert "1 panti di luar wilayah kewenangan Anda" in explanation
    evidence = page.get_by_test_id("evidence-rows").locator("tbody tr")
    expect(evidence).to_have_count(2)
    expect(evidence.filter(has_text="LKSA Kasih Bunda").locator("td.num")).to_have_text("1")
    expect(evidence.filter(has_text="Panti Asuhan Pelita Hati").locator("td.num")).to_have_text("1")
    with translation.override("id"):
        withheld = ngettext(
            "%(n)s more record behind this signal is not yours to see.",
            "%(n)s more records behind this signal are not yours to see.",
            1,
        ) % {"n": 1}
    expect(page.get_by_test_id("withheld")).to_have_text(withheld)
    page.locator("textarea[name=note]").fill("Rekening yang sama di tiga panti; cek izin PUB yayasan.")
    _shot(page, "network-signal-id")
    page.get_by_test_id("signal-open-concern").click()

    concern = Concern.objects.get()
    expect(page.get_by_test_id("signal-status")).to_contain_text(concern.tracking_code)
    with translation.override("id"):
        opened = str(Signal.Status.CONCERN_OPENED.label)
    expect(page.get_by_test_id("signal-status")).to_contain_text(opened)
    expect(page.get_by_test_id("signal-status")).to_contain_text("Rekening yang sama di tiga panti")
    _shot(page, "network-signal-decided-id")
    page.get_by_test_id("open-concern").click()
    page.wait_for_url(f"**/cases/triage/{concern.pk}/")
    expect(page.locator("main")).to_contain_text(concern.tracking_code)
    expect(page.locator("main")).to_contain_text(explanation)
    with translation.override("id"):
        expect(page.locator("main")).to_contain_text(str(Concern.Source.NETWORK.label))
    expect(page.locator("main")).to_contain_text("Rekening yang sama di tiga panti")
    _shot(page, "network-concern-id")

    signal.refresh_from_db()
    assert concern.source == Concern.Source.NETWORK
    assert concern.lksa == bunda and concern.category == Concern.Category.FUNDRAISING
    assert signal.status == Signal.Status.CONCERN_OPENED and signal.concern == concern
    assert signal.decided_by == supervisor
    scores = plan_store.plan_scores(supervisor, region="36.03", today=timezone.localdate())
    reasons = {r["code"]: r for r in scores.get(lksa=bunda).reasons}
    # One account shared (15 points per account): still counted once a concern is opened from it.
    assert (reasons["shared_account"]["points"], reasons["shared_account"]["detail"]) == (15, "1")
    assert "shared_account" in {r["code"] for r in scores.get(lksa=pelita).reasons}
    assert errors == [], errors
    context.close()
