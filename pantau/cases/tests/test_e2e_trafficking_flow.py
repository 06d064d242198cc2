"""In a real browser, a trafficking case from a police report to the child's follow-up at home (issue 17):
the police open the case from their report and refer the child to the UPTD PPA, which refers the return
to Dinas Sosial of the child's home region in another province (refused first without a legal basis); that
office accepts and sees only what was shared; the return is recorded and the first follow-up visit made."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from pantau.accounts.models import Organisation, User
from pantau.accounts.roles import OrgKind, Role
from pantau.cases.models import Case, FollowUp, Referral
from pantau.conftest import browser_sign_in, build_world, make_user
from pantau.core.tests.test_e2e_browser import browser  # noqa: F401  (shared fixture)
from pantau.regions.models import Region

pytestmark = pytest.mark.e2e

LP = "LP/B/321/IV/2026/SPKT/Polresta Tangerang"
CHILD = "M. Bana (13)"
ALLEGED = "Bu Yanti Perekrut"  # recorded by the police, never shared with the home-province office


def sign_in(context: BrowserContext, url: str, user: User) -> Page:
    page = context.new_page()
    browser_sign_in(page, url, user)
    page.get_by_label("Language").select_option("en")
    page.get_by_role("button", name="Change language").click()
    return page


def shown(day: date) -> str:
    """A date as the case file shows it ("j M Y"): 7 Apr 2026."""
    return f"{day.day} {day:%b %Y}"


def cells(recovery: Locator, visit: FollowUp) -> Locator:
    """The cells of a follow-up visit's row in the case file: when due, its state, what was seen."""
    return recovery.get_by_test_id(f"visit-{visit.pk}").locator("td")


