from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from pantau.children import summary


class Command(BaseCommand):
    help = (
        "Recompute the stored children's figures (one row per LKSA, kabupaten/kota and province) from the "
        "records. Run nightly from cron, after refresh_legality, and after changes made outside Pantau."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        rows = summary.refresh_all()
        self.stdout.write(f"{rows} figure row(s) written in {time.perf_counter() - started:.1f} s.")
