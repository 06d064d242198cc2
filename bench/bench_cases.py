"""Benchmark the triage queue and the case list with 100,000 cases.

    uv run python bench/bench_cases.py     # PostgreSQL, scratch database pantau_bench_children

Reuses the database bench_children.py leaves behind (or seeds it, `--scale national`). Adds, once,
100,000 cases led by the Dinas Sosial and UPTD PPA offices of every province and kabupaten/kota (with
a child each, and a referral for one in five) and 130,000 concerns of which 30,000 wait for triage;
the Kabupaten Tangerang office gets a heavy share. Then 50 "full" case files of that office, each with
what a long trafficking case gathers: three children with rehabilitation plans (goals, reviews),
reintegration and follow-up visits, LPSK requests and restitution with payments; five alleged persons,
four evidence files with their custody logs, platform requests, services, investigation milestones,
referrals with consent and a TPPO reading. Then measures in-process (server time): the triage queue,
the case list, a thin and a full case file (the query count must not grow with what a file holds),
and the referral inbox.
"""

from __future__ import annotations

import io
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import recreate_database, setup_django, timed

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/pantau_bench_children"
CASES = 100_000
CONCERNS = 130_000
WAITING = 30_000


def main() -> None:
    url = os.environ.get("PANTAU_BENCH_DATABASE_URL", DEFAULT_DB)
    setup_django(url)
    from django.core.management import call_command
    from django.db import connection

    if "registry_lksa" not in connection.introspection.table_names():
        connection.close()
        recreate_database(url)
        call_command("migrate", verbosity=0)
        call_command("seed_demo", "--scale", "national", stdout=io.StringIO())
    call_command("migrate", verbosity=0)

    from django.test import Client

    from pantau.accounts.models import User
    from pantau.accounts.testing import force_login_verified
    from pantau.cases.models import Case

    if Case.objects.count() < CASES:
        started = time.perf_counter()
        _fill()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"filled in {time.perf_counter() - started:.1f} s")
    if not Case.objects.filter(number__startswith="KS-FULL-").exists():
        _fill_full()
    from pantau.cases.models import Concern, Referral

    officer = User.objects.get(email="pengawas@dinsos-kabtangerang.pantau.test")
    membership = officer.active_membership
    assert membership is not None
    own = Case.objects.filter(owner=membership.organisation)
    waiting = Concern.objects.filter(status="received", case__isnull=True).count()
    print(
        f"{Case.objects.count():,} cases ({own.count():,} led by Dinas Sosial Kab. Tangerang), "
        f"{Concern.objects.count():,} concerns ({waiting:,} waiting), {Referral.objects.count():,} referrals"
    )
    client = Client()
    force_login_verified(client, officer)  # signed in with the second factor passed
    timed(
        "triage queue, kabupaten officer (page 1..10)",
        200,
        lambda i: client.get("/cases/triage/", {"page": 1 + i % 10}),
    )
    timed(
        "case list, kabupaten officer (page 1..10)",
        200,
        lambda i: client.get("/cases/", {"page": 1 + i % 10}),
    )
    ids = list(own.values_list("pk", flat=True)[:200])
    timed("case file (thin), kabupaten officer", 200, lambda i: client.get(f"/cases/{ids[i % len(ids)]}/"))
    full = list(own.filter(number__startswith="KS-FULL-").values_list("pk", flat=True))
    timed("case file (full), kabupaten officer", 200, lambda i: client.get(f"/cases/{full[i % len(full)]}/"))
    police = User.objects.get(email="penyidik@ppa-polrestatangerang.pantau.test")
    investigator = Client()
    force_login_verified(investigator, police)
    timed("referral inbox, police Unit PPA", 200, lambda i: investigator.get("/cases/referrals/"))
    timed("case list, police Unit PPA (accepted referrals)", 200, lambda i: investigator.get("/cases/"))


