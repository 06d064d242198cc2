"""Benchmark each role's home page (its work queues) at national scale.

    uv run python bench/bench_home.py            # PostgreSQL, scratch database pantau_bench_home

Seeds the national synthetic data set if the database is empty (`seed_demo --scale national`: 10,000
LKSA, 500,000 children, cases, supervision, monitoring, duplicate pairs), then measures in-process
(server time, no network) `GET /` for every demo role: a kabupaten and a province Dinas Sosial
supervisor, KPAI and Kemensos (national), the police Unit PPA and cyber unit, UPTD PPA, the LKSA
operator, an organisation administrator, the system administrator and an auditor. Budget: p95 <= 150 ms;
"queries/request" is the range over all requests (a constant count shows min = max).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import national_database, timed

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/pantau_bench_home"
REQUESTS = 100

PERSONAS = [
    ("supervisor, kabupaten (Dinsos Kab. Tangerang)", "pengawas@dinsos-kabtangerang.pantau.test"),
    ("supervisor, kota (Dinsos Kota Medan)", "pengawas@dinsos-medan.pantau.test"),
    ("KPAI supervisor (national)", "pengawas@kpai.pantau.test"),
    ("Kemensos viewer (national)", "pengamat@kemensos.pantau.test"),
    ("police Unit PPA investigator", "penyidik@ppa-polrestatangerang.pantau.test"),
    ("police cyber unit investigator (province)", "penyidik@siber-poldabanten.pantau.test"),
    ("UPTD PPA case worker", "pekerjasosial@uptdppa-kabtangerang.pantau.test"),
    ("LKSA operator", "operator@lksa-kasihbunda.pantau.test"),
    ("organisation administrator (Dinsos Banten)", "admin@dinsos-banten.pantau.test"),
    ("system administrator", "sysadmin@pantau.test"),
    ("auditor (Dinsos Banten)", "auditor@dinsos-banten.pantau.test"),
]


def main() -> None:
    url = os.environ.get("PANTAU_BENCH_DATABASE_URL", DEFAULT_DB)
    national_database(url)

    from django.test import Client

    from pantau.accounts.access import actor_of
    from pantau.accounts.models import Membership, User
    from pantau.accounts.roles import OrgKind, Role
    from pantau.accounts.testing import force_login_verified
    from pantau.core.home import home_context

    personas = list(PERSONAS)
    # The busiest province office's supervisor (national seed: one per province office).
    province = (
        Membership.objects.filter(
            is_active=True, role=Role.SUPERVISOR, organisation__kind=OrgKind.DINSOS_PROVINCE
        )
        .select_related("user")
        .order_by("organisation__region_id")
        .filter(organisation__region_id="36")
        .first()
    )
    if province is not None:
        personas.insert(1, ("supervisor, province (Dinsos Banten)", province.user.email))

    for label, email in personas:
        user = User.objects.get(email=email)
        actor = actor_of(user)
        assert actor is not None
        queues = home_context(actor).get("queues") or []
        waiting = ", ".join(f"{q.key} {q.count}{'+' if q.capped else ''}" for q in queues) or "-"
        client = Client()
        force_login_verified(client, user)

        def get(_: int, client: Client = client) -> None:
            response = client.get("/")
            assert response.status_code == 200, response.status_code

        get(0)  # warm the connection and the templates
        timed(f"home, {label}", REQUESTS, get)
        print(f"    waiting: {waiting}")


if __name__ == "__main__":
    main()
