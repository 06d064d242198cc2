from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from pantau.registry.services import legality_refresh_all


class Command(BaseCommand):
    help = "Recompute every LKSA's legality status (run daily: documents expire without anyone editing)."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        changed = legality_refresh_all()
        self.stdout.write(
            f"Legality refreshed in {time.perf_counter() - started:.1f} s; {changed} LKSA changed status."
        )
