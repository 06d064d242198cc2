"""Benchmark importing a 100,000-row children list into a database that holds 500,000 children.

    uv run python bench/bench_children_import.py     # PostgreSQL, scratch database pantau_bench_children

Reuses the database bench_children.py leaves behind (or seeds it, `--scale national`). A Dinas Sosial
province officer in Banten gets 1,000 new homes and a 100,000-row XLSX naming a home on every row, with
realistic names, NIK, KK numbers and gatekeeping assessments. Each run below happens in a fresh process
so its peak memory (max RSS) is the import's own:

1. the file with row 77,001 broken (a 15-digit NIK): refused, the row named, nothing saved;
2. the clean file: 100,000 children admitted (with placements, assessments and one audit row each);
3. the same file again: nothing changes.
"""

from __future__ import annotations

import io
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import recreate_database, setup_django

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/pantau_bench_children"
ROWS = 100_000
HOMES = 1_000
BROKEN_ROW = 77_001  # the spreadsheet row (the header is row 1)
OFFICER = "bench-import@dinsos-banten.pantau.test"


def main() -> None:
    url = os.environ.get("PANTAU_BENCH_DATABASE_URL", DEFAULT_DB)
    try:
        setup_django(url)
        from pantau.children.models import Child

        seeded = Child.objects.count() >= 500_000
    except Exception:  # no database yet
        seeded = False
    if not seeded:
        from django.db import connections

        connections.close_all()
        recreate_database(url)
        setup_django(url)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("seed_demo", "--scale", "national", stdout=io.StringIO())
    from pantau.children.models import Child

    homes = _prepare_homes()
    print(f"database: {Child.objects.count():,} children; importing {ROWS:,} rows into {len(homes):,} homes")
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        clean, broken = _write_files(Path(folder), homes)
        size = clean.stat().st_size / 1e6
        print(f"wrote the {ROWS:,}-row XLSX in {time.perf_counter() - started:.1f} s ({size:.1f} MB)")
        for label, path in (
            (f"broken file (row {BROKEN_ROW:,} has a 15-digit NIK)", broken),
            ("import 100,000 new children", clean),
            ("re-import the same file (nothing changes)", clean),
        ):
            result = subprocess.run(  # noqa: S603  (this script, with a path it wrote itself)
                [sys.executable, __file__, "--run", str(path)],
                env={**os.environ, "PANTAU_BENCH_DATABASE_URL": url},
                capture_output=True,
                text=True,
                check=True,
            )
            print(f"{label:<52} {result.stdout.strip()}")
    print(f"children now: {Child.objects.count():,}")


