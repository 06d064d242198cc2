from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from pantau.staffing.reminders import reminders_send


class Command(BaseCommand):
    help = "Send reminders of police clearances (SKCK) ending in 30 and 7 days and expired (run daily)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = reminders_send()
        self.stdout.write(f"staffing reminders sent: {sent}\n")
