from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from pantau.cases.services import referrals_escalate


class Command(BaseCommand):
    help = "Escalate referrals not answered by their due date (noted on the case's timeline). Run daily."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{referrals_escalate()} referral(s) escalated.")
