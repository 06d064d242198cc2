from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from pantau.coordination.reminders import reminders_send


class Command(BaseCommand):
    help = "Send reminders of rakor recommendations due in 14 and 3 days and overdue (run daily)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = reminders_send()
        self.stdout.write(f"coordination reminders sent: {sent}\n")