def _fill() -> None:
    from django.utils import timezone

    from pantau.accounts.models import Organisation, User
    from pantau.accounts.roles import OrgKind
    from pantau.cases.models import Case, CaseChild, Concern, Referral
    from pantau.registry.models import Lksa

    rng = random.Random(7)  # noqa: S311  (synthetic data)
    now, today = timezone.now(), timezone.localdate()
    offices = list(
        Organisation.objects.filter(
            kind__in=[OrgKind.DINSOS_REGENCY, OrgKind.DINSOS_PROVINCE, OrgKind.UPTD_PPA]
        ).values_list("pk", "region_id")
    )
    heavy = Organisation.objects.get(name="Dinas Sosial Kabupaten Tangerang")
    police = Organisation.objects.get(name="Unit PPA Polresta Tangerang")
    opener = User.objects.get(email="pengawas@dinsos-kabtangerang.pantau.test")
    homes: dict[str, list[int]] = {}
    for pk, region in Lksa.objects.values_list("pk", "region_code"):
        homes.setdefault(region[:5], []).append(pk)
    forms = ["fisik", "psikis", "seksual", "eksploitasi", "trafficking", "penelantaran", "lainnya"]
    existing = Case.objects.count()
    cases = []
    for i in range(CASES - existing):
        office, region = (heavy.pk, "36.03") if i % 20 == 0 else rng.choice(offices)
        region = region or "31"
        nearby = homes.get(region[:5]) or []
        cases.append(
            Case(
                number=f"KS-BENCH-{existing + i:07d}",
                title=f"Kasus {i}",
                owner_id=office,
                region_code=region,
                lksa_id=rng.choice(nearby) if nearby and rng.random() < 0.6 else None,
                form_of_violence=rng.choice(forms),
                cluster="pka",
                summary="Data sintetis untuk pengukuran.",
                status="open" if rng.random() < 0.6 else "closed",
                opened_by=opener,
            )
        )
    Case.objects.bulk_create(cases, batch_size=5000)
    Case.objects.filter(number__startswith="KS-BENCH-").update(opened_at=now - timedelta(days=30))
    CaseChild.objects.bulk_create(
        [CaseChild(case=c, name=f"Anak {c.pk}", age=rng.randint(1, 17)) for c in cases], batch_size=5000
    )
    Referral.objects.bulk_create(
        [
            Referral(
                case=c,
                from_org_id=c.owner_id,
                to_org=police,
                purpose="investigation",
                due_on=today + timedelta(days=7),
                sent_by=opener,
                status=rng.choice(["pending", "accepted", "declined"]),
            )
            for c in cases
            if c.owner_id == heavy.pk and rng.random() < 0.2
        ],
        batch_size=5000,
    )
    concerns = []
    for i in range(CONCERNS):
        waiting = i < WAITING
        region = "36.03" if i % 10 == 0 else rng.choice(offices)[1] or ""
        concerns.append(
            Concern(
                source=rng.choice(["public", "staff"]),
                region_code=region,
                category=rng.choice(["livestream", "fundraising", "abuse", "work", "other"]),
                description="Laporan sintetis untuk pengukuran.",
                status="received" if waiting else "closed",
            )
        )
    Concern.objects.bulk_create(concerns, batch_size=5000)


