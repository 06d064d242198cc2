"""The recovery rules one by one: each refusal is a clear message and leaves nothing half-saved."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from pantau.accounts.models import Organisation
from pantau.accounts.roles import OrgKind
from pantau.audit.models import AuditEvent
from pantau.cases import recovery, victim_rights
from pantau.cases.forms_recovery import PaymentForm, RestitutionForm
from pantau.cases.models import (
    Case,
    CaseChild,
    CaseEvent,
    FollowUp,
    LpskRequest,
    PlanGoal,
    PlanReview,
    Referral,
    RehabPlan,
    Reintegration,
    Restitution,
    RestitutionPayment,
)
from pantau.cases.tests.recovery_world import RecoveryWorld, build_recovery_world
from pantau.conftest import World
from pantau.notifications.models import Notification

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def rw(world: World) -> RecoveryWorld:
    return build_recovery_world(world)


def _messages(error: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(error.value.messages)


# --- Plan -----------------------------------------------------------------------------------------


def test_a_plan_is_coordinated_by_the_actors_agency_and_reviewed_on_its_interval(rw: RecoveryWorld) -> None:
    plan = recovery.plan_create(
        actor=rw.owner, case=rw.case, case_child=rw.child, review_every_days=30, first_review_on=TODAY
    )
    assert (plan.coordinator, plan.review_every_days, plan.next_review_on) == (rw.world.dinsos, 30, TODAY)
    assert AuditEvent.objects.filter(action="case.plan_created").count() == 1


@pytest.mark.parametrize(
    ("days", "first", "message"),
    [
        (6, TODAY, "Review the plan every 7 to 180 days."),
        (181, TODAY, "Review the plan every 7 to 180 days."),
        (30, TODAY - timedelta(days=1), "The first review cannot be in the past."),
    ],
)
def test_a_plan_with_a_bad_interval_or_date_is_refused(
    rw: RecoveryWorld, days: int, first: date, message: str
) -> None:
    with pytest.raises(ValidationError) as error:
        recovery.plan_create(
            actor=rw.owner, case=rw.case, case_child=rw.child, review_every_days=days, first_review_on=first
        )
    assert _messages(error) == message
    assert not RehabPlan.objects.exists() and not CaseEvent.objects.exists()


def test_one_plan_per_child_of_this_case_while_it_is_open(rw: RecoveryWorld, world: World) -> None:
    make = dict(actor=rw.owner, review_every_days=30, first_review_on=TODAY)
    recovery.plan_create(case=rw.case, case_child=rw.child, **make)  # type: ignore[arg-type]
    with pytest.raises(ValidationError) as error:
        recovery.plan_create(case=rw.case, case_child=rw.child, **make)  # type: ignore[arg-type]
    assert _messages(error) == "This child already has a rehabilitation plan."
    other = Case.objects.create(
        number="KS-X", title="-", owner=world.dinsos, region_code="36.03", summary="-", opened_by=rw.owner
    )
    stranger = CaseChild.objects.create(case=other, name="C.")
    with pytest.raises(ValidationError) as error:
        recovery.plan_create(case=rw.case, case_child=stranger, **make)  # type: ignore[arg-type]
    assert _messages(error) == "Choose a child of this case."
    Case.objects.filter(pk=other.pk).update(status=Case.Status.CLOSED)
    with pytest.raises(ValidationError) as error:
        recovery.plan_create(case=other, case_child=stranger, **make)  # type: ignore[arg-type]
    assert _messages(error) == "This case is closed."
    assert RehabPlan.objects.count() == 1


def test_goals_reviews_and_completion(rw: RecoveryWorld) -> None:
    plan = recovery.plan_create(
        actor=rw.owner, case=rw.case, case_child=rw.child, review_every_days=30, first_review_on=TODAY
    )
    with pytest.raises(ValidationError) as error:
        recovery.plan_complete(actor=rw.owner, case=rw.case, plan=plan)
    assert _messages(error) == "A plan without goals cannot be completed: add its goals first."
    goal = recovery.goal_add(
        actor=rw.owner,
        case=rw.case,
        plan=plan,
        domain="psychosocial",
        text="Konseling",
        provider="UPTD",
        target_on=None,
    )
    second = recovery.goal_add(
        actor=rw.owner,
        case=rw.case,
        plan=plan,
        domain="education",
        text="Sekolah",
        provider="Dinas",
        target_on=None,
    )
    with pytest.raises(ValidationError) as error:
        recovery.plan_complete(actor=rw.owner, case=rw.case, plan=plan)
    assert _messages(error) == "Mark every goal met or dropped before completing the plan."
    recovery.goal_set_status(actor=rw.owner, case=rw.case, goal=goal, status="met")
    with pytest.raises(ValidationError) as error:
        recovery.goal_set_status(actor=rw.owner, case=rw.case, goal=goal, status="dropped")
    assert _messages(error) == "This goal has already been marked."
    with pytest.raises(ValidationError):
        recovery.goal_set_status(actor=rw.owner, case=rw.case, goal=second, status="open")
    recovery.goal_set_status(actor=rw.owner, case=rw.case, goal=second, status="dropped")
    assert list(PlanGoal.objects.values_list("status", flat=True)) == ["met", "dropped"]

    # A review moves the plan's next review date.
    recovery.review_add(
        actor=rw.owner,
        case=rw.case,
        plan=plan,
        reviewed_on=TODAY,
        progress="Mulai sekolah.",
        next_review_on=TODAY + timedelta(days=30),
    )
    plan.refresh_from_db()
    assert plan.next_review_on == TODAY + timedelta(days=30)
    recovery.plan_complete(actor=rw.owner, case=rw.case, plan=plan)
    plan.refresh_from_db()
    assert plan.status == RehabPlan.Status.COMPLETED
    with pytest.raises(ValidationError) as error:
        recovery.goal_add(
            actor=rw.owner, case=rw.case, plan=plan, domain="legal", text="x", provider="y", target_on=None
        )
    assert _messages(error) == "This plan is completed."


@pytest.mark.parametrize(
    ("reviewed", "progress", "following", "field", "message"),
    [
        (
            TODAY + timedelta(days=1),
            "x",
            TODAY + timedelta(days=9),
            "reviewed_on",
            "The date cannot be in the future.",
        ),
        (TODAY, " ", TODAY + timedelta(days=9), "progress", "Write what progressed since the last review."),
        (TODAY, "x", TODAY, "next_review_on", "The next review comes after this one."),
        (
            TODAY,
            "x",
            TODAY + timedelta(days=181),
            "next_review_on",
            "Review the plan at least every 180 days.",
        ),
    ],
)
def test_a_bad_review_is_refused_and_the_plan_keeps_its_date(
    rw: RecoveryWorld, reviewed: date, progress: str, following: date, field: str, message: str
) -> None:
    plan = recovery.plan_create(
        actor=rw.owner, case=rw.case, case_child=rw.child, review_every_days=30, first_review_on=TODAY
    )
    with pytest.raises(ValidationError) as error:
        recovery.review_add(
            actor=rw.owner,
            case=rw.case,
            plan=plan,
            reviewed_on=reviewed,
            progress=progress,
            next_review_on=following,
        )
    assert error.value.message_dict == {field: [message]}
    plan.refresh_from_db()
    assert plan.next_review_on == TODAY and not PlanReview.objects.exists()


# --- Return and follow-up -------------------------------------------------------------------------


def test_the_follow_up_schedule_is_1_3_6_and_12_months_after_the_return() -> None:
    assert recovery.follow_up_dates(date(2026, 1, 31)) == [
        date(2026, 2, 28),  # no 31 February: the month's last day
        date(2026, 4, 30),
        date(2026, 7, 31),
        date(2027, 1, 31),
    ]


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (date(2026, 2, 28), "upcoming"),
        (date(2026, 3, 1), "due"),  # due from its date
        (date(2026, 3, 14), "due"),  # 13 days after
        (date(2026, 3, 15), "overdue"),  # 14 days after: overdue
    ],
)
def test_a_visit_is_due_from_its_date_and_overdue_14_days_after(today: date, state: str) -> None:
    assert recovery.follow_up_state(FollowUp(due_on=date(2026, 3, 1)), today) == state
    assert (
        recovery.follow_up_state(FollowUp(due_on=date(2026, 3, 1), done_on=date(2026, 3, 20)), today)
        == "done"
    )


def _return(
    rw: RecoveryWorld, org: Organisation | None = None, returned_on: date | None = None
) -> Reintegration:
    return recovery.reintegration_record(
        actor=rw.owner,
        case=rw.case,
        case_child=rw.child,
        placed_with="parents",
        region_code="12.71",
        follow_up_org=org or rw.medan_uptd,
        returned_on=returned_on or TODAY - timedelta(days=40),
    )


def test_the_return_schedules_visits_and_tells_the_follow_up_agency(rw: RecoveryWorld) -> None:
    returned = date(2026, 1, 31) if date(2026, 1, 31) <= TODAY else TODAY
    reintegration = _return(rw, returned_on=returned)
    assert list(reintegration.follow_ups.values_list("due_on", flat=True)) == recovery.follow_up_dates(
        returned
    )
    assert Notification.objects.filter(user=rw.medan_worker).count() == 1
    with pytest.raises(ValidationError) as error:
        _return(rw)
    assert _messages(error) == "This child's return has already been recorded."
    assert FollowUp.objects.count() == 4


def test_the_follow_up_agency_must_work_on_the_case(rw: RecoveryWorld, world: World) -> None:
    with pytest.raises(ValidationError) as error:
        _return(rw, org=world.dinsos_medan)  # another province's office that accepted no referral
    assert "The follow-up agency must work on this case" in _messages(error)
    with pytest.raises(ValidationError) as error:
        _return(rw, returned_on=TODAY + timedelta(days=1))
    assert error.value.message_dict == {"returned_on": ["The date cannot be in the future."]}
    assert not Reintegration.objects.exists() and not FollowUp.objects.exists()
    assert _return(rw, org=world.dinsos).follow_up_org == world.dinsos  # the lead may follow up itself


def test_only_the_follow_up_agency_records_a_visit(rw: RecoveryWorld) -> None:
    visit = _return(rw).follow_ups.first()
    assert visit is not None
    with pytest.raises(PermissionDenied):
        recovery.follow_up_record(
            actor=rw.owner,
            case=rw.case,
            follow_up=visit,
            done_on=TODAY,
            child_safe=True,
            in_school=True,
            note="",
        )
    denied = AuditEvent.objects.get(action="access.denied")
    assert denied.changes["reason"] == "not_follow_up_agency"
    visit.refresh_from_db()
    assert visit.done_on is None


def test_the_follow_up_agency_records_a_visit_only_if_the_services_were_shared(rw: RecoveryWorld) -> None:
    visit = _return(rw).follow_ups.first()
    assert visit is not None
    Referral.objects.filter(case=rw.case, to_org=rw.medan_uptd).update(shared=["identity"])
    with pytest.raises(PermissionDenied):
        recovery.follow_up_record(
            actor=rw.medan_worker,
            case=rw.case,
            follow_up=visit,
            done_on=TODAY,
            child_safe=True,
            in_school=True,
            note="",
        )
    assert AuditEvent.objects.get(action="access.denied").changes["reason"] == "not_shared"
    visit.refresh_from_db()
    assert visit.done_on is None


def test_a_child_found_unsafe_breaks_the_return_down_and_the_team_is_told(rw: RecoveryWorld) -> None:
    first, second, *_rest = list(_return(rw).follow_ups.all())
    with pytest.raises(ValidationError) as error:
        recovery.follow_up_record(
            actor=rw.medan_worker,
            case=rw.case,
            follow_up=first,
            done_on=TODAY,
            child_safe=False,
            in_school=None,
            note="",
        )
    assert error.value.message_dict == {"note": ["Say what was seen: the child is not safe."]}
    with pytest.raises(ValidationError) as error:
        recovery.follow_up_record(
            actor=rw.medan_worker,
            case=rw.case,
            follow_up=first,
            done_on=TODAY - timedelta(days=41),
            child_safe=True,
            in_school=None,
            note="",
        )
    assert error.value.message_dict == {"done_on": ["The visit cannot come before the child's return."]}
    before = Notification.objects.filter(user=rw.owner).count()
    recovery.follow_up_record(
        actor=rw.medan_worker,
        case=rw.case,
        follow_up=first,
        done_on=TODAY,
        child_safe=False,
        in_school=False,
        note="Paman kembali ke rumah.",
    )
    reintegration = Reintegration.objects.get()
    assert reintegration.status == Reintegration.Status.BROKEN_DOWN
    assert Notification.objects.filter(user=rw.owner).count() == before + 1
    assert AuditEvent.objects.filter(action="case.reintegration_broke_down").count() == 1
    with pytest.raises(ValidationError) as error:
        recovery.follow_up_record(
            actor=rw.medan_worker,
            case=rw.case,
            follow_up=second,
            done_on=TODAY,
            child_safe=True,
            in_school=True,
            note="",
        )
    assert _messages(error) == "The follow-up of this return has ended."
    assert FollowUp.objects.filter(done_on__isnull=False).count() == 1


def test_every_visit_with_the_child_safe_completes_the_follow_up(rw: RecoveryWorld) -> None:
    visits = list(_return(rw).follow_ups.all())
    for visit in visits:
        recovery.follow_up_record(
            actor=rw.medan_worker,
            case=rw.case,
            follow_up=visit,
            done_on=TODAY,
            child_safe=True,
            in_school=True,
            note="",
        )
    with pytest.raises(ValidationError):
        recovery.follow_up_record(
            actor=rw.medan_worker,
            case=rw.case,
            follow_up=visits[0],
            done_on=TODAY,
            child_safe=True,
            in_school=True,
            note="",
        )
    assert Reintegration.objects.get().status == Reintegration.Status.COMPLETED


# --- LPSK -----------------------------------------------------------------------------------------


def test_an_lpsk_request_and_its_decision(rw: RecoveryWorld) -> None:
    ask = dict(actor=rw.owner, case=rw.case, case_child=rw.child, requested_on=TODAY - timedelta(days=5))
    with pytest.raises(ValidationError) as error:
        victim_rights.lpsk_request(protections=[], **ask)  # type: ignore[arg-type]
    assert error.value.message_dict == {"protections": ["Choose at least one protection asked for."]}
    with pytest.raises(ValidationError) as error:
        victim_rights.lpsk_request(protections=["security", "castle"], **ask)  # type: ignore[arg-type]
    assert error.value.message_dict == {"protections": ["Unknown protection: castle."]}
    assert not LpskRequest.objects.exists()
    request = victim_rights.lpsk_request(protections=["security", "identity_secret", "security"], **ask)  # type: ignore[arg-type]
    assert request.protections == ["security", "identity_secret"]
    decide = dict(actor=rw.owner, case=rw.case, request=request, decision="granted")
    with pytest.raises(ValidationError) as error:
        victim_rights.lpsk_decide(decided_on=TODAY - timedelta(days=6), decision_number="1/LPSK", **decide)  # type: ignore[arg-type]
    assert error.value.message_dict["decided_on"][0].startswith("LPSK decides after the request")
    with pytest.raises(ValidationError) as error:
        victim_rights.lpsk_decide(decided_on=TODAY, decision_number=" ", **decide)  # type: ignore[arg-type]
    assert error.value.message_dict == {"decision_number": ["Write the number of LPSK's decision."]}
    request.refresh_from_db()
    assert request.decision == LpskRequest.Decision.PENDING
    victim_rights.lpsk_decide(decided_on=TODAY - timedelta(days=5), decision_number="1/LPSK", **decide)  # type: ignore[arg-type]
    with pytest.raises(ValidationError) as error:
        victim_rights.lpsk_decide(decided_on=TODAY, decision_number="2/LPSK", **decide)  # type: ignore[arg-type]
    assert _messages(error) == "LPSK's decision on this request is already recorded."
    request.refresh_from_db()
    assert (request.decision, request.decision_number) == ("granted", "1/LPSK")


# --- Restitution ----------------------------------------------------------------------------------


def _claim(rw: RecoveryWorld, amount: object = 50_000_000) -> Restitution:
    return victim_rights.restitution_claim(
        actor=rw.owner,
        case=rw.case,
        case_child=rw.child,
        basis="tppo",
        claimed_amount=amount,
        claimed_on=TODAY - timedelta(days=30),
    )


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (-1, "The amount cannot be negative."),
        ("12", "Write the amount in whole rupiah, digits only."),
        (1.5, "Write the amount in whole rupiah, digits only."),
    ],
)
def test_a_negative_or_non_numeric_claim_is_refused(rw: RecoveryWorld, amount: object, message: str) -> None:
    with pytest.raises(ValidationError) as error:
        _claim(rw, amount)
    assert error.value.message_dict == {"claimed_amount": [message]}
    assert not Restitution.objects.exists() and not CaseEvent.objects.exists()


def test_claimed_ordered_partly_paid_paid(rw: RecoveryWorld) -> None:
    restitution = _claim(rw)
    assert victim_rights.restitution_status(restitution, 0) == "claimed"
    with pytest.raises(ValidationError) as error:
        victim_rights.restitution_pay(
            actor=rw.owner, case=rw.case, restitution=restitution, amount=1, paid_on=TODAY
        )
    assert _messages(error) == "Record the court's order before its payments."
    order = dict(
        actor=rw.owner, case=rw.case, restitution=restitution, court_decision_number="12/Pid.Sus/2026/PN Tng"
    )
    with pytest.raises(ValidationError) as error:
        victim_rights.restitution_order(ordered_amount=-5, ordered_on=TODAY, **order)  # type: ignore[arg-type]
    assert error.value.message_dict == {"ordered_amount": ["The amount cannot be negative."]}
    with pytest.raises(ValidationError) as error:
        victim_rights.restitution_order(ordered_amount=10, ordered_on=TODAY - timedelta(days=31), **order)  # type: ignore[arg-type]
    assert error.value.message_dict["ordered_on"][0].startswith("The court orders after the claim")
    victim_rights.restitution_order(ordered_amount=30_000_000, ordered_on=TODAY - timedelta(days=10), **order)  # type: ignore[arg-type]
    restitution.refresh_from_db()
    assert victim_rights.restitution_status(restitution, 0) == "ordered"
    pay = dict(actor=rw.owner, case=rw.case, restitution=restitution)
    for amount, message in ((0, "A payment is more than zero."), (-1, "The amount cannot be negative.")):
        with pytest.raises(ValidationError) as error:
            victim_rights.restitution_pay(amount=amount, paid_on=TODAY, **pay)  # type: ignore[arg-type]
        assert error.value.message_dict == {"amount": [message]}
    with pytest.raises(ValidationError) as error:
        victim_rights.restitution_pay(amount=1, paid_on=TODAY - timedelta(days=11), **pay)  # type: ignore[arg-type]
    assert error.value.message_dict["paid_on"][0].startswith("A payment comes after the order")
    victim_rights.restitution_pay(amount=10_000_000, paid_on=TODAY, **pay)  # type: ignore[arg-type]
    assert victim_rights.restitution_status(restitution, 10_000_000) == "partly_paid"
    with pytest.raises(ValidationError) as error:
        victim_rights.restitution_pay(amount=20_000_001, paid_on=TODAY, **pay)  # type: ignore[arg-type]
    assert error.value.message_dict == {
        "amount": ["The payments would exceed the amount ordered: Rp 20.000.000 is left to pay."]
    }
    victim_rights.restitution_pay(amount=20_000_000, paid_on=TODAY, **pay)  # type: ignore[arg-type]
    assert list(RestitutionPayment.objects.values_list("amount", flat=True)) == [10_000_000, 20_000_000]
    assert victim_rights.restitution_status(restitution, 30_000_000) == "paid"
    with pytest.raises(ValidationError) as error:
        victim_rights.restitution_order(ordered_amount=1, ordered_on=TODAY, **order)  # type: ignore[arg-type]
    assert _messages(error) == "The court's order on this restitution is already recorded."


def test_amounts_are_read_as_people_write_them_and_a_bad_one_is_refused_by_the_form() -> None:
    """The refusals are translatable (gettext): in Indonesian once /tmp/po-pending/recovery.po is merged."""
    form = RestitutionForm({"basis": "tppo", "claimed_amount": "Rp 1.500.000", "claimed_on": "2026-01-05"})
    assert form.is_valid() and form.cleaned_data["claimed_amount"] == 1_500_000
    for text, message in (
        ("-5000", "The amount cannot be negative."),
        ("lima juta", "Write the amount in whole rupiah, digits only."),
        ("1,5", "Write the amount in whole rupiah, digits only."),
        ("1.50.000", "Write the amount in whole rupiah, digits only."),
    ):
        form = RestitutionForm({"basis": "tppo", "claimed_amount": text, "claimed_on": "2026-01-05"})
        assert not form.is_valid()
        assert form.errors["claimed_amount"] == [message]
    payment = PaymentForm({"amount": "0", "paid_on": "2026-01-05"})
    assert not payment.is_valid() and payment.errors["amount"] == ["A payment is more than zero."]


def test_org_kind_of_the_follow_up_agency_is_a_uptd_in_another_province(rw: RecoveryWorld) -> None:
    assert rw.medan_uptd.kind == OrgKind.UPTD_PPA
    assert (rw.medan_uptd.region_id or "")[:2] != rw.case.region_code[:2]
