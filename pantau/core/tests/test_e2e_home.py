"""End-to-end, in Chromium: each role group signs in, sees what waits for it on the home page, and follows
the first item to its page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from pantau.accounts.models import Organisation, User
from pantau.accounts.roles import OrgKind, Role
from pantau.conftest import browser_sign_in, build_world, make_user
from pantau.core.tests.test_e2e_browser import browser  # noqa: F401  (shared fixture)
from pantau.core.tests.work import Work, build_work
from pantau.monitoring import services as monitoring
from pantau.monitoring.models import MonitoredAccount
from pantau.monitoring.tests.conftest import Monitored
from pantau.registry.tests.conftest import RegistryWorld, make_lksa

pytestmark = pytest.mark.e2e


@pytest.fixture
def work(transactional_db: None) -> Work:
    world = build_world()
    registry = RegistryWorld(
        world,
        make_lksa(world.lksa, capacity=40, children_count=30),
        make_lksa(world.lksa_medan, capacity=20, children_count=10),
    )
    account = monitoring.account_register(
        actor=world.user("supervisor"),
        account=MonitoredAccount(platform="tiktok", handle="@Panti.Kasih.Bunda", lksa=registry.home),
    )
    medan = monitoring.account_register(
        actor=world.user("outsider"),
        account=MonitoredAccount(platform="facebook", handle="panti.harapan", lksa=registry.medan),
    )
    kpai = Organisation.objects.get(kind=OrgKind.KPAI)
    world.users["kpai"] = make_user("pengawas@kpai.test.id", kpai, Role.SUPERVISOR)
    return build_work(Monitored(registry, account, medan))


# (persona, the queue expected first on the page, its count shown)
ROLE_GROUPS = [
    # Dinas Sosial: an admission waiting for gatekeeping sign-off since long before the findings fell due
    ("supervisor", "signoffs_waiting", "1"),
    ("investigator", "referrals_waiting", "1"),  # police Unit PPA
    ("case_worker", "follow_ups_due", "1"),  # UPTD PPA
    ("lksa_operator", "findings_to_fix", "2"),  # due 10 days ago, before the care plan 3 days late
    ("kpai", "findings_escalated", "1"),  # national office: escalations and the figures
    ("org_admin", "accounts_locked", "1"),
]


@pytest.mark.parametrize(("persona", "first_queue", "count"), ROLE_GROUPS)
def test_each_role_sees_its_queue_and_opens_an_item(
    browser: Browser,  # noqa: F811  (the shared fixture)
    live_server,  # type: ignore[no-untyped-def]
    work: Work,
    persona: str,
    first_queue: str,
    count: str,
) -> None:
    context = browser.new_context(locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    user: User = work.monitored.registry.world.user(persona)
    browser_sign_in(page, live_server.url, user)
    page.goto(f"{live_server.url}/")
    queues = page.locator("[data-testid=home-queues] [data-queue]")
    expect(queues.first).to_have_attribute("data-queue", first_queue)
    first = page.locator(f"[data-queue={first_queue}]")
    expect(first.get_by_test_id("queue-count")).to_have_text(count)
    link = first.locator(".queue-items a").first
    href = link.get_attribute("href")
    assert href
    with page.expect_response(lambda r: r.url.endswith(href)) as response:
        link.click()
    assert response.value.status == 200
    assert page.url == f"{live_server.url}{href}"
    expect(page.locator("main h1")).to_be_visible()
    assert errors == [], errors
    context.close()


def test_the_auditor_sees_what_the_role_does_and_opens_a_search(
    browser: Browser,  # noqa: F811  (the shared fixture)
    live_server,  # type: ignore[no-untyped-def]
    work: Work,
) -> None:
    context = browser.new_context(locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    browser_sign_in(page, live_server.url, work.monitored.registry.world.user("auditor"))
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Your role")).to_be_visible()
    expect(page.locator("[data-testid=home-queues]")).to_have_count(0)
    page.get_by_role("link", name="Who opened case files").click()
    expect(page.get_by_role("heading", name="Audit trail")).to_be_visible()
    assert "action=case.viewed" in page.url
    context.close()


def test_the_menu_shows_unread_notifications(
    browser: Browser,  # noqa: F811  (the shared fixture)
    live_server,  # type: ignore[no-untyped-def]
    work: Work,
) -> None:
    """The investigator was sent two referrals and accepted one (the case team hears of it)."""
    context = browser.new_context(locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    browser_sign_in(page, live_server.url, work.monitored.registry.world.user("investigator"))
    page.goto(f"{live_server.url}/")
    expect(page.get_by_test_id("unread-count")).to_have_text("3 unread")
    page.get_by_test_id("nav-notifications").click()
    expect(page.get_by_test_id("unread-count")).to_have_count(0)
    context.close()
