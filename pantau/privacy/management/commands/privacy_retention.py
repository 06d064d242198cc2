from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pantau.privacy.retention import retention_run


class Command(BaseCommand):
    help = (
        "Records past their retention period (UU 27/2022 PDP; periods are PANTAU_RETENTION_*_YEARS). "
        "Without --apply it is a DRY RUN: it counts per record type and changes nothing. With --apply it "
        "archives (erases identifying fields) or deletes, one transaction per record type, audited with "
        "counts only. Run it nightly from cron after a dry run was checked."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--apply", action="store_true", help="Archive or delete (default: dry run).")
        parser.add_argument("--dry-run", action="store_true", help="Only count (the default).")

    def handle(self, *args: Any, apply: bool, dry_run: bool, **options: Any) -> None:
        if apply and dry_run:
            raise CommandError("Choose --apply or --dry-run, not both.")
        outcomes = retention_run(apply=apply)
        self.stdout.write(("APPLIED" if apply else "DRY RUN (nothing changed; --apply to act)") + "\n")
        for o in outcomes:
            years = f"{o.rule.years} y" if o.rule.years is not None else "expiry"
            done = f", done {o.done}" if apply else ""
            self.stdout.write(
                f"{o.rule.key:16} past retention ({years}): {o.due}{done} -> {o.rule.action_label}\n"
            )
