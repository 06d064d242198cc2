"""The scheduled batch run (cron, nightly): link the children of a region or the nation, queue the pairs.

python manage.py linkage_run [--region 36]
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pantau.linkage import services
from pantau.linkage.models import LinkageRun
from pantau.regions.models import Region


class Command(BaseCommand):
    help = "Run duplicate detection over the children of a region (default: the nation)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", default="", help="province (36) or regency/city (36.03) code")
        parser.add_argument(
            "--refresh-keys",
            action="store_true",
            help="also rebuild the registration-time check's keys of these children (after database repairs)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        region = options["region"].strip()
        if region and not Region.objects.filter(code=region).exists():
            raise CommandError(f"No region has the code {region!r}.", returncode=2)
        run = services.run_execute(
            services.run_queue(actor=None, region_code=region), refresh_keys=options["refresh_keys"]
        )
        if run.status != LinkageRun.Status.DONE:
            raise CommandError(f"The run failed: {run.error}", returncode=1)
        seconds = (
            (run.finished_at - run.started_at).total_seconds() if run.finished_at and run.started_at else 0
        )
        self.stdout.write(
            f"{run.records:,} children, {run.pairs:,} pairs to review ({run.new_pairs:,} new), "
            f"{run.clusters:,} clusters, {run.labels:,} decisions used; {seconds:.1f} s"
        )
