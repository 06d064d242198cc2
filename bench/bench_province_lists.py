"""The children list and /api/v1/children at a province's scale (100,000 children in care).

    uv run python bench/bench_province_lists.py      # PostgreSQL, the load test's database (load_seed.py)

In-process (server time, no network), on `pantau_bench_load` as `load_seed.py` leaves it: Jawa Tengah
holds 100,000 children in care. A supervisor of Dinas Sosial Provinsi Jawa Tengah pages the list (pages
1..10 and deep pages), searches by name, and reads the API's pages; for comparison the same for the
busiest kabupaten officer (Kab. Tangerang) and KPAI (the nation).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import timed
from load_seed import DEFAULT_DB, LARGEST_PROVINCE, seed


def main() -> None:
    seed(os.environ.get("PANTAU_BENCH_DATABASE_URL", DEFAULT_DB))
    from django.test import Client

    from pantau.accounts.models import Membership, Role, User
    from pantau.accounts.testing import force_login_verified
    from pantau.children.models import Child

    def client_for(user: User) -> Client:
        client = Client()
        force_login_verified(client, user)  # second factor passed
        return client

    province_officer = (
        Membership.objects.filter(
            role=Role.SUPERVISOR,
            organisation__kind="dinsos_province",
            organisation__region_id=LARGEST_PROVINCE,
        )
        .select_related("user")
        .first()
    )
    assert province_officer is not None
    in_care = Child.objects.filter(region_code__startswith=f"{LARGEST_PROVINCE}.", status="in_care").count()
    print(f"province {LARGEST_PROVINCE}: {in_care:,} children in care")
    province = client_for(province_officer.user)
    names = ["siti", "rizki", "dewi", "made", "putri", "ahmad", "maria", "bagus", "nur", "andi"]
    searches = [province.post("/children/", {"q": name, "status": "in_care"})["Location"] for name in names]
    timed(
        "children list, province (pages 1..10)",
        200,
        lambda i: province.get("/children/", {"page": 1 + i % 10}),
    )
    timed(
        "children list, province (pages 100..190)",
        100,
        lambda i: province.get("/children/", {"page": 100 + i % 91}),
    )
    timed("child search by name, province", 200, lambda i: province.get(searches[i % 10]))
    timed(
        "API children, province (pages 1..10)",
        200,
        lambda i: province.get("/api/v1/children", {"page": 1 + i % 10}),
    )
    from pantau.accounts.services import api_token_create

    _token, clear = api_token_create(user=province_officer.user, name="bench", days=5)
    by_token = Client(HTTP_AUTHORIZATION=f"Bearer {clear}")  # no session: the token is checked each time
    timed(
        "API children, province, with an API token",
        200,
        lambda i: by_token.get("/api/v1/children", {"page": 1 + i % 10}),
    )
    kabupaten = client_for(User.objects.get(email="pengawas@dinsos-kabtangerang.pantau.test"))
    timed(
        "children list, kabupaten (pages 1..10)",
        200,
        lambda i: kabupaten.get("/children/", {"page": 1 + i % 10}),
    )
    national = client_for(User.objects.get(email="pengawas@kpai.pantau.test"))
    timed(
        "children list, national (pages 1..10)",
        100,
        lambda i: national.get("/children/", {"page": 1 + i % 10}),
    )
    timed(
        "API children, national (pages 1..10)",
        100,
        lambda i: national.get("/api/v1/children", {"page": 1 + i % 10}),
    )


if __name__ == "__main__":
    main()
