"""Benchmark the LKSA registry at national scale (10,000 LKSA).

    uv run python bench/bench_registry.py            # PostgreSQL, scratch database pantau_bench_registry

It recreates the scratch database, loads all regions and the national synthetic data set
(`seed_demo --scale national`: 10,000 LKSA), then measures, in-process (server time, no network):

* the public check (`/check/?q=…`) and the public API: p50 / p95 and queries per request;
* the registry list page for a national (KPAI) and a provincial (Dinas Sosial) user;
* importing a 10,000-row XLSX spreadsheet (validate + commit + legality), and re-importing it.
"""

from __future__ import annotations

import io
import os
import sys
import time
from pathlib import Path
from typing import cast

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import recreate_database, setup_django, timed

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/pantau_bench_registry"


def main() -> None:
    url = os.environ.get("PANTAU_BENCH_DATABASE_URL", DEFAULT_DB)
    recreate_database(url)
    setup_django(url)
    from django.core.management import call_command
    from django.test import Client
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from pantau.accounts.models import User
    from pantau.accounts.testing import force_login_verified
    from pantau.imports.models import ImportJob
    from pantau.imports.runner import import_job_run
    from pantau.regions.models import Region
    from pantau.registry.importer import COLUMN_NAMES
    from pantau.registry.models import Lksa

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("seed_demo", "--scale", "national", stdout=io.StringIO())
    print(f"seed (national): {time.perf_counter() - started:.1f} s, {Lksa.objects.count():,} LKSA")

    public = Client()
    words = [
        "kasih",
        "harapan",
        "al-ikhlas",
        "bunda",
        "nurul",
        "tunas",
        "maria",
        "mandiri",
        "insani",
        "hikmah",
    ]
    regions = list(Region.objects.filter(level=2).values_list("code", flat=True)[:50])

    def visitor(i: int) -> str:
        # Each request from its own address: the per-address rate limit is not what is measured here.
        return f"10.9.{i // 250}.{i % 250 + 1}"

    def check(params: dict[str, str], i: int, path: str = "/check/") -> None:
        response = public.get(path, params, REMOTE_ADDR=visitor(i))
        assert response.status_code == 200, response.status_code

    timed("public check, by name (/check/?q=)", 200, lambda i: check({"q": words[i % len(words)]}, i))
    timed(
        "public check, by kab/kota (/check/?region=)",
        200,
        lambda i: check({"region": regions[i % len(regions)]}, i),
    )
    timed(
        "public API (/api/v1/public/lksa?q=)",
        200,
        lambda i: check({"q": words[i % len(words)]}, i, "/api/v1/public/lksa"),
    )

    staff = Client()
    force_login_verified(staff, User.objects.get(email="pengawas@kpai.pantau.test"))  # second factor passed
    timed(
        "registry list, national (KPAI), page 1..",
        200,
        lambda i: staff.get("/registry/", {"page": 1 + i % 20}),
    )
    timed(
        "registry list, national, filtered by status",
        200,
        lambda i: staff.get("/registry/", {"status": ["registered", "attention", "not_registered"][i % 3]}),
    )
    province = Client()
    force_login_verified(province, User.objects.get(email="admin@dinsos-banten.pantau.test"))
    timed(
        "registry list, province (Dinsos Banten)",
        200,
        lambda i: province.get("/registry/", {"page": 1 + i % 3}),
    )

    # A 10,000-row spreadsheet from Dinas Sosial Kabupaten Tangerang (homes in its own kabupaten).
    supervisor = User.objects.get(email="pengawas@dinsos-kabtangerang.pantau.test")
    villages = list(Region.objects.filter(level=4, code__startswith="36.03.").values_list("code", flat=True))
    workbook = Workbook()
    sheet = cast(Worksheet, workbook.active)
    sheet.append(COLUMN_NAMES)
    for i in range(10_000):
        row = {
            "nama_lksa": f"Panti Asuhan Benchmark {i:05d}",
            "kode_wilayah": villages[i % len(villages)],
            "kapasitas": 40,
            "jumlah_anak": 20 + i % 30,
            "nama_yayasan": f"Yayasan Benchmark {i:05d}",
            "bentuk_badan_hukum": "yayasan",
            "no_akta": str(i),
            "tanggal_akta": "2012-05-01",
            "no_sk_ahu": f"AHU-{i:05d}",
            "no_tanda_daftar": f"36.03/BENCH/{i:05d}",
            "tanggal_tanda_daftar": "2024-03-01",
            "tanda_daftar_berlaku_sampai": "2027-02-28",
            "bank": "BRI",
            "no_rekening": f"0123-{i:06d}",
            "nama_pemilik_rekening": f"Yayasan Benchmark {i:05d}",
            "rekening_atas_nama": "yayasan",
        }
        sheet.append([row.get(c) for c in COLUMN_NAMES])
    unchanged = io.BytesIO()
    workbook.save(unchanged)
    for row_cells in sheet.iter_rows(min_row=2):
        row_cells[COLUMN_NAMES.index("kapasitas")].value = 45  # every home's capacity changes
        row_cells[COLUMN_NAMES.index("tanda_daftar_berlaku_sampai")].value = "2027-03-31"
    changed = io.BytesIO()
    workbook.save(changed)
    from django.core.files.base import ContentFile

    membership = supervisor.active_membership
    assert membership is not None
    runs = [
        ("import 10,000 rows (new homes)", unchanged),
        ("re-import the same file (nothing changes)", unchanged),
        ("re-import with every row changed", changed),
    ]
    for label, buffer in runs:
        job = ImportJob.objects.create(
            kind="lksa",
            created_by=supervisor,
            organisation=membership.organisation,
            file=ContentFile(buffer.getvalue(), name="bench.xlsx"),
            original_name="bench.xlsx",
        )
        started = time.perf_counter()
        job = import_job_run(job.pk)
        elapsed = time.perf_counter() - started
        assert job.status == "done", job.errors[:3]
        print(f"{label:<46} {elapsed:6.1f} s  (created {job.created_count:,}, updated {job.updated_count:,})")


if __name__ == "__main__":
    main()
