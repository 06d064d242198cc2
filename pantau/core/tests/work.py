"""Something waiting in every queue of every role (the home pages' tests), built with the real services
where they exist so the queues read what the apps write. ``Work`` says what each queue holds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone

from pantau.accounts.models import ApiToken
from pantau.cases.models import Case, CaseChild, Concern, Referral
from pantau.cases.services import case_child_add, case_open, referral_decide, referral_send
from pantau.cases.sharing import ALL_SECTIONS
from pantau.children.models import CarePlan, Child, GatekeepingAssessment, Placement
from pantau.linkage.models import CandidatePair
from pantau.monitoring.tests.conftest import BABY, RISKY, Monitored
from pantau.registry.models import ChangeRequest, Registration, StaffMember
from pantau.supervision.models import ChecklistTemplate, Finding, Visit


@dataclass
class Work:
    monitored: Monitored
    concerns: list[Concern]  # 2 waiting in Tangerang (the oldest first), 1 in Medan
    referral_late: Referral  # Dinas Sosial -> Unit PPA, past its date and escalated
    referral_uptd: Referral  # Dinas Sosial -> UPTD PPA, due in 5 days
    stale_case: Case  # referred to the PPA unit and accepted, no milestone, opened 40 days ago
    uptd_case: Case  # UPTD's case: one child without a service
    visit_late: Visit  # the supervisor's visit, planned yesterday
    finding_late: Finding  # open, due 10 days ago
    finding_soon: Finding  # open, due in 20 days
    pair: CandidatePair
    children: dict[str, Child]


def _child(registry_home: object, name: str, **extra: object) -> Child:
    today = timezone.localdate()
    values: dict[str, object] = {
        "lksa": registry_home,
        "region_code": registry_home.region_code,  # type: ignore[attr-defined]
        "full_name": name,
        "sex": "P",
        "referral_source": "family",
        "referral_reason": "-",
        "admitted_on": today - timedelta(days=200),
    }
    return Child.objects.create(**(values | extra))


def build_work(monitored: Monitored) -> Work:
    registry = monitored.registry
    world, home, medan = registry.world, registry.home, registry.medan
    today, now = timezone.localdate(), timezone.now()
    supervisor, case_worker = world.user("supervisor"), world.user("case_worker")
    investigator = world.user("investigator")

    concern = Concern.objects.create
    old = concern(source="public", lksa=home, region_code=home.region_code, category="abuse", description="a")
    new = concern(source="public", lksa=home, region_code=home.region_code, category="work", description="b")
    Concern.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=3))
    in_medan = concern(
        source="public", lksa=medan, region_code=medan.region_code, category="abuse", description="c"
    )
    taken = concern(
        source="public", lksa=home, region_code=home.region_code, category="abuse", description="d"
    )

    case = case_open(
        actor=supervisor,
        concerns=[taken],
        title="Anak dipekerjakan",
        form_of_violence="eksploitasi",
        cluster="pka",
        summary="-",
        lksa=home,
        region_code="",
    )
    due = today + timedelta(days=5)
    late = referral_send(
        actor=supervisor,
        case=case,
        to_org=world.ppa_unit,
        purpose="investigation",
        note="",
        due_on=due,
        legal_basis="public_task",
        consent_note="UU 35/2014 Pasal 59A.",
        shared=sorted(ALL_SECTIONS),
    )
    Referral.objects.filter(pk=late.pk).update(due_on=today - timedelta(days=2), escalated_at=now)
    to_uptd = referral_send(
        actor=supervisor,
        case=case,
        to_org=world.uptd,
        purpose="psychosocial",
        note="",
        due_on=due,
        legal_basis="public_task",
        consent_note="UU 35/2014 Pasal 59A.",
        shared=sorted(ALL_SECTIONS),
    )
    stale = case_open(
        actor=supervisor,
        concerns=[],
        title="Siaran langsung",
        form_of_violence="eksploitasi",
        cluster="pka",
        summary="-",
        lksa=home,
        region_code="",
    )
    accepted = referral_send(
        actor=supervisor,
        case=stale,
        to_org=world.ppa_unit,
        purpose="investigation",
        note="",
        due_on=due,
        legal_basis="public_task",
        consent_note="UU 35/2014 Pasal 59A.",
        shared=sorted(ALL_SECTIONS),
    )
    referral_decide(actor=investigator, referral=accepted, accept=True)
    Case.objects.filter(pk=stale.pk).update(opened_at=now - timedelta(days=40))
    uptd_case = case_open(
        actor=case_worker,
        concerns=[],
        title="Pendampingan korban",
        form_of_violence="psikis",
        cluster="pka",
        summary="-",
        lksa=None,
        region_code="36.03",
    )
    case_child_add(actor=case_worker, case=uptd_case, record=CaseChild(name="R", sex="P", age=9))

    template = ChecklistTemplate.objects.create(name="SNPA", version=1, status="published")
    visit = Visit.objects.create(
        lksa=home,
        region_code=home.region_code,
        organisation=world.dinsos,
        template=template,
        planned_on=today - timedelta(days=1),
        lead=supervisor,
    )
    visit.team.set([supervisor])
    done = Visit.objects.create(
        lksa=home,
        region_code=home.region_code,
        organisation=world.dinsos,
        template=template,
        planned_on=today - timedelta(days=60),
        visited_on=today - timedelta(days=60),
        status="concluded",
        lead=supervisor,
    )

    def finding(days: int, **extra: object) -> Finding:
        return Finding.objects.create(
            visit=done,
            lksa=home,
            region_code=home.region_code,
            severity="high",
            description="-",
            corrective_action="-",
            due_on=today + timedelta(days=days),
            **extra,
        )

    finding_late = finding(-10, escalated_at=now)
    finding_soon = finding(20)
    finding(-30, status="responded")  # overdue for the supervisor, not "to correct" for the home
    finding(-40, status="closed")

    children = {
        "no_plan": _child(home, "Anak Satu"),
        "plan_late": _child(home, "Anak Dua"),
        "fine": _child(home, "Anak Tiga"),
        "back_home": _child(home, "Anak Pulang", status=Child.Status.LEFT),
        "medan": _child(medan, "Anak Medan"),
    }
    CarePlan.objects.create(
        child=children["plan_late"],
        made_on=today - timedelta(days=200),
        goals="-",
        next_review_on=today - timedelta(days=3),
        made_by="-",
    )
    CarePlan.objects.create(
        child=children["fine"],
        made_on=today,
        goals="-",
        next_review_on=today + timedelta(days=90),
        made_by="-",
    )
    for kid in (children["fine"], children["back_home"]):
        GatekeepingAssessment.objects.create(child=kid, assessed_on=today, assessor="-", reasons="-")
    Placement.objects.create(
        child=children["back_home"], kind="reunification", started_on=today - timedelta(days=100)
    )
    pair = CandidatePair.objects.create(
        child_a=children["no_plan"], child_b=children["medan"], match_probability=0.97, match_weight=9
    )

    monitored.capture(BABY)  # rujuk
    monitored.capture(RISKY)  # tinjau
    monitored.capture(BABY, account=monitored.medan_account)  # Medan's

    Registration.objects.create(
        lksa=home,
        number="REG-1",
        issued_on=today - timedelta(days=300),
        valid_until=today + timedelta(days=30),
    )
    Registration.objects.create(
        lksa=medan,
        number="REG-2",
        issued_on=today - timedelta(days=300),
        valid_until=today + timedelta(days=10),
    )
    operator = world.user("lksa_operator")
    ChangeRequest.objects.create(lksa=home, kind="profile", data={}, submitted_by=operator)
    ChangeRequest.objects.create(
        lksa=home,
        kind="profile",
        data={},
        submitted_by=operator,
        status="rejected",
        decided_at=now,
        decision_note="Lampirkan akta",
    )
    StaffMember.objects.create(lksa=home, full_name="Pak Baru", position="Pengasuh")

    AccessAttempt.objects.create(
        username=world.user("colleague").email,
        ip_address="10.0.0.1",
        user_agent="test",
        failures_since_start=settings.AXES_FAILURE_LIMIT,
        get_data="",
        post_data="",
        http_accept="",
        path_info="/accounts/login/",
    )
    ApiToken.objects.create(
        user=supervisor,
        name="SIMFONI sync",
        prefix="pnt_abc",
        token_hash="x",
        expires_at=now + timedelta(days=3),
    )
    ApiToken.objects.create(
        user=supervisor, name="Old", prefix="pnt_old", token_hash="y", expires_at=now + timedelta(days=60)
    )
    return Work(
        monitored,
        [old, new, in_medan],
        late,
        to_uptd,
        stale,
        uptd_case,
        visit,
        finding_late,
        finding_soon,
        pair,
        children,
    )
