"""Rebuild the index of identifiers and every signal (nightly, and after a bulk load or import)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from pantau.lib.jobs import job_lease
from pantau.network import indexer


class Command(BaseCommand):
    help = "Rebuild the network index (identifiers across records) and its signals."

    def handle(self, *args: Any, **options: Any) -> None:
        # Two rebuilds at once would each replace the other's rows: the second one stands down.
        with job_lease("network", 1) as acquired:
            if not acquired:
                self.stderr.write("Another network_rebuild is running; nothing done.")
                return
            figures = indexer.rebuild(stdout=self.stdout)
        self.stdout.write(
            f"{figures['entities']} identifiers in {figures['occurrences']} places; "
            f"signals {figures['signals']}; {figures['seconds']} s"
        )
