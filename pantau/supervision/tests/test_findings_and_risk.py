"""Finding lifecycle (answer, reject, accept, escalate) and the risk ranking on a known dataset."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from pantau.accounts.models import Organisation
from pantau.accounts.roles import OrgKind, Role
from pantau.audit.models import AuditEvent
from pantau.cases.models import Concern
from pantau.children.models import CarePlan, Child, GatekeepingAssessment
from pantau.conftest import make_user
from pantau.registry.models import Lksa
from pantau.registry.tests.conftest import RegistryWorld, make_sound
from pantau.supervision import risk
from pantau.supervision.models import ChecklistTemplate, Finding, RiskWeight, Visit
from pantau.supervision.services import (
    ESCALATE_AFTER_DAYS,
    finding_decide,
    finding_respond,
    findings_escalate,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def make_finding(visit: Visit, *, due: date, severity: str = "high") -> Finding:
    Visit.objects.filter(pk=visit.pk).update(status="concluded", visited_on=TODAY() - timedelta(days=30))
    return Finding.objects.create(
        visit=visit,
        lksa=visit.lksa,
        region_code=visit.region_code,
        item=visit.template.items.get(code="B11"),
        severity=severity,
        description="Tidak ada rencana pengasuhan",
        corrective_action="Buat rencana untuk setiap anak",
        due_on=due,
    )


def test_the_lksa_answers_and_the_supervisor_decides(
    registry: RegistryWorld, visit: Visit, login: Callable[..., Client]
) -> None:
    finding = make_finding(visit, due=TODAY() + timedelta(days=30))
    operator = login(registry.world.user("lksa_operator"))
    page = operator.get(f"/supervision/findings/{finding.pk}/")
    assert page.status_code == 200 and "Answer this finding" in page.content.decode()
    assert operator.post(f"/supervision/findings/{finding.pk}/respond/", {"text": ""}).status_code == 302
    finding.refresh_from_db()
    assert finding.status == "open"  # an empty answer is refused with a message
    operator.post(f"/supervision/findings/{finding.pk}/respond/", {"text": "Rencana dibuat untuk 30 anak"})
    finding.refresh_from_db()
    assert finding.status == "responded"
    supervisor = registry.world.user("supervisor")
    with pytest.raises(ValidationError, match="Say what is still missing"):
        finding_decide(actor=supervisor, finding=finding, accept=False)
    finding_decide(actor=supervisor, finding=finding, accept=False, note="Lampirkan contoh rencana")
    finding.refresh_from_db()
    assert finding.status == "open" and finding.responses.get().decision == "rejected"
    finding_respond(actor=registry.world.user("lksa_operator"), finding=finding, text="Contoh terlampir")
    supervisor_client = login(supervisor, Client())
    supervisor_client.post(f"/supervision/findings/{finding.pk}/decide/", {"decision": "accept", "note": ""})
    finding.refresh_from_db()
    assert finding.status == "closed" and finding.closed_at is not None
    actions = list(AuditEvent.objects.filter(target_id=str(finding.pk)).values_list("action", flat=True))
    assert actions.count("finding.responded") == 2 and "finding.accepted" in actions


def test_only_the_home_concerned_answers_its_findings(
    registry: RegistryWorld, visit: Visit, login: Callable[..., Client]
) -> None:
    finding = make_finding(visit, due=TODAY() + timedelta(days=30))
    medan_operator = registry.world.user("outsider")  # a supervisor elsewhere: not in scope either
    assert login(medan_operator).get(f"/supervision/findings/{finding.pk}/").status_code == 404
    # A supervisor may read but not answer on the home's behalf.
    supervisor = login(registry.world.user("supervisor"), Client())
    assert supervisor.post(f"/supervision/findings/{finding.pk}/respond/", {"text": "x"}).status_code == 403
    # Another home's operator cannot see it.
    other = Organisation.objects.create(name="LKSA Lain", kind=OrgKind.LKSA, region_id="36.03.03.2001")
    stranger = make_user("operator@lain.test.id", other, Role.LKSA_OPERATOR)
    assert login(stranger, Client()).get(f"/supervision/findings/{finding.pk}/").status_code == 404


def test_overdue_findings_escalate_once(
    registry: RegistryWorld, visit: Visit, login: Callable[..., Client]
) -> None:
    late = make_finding(visit, due=TODAY() - timedelta(days=ESCALATE_AFTER_DAYS + 1))
    recent = make_finding(visit, due=TODAY() - timedelta(days=2))
    assert findings_escalate() == 1 and findings_escalate() == 0
    late.refresh_from_db(), recent.refresh_from_db()
    assert late.escalated_at is not None and recent.escalated_at is None
    # The province and KPAI see it on their list of escalated findings.
    kpai = login(registry.world.user("system_admin"))
    page = kpai.get("/supervision/findings/?show=escalated")
    assert page.status_code == 200 and list(page.context["page"]) == [late]


def test_a_critical_finding_can_become_a_concern_in_one_step(
    registry: RegistryWorld, visit: Visit, login: Callable[..., Client]
) -> None:
    finding = make_finding(visit, due=TODAY() + timedelta(days=10), severity="critical")
    client = login(registry.world.user("supervisor"))
    client.post(f"/supervision/findings/{finding.pk}/concern/")
    client.post(f"/supervision/findings/{finding.pk}/concern/")
    finding.refresh_from_db()
    assert Concern.objects.count() == 1 and finding.concern == Concern.objects.get()


def test_risk_ranking_on_a_known_dataset(registry: RegistryWorld, snpa: ChecklistTemplate) -> None:
    today = TODAY()
    sound = make_sound(registry.home, today=today)  # registered, capacity 40
    quiet = Lksa.objects.create(
        organisation=Organisation.objects.create(
            name="Panti Sepi", kind=OrgKind.LKSA, region_id="36.03.03.2001"
        ),
        name="Panti Sepi",
        region_code="36.03.03.2001",
        capacity=2,
    )
    # The sound home: visited recently, 4 children, all assessed, all with a plan, 1 with a living parent.
    Visit.objects.create(
        lksa=sound,
        region_code=sound.region_code,
        organisation=registry.world.dinsos,
        template=snpa,
        planned_on=today - timedelta(days=40),
        visited_on=today - timedelta(days=40),
        status="concluded",
        lead=registry.world.user("supervisor"),
    )
    for i in range(4):
        child = Child.objects.create(
            lksa=sound,
            region_code=sound.region_code,
            full_name=f"Anak {i}",
            sex="L",
            referral_source="family",
            referral_reason="-",
            admitted_on=today,
            mother_status="alive" if i == 0 else "deceased",
            father_status="deceased",
        )
        GatekeepingAssessment.objects.create(child=child, assessed_on=today, assessor="x", reasons="x")
        CarePlan.objects.create(
            child=child, made_on=today, goals="x", next_review_on=today + timedelta(days=90), made_by="x"
        )
    # The quiet home: never visited, not registered, 3 children for 2 places, none assessed or planned,
    # all with a living parent, an open concern.
    for i in range(3):
        Child.objects.create(
            lksa=quiet,
            region_code=quiet.region_code,
            full_name=f"Anak Sepi {i}",
            sex="P",
            referral_source="family",
            referral_reason="-",
            admitted_on=today,
            mother_status="alive",
        )
    Concern.objects.create(
        source="public", lksa=quiet, region_code=quiet.region_code, category="livestream", description="x"
    )
    rows = risk.visit_plan(Lksa.objects.filter(pk__in=[sound.pk, quiet.pk]), today, region="36.03")
    assert [(r.name, r.score) for r in rows] == [("Panti Sepi", 120), (sound.name, 0)]
    assert [(r.code, r.points, r.detail) for r in rows[0].reasons] == [
        ("not_registered", 30, ""),
        ("never_visited", 25, ""),
        ("concerns", 15, "1"),
        ("no_gatekeeping", 15, "3/3"),
        ("no_care_plan", 10, "3/3"),
        ("over_capacity", 15, "3/2"),
        ("living_parents", 10, "3/3"),
    ]
    assert rows[1].last_visit == today - timedelta(days=40)
    # An administrator's weights change the score; 0 switches a factor off.
    RiskWeight.objects.create(code="never_visited", points=50)
    RiskWeight.objects.create(code="living_parents", points=0)
    rows = risk.visit_plan(Lksa.objects.filter(pk=quiet.pk), today, region="36.03")
    assert rows[0].score == 120 + 25 - 10 and "living_parents" not in [r.code for r in rows[0].reasons]


def test_daily_run_escalates_and_reminds_each_person_once(
    registry: RegistryWorld, visit: Visit, mailoutbox: list
) -> None:
    from pantau.supervision.reminders import daily_run

    make_finding(visit, due=TODAY() - timedelta(days=ESCALATE_AFTER_DAYS + 3))
    Visit.objects.create(
        lksa=registry.home,
        region_code=registry.home.region_code,
        organisation=registry.world.dinsos,
        template=visit.template,
        planned_on=TODAY() + timedelta(days=2),
        lead=registry.world.user("supervisor"),
    ).team.add(registry.world.user("supervisor"))
    escalated, sent = daily_run()
    assert escalated == 1
    by_person = {m.to[0]: m for m in mailoutbox}
    supervisor = by_person["pengawas@dinsos.test.id"]
    assert supervisor.subject.startswith("Pantau: pengingat pengawasan")
    assert "Kunjungan Anda dalam sepekan ke depan" in supervisor.body and "1 temuan" in supervisor.body
    operator = by_person["operator@lksa.test.id"]
    assert "LKSA Kasih Bunda" in operator.body and "Panti Asuhan Harapan" not in operator.body
    medan = by_person["pengawas@medan.test.id"]  # only the Medan home, never visited
    assert "Panti Asuhan Harapan" in medan.body and "Kasih Bunda" not in medan.body
    assert sent == len(mailoutbox) == len(by_person)
    assert daily_run()[0] == 0  # escalation happens once


def test_workload_and_coverage_on_a_known_dataset(
    registry: RegistryWorld, visit: Visit, login: Callable[..., Client]
) -> None:
    from pantau.supervision.workload import workload

    finding = make_finding(visit, due=TODAY() + timedelta(days=5))  # concludes the visit 30 days ago
    Finding.objects.filter(pk=finding.pk).update(
        status="closed", created_at=timezone.now() - timedelta(days=12), closed_at=timezone.now()
    )
    rows = workload(registry.world.user("supervisor"), TODAY()).rows
    # From the visit (30 days ago) to the closing (today), not from when the row was typed in.
    assert [
        (r.key, r.homes, r.supervisors, r.visited_12m, r.visits_done, r.median_days_to_close) for r in rows
    ] == [("36.03", 1, 2, 1, 1, 30)]
    assert rows[0].homes_per_supervisor == 0.5 and rows[0].visited_pct == 100.0
    national = {r.key: r for r in workload(registry.world.user("system_admin"), TODAY()).rows}
    assert national["12"].homes == 1 and national["12"].visited_12m == 0 and national["36"].supervisors == 2
    page = login(registry.world.user("supervisor")).get("/supervision/workload/")
    assert page.status_code == 200 and "Median days to close a finding" in page.content.decode()


def test_only_the_visiting_office_decides_on_a_finding(
    registry: RegistryWorld, visit: Visit, login: Callable[..., Client]
) -> None:
    finding = make_finding(visit, due=TODAY() + timedelta(days=30))
    finding_respond(actor=registry.world.user("lksa_operator"), finding=finding, text="Sudah")
    kpai = Organisation.objects.create(name="KPAI Lain", kind=OrgKind.KPAI)
    national = make_user("pengawas@kpai-lain.test.id", kpai, Role.SUPERVISOR)
    client = login(national)
    assert client.get(f"/supervision/findings/{finding.pk}/").status_code == 200  # sees it
    assert (
        client.post(f"/supervision/findings/{finding.pk}/decide/", {"decision": "accept"}).status_code == 403
    )
    assert client.post(f"/supervision/findings/{finding.pk}/concern/").status_code == 403
    finding.refresh_from_db()
    assert finding.status == "responded"
