"""Screen a file of posts without storing anything: for evaluation and for police cyber units.

    python manage.py screen_posts --input posts.jsonl --output results.jsonl

Input: JSON Lines (or CSV with a header row) with ``id`` and ``text``, optionally ``platform``,
``account``, ``posted_at``, ``is_live``, ``gift_count``, ``url``. Output: one JSON line per usable
input line with ``id``, ``score``, ``tier``, ``flagged``, ``indicators`` and ``entities``. A bad line is
reported on stderr with its number and skipped; the exit code is then 1.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from pantau.monitoring import files
from pantau.monitoring.screening.model import load
from pantau.monitoring.screening.screener import as_output, screen


class Command(BaseCommand):
    help = "Screen posts from a JSON Lines or CSV file for signs of child exploitation; write JSON Lines."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--input", required=True, type=Path, help="posts, JSON Lines (.jsonl) or CSV (.csv)"
        )
        parser.add_argument("--output", required=True, type=Path, help="results, JSON Lines ('-' for stdout)")

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["input"]
        target: Path = options["output"]
        if not source.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": source}, returncode=2)
        if str(target) != "-":
            if target.resolve() == source.resolve():
                raise CommandError(_("The output file cannot be the input file."), returncode=2)
            if not target.resolve().parent.is_dir():
                raise CommandError(_("No such folder: %(path)s") % {"path": target.parent}, returncode=2)
        model = load()
        started = time.monotonic()
        tiers: Counter[str] = Counter()
        failed = 0
        with source.open(encoding="utf-8", errors="replace", newline="") as handle:
            lines = (
                files.read_csv(handle.read()) if source.suffix.lower() == ".csv" else files.read_jsonl(handle)
            )
            out, temporary = self._open(target)
            try:
                for item in lines:
                    if isinstance(item, files.Problem):
                        failed += 1
                        self.stderr.write(
                            _("line %(line)d: %(problem)s") % {"line": item.number, "problem": item.message}
                        )
                        continue
                    for warning in item.warnings:
                        self.stderr.write(
                            _("line %(line)d: %(problem)s") % {"line": item.number, "problem": warning}
                        )
                    result = screen(item.post, model=model)
                    tiers[result.tier] += 1
                    out.write(json.dumps(as_output(item.post.id, result), ensure_ascii=False) + "\n")
            except BaseException:
                if temporary:
                    out.close()
                    os.unlink(temporary)
                raise
            if temporary:
                out.close()
                os.replace(temporary, target)
        screened = sum(tiers.values())
        seconds = time.monotonic() - started
        self.stdout.write(
            _(
                "Screened %(count)d posts in %(seconds).1f s: %(flagged)d to review (rujuk %(rujuk)d, "
                "tinjau %(tinjau)d), pantau %(pantau)d, none %(none)d."
            )
            % {
                "count": screened,
                "seconds": seconds,
                "flagged": tiers["rujuk"] + tiers["tinjau"],
                "rujuk": tiers["rujuk"],
                "tinjau": tiers["tinjau"],
                "pantau": tiers["pantau"],
                "none": tiers["none"],
            }
        )
        if failed:
            raise CommandError(
                _(
                    "%(count)d line(s) could not be read; see the messages above. "
                    "The other lines were screened."
                )
                % {"count": failed},
                returncode=1,
            )

    @staticmethod
    def _open(target: Path) -> tuple[Any, str | None]:
        """Results go to a temporary file renamed at the end: a failed run leaves no half-written file."""
        if str(target) == "-":
            return sys.stdout, None
        descriptor, temporary = tempfile.mkstemp(dir=target.resolve().parent, suffix=".part")
        return os.fdopen(descriptor, "w", encoding="utf-8"), temporary
