from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from pantau.ops.backup import make_backup
from pantau.ops.postgres import ToolError


class Command(BaseCommand):
    help = "Back up the database, the uploaded files and a manifest into a dated folder (bin/backup)."

    def add_arguments(self, parser: CommandParser) -> None:
        default = os.environ.get("PANTAU_BACKUP_DIR") or str(Path(settings.BASE_DIR) / "var" / "backups")
        parser.add_argument("--output", default=default, help="folder for the dated backup folders")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        try:
            folder = make_backup(Path(options["output"]))
        except (ToolError, subprocess.CalledProcessError) as error:
            raise CommandError(f"Backup failed, nothing was kept: {error}") from error
        size = sum(p.stat().st_size for p in folder.iterdir())
        seconds = time.monotonic() - started
        self.stdout.write(f"Backup written to {folder} ({size / 1e6:.1f} MB, {seconds:.1f} s)")
