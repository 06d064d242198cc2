"""Find the same child across the records of a CSV file: every record gets a cluster id.

    python manage.py linkage_csv --input records.csv --output clusters.csv [--report problems.csv]

Runs the same engine as Pantau's batch run (Splink on DuckDB, trained on the file itself).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from pantau.linkage import csvfile, engine


class Command(BaseCommand):
    help = "Group the records of a CSV file into clusters of the same child (record_id, cluster_id)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--input", required=True, type=Path, help="UTF-8 CSV with a header row")
        parser.add_argument("--output", required=True, type=Path, help="CSV written: record_id, cluster_id")
        parser.add_argument(
            "--pairs", type=Path, help="also write the scored pairs (record_id_l, record_id_r, ...)"
        )
        parser.add_argument("--report", type=Path, help="write value problems by row and column to this CSV")
        parser.add_argument("--threshold", type=float, default=engine.CLUSTER_THRESHOLD)
        parser.add_argument("--max-mb", type=int, default=csvfile.DEFAULT_MAX_MB)

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["input"]
        if not source.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": source}, returncode=2)
        if not 0 < options["threshold"] < 1:
            raise CommandError(
                _("--threshold is a probability between 0 and 1 (for example 0.95)."), returncode=2
            )
        outputs = [p for p in (options["output"], options["pairs"], options["report"]) if p]
        if any(p.resolve() == source.resolve() for p in outputs):
            raise CommandError(_("An output file cannot be the input file."), returncode=2)
        if missing := [p for p in outputs if not p.resolve().parent.is_dir()]:
            raise CommandError(_("No such folder: %(path)s") % {"path": missing[0].parent}, returncode=2)
        started = time.monotonic()
        try:
            parsed = csvfile.read(source, max_mb=options["max_mb"], today=timezone.localdate())
        except csvfile.UnusableFile as error:
            raise CommandError(f"{source}: {error}", returncode=2) from None
        self._report(parsed, options["report"])

        table = engine.prepare(parsed.records)
        parsed.records.clear()  # the table holds what linkage needs: half a million objects fewer
        threshold = options["threshold"]
        result = engine.run(
            table, cluster_threshold=threshold, review_threshold=min(threshold, engine.REVIEW_THRESHOLD)
        )
        ids = parsed.ids
        # A cluster is named after its first record in the file: stable, and meaningful to the reader.
        first: dict[int, str] = {}
        for index in range(len(ids)):
            first.setdefault(result.clusters[index], ids[index])
        csvfile.write_atomically(
            options["output"],
            [(ids[i], first[result.clusters[i]]) for i in range(len(ids))],
            ("record_id", "cluster_id"),
        )
        if options["pairs"]:
            pairs = result.pairs.to_pydict()
            csvfile.write_atomically(
                options["pairs"],
                [
                    (ids[a], ids[b], f"{w:.3f}", f"{p:.6f}")
                    for a, b, w, p in zip(
                        pairs["unique_id_l"],
                        pairs["unique_id_r"],
                        pairs["match_weight"],
                        pairs["match_probability"],
                        strict=True,
                    )
                ],
                ("record_id_l", "record_id_r", "match_weight", "match_probability"),
            )
        in_clusters = sum(1 for i in range(len(ids)) if first[result.clusters[i]] != ids[i])
        self.stdout.write(
            _(
                "%(records)s records, %(clusters)s clusters (%(joined)s records joined to an earlier one), "
                "%(pairs)s scored pairs; %(seconds)s s → %(output)s"
            )
            % {
                "records": f"{len(ids):,}",
                "clusters": f"{len(set(result.clusters.values())):,}",
                "joined": f"{in_clusters:,}",
                "pairs": f"{result.pairs.num_rows:,}",
                "seconds": f"{time.monotonic() - started:.1f}",
                "output": options["output"],
            }
        )

    def _report(self, parsed: csvfile.Parsed, path: Path | None) -> None:
        if parsed.delimiter != ",":
            self.stderr.write(_("Delimiter detected: %(d)r") % {"d": parsed.delimiter})
        problems = parsed.problems
        if not problems:
            return
        for problem in problems[:20]:
            self.stderr.write(
                _("row %(row)s (%(id)s) %(column)s: %(problem)s")
                % {
                    "row": problem.row,
                    "id": problem.record_id,
                    "column": problem.column,
                    "problem": problem.message,
                }
            )
        if len(problems) > 20:
            more = len(problems) - 20
            self.stderr.write(
                _("… and %(n)s more value problems (all of them in --report)") % {"n": f"{more:,}"}
                if path
                else _("… and %(n)s more value problems; --report writes them all to a file")
                % {"n": f"{more:,}"}
            )
        if path:
            csvfile.write_atomically(
                path,
                [(str(p.row), p.record_id, p.column, p.message) for p in problems],
                ("row", "record_id", "column", "problem"),
            )
        sys.stderr.flush()
