"""Benchmark the LKSA page (one connected picture of a home) at national scale.

    uv run python bench/bench_lksa_page.py       # PostgreSQL, scratch database pantau_bench_lksa

Seeds the national synthetic data set if the database is empty (`seed_demo --scale national`: 10,000
LKSA, 500,000 children, cases, monitoring, duplicate pairs) and a national year of supervision visits,
then measures in-process (server time, no network) the page `/registry/<id>/` and the API
`/api/v1/lksa/<id>/overview` for the heaviest readers: KPAI (national), a Dinas Sosial province office
and a kabupaten supervisor, and for police, UPTD PPA and the home's operator. Each request opens another
of the 25 busiest homes of Kabupaten Tangerang (most children), so "queries/request" shows whether the
count depends on the home.
"""

from __future__ import annotations

import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import national_database, timed

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/pantau_bench_lksa"


def main() -> None:
    url = os.environ.get("PANTAU_BENCH_DATABASE_URL", DEFAULT_DB)
    national_database(url)

    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from pantau.accounts.models import Membership, Organisation, User
    from pantau.accounts.roles import OrgKind, Role
    from pantau.accounts.testing import force_login_verified
    from pantau.cases.models import Case
    from pantau.lib.seeding import SeedContext
    from pantau.linkage.models import CandidatePair
    from pantau.monitoring.models import Post
    from pantau.registry.models import Lksa
    from pantau.supervision.models import Visit
    from pantau.supervision.seed import seed_supervision

    if not Visit.objects.exists():
        started = time.perf_counter()
        seed_supervision(SeedContext(scale="national", seed=2024, stdout=io.StringIO()))
        print(f"seed supervision (national): {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"{Lksa.objects.count():,} LKSA, {Visit.objects.count():,} visits, {Case.objects.count():,} cases, "
        f"{Post.objects.count():,} posts, {CandidatePair.objects.count():,} duplicate pairs"
    )

    homes = list(
        Lksa.objects.filter(region_code__startswith="36.03.")
        .annotate(n=Count("children"))
        .order_by("-n", "pk")
        .values_list("pk", "n")[:25]
    )
    print(
        f"25 busiest homes of Kab. Tangerang: {homes[0][1]}..{homes[-1][1]} children each (in care and left)"
    )

    def client_for(user: User) -> Client:
        client = Client()
        force_login_verified(client, user)  # second factor passed
        return client

    def member(email: str, organisation: Organisation, role: str) -> User:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, full_name=email.split("@")[0])
            Membership.objects.create(user=user, organisation=organisation, role=role)
        return user

    province = Organisation.objects.get(kind=OrgKind.DINSOS_PROVINCE, region_id="36")
    readers = {
        "national (KPAI)": User.objects.get(email="pengawas@kpai.pantau.test"),
        "province office (Dinsos Banten)": member(
            "bench-lksa@dinsos-banten.pantau.test", province, Role.SUPERVISOR
        ),
        "kabupaten supervisor (Kab. Tangerang)": User.objects.get(
            email="pengawas@dinsos-kabtangerang.pantau.test"
        ),
    }
    police = Organisation.objects.filter(kind=OrgKind.POLICE_PPA_UNIT, region_id="36.03").first()
    uptd = Organisation.objects.filter(kind=OrgKind.UPTD_PPA, region_id="36.03").first()
    if police is not None:
        readers["police Unit PPA (Kab. Tangerang)"] = member(
            "bench-lksa@ppa.pantau.test", police, Role.INVESTIGATOR
        )
    if uptd is not None:
        readers["UPTD PPA (Kab. Tangerang)"] = member("bench-lksa@uptd.pantau.test", uptd, Role.CASE_WORKER)

    for label, user in readers.items():
        client = client_for(user)

        def page(i: int, client: Client = client) -> None:
            response = client.get(f"/registry/{homes[i % len(homes)][0]}/")
            assert response.status_code == 200, response.status_code

        def api(i: int, client: Client = client) -> None:
            response = client.get(f"/api/v1/lksa/{homes[i % len(homes)][0]}/overview")
            assert response.status_code == 200, response.status_code

        def risk_part(i: int, client: Client = client) -> None:
            response = client.get(f"/supervision/plan/home/{homes[i % len(homes)][0]}/")
            assert response.status_code in (200, 403), response.status_code

        page(0)  # warm
        timed(f"LKSA page, {label}", 100, page)
        timed(f"  its risk part (loaded after the page), {label}", 50, risk_part)
        timed(f"API overview, {label}", 50, api)

    busiest = Lksa.objects.select_related("organisation").get(pk=homes[0][0])
    operator = member("bench-lksa@operator.pantau.test", busiest.organisation, Role.LKSA_OPERATOR)
    own = client_for(operator)
    timed("LKSA page, the home's operator (its own home)", 50, lambda i: own.get(f"/registry/{busiest.pk}/"))


if __name__ == "__main__":
    main()
