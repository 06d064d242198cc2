from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper
from django.db import connection, transaction

from pantau.accounts.models import Organisation
from pantau.accounts.seed import demo_second_factor_help
from pantau.audit.services import audit_record
from pantau.lib.seeding import DEMO_PASSWORD, DemoLogin, SeedContext, run_seeders


class Command(BaseCommand):
    help = "Fill an empty database with deterministic synthetic demo data and print the demo logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            choices=["demo", "national"],
            default="demo",
            help="demo: a few regions, quick; national: design-point volumes for benchmarks.",
        )
        parser.add_argument(
            "--seed", type=int, default=2024, help="Random seed; the same seed gives the same data."
        )

    def handle(self, *args: Any, scale: str, seed: int, **options: Any) -> None:
        if settings.IS_PRODUCTION:
            raise CommandError(
                "seed_demo creates accounts with a published password; it is refused in production."
            )
        if Organisation.objects.exists():
            raise CommandError(
                "The database already has organisations; seed_demo only fills an empty database. "
                "Use a fresh database (bin/demo --reset recreates var/demo.sqlite3; "
                "manage.py demo_logins prints the logins of the data you have)."
            )
        started = time.perf_counter()
        ctx = SeedContext(scale=scale, seed=seed, stdout=self.stdout)
        with transaction.atomic():
            run_seeders(ctx)
            audit_record(action="demo.seeded", target_label=f"scale={scale} seed={seed}")
        # Fresh planner statistics: right after a bulk load PostgreSQL still believes the tables are
        # empty (autovacuum catches up later) and picks plans that take seconds instead of milliseconds.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(
            f"Demo data ({scale}, seed {seed}) generated in {time.perf_counter() - started:.1f} s.\n"
        )
        print_logins(self.stdout, ctx.logins)


def print_logins(stdout: OutputWrapper, logins: Sequence[DemoLogin]) -> None:
    """The logins, the password and how to pass the second step (also ``demo_logins``)."""
    stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD})\n")
    width = max(len(login.email) for login in logins) if logins else 20
    for login in logins:
        stdout.write(
            f"  {login.role:<28} {login.email:<{width}}  {login.organisation} — {login.jurisdiction}\n"
        )
    stdout.write(demo_second_factor_help())
