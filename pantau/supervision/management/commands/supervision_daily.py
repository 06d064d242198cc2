from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from pantau.supervision import plan_store
from pantau.supervision.reminders import daily_run


class Command(BaseCommand):
    help = (
        "Escalate findings overdue by more than 14 days and send each supervisor and LKSA operator their "
        "reminder e-mail (visits this week, overdue findings, homes not visited for a year), then "
        "rescore every home of the visit plan. Run daily, after refresh_legality."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        escalated, sent = daily_run()
        self.stdout.write(f"{escalated} finding(s) escalated, {sent} reminder(s) sent.")
        scored = plan_store.refresh_all()
        self.stdout.write(f"{scored} home(s) scored for the visit plan.")