def _fill_full(files: int = 50) -> None:
    """``files`` case files of the Kabupaten Tangerang office holding everything a file can hold."""
    from django.utils import timezone

    from pantau.accounts.models import Organisation, User
    from pantau.cases.models import (
        Case,
        CaseChild,
        CaseEvent,
        CaseEvidence,
        CaseSubject,
        CustodyEntry,
        FollowUp,
        Investigation,
        LpskRequest,
        PlanGoal,
        PlanReview,
        PlatformRequest,
        Referral,
        RehabPlan,
        Reintegration,
        Restitution,
        RestitutionPayment,
        Service,
        TppoAssessment,
    )

    today = timezone.localdate()
    day = timedelta(days=1)
    heavy = Organisation.objects.get(name="Dinas Sosial Kabupaten Tangerang")
    police = Organisation.objects.get(name="Unit PPA Polresta Tangerang")
    home_province = Organisation.objects.filter(kind="dinsos_province").exclude(region_id="36").first()
    assert home_province is not None
    user = User.objects.get(email="pengawas@dinsos-kabtangerang.pantau.test")
    for n in range(files):
        case = Case.objects.create(
            number=f"KS-FULL-{n:05d}",
            title=f"Eksploitasi daring {n}",
            owner=heavy,
            region_code="36.03",
            intake="police_report",
            police_report_number=f"LP/B/{n}/XII/2026",
            reported_on=today - 90 * day,
            form_of_violence="trafficking",
            cluster="pka",
            summary="Data sintetis untuk pengukuran.",
            opened_by=user,
        )
        case.team.add(user)
        TppoAssessment.objects.create(
            case=case,
            process=["recruit", "harbour"],
            means=["deception"],
            purpose=["livestream"],
            assessed_by=user,
        )
        kids = [
            CaseChild.objects.create(case=case, name=f"Anak {n}-{k}", age=8 + k, sex="P") for k in range(3)
        ]
        for kid in kids:
            plan = RehabPlan.objects.create(
                case_child=kid, coordinator=heavy, next_review_on=today + 10 * day, created_by=user
            )
            PlanGoal.objects.bulk_create(
                PlanGoal(plan=plan, domain=d, text="Tujuan sintetis", provider="UPTD PPA")
                for d in ("medical", "psychosocial", "education")
            )
            PlanReview.objects.bulk_create(
                PlanReview(
                    plan=plan,
                    reviewed_on=today - k * 30 * day,
                    progress="Kemajuan.",
                    by=user,
                    organisation=heavy,
                )
                for k in (1, 2)
            )
            back = Reintegration.objects.create(
                case_child=kid,
                placed_with="parents",
                region_code="53.71",
                follow_up_org=home_province,
                returned_on=today - 100 * day,
                recorded_by=user,
            )
            FollowUp.objects.bulk_create(
                FollowUp(reintegration=back, due_on=back.returned_on + m * 30 * day) for m in (1, 3, 6, 12)
            )
            LpskRequest.objects.create(
                case_child=kid,
                protections=["security", "identity_secret"],
                requested_on=today - 60 * day,
                recorded_by=user,
            )
            claim = Restitution.objects.create(
                case_child=kid,
                basis="tppo",
                claimed_amount=50_000_000,
                claimed_on=today - 50 * day,
                ordered_amount=40_000_000,
                ordered_on=today - 20 * day,
                recorded_by=user,
            )
            RestitutionPayment.objects.bulk_create(
                RestitutionPayment(
                    restitution=claim, paid_on=today - k * day, amount=5_000_000, recorded_by=user
                )
                for k in (1, 2)
            )
        CaseSubject.objects.bulk_create(
            CaseSubject(case=case, name=f"Terlapor {n}-{k}", relation="pengasuh") for k in range(5)
        )
        for k in range(4):
            evidence = CaseEvidence.objects.create(
                case=case,
                file=f"bench/{n}-{k}.png",
                original_name=f"tangkapan-{k}.png",
                content_type="image/png",
                sha256="0" * 64,
                size=1024,
                uploaded_by=user,
            )
            CustodyEntry.objects.bulk_create(
                CustodyEntry(evidence=evidence, action=a, by=user, organisation=heavy, sha256="0" * 64)
                for a in ("added", "viewed", "verified")
            )
        PlatformRequest.objects.bulk_create(
            PlatformRequest(
                case=case,
                platform="tiktok",
                kind=k,
                target="@akun",
                sent_on=today - 20 * day,
                recorded_by=user,
                organisation=heavy,
            )
            for k in ("preservation", "takedown", "disclosure")
        )
        Service.objects.bulk_create(
            Service(
                case=case,
                case_child=kids[k % 3],
                kind="psychosocial",
                provider="UPTD PPA",
                started_on=today - k * day,
                recorded_by=user,
            )
            for k in range(6)
        )
        Investigation.objects.bulk_create(
            Investigation(
                case=case, organisation=police, stage=s, happened_on=today - k * day, recorded_by=user
            )
            for k, s in enumerate(("report", "inquiry", "investigation", "suspect"))
        )
        Referral.objects.bulk_create(
            Referral(
                case=case,
                from_org=heavy,
                to_org=o,
                purpose=p,
                due_on=today + 7 * day,
                sent_by=user,
                status="accepted",
                legal_basis="consent",
                child_assent="given",
                guardian_consent="given",
                shared=["identity", "services", "timeline"],
            )
            for o, p in ((police, "investigation"), (home_province, "return"), (police, "legal_aid"))
        )
        CaseEvent.objects.bulk_create(
            CaseEvent(case=case, happened_on=today - k * day, text="Catatan.", by=user, organisation=heavy)
            for k in range(10)
        )


if __name__ == "__main__":
    main()
