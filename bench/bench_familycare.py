"""Benchmark the family-care lists and API at national scale.

    uv run python bench/bench_familycare.py      # PostgreSQL, scratch database pantau_bench_familycare

Seeds the national synthetic data set if the database is empty (`seed_demo --scale national`), then, once,
20,000 family-care files (adoption, foster, kinship, guardianship) over children in care all over the
country, one family each, with their steps up to a stage drawn along each kind's flow (some closed,
some withdrawn), their due dates and monitoring visits. Then measures in-process (server time, no
network) for a provincial Dinas Sosial supervisor of the province with the most files (only Dinas Sosial
lists files): the file list `/family-care/` (default and `?state=overdue`), `/family-care/families/`,
`GET /api/v1/family-care/files`, and, for KPAI (national) and the same officer, the figures page and
API. Each request asks for another page (1..5) of the list, so "queries/request" min = max shows the
count does not depend on the page. Budget: p95 <= 150 ms.
"""

from __future__ import annotations

import os
import random
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import national_database, timed

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/pantau_bench_familycare"
FILES = 20_000
REQUESTS = 60
KIND_WEIGHTS = {"adoption": 35, "foster": 25, "kinship": 30, "guardianship": 10}


def seed_files(count: int) -> None:
    """``count`` files over as many children in care, with their families and steps (bulk inserts)."""
    from django.db import transaction
    from django.utils import timezone

    from pantau.accounts.models import User
    from pantau.children.models import Child
    from pantau.familycare.models import CareFile, Family, FileStep, RuleSet, Stage
    from pantau.familycare.workflow import FLOWS, LIVING_WITH_FAMILY, due_on

    rng = random.Random(16)  # noqa: S311  (reproducible synthetic data, not a secret)
    today = timezone.localdate()
    officer = (
        User.objects.filter(email="pengawas@dinsos-kabtangerang.pantau.test").first() or User.objects.first()
    )
    assert officer is not None
    rules = {r.kind: r for r in RuleSet.objects.filter(version=1)}
    children = list(
        Child.objects.filter(status=Child.Status.IN_CARE)
        .exclude(pk__in=CareFile.objects.open().values("child_id"))  # the demo seed's own files
        .order_by("pk")
        .values_list("pk", "lksa_id", "region_code")
    )
    chosen = rng.sample(children, count)
    kinds = rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()), k=count)
    with transaction.atomic():
        families = Family.objects.bulk_create(
            [
                Family(
                    applicant_name=f"Pemohon {n}",
                    applicant_sex="L",
                    applicant_birth_date=today - timedelta(days=365 * 40),
                    applicant_religion="islam",
                    marital_status="married",
                    married_on=today - timedelta(days=365 * 10),
                    spouse_name=f"Pasangan {n}",
                    spouse_sex="P",
                    spouse_birth_date=today - timedelta(days=365 * 38),
                    spouse_religion="islam",
                    spouse_citizenship="wni",
                    address="-",
                    region_code=region_code,  # a family near the child's home
                    registered_by=officer,
                )
                for n, (_pk, _lksa, region_code) in enumerate(chosen)
            ],
            batch_size=5000,
        )
        files, step_rows = [], []
        for family, (child_id, lksa_id, region_code), kind in zip(families, chosen, kinds, strict=True):
            flow = FLOWS[kind]
            reached = rng.randrange(len(flow))
            on = today - timedelta(days=rng.randint(30, 700))
            opened_on, dates = on, []
            for _step in flow[: reached + 1]:
                dates.append(on)
                on = min(today, on + timedelta(days=rng.randint(10, 60)))
            file = CareFile(
                kind=kind,
                family=family,
                child_id=child_id,
                lksa_id=lksa_id,
                child_region_code=region_code,
                region_code=family.region_code,
                stage=flow[reached].stage,
                stage_on=dates[-1],
                opened_on=opened_on,
                rules=rules[kind],
                opened_by=officer,
            )
            if flow[reached].closes:
                file.closed_on = dates[-1]
            elif rng.random() < 0.05:
                file.stage, file.closed_on, file.close_reason = Stage.WITHDRAWN, dates[-1], "-"
            if file.closed_on is None:
                file.due_on = due_on(file, rules[kind])
                if file.stage in LIVING_WITH_FAMILY:
                    file.next_visit_on = file.stage_on + timedelta(days=90)
            files.append(file)
            step_rows.append([(step.stage, day) for step, day in zip(flow, dates, strict=False)])
        CareFile.objects.bulk_create(files, batch_size=5000)
        FileStep.objects.bulk_create(
            [
                FileStep(file=file, stage=stage, done_on=day, rules=file.rules, recorded_by=officer)
                for file, steps in zip(files, step_rows, strict=True)
                for stage, day in steps
            ],
            batch_size=5000,
        )


