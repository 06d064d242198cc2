from __future__ import annotations

import subprocess
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pantau.ops.postgres import ToolError
from pantau.ops.restore import Refused, restore


class Command(BaseCommand):
    help = (
        "Restore a backup folder into an EMPTY database and upload folder, then verify it against its "
        "manifest (bin/restore). Exit 2: refused, nothing changed; exit 1: restored but not equal."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", help="a backup folder written by bin/backup")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        try:
            outcome = restore(Path(options["folder"]))
        except (Refused, ToolError) as error:
            raise CommandError(f"Restore refused: {error}", returncode=2) from error
        except subprocess.CalledProcessError as error:
            message = f"pg_restore failed (the database is left empty): {error}"
            raise CommandError(message, returncode=1) from error
        for note in outcome.notes:
            self.stdout.write(f"Note: {note}")
        if outcome.problems:
            for problem in outcome.problems:
                self.stderr.write(f"MISMATCH {problem}")
            raise CommandError(
                f"Restored, but {len(outcome.problems)} difference(s) from the backup's manifest: do not use "
                "this copy until they are understood.",
                returncode=1,
            )
        self.stdout.write(
            f"Restored and verified: {outcome.tables} tables, {outcome.rows} rows and {outcome.files} files "
            f"equal the manifest; keys match ({time.monotonic() - started:.1f} s)."
        )