def _prepare_homes() -> list[int]:
    """1,000 fresh homes in Banten with room for the list, and a province officer who may admit."""
    from pantau.accounts.models import Membership, Organisation, User
    from pantau.accounts.roles import OrgKind, Role
    from pantau.children.models import Child, GatekeepingAssessment, Placement
    from pantau.registry.models import Lksa

    province = Organisation.objects.get(kind=OrgKind.DINSOS_PROVINCE, region_id="36")
    officer = User.objects.filter(email=OFFICER).first()
    if officer is None:
        officer = User.objects.create_user(email=OFFICER, full_name="Bench Import", password=None)
        Membership.objects.create(user=officer, organisation=province, role=Role.SUPERVISOR)
    existing = list(
        Lksa.objects.filter(name__startswith="LKSA Bench Impor").order_by("pk").values_list("pk", flat=True)
    )
    if existing:
        # An earlier run's children are removed so the first import starts from empty homes again.
        children = Child.objects.filter(lksa__in=existing)
        for model in (Placement, GatekeepingAssessment):
            model.objects.filter(child__in=children)._raw_delete(model.objects.db)
        children._raw_delete(Child.objects.db)
        return existing
    from pantau.regions.models import Region

    villages = list(
        Region.objects.filter(code__startswith="36.", level=4)
        .order_by("code")
        .values_list("code", flat=True)[:HOMES]
    )
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(name=f"LKSA Bench Impor {i:04d}", kind=OrgKind.LKSA, region_id=code)
            for i, code in enumerate(villages)
        ]
    )
    homes = Lksa.objects.bulk_create(
        [
            Lksa(organisation=o, name=o.name, region_code=o.region_id or "", capacity=ROWS // HOMES + 20)
            for o in organisations
        ]
    )
    return [h.pk for h in homes]


def _write_files(folder: Path, homes: list[int]) -> tuple[Path, Path]:
    from openpyxl import Workbook

    from pantau.children.import_columns import COLUMN_NAMES
    from pantau.children.seed import REASONS
    from pantau.lib import synth
    from pantau.registry.models import Lksa

    regions = dict(Lksa.objects.filter(pk__in=homes).values_list("pk", "region_code"))
    rng = random.Random(2024)  # noqa: S311  (synthetic data, reproducible)
    today = date.today()  # noqa: DTZ011
    rows: list[list[object]] = []
    serials: dict[str, int] = {}
    for i in range(ROWS):
        home = homes[i % len(homes)]
        sex = rng.choice("LP")
        born = today - timedelta(days=rng.randint(2 * 365, 17 * 365))
        admitted = born + timedelta(days=rng.randint(365, (today - born).days))
        district = regions[home].replace(".", "")[:6]
        day = born.day + (40 if sex == "P" else 0)
        stem = f"{district}{day:02d}{born.month:02d}{born.year % 100:02d}"
        serials[stem] = serials.get(stem, 0) + 1  # NIK serials are unique per region, birth date and sex
        assessed = rng.random() < 0.85
        family = synth.family(rng)
        rows.append(
            [
                home,
                "",
                # Unique within a home: a re-import must match each row to its child.
                f"{family.child_name(rng, sex)} {i}",
                "",
                sex,
                born.isoformat(),
                "pasti",
                "Serang",
                f"{stem}{serials[stem]:04d}",
                f"{district}{rng.randint(10**9, 10**10 - 1)}",
                "",
                family.mother,
                family.father,
                rng.choice(["hidup", "meninggal", "tidak diketahui"]),
                rng.choice(["hidup", "meninggal", "tidak diketahui"]),
                "Kab. Serang",
                "",
                rng.choice(["keluarga", "masyarakat", "dinsos", "polisi"]),
                rng.choice(REASONS),
                admitted.isoformat(),
                "tidak" if assessed else "ya",
                (admitted - timedelta(days=7)).isoformat() if assessed else "",
                "Peksos Dinsos Banten" if assessed else "",
                "Keluarga tidak mampu mengasuh; penelusuran berlanjut" if assessed else "",
                "ya" if assessed else "",
            ]
        )
    paths = []
    for name, broken in (("clean.xlsx", False), ("broken.xlsx", True)):
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("Anak")
        sheet.append(COLUMN_NAMES)
        for number, values in enumerate(rows, start=2):
            if broken and number == BROKEN_ROW:
                values = [*values[:8], str(values[8])[:15], *values[9:]]
            sheet.append(values)
        path = folder / name
        workbook.save(path)
        paths.append(path)
    return paths[0], paths[1]


def run(path: str) -> None:
    """One import in this (fresh) process: prints the time, the outcome and the peak memory."""
    setup_django(os.environ.get("PANTAU_BENCH_DATABASE_URL", DEFAULT_DB))
    from django.utils import translation

    translation.activate("en")
    from django.core.files.base import ContentFile

    from pantau.accounts.models import User
    from pantau.imports.models import ImportJob
    from pantau.imports.runner import import_job_run

    officer = User.objects.get(email=OFFICER)
    membership = officer.active_membership
    assert membership is not None
    job = ImportJob.objects.create(
        kind="children",
        created_by=officer,
        organisation=membership.organisation,
        file=ContentFile(Path(path).read_bytes(), name="anak.xlsx"),
        original_name="anak.xlsx",
    )
    started = time.perf_counter()
    job = import_job_run(job.pk)
    elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if job.status == "done":
        outcome = f"created {job.created_count:,}, updated {job.updated_count:,}"
    else:
        first = job.errors[0]
        outcome = (
            f"refused, {job.error_count} error(s): row {first['row']} {first['column']}: {first['message']}"
        )
    print(f"{elapsed:6.1f} s  peak memory {peak_mb:6.0f} MB  {outcome}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--run"]:
        run(sys.argv[2])
    else:
        main()