def months_later(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier); ``day`` is at most the 28th, which every month has."""
    month = day.month - 1 + months
    return day.replace(year=day.year + month // 12, month=month % 12 + 1)


def test_police_report_to_a_return_home_in_another_province(  # type: ignore[no-untyped-def]
    browser: Browser,  # noqa: F811
    live_server,
    transactional_db: None,
) -> None:
    cache.clear()
    world = build_world()
    # The child's home: Kota Kupang, Nusa Tenggara Timur, with its Dinas Sosial and UPTD PPA.
    Region.objects.create(code="53", name="Nusa Tenggara Timur", level=1, kind="provinsi")
    Region.objects.create(code="53.71", name="Kota Kupang", level=2, kind="kota", parent_id="53")
    dinsos_kupang = Organisation.objects.create(
        name="Dinas Sosial Kota Kupang", kind=OrgKind.DINSOS_REGENCY, region_id="53.71"
    )
    Organisation.objects.create(name="UPTD PPA Kota Kupang", kind=OrgKind.UPTD_PPA, region_id="53.71")
    kupang_worker = make_user("peksos@dinsos-kupang.test.id", dinsos_kupang, Role.CASE_WORKER)

    # The first follow-up visit falls due a few days ago (due, not yet overdue), a month after the return;
    # the next one three months after the return. Days up to the 28th keep the month arithmetic exact.
    today = timezone.localdate()
    first_due = today - timedelta(days=5)
    first_due = first_due.replace(day=min(first_due.day, 28))
    returned_on = months_later(first_due, -1)
    second_due = months_later(returned_on, 3)
    visited_on = first_due + timedelta(days=1)
    reported_on = returned_on - timedelta(days=30)

    # 1. The police open the case from their report, record the child and the person alleged, and refer
    #    the child to the UPTD PPA (the police do not arrange a return themselves).
    police = browser.new_context(locale="en-GB")
    police.set_default_timeout(10_000)
    investigator = sign_in(police, live_server.url, world.user("investigator"))
    investigator.goto(f"{live_server.url}/cases/new/")
    investigator.get_by_label("How the case came in").select_option("police_report")
    investigator.get_by_label("Police report (LP) number").fill(LP)
    investigator.get_by_label("Date of the report, visit or call").fill(reported_on.isoformat())
    investigator.get_by_label("Title").fill("Anak dari Kupang dipekerjakan di Tigaraksa")
    investigator.get_by_label("Form of violence (SIMFONI)").select_option("eksploitasi")
    investigator.get_by_label("KPAI cluster").select_option("pka")
    investigator.get_by_label("Where it happened (SIMFONI)").select_option("tempat_kerja")
    investigator.get_by_label("Summary").fill("Anak direkrut di Kupang dengan janji sekolah, dipekerjakan.")
    investigator.get_by_label("Region where it happened (if it concerns no home)").fill("Tigaraksa")
    investigator.get_by_role("button", name="Open the case").click()
    expect(investigator.get_by_role("status")).to_contain_text("opened")
    expect(investigator.get_by_test_id("case-intake")).to_contain_text(
        f"Police report {LP}, {reported_on.day} {reported_on:%B %Y}"
    )
    case = Case.objects.get()
    assert (case.owner, case.region_code) == (world.ppa_unit, "36.03.03")

    children = investigator.locator("#children")
    children.get_by_text("Add a child").click()
    children.get_by_label("Name or initials").fill(CHILD)
    children.get_by_label("Sex").select_option("L")
    children.get_by_label("Age (years, estimated if unknown)").fill("13")
    children.get_by_role("button", name="Add").click()
    expect(investigator.get_by_role("status")).to_contain_text("The child has been added.")
    subjects = investigator.locator("#subjects")
    subjects.get_by_text("Add a person").click()
    subjects.get_by_label("Name:", exact=True).fill(ALLEGED)
    subjects.get_by_label("Relation to the child").select_option("lainnya")
    subjects.get_by_role("button", name="Add").click()
    expect(investigator.get_by_role("status")).to_contain_text("The person has been added.")
    expect(investigator.locator("#subjects")).to_contain_text(ALLEGED)

    investigator.get_by_text("Refer to another agency").click()
    purpose = investigator.get_by_label("Purpose:", exact=True)
    expect(purpose.locator("option[value=return]")).to_have_count(0)  # not the police's role
    purpose.select_option("psychosocial")
    investigator.get_by_role("button", name="Show the agencies").click()
    investigator.get_by_label("To:", exact=True).select_option(str(world.uptd.pk))
    investigator.get_by_label("Answer by").fill((today + timedelta(days=3)).isoformat())
    investigator.get_by_label("Legal basis for sharing (UU 27/2022 Pasal 20)").select_option("consent")
    investigator.get_by_label("The parent's or guardian's consent").select_option("given")
    investigator.get_by_label("The child's assent").select_option("given")
    investigator.get_by_label("Note on consent and the legal basis").fill(
        "Ibu setuju lewat telepon; anak setuju."
    )
    investigator.get_by_role("button", name="Send the referral").click()
    expect(investigator.get_by_role("status")).to_contain_text("The referral has been sent.")

    # 1b. The UPTD PPA of Kabupaten Tangerang accepts: the children and services, not the person alleged.
    uptd = browser.new_context(locale="en-GB")
    uptd.set_default_timeout(10_000)
    peksos = sign_in(uptd, live_server.url, world.user("case_worker"))
    peksos.goto(f"{live_server.url}/cases/referrals/")
    peksos.get_by_role("link", name=case.number).click()
    peksos.get_by_role("button", name="Accept").click()
    expect(peksos.get_by_role("heading", level=1)).to_contain_text(case.number)
    expect(peksos.locator("main")).to_contain_text(CHILD)
    expect(peksos.locator("main")).not_to_contain_text(ALLEGED)

    # It plans the child's rehabilitation.
    recovery = peksos.get_by_test_id("recovery")
    recovery.get_by_text("Make the plan").click()
    recovery.get_by_label("Review every (days)").fill("30")
    recovery.get_by_label("First review").fill((today + timedelta(days=14)).isoformat())
    recovery.get_by_role("button", name="Save").click()
    expect(peksos.get_by_role("status")).to_contain_text("The rehabilitation plan has been made.")
    recovery.get_by_text("Add a goal").click()
    recovery.get_by_label("Domain").select_option("family")
    recovery.get_by_label("Goal:", exact=True).fill("Keluarga di Kupang ditemukan dan siap menerima")
    recovery.get_by_label("Provider").fill("Dinas Sosial Kota Kupang")
    recovery.get_by_role("button", name="Add").click()
    expect(peksos.get_by_role("status")).to_contain_text("The goal has been added.")
    expect(recovery).to_contain_text("Keluarga di Kupang ditemukan dan siap menerima")

    # 2. The UPTD PPA refers the return to the child's home region, in another province. Without a legal
    #    basis it is refused and nothing is saved.
    peksos.get_by_text("Refer to another agency").click()
    peksos.get_by_label("Purpose:", exact=True).select_option("return")
    peksos.get_by_label("Region the child goes to").fill("Kota Kupang")
    peksos.get_by_role("button", name="Show the agencies").click()
    to_org = peksos.get_by_label("To:", exact=True)
    expect(to_org.locator("option", has_text="Kota Medan")).to_have_count(0)  # not the child's home
    to_org.select_option(str(dinsos_kupang.pk))
    peksos.get_by_label("What is asked").fill("Mohon penjangkauan keluarga dan pendampingan setelah pulang.")
    peksos.get_by_label("Answer by").fill((today + timedelta(days=7)).isoformat())
    identity = peksos.get_by_label("The children: names, sex, ages and home region")
    services = peksos.get_by_label("Services, rehabilitation plans and follow-ups")
    expect(identity).to_be_checked()  # suggested for a return
    expect(services).to_be_checked()
    before = Referral.objects.count()
    peksos.get_by_role("button", name="Send the referral").click()
    form = peksos.get_by_test_id("referral-form")
    expect(form).to_contain_text("Record the legal basis for sharing the child's data.")
    expect(form.get_by_label("To:", exact=True)).to_have_value(str(dinsos_kupang.pk))  # kept
    assert Referral.objects.count() == before
    assert not Referral.objects.filter(to_org=dinsos_kupang).exists()

    peksos.get_by_label("Legal basis for sharing (UU 27/2022 Pasal 20)").select_option("consent")
    peksos.get_by_label("The parent's or guardian's consent").select_option("given")
    peksos.get_by_label("The child's assent").select_option("given")
    peksos.get_by_label("Note on consent and the legal basis").fill("Ibu dan anak setuju pulang ke Kupang.")
    identity.check()
    services.check()
    peksos.get_by_role("button", name="Send the referral").click()
    expect(peksos.get_by_role("status")).to_contain_text("The referral has been sent.")
    sent = Referral.objects.get(to_org=dinsos_kupang)
    assert (sent.purpose, sent.from_org, sent.legal_basis, sorted(sent.shared)) == (
        "return",
        world.uptd,
        "consent",
        ["identity", "services"],
    )

    # 3. Dinas Sosial Kota Kupang accepts, and sees only the shared sections.
    kupang = browser.new_context(locale="en-GB")
    kupang.set_default_timeout(10_000)
    worker = sign_in(kupang, live_server.url, kupang_worker)
    worker.goto(f"{live_server.url}/cases/referrals/")
    worker.get_by_role("link", name=case.number).click()
    expect(worker.get_by_test_id("referral-shared")).to_have_text(
        "The children: names, sex, ages and home region; Services, rehabilitation plans and follow-ups"
    )
    expect(worker.locator("main")).not_to_contain_text(CHILD)  # nothing before accepting
    worker.get_by_role("button", name="Accept").click()
    expect(worker.get_by_role("heading", level=1)).to_contain_text(case.number)
    main = worker.locator("main")
    expect(main.locator("#children")).to_contain_text(CHILD)
    expect(main.get_by_test_id("recovery")).to_contain_text("Keluarga di Kupang ditemukan dan siap menerima")
    expect(main.locator("#subjects")).to_have_count(0)
    expect(main).not_to_contain_text(ALLEGED)
    expect(main.locator("#timeline")).to_have_count(0)

    # 4. The lead (the police) records the child's return, followed up by Dinas Sosial Kota Kupang.
    investigator.goto(f"{live_server.url}/cases/{case.pk}/")
    recovery = investigator.get_by_test_id("recovery")
    recovery.get_by_text("Record the child's return").click()
    recovery.get_by_label("Returned to").select_option("parents")
    recovery.get_by_label("Where the child now lives").fill("Kota Kupang")
    recovery.get_by_label("Agency that follows up").select_option(str(dinsos_kupang.pk))
    recovery.get_by_label("Returned on").fill(returned_on.isoformat())
    recovery.get_by_role("button", name="Save").click()
    expect(investigator.get_by_role("status")).to_contain_text(
        "The return has been recorded and the follow-up visits scheduled."
    )
    expect(recovery).to_contain_text(
        f"Returned to parents on {shown(returned_on)}, in Kota Kupang, Nusa Tenggara Timur; "
        "followed up by Dinas Sosial Kota Kupang."
    )
    first, second = FollowUp.objects.order_by("due_on")[:2]
    assert (first.due_on, second.due_on) == (first_due, second_due)
    expect(cells(recovery, first)).to_have_text([shown(first_due), "Due", ""])
    expect(recovery.get_by_text("Record this visit")).to_have_count(0)  # the visits are Kupang's

    # Dinas Sosial Kota Kupang finds the visit on its home page and records it.
    worker.goto(f"{live_server.url}/")
    queue = worker.locator("[data-queue=reintegration_visits_due]")
    expect(queue).to_contain_text(f"{CHILD}: follow-up visit after the return")
    expect(queue).to_contain_text(f"due {shown(first_due)}")
    queue.get_by_role("link", name=case.number).click()
    visit = worker.get_by_test_id(f"visit-{first.pk}")
    visit.get_by_text("Record this visit").click()
    visit.get_by_label("Visited on").fill(visited_on.isoformat())
    visit.get_by_label("Yes").check()
    visit.get_by_label("Does the child go to school or training?").select_option("yes")
    visit.get_by_label("What was seen").fill("Anak tinggal bersama ibu, kembali ke SMP.")
    visit.get_by_role("button", name="Save").click()
    expect(worker.get_by_role("status")).to_contain_text("The follow-up visit has been recorded.")
    recovery = worker.get_by_test_id("recovery")
    expect(cells(recovery, first)).to_have_text(
        [
            shown(first_due),
            f"Visited {shown(visited_on)}",
            "Safe · in school or training. Anak tinggal bersama ibu, kembali ke SMP.",
        ]
    )
    upcoming = cells(recovery, second)  # the next visit, now the one to record
    expect(upcoming.nth(0)).to_have_text(shown(second_due))
    expect(upcoming.nth(1)).to_have_text("Upcoming")
    expect(upcoming.nth(2).get_by_text("Record this visit")).to_be_visible()
    first.refresh_from_db()
    assert (first.done_on, first.child_safe, first.organisation) == (visited_on, True, dinsos_kupang)

    worker.goto(f"{live_server.url}/cases/follow-ups/")
    expect(worker.locator("main")).to_contain_text("No follow-up visit is due.")
    for context in (police, uptd, kupang):
        context.close()
