"""A home with something in every part of its picture (shared by the LKSA page and risk-signal tests).

Built directly with the ORM so the numbers are known exactly: see ``Picture`` for what each part holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from pantau.accounts.models import Organisation, User
from pantau.accounts.roles import OrgKind
from pantau.cases.models import Case, Concern
from pantau.children.models import CarePlan, Child, FollowUpVisit, Placement
from pantau.linkage.models import CandidatePair
from pantau.monitoring.models import MonitoredAccount, Post
from pantau.registry.models import BankAccount, Lksa, SocialAccount
from pantau.registry.tests.conftest import RegistryWorld
from pantau.supervision.checklists import snpa_install
from pantau.supervision.models import Finding, Visit


@dataclass
class Picture:
    registry: RegistryWorld
    home: Lksa  # the Tangerang home
    other: Lksa  # another Tangerang home sharing the phone, a bank account and a handle
    in_care: list[Child]  # 3 children in care in the home; the first has a care plan overdue
    left: dict[str, Child]  # children who left: reunified_unchecked, kinship_followed, recent, adopted
    open_cases: list[Case]  # 2 open (one opened by the police, one by UPTD), 1 closed not listed
    concerns: list[Concern]  # 1 open concern
    account: MonitoredAccount
    flagged: list[Post]  # 4 flagged posts counted (a fifth was dismissed, a sixth is too old)
    pairs: list[CandidatePair]  # 2 pending pairs: within the home, and with the Medan home
    visits: list[Visit]  # a concluded visit 30 days ago and a planned one in 10 days
    findings: list[Finding]  # 2 open findings of the concluded visit, one overdue; a closed one


def child(home: Lksa, name: str, *, today: date, status: str = Child.Status.IN_CARE) -> Child:
    return Child.objects.create(
        lksa=home,
        region_code=home.region_code,
        full_name=name,
        sex="L",
        referral_source="family",
        referral_reason="-",
        admitted_on=today - timedelta(days=400),
        status=status,
    )


def leave(kid: Child, kind: str, days_ago: int, *, today: date, follow_up: bool = False) -> Child:
    kid.status = Child.Status.LEFT
    kid.save(update_fields=["status"])
    Placement.objects.create(child=kid, kind=kind, started_on=today - timedelta(days=days_ago))
    if follow_up:
        FollowUpVisit.objects.create(
            child=kid, visited_on=today - timedelta(days=days_ago - 5), by="Peksos", finding="well"
        )
    return kid


def build_picture(registry: RegistryWorld) -> Picture:
    world = registry.world
    today = timezone.localdate()
    now = timezone.now()
    home = registry.home
    home.phone = "0812-1111-2222"
    Lksa.objects.filter(pk=home.pk).update(phone=home.phone)
    other = Lksa.objects.create(
        organisation=Organisation.objects.create(
            name="Panti Tetangga", kind=OrgKind.LKSA, region_id="36.03.03.2001"
        ),
        name="Panti Tetangga",
        region_code="36.03.03.2001",
        phone="+62 812 1111 2222",
    )
    for lksa in (home, other):
        BankAccount.objects.create(lksa=lksa, bank="BRI", number="0123-01-000555-50-7", holder_name="Darman")
        SocialAccount.objects.create(lksa=lksa, platform="tiktok", handle="@panti.kasih")
    in_care = [child(home, f"Anak Kasih {i}", today=today) for i in range(3)]
    CarePlan.objects.create(
        child=in_care[0],
        made_on=today - timedelta(days=200),
        goals="x",
        next_review_on=today - timedelta(days=5),
        made_by="x",
    )
    CarePlan.objects.create(
        child=in_care[1], made_on=today, goals="x", next_review_on=today + timedelta(days=20), made_by="x"
    )
    left = {
        "reunified_unchecked": leave(
            child(home, "Anak Pulang", today=today), "reunification", 60, today=today
        ),
        "kinship_followed": leave(
            child(home, "Anak Kerabat", today=today), "kinship", 60, today=today, follow_up=True
        ),
        "recent": leave(child(home, "Anak Baru Pulang", today=today), "reunification", 10, today=today),
        "adopted": leave(
            child(home, "Anak Angkat", today=today), "adoption", 60, today=today, follow_up=True
        ),
        "long_ago": leave(child(home, "Anak Lama", today=today), "reunification", 400, today=today),
    }
    medan_child = child(registry.medan, "Anak Medan", today=today)
    police: User = world.user("investigator")
    uptd_worker: User = world.user("case_worker")
    cases = [
        Case.objects.create(
            number=f"K-{n}",
            title=f"Kasus {n}",
            owner=owner.memberships.get().organisation,
            lksa=home,
            region_code=home.region_code,
            form_of_violence="fisik",
            cluster="pka",
            summary="-",
            opened_by=owner,
            status=status,
        )
        for n, owner, status in ((1, police, "open"), (2, uptd_worker, "open"), (3, uptd_worker, "closed"))
    ]
    concern = Concern.objects.create(
        source="public", lksa=home, region_code=home.region_code, category="livestream", description="x"
    )
    account = MonitoredAccount.objects.create(
        platform="tiktok", handle="@panti.kasih.live", lksa=home, region_code=home.region_code
    )

    def post(tier: str, days_ago: int, decision: str = "") -> Post:
        made = Post.objects.create(
            account=account,
            text="tolong transfer",
            source="manual",
            region_code=home.region_code,
            tier=tier,
            tier_rank={"tinjau": 2, "rujuk": 3}.get(tier, 0),
            score=0.9,
            decision=decision,
        )
        Post.objects.filter(pk=made.pk).update(captured_at=now - timedelta(days=days_ago))
        return made

    flagged = [post("rujuk", 1), post("tinjau", 10), post("tinjau", 30), post("rujuk", 80, "open_concern")]
    post("tinjau", 5, "no_action")  # dismissed
    post("rujuk", 120)  # too old
    post("pantau", 2)  # not a flag
    pairs = [
        CandidatePair.objects.create(
            child_a=in_care[0], child_b=in_care[1], match_probability=0.97, match_weight=9
        ),
        CandidatePair.objects.create(
            child_a=in_care[2], child_b=medan_child, match_probability=0.91, match_weight=7
        ),
    ]
    CandidatePair.objects.create(
        child_a=in_care[1], child_b=medan_child, match_probability=0.5, match_weight=1, status="different"
    )
    template = snpa_install()
    supervisor = world.user("supervisor")
    visits = [
        Visit.objects.create(
            lksa=home,
            region_code=home.region_code,
            organisation=world.dinsos,
            template=template,
            planned_on=today + timedelta(days=offset),
            visited_on=today + timedelta(days=offset) if done else None,
            status="concluded" if done else "planned",
            lead=supervisor,
        )
        for offset, done in ((-30, True), (10, False))
    ]

    def finding(due: int, status: str = "open") -> Finding:
        return Finding.objects.create(
            visit=visits[0],
            lksa=home,
            region_code=home.region_code,
            item=template.items.get(code="B11"),
            severity="high",
            description="Tidak ada rencana pengasuhan",
            corrective_action="Buat rencana",
            due_on=today + timedelta(days=due),
            status=status,
        )

    findings = [finding(-3), finding(20)]
    finding(-10, "closed")
    return Picture(
        registry, home, other, in_care, left, cases, [concern], account, flagged, pairs, visits, findings
    )