def main() -> None:
    url = os.environ.get("PANTAU_BENCH_DATABASE_URL", DEFAULT_DB)
    national_database(url)

    from django.db import connection
    from django.db.models import Count
    from django.db.models.functions import Substr
    from django.test import Client

    from pantau.accounts.models import Membership, Organisation, User
    from pantau.accounts.roles import OrgKind, Role
    from pantau.accounts.testing import force_login_verified
    from pantau.familycare.models import CareFile, Family, FileStep

    # The national seed makes a few demo files of its own; these are the benchmark's.
    if not Family.objects.filter(applicant_name__startswith="Pemohon ").exists():
        started = time.perf_counter()
        seed_files(FILES)
        print(f"seed family care ({FILES:,} files): {time.perf_counter() - started:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    by_province = (
        CareFile.objects.annotate(province=Substr("region_code", 1, 2))
        .values("province")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    biggest = by_province[0]
    print(
        f"{CareFile.objects.count():,} files ({CareFile.objects.open().count():,} open), "
        f"{FileStep.objects.count():,} steps; busiest province {biggest['province']}: {biggest['n']:,} files"
    )

    def member(email: str, organisation: Organisation, role: str) -> User:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, full_name=email.split("@")[0])
            Membership.objects.create(user=user, organisation=organisation, role=role)
        return user

    def client_for(user: User) -> Client:
        client = Client()
        force_login_verified(client, user)
        return client

    office = Organisation.objects.get(kind=OrgKind.DINSOS_PROVINCE, region_id=biggest["province"])
    officer = client_for(
        member(f"bench-fc@dinsos-{biggest['province']}.pantau.test", office, Role.SUPERVISOR)
    )
    national = client_for(User.objects.get(email="pengawas@kpai.pantau.test"))
    print(f"reader: supervisor of {office.name}")

    def getter(client: Client, path: str, *, pages: int = 5) -> Callable[[int], None]:
        sep = "&" if "?" in path else "?"

        def get(i: int) -> None:
            response = client.get(f"{path}{sep}page={1 + i % pages}")
            assert response.status_code == 200, (path, response.status_code)

        return get

    measured = [
        ("file list /family-care/", getter(officer, "/family-care/")),
        ("file list, overdue", getter(officer, "/family-care/?state=overdue")),
        ("families /family-care/families/", getter(officer, "/family-care/families/")),
        ("API GET /api/v1/family-care/files", getter(officer, "/api/v1/family-care/files")),
        ("API files, overdue", getter(officer, "/api/v1/family-care/files?state=overdue")),
        ("figures page, province officer", getter(officer, "/family-care/figures/", pages=1)),
        ("figures page, national (KPAI)", getter(national, "/family-care/figures/", pages=1)),
        ("API figures, national (KPAI)", getter(national, "/api/v1/family-care/figures", pages=1)),
    ]
    for label, call in measured:
        call(0)  # warm the connection and the templates
        timed(label, REQUESTS, call)


if __name__ == "__main__":
    main()
