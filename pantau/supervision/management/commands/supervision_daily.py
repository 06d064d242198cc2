from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from pantau.supervision.reminders import daily_run


class Command(BaseCommand):
    help = (
        "Escalate findings overdue by more than 14 days and send each supervisor and LKSA operator their "
        "reminder e-mail (visits this week, overdue findings, homes not visited for a year). Run daily."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        escalated, sent = daily_run()
        self.stdout.write(f"{escalated} finding(s) escalated, {sent} reminder(s) sent.")
