"""The recovery section of the case file, the follow-up list, the home page's queue and the API, seen by
the personas: the lead agency (``owner``, Dinas Sosial Kabupaten Tangerang), its ``colleague``, the UPTD
PPA of Kota Medan that accepted the child's return (``medan_worker``), and the ``outsider`` (Dinas
Sosial Kota Medan, not on the case). Refusals come back with their message, nothing saved."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.formats import date_format

from pantau.audit.models import AuditEvent
from pantau.cases import recovery, victim_rights
from pantau.cases.models import (
    CaseChild,
    CaseEvent,
    CaseEvidence,
    CaseSubject,
    CustodyEntry,
    FollowUp,
    Investigation,
    PlatformRequest,
    Referral,
    RehabPlan,
    Reintegration,
    Restitution,
    RestitutionPayment,
    Service,
)
from pantau.cases.tests.recovery_world import RecoveryWorld, build_recovery_world
from pantau.conftest import World

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
# Returned a little over six months ago: the 1-month visit is made, the 3-month one is overdue, the
# 6-month one is due (from its date, less than 14 days ago), the 12-month one upcoming.
RETURNED = recovery.add_months(TODAY, -6) - timedelta(days=3)


@pytest.fixture
def rw(world: World) -> RecoveryWorld:
    return build_recovery_world(world)


def _return(rw: RecoveryWorld, child: CaseChild | None = None) -> Reintegration:
    return recovery.reintegration_record(
        actor=rw.owner,
        case=rw.case,
        case_child=child or rw.child,
        placed_with="parents",
        region_code="12.71",
        follow_up_org=rw.medan_uptd,
        returned_on=RETURNED,
    )


def _visit_first(rw: RecoveryWorld, reintegration: Reintegration) -> None:
    first = reintegration.follow_ups.order_by("due_on").first()
    assert first is not None
    recovery.follow_up_record(
        actor=rw.medan_worker,
        case=rw.case,
        follow_up=first,
        done_on=first.due_on,
        child_safe=True,
        in_school=True,
        note="Anak tinggal bersama ibu, kembali bersekolah.",
    )


def _body(response: Any) -> str:
    return str(response.content.decode())


# --- The schedule ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("returned", "visits"),
    [
        (date(2026, 1, 31), [date(2026, 2, 28), date(2026, 4, 30), date(2026, 7, 31), date(2027, 1, 31)]),
        (date(2027, 8, 31), [date(2027, 9, 30), date(2027, 11, 30), date(2028, 2, 29), date(2028, 8, 31)]),
        (date(2026, 11, 15), [date(2026, 12, 15), date(2027, 2, 15), date(2027, 5, 15), date(2027, 11, 15)]),
    ],
)
def test_the_visits_fall_1_3_6_and_12_months_after_the_return(returned: date, visits: list[date]) -> None:
    assert recovery.follow_up_dates(returned) == visits


def test_the_states_of_a_return_six_months_ago(rw: RecoveryWorld) -> None:
    reintegration = _return(rw)
    _visit_first(rw, reintegration)
    states = [recovery.follow_up_state(v, TODAY) for v in reintegration.follow_ups.all()]
    assert states == ["done", "overdue", "due", "upcoming"]
    assert [v.due_on for v in reintegration.follow_ups.all()] == recovery.follow_up_dates(RETURNED)


# --- The case file --------------------------------------------------------------------------------


def test_each_persona_sees_the_recovery_section_it_may_act_in(
    rw: RecoveryWorld, world: World, login: Callable[..., Client]
) -> None:
    reintegration = _return(rw)
    _visit_first(rw, reintegration)
    url = f"/cases/{rw.case.pk}/"
    visit_form = f'action="/cases/{rw.case.pk}/recovery/visits/'

    owner = _body(login(rw.owner).get(url))
    assert 'data-testid="recovery"' in owner and "Followed up by UPTD PPA Kota Medan" not in owner
    assert "followed up by UPTD PPA Kota Medan" in owner
    assert owner.count('<strong class="flag">Overdue</strong>') == 1
    assert "<strong>Due</strong>" in owner and "Upcoming" in owner
    assert "Anak tinggal bersama ibu, kembali bersekolah." in owner
    assert visit_form not in owner  # the lead agency does not record the visits
    assert "Make the plan" in owner and "Request protection from LPSK" in owner

    colleague = _body(login(world.user("colleague"), Client()).get(url))
    assert 'data-testid="recovery"' in colleague and visit_form not in colleague

    medan = _body(login(rw.medan_worker, Client()).get(url))
    assert 'data-testid="recovery"' in medan
    assert medan.count(visit_form) == 1  # only the next visit to make: the overdue one

    assert login(world.user("outsider"), Client()).get(url).status_code == 404


def _everything(rw: RecoveryWorld, child: CaseChild) -> None:
    """One of each recovery record for ``child``: a plan with a goal and a review, a return with a
    visit made, an LPSK request decided, a restitution ordered and partly paid."""
    plan = recovery.plan_create(
        actor=rw.owner, case=rw.case, case_child=child, review_every_days=30, first_review_on=TODAY
    )
    recovery.goal_add(
        actor=rw.owner, case=rw.case, plan=plan, domain="medical", text="Visum", provider="RS", target_on=None
    )
    recovery.review_add(
        actor=rw.owner,
        case=rw.case,
        plan=plan,
        reviewed_on=TODAY,
        progress="-",
        next_review_on=TODAY + timedelta(days=30),
    )
    _visit_first(rw, _return(rw, child))
    request = victim_rights.lpsk_request(
        actor=rw.owner, case=rw.case, case_child=child, protections=["security"], requested_on=TODAY
    )
    victim_rights.lpsk_decide(
        actor=rw.owner,
        case=rw.case,
        request=request,
        decision="granted",
        decided_on=TODAY,
        decision_number="1",
    )
    restitution = victim_rights.restitution_claim(
        actor=rw.owner, case=rw.case, case_child=child, basis="tppo", claimed_amount=9, claimed_on=TODAY
    )
    victim_rights.restitution_order(
        actor=rw.owner,
        case=rw.case,
        restitution=restitution,
        ordered_amount=5,
        ordered_on=TODAY,
        court_decision_number="2",
    )
    victim_rights.restitution_pay(
        actor=rw.owner, case=rw.case, restitution=restitution, amount=1, paid_on=TODAY
    )


def _more_of_everything_else(rw: RecoveryWorld, n: int) -> None:
    """Records of every other section of the file: persons alleged, timeline, services, milestones,
    platform requests, evidence with its custody log."""
    owner, case = rw.owner, rw.case
    CaseSubject.objects.create(case=case, name=f"Terlapor {n}", relation="pengasuh")
    CaseEvent.objects.create(
        case=case, happened_on=TODAY, text=f"Catatan {n}", by=owner, organisation=rw.world.dinsos
    )
    Service.objects.create(
        case=case, kind="psychosocial", provider="UPTD", started_on=TODAY, recorded_by=owner
    )
    Investigation.objects.create(
        case=case, organisation=rw.world.ppa_unit, stage="report", happened_on=TODAY, recorded_by=owner
    )
    PlatformRequest.objects.create(
        case=case,
        platform="tiktok",
        kind="takedown",
        target="@akun",
        sent_on=TODAY,
        recorded_by=owner,
        organisation=rw.world.dinsos,
    )
    evidence = CaseEvidence.objects.create(
        case=case,
        file=f"bench/{n}.png",
        original_name=f"{n}.png",
        content_type="image/png",
        sha256="0" * 64,
        size=1,
        uploaded_by=owner,
    )
    CustodyEntry.objects.create(evidence=evidence, action="added", by=owner, organisation=rw.world.dinsos)


# The case file's queries: 4 to know who asks (session, user, second factor, membership), the cases
# they may open and the case, the audit of the reading, 11 kinds of records read once each (children
# with plan and return joined; referrals, services, milestones, goals, reviews, visits, LPSK requests,
# restitution, payments, platform requests), the names of the places children returned to, evidence
# and its custody, the unread notifications, persons alleged, concerns and timeline (the session is
# not written on a read: accounts.middleware.SessionRenewalMiddleware).
CASE_FILE_QUERIES = 25


def test_the_case_file_costs_the_same_queries_whatever_it_holds(
    rw: RecoveryWorld, login: Callable[..., Client]
) -> None:
    """One query per kind of record, whatever their number (views._case_file, recovery_reads._prefetch)."""
    client = login(rw.owner)
    url = f"/cases/{rw.case.pk}/"
    _everything(rw, rw.child)
    _more_of_everything_else(rw, 0)
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    for n in range(3):
        _everything(rw, CaseChild.objects.create(case=rw.case, name=f"Anak {n}", age=9))
        _more_of_everything_else(rw, n + 1)
    with CaptureQueriesContext(connection) as after:
        assert client.get(url).status_code == 200
    assert len(after) == len(before)
    assert len([q for q in after if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]) == CASE_FILE_QUERIES


def test_a_plan_goal_and_review_through_the_page(rw: RecoveryWorld, login: Callable[..., Client]) -> None:
    client = login(rw.owner)
    base = f"/cases/{rw.case.pk}/recovery"
    key = f"plan-{rw.child.pk}"
    response = client.post(
        f"{base}/children/{rw.child.pk}/plan/",
        {f"{key}-review_every_days": "5", f"{key}-first_review_on": TODAY.isoformat()},
    )
    assert response.status_code == 400 and not RehabPlan.objects.exists()
    assert "Nothing was saved: correct the form in the Recovery section." in _body(response)
    response = client.post(
        f"{base}/children/{rw.child.pk}/plan/",
        {f"{key}-review_every_days": "30", f"{key}-first_review_on": TODAY.isoformat()},
    )
    assert response.status_code == 302
    plan = RehabPlan.objects.get()
    response = client.post(
        f"{base}/plans/{plan.pk}/goals/",
        {
            f"goal-{plan.pk}-domain": "education",
            f"goal-{plan.pk}-text": "Kembali ke SD",
            f"goal-{plan.pk}-provider": "Dinas Pendidikan",
        },
    )
    assert response.status_code == 302
    response = client.post(f"{base}/plans/{plan.pk}/complete/")
    assert response.status_code == 400
    assert "Mark every goal met or dropped before completing the plan." in _body(response)
    goal = plan.goals.get()
    assert client.post(f"{base}/goals/{goal.pk}/", {"status": "met"}).status_code == 302
    review = {
        f"review-{plan.pk}-reviewed_on": TODAY.isoformat(),
        f"review-{plan.pk}-progress": "Sudah bersekolah kembali.",
        f"review-{plan.pk}-next_review_on": (TODAY + timedelta(days=30)).isoformat(),
    }
    assert client.post(f"{base}/plans/{plan.pk}/reviews/", review).status_code == 302
    assert client.post(f"{base}/plans/{plan.pk}/complete/").status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.next_review_on) == ("completed", TODAY + timedelta(days=30))
    assert AuditEvent.objects.filter(action__startswith="case.plan_").count() == 5


def test_the_return_through_the_page_only_to_an_agency_on_the_case(
    rw: RecoveryWorld, world: World, login: Callable[..., Client]
) -> None:
    client = login(rw.owner)
    key = f"reint-{rw.child.pk}"
    url = f"/cases/{rw.case.pk}/recovery/children/{rw.child.pk}/return/"
    data = {
        f"{key}-placed_with": "parents",
        f"{key}-region_code": "Kota Medan",
        f"{key}-follow_up_org": str(world.dinsos_medan.pk),  # not on the case: not even a choice
        f"{key}-returned_on": RETURNED.isoformat(),
    }
    assert client.post(url, data).status_code == 400
    assert not Reintegration.objects.exists() and not FollowUp.objects.exists()
    response = client.post(url, {**data, f"{key}-follow_up_org": str(rw.medan_uptd.pk)})
    assert response.status_code == 302
    reintegration = Reintegration.objects.get()
    assert (reintegration.region_code, reintegration.follow_up_org) == ("12.71", rw.medan_uptd)
    assert list(reintegration.follow_ups.values_list("due_on", flat=True)) == recovery.follow_up_dates(
        RETURNED
    )


def test_a_visit_through_the_page_by_the_follow_up_agency_only(
    rw: RecoveryWorld, login: Callable[..., Client]
) -> None:
    visit = _return(rw).follow_ups.order_by("due_on").first()
    assert visit is not None
    url = f"/cases/{rw.case.pk}/recovery/visits/{visit.pk}/"
    key = f"visit-{visit.pk}"
    data = {f"{key}-done_on": TODAY.isoformat(), f"{key}-child_safe": "yes", f"{key}-in_school": "yes"}
    assert login(rw.owner).post(url, data).status_code == 403
    medan = login(rw.medan_worker, Client())
    response = medan.post(url, {**data, f"{key}-child_safe": "no"})
    assert response.status_code == 400
    assert "Say what was seen: the child is not safe." in _body(response)
    visit.refresh_from_db()
    assert visit.done_on is None
    assert medan.post(url, data).status_code == 302
    visit.refresh_from_db()
    assert (visit.done_on, visit.child_safe, visit.organisation) == (TODAY, True, rw.medan_uptd)


def test_restitution_refusals_on_the_page_save_nothing(
    rw: RecoveryWorld, login: Callable[..., Client]
) -> None:
    client = login(rw.owner)
    base = f"/cases/{rw.case.pk}/recovery"
    key = f"rest-{rw.child.pk}"
    claim = {f"{key}-basis": "tppo", f"{key}-claimed_on": (TODAY - timedelta(days=20)).isoformat()}
    for amount, message in (
        ("-5000", "The amount cannot be negative."),
        ("lima juta", "Write the amount in whole rupiah, digits only."),
    ):
        response = client.post(
            f"{base}/children/{rw.child.pk}/restitution/", {**claim, f"{key}-claimed_amount": amount}
        )
        assert response.status_code == 400 and message in _body(response)
    assert not Restitution.objects.exists() and not CaseEvent.objects.exists()
    response = client.post(
        f"{base}/children/{rw.child.pk}/restitution/", {**claim, f"{key}-claimed_amount": "Rp 50.000.000"}
    )
    assert response.status_code == 302
    restitution = Restitution.objects.get()
    assert restitution.claimed_amount == 50_000_000
    order = {
        f"order-{restitution.pk}-ordered_amount": "30.000.000",
        f"order-{restitution.pk}-ordered_on": (TODAY - timedelta(days=10)).isoformat(),
        f"order-{restitution.pk}-court_decision_number": "12/Pid.Sus/2026/PN Tng",
    }
    assert client.post(f"{base}/restitution/{restitution.pk}/order/", order).status_code == 302
    pay_url = f"{base}/restitution/{restitution.pk}/payments/"
    pay = {f"pay-{restitution.pk}-paid_on": TODAY.isoformat()}
    for amount, message in (
        ("0", "A payment is more than zero."),
        ("-1", "The amount cannot be negative."),
        ("30.000.001", "The payments would exceed the amount ordered: Rp 30.000.000 is left to pay."),
    ):
        response = client.post(pay_url, {**pay, f"pay-{restitution.pk}-amount": amount})
        assert response.status_code == 400 and message in _body(response)
    assert not RestitutionPayment.objects.exists()
    assert client.post(pay_url, {**pay, f"pay-{restitution.pk}-amount": "10.000.000"}).status_code == 302
    page = _body(client.get(f"/cases/{rw.case.pk}/"))
    assert "paid Rp 10.000.000" in page and "Partly paid" in page


# --- The follow-up list and the home page's queue -------------------------------------------------


def _more_returns(rw: RecoveryWorld, count: int) -> None:
    for n in range(count):
        child = CaseChild.objects.create(case=rw.case, name=f"Anak {n}", age=10)
        _return(rw, child)


def test_the_follow_up_list_shows_the_agencys_visits_due_in_constant_queries(
    rw: RecoveryWorld, world: World, login: Callable[..., Client], django_assert_num_queries: Any
) -> None:
    reintegration = _return(rw)
    _visit_first(rw, reintegration)
    overdue, due, upcoming = list(reintegration.follow_ups.filter(done_on__isnull=True))
    medan = login(rw.medan_worker)
    # Signed in: session, user, second factor, membership, the menu's unread count: 5 (the session is
    # not written on a read). The page: the agency's visits counted and read (2), their places (1).
    with django_assert_num_queries(8):
        page = _body(medan.get("/cases/follow-ups/"))
    assert f'data-testid="follow-up-{overdue.pk}"' in page and f'data-testid="follow-up-{due.pk}"' in page
    assert f'data-testid="follow-up-{upcoming.pk}"' not in page
    assert page.index(f"follow-up-{overdue.pk}") < page.index(f"follow-up-{due.pk}")  # earliest first
    assert page.count('<strong class="flag">Overdue</strong>') == 1
    assert "Kota Medan" in page and "KS-REC-1" in page
    _more_returns(rw, 3)
    with django_assert_num_queries(8):
        page = _body(medan.get("/cases/follow-ups/"))
    # Each new return (none of its visits made): the 1- and 3-month visits overdue, the 6-month one due.
    assert page.count('data-testid="follow-up-') == 2 + 3 * 3
    # The lead agency does not make these visits; the outsider has none either.
    for persona in ("supervisor", "outsider"):
        other = _body(login(world.user(persona), Client()).get("/cases/follow-ups/"))
        assert "No follow-up visit is due." in other and 'data-testid="follow-up-' not in other


def test_the_follow_up_agency_loses_the_visits_when_its_referral_is_no_longer_accepted(
    rw: RecoveryWorld, login: Callable[..., Client]
) -> None:
    _return(rw)
    Referral.objects.filter(to_org=rw.medan_uptd).update(status=Referral.Status.DECLINED)
    page = _body(login(rw.medan_worker).get("/cases/follow-ups/"))
    assert 'data-testid="follow-up-' not in page


def test_the_home_page_queue_of_visits_due(
    rw: RecoveryWorld, login: Callable[..., Client], django_assert_num_queries: Any
) -> None:
    reintegration = _return(rw)
    _visit_first(rw, reintegration)
    medan = login(rw.medan_worker)
    with CaptureQueriesContext(connection) as before:
        page = _body(medan.get("/"))
    assert "Visits after a return home" in page and 'href="/cases/follow-ups/"' in page
    # The overdue and the due visit.
    assert page.count(f'<a href="/cases/{rw.case.pk}/#recovery">KS-REC-1 · Eksploitasi daring</a>') == 2
    assert "overdue since" in page
    _more_returns(rw, 3)
    with django_assert_num_queries(len(before)):
        assert medan.get("/").status_code == 200
    assert "Visits after a return home" not in _body(login(rw.owner, Client()).get("/"))


# --- API ------------------------------------------------------------------------------------------


def test_the_api_reads_each_childs_recovery(
    rw: RecoveryWorld, world: World, login: Callable[..., Client]
) -> None:
    reintegration = _return(rw)
    _visit_first(rw, reintegration)
    restitution = victim_rights.restitution_claim(
        actor=rw.owner,
        case=rw.case,
        case_child=rw.child,
        basis="tpks",
        claimed_amount=20_000_000,
        claimed_on=TODAY - timedelta(days=9),
    )
    victim_rights.restitution_order(
        actor=rw.owner,
        case=rw.case,
        restitution=restitution,
        ordered_amount=15_000_000,
        ordered_on=TODAY - timedelta(days=5),
        court_decision_number="1/Pid.Sus/2026/PN Tng",
    )
    victim_rights.restitution_pay(
        actor=rw.owner, case=rw.case, restitution=restitution, amount=5_000_000, paid_on=TODAY
    )
    body = login(rw.owner).get(f"/api/v1/cases/{rw.case.pk}/recovery").json()
    assert body["shared"] is True and len(body["children"]) == 1
    child = body["children"][0]
    assert child["case_child_id"] == rw.child.pk and child["plan"] is None
    assert [v["state"] for v in child["reintegration"]["follow_ups"]] == [
        "done",
        "overdue",
        "due",
        "upcoming",
    ]
    assert child["reintegration"]["follow_up_org_id"] == rw.medan_uptd.pk
    assert child["restitutions"] == [
        {
            "id": restitution.pk,
            "basis": "tpks",
            "claimed_amount": 20_000_000,
            "claimed_on": (TODAY - timedelta(days=9)).isoformat(),
            "ordered_amount": 15_000_000,
            "ordered_on": (TODAY - timedelta(days=5)).isoformat(),
            "court_decision_number": "1/Pid.Sus/2026/PN Tng",
            "paid_amount": 5_000_000,
            "status": "partly_paid",
        }
    ]
    assert AuditEvent.objects.filter(action="case.viewed", actor=rw.owner).count() == 1
    assert (
        login(world.user("outsider"), Client()).get(f"/api/v1/cases/{rw.case.pk}/recovery").status_code == 404
    )
    # An agency the referral shared no services with sees no child's recovery.
    Referral.objects.filter(to_org=rw.medan_uptd).update(shared=["identity"])
    withheld = login(rw.medan_worker, Client()).get(f"/api/v1/cases/{rw.case.pk}/recovery").json()
    assert withheld == {"case_id": rw.case.pk, "shared": False, "children": []}


def test_the_api_records_a_visit_by_the_follow_up_agency_only(
    rw: RecoveryWorld, login: Callable[..., Client]
) -> None:
    visit = _return(rw).follow_ups.order_by("due_on").first()
    assert visit is not None
    url = f"/api/v1/cases/{rw.case.pk}/recovery/visits/{visit.pk}"

    def post(client: Client, data: dict[str, Any]) -> Any:
        return client.post(url, json.dumps(data), content_type="application/json")

    good = {"done_on": TODAY.isoformat(), "child_safe": True, "in_school": True, "note": ""}
    assert post(login(rw.owner), good).status_code == 403
    medan = login(rw.medan_worker, Client())
    refused = post(medan, {**good, "done_on": (TODAY + timedelta(days=1)).isoformat()})
    assert refused.status_code == 422
    assert refused.json()["detail"] == {"done_on": ["The date cannot be in the future."]}
    visit.refresh_from_db()
    assert visit.done_on is None
    response = post(medan, good)
    assert response.status_code == 200
    assert response.json() == {
        "id": visit.pk,
        "due_on": visit.due_on.isoformat(),
        "state": "done",
        "done_on": TODAY.isoformat(),
        "child_safe": True,
        "in_school": True,
        "note": "",
    }
    assert post(medan, good).status_code == 422  # recorded once


def test_an_overdue_visit_is_the_follow_up_agencys_next_step_and_the_others_ask_after_it(
    rw: RecoveryWorld, login: Callable[..., Client]
) -> None:
    first = _return(rw).follow_ups.order_by("due_on").first()  # returned six months ago: overdue
    assert first is not None
    day = date_format(first.due_on, "j F Y")
    url = f"/cases/{rw.case.pk}/"
    lead = _body(login(rw.owner).get(url))
    ask = "Ask UPTD PPA Kota Medan about the follow-up visit after the child&#x27;s return"
    assert f"{ask}: it was due on {day}." in lead
    medan = _body(login(rw.medan_worker, Client()).get(url))
    assert f"Make the follow-up visit after the child&#x27;s return: it was due on {day}." in medan


def test_the_printed_summary_carries_the_recovery(rw: RecoveryWorld, login: Callable[..., Client]) -> None:
    _everything(rw, rw.child)
    summary = _body(login(rw.owner).get(f"/cases/{rw.case.pk}/summary/"))
    part = summary[summary.index('data-testid="summary-recovery"') :]
    part = " ".join(part[: part.index("</ul>")].split())
    visits = rw.case.children.get().reintegration.follow_ups.order_by("due_on")
    first, second, third, fourth = (date_format(v.due_on, "j M Y") for v in visits)
    day = date_format(TODAY, "j M Y")
    assert part == (
        'data-testid="summary-recovery"><li><strong>B. (12)</strong> <br>Rehabilitation plan: Active, next '
        f"review {date_format(TODAY + timedelta(days=30), 'j M Y')}<br>· Medical: Visum — RS (Open) <br>"
        f"Returned to parents on {date_format(RETURNED, 'j M Y')}, in Kota Medan, Sumatera Utara; followed "
        f"up by UPTD PPA Kota Medan.<br>· Visit due {first}: made {first}<br>· Visit due {second}: <strong>"
        f"overdue</strong><br>· Visit due {third}: {_third_state(visits[2])}<br>· Visit due {fourth}: "
        f"not due yet <br>LPSK request {day} (Protection of the person, family and property, free from "
        "threats): Granted <br>Restitution (UU 21/2007 (trafficking)): claimed Rp 9, ordered Rp 5, paid "
        "Rp 1 — Partly paid </li>"
    )


def _third_state(visit: FollowUp) -> str:
    """The six-month visit of a return six months and three days ago: due now, or overdue after 14 days."""
    return {"due": "due now", "overdue": "<strong>overdue</strong>"}[recovery.follow_up_state(visit, TODAY)]
