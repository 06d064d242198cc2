from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from pantau.accounts.seed import demo_logins_recorded
from pantau.core.management.commands.seed_demo import print_logins


class Command(BaseCommand):
    help = "Print the demo logins of a database seed_demo filled before (bin/demo keeping its data)."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.IS_PRODUCTION:
            raise CommandError("demo_logins is for the demo; it is refused in production.")
        logins = demo_logins_recorded()
        if not logins:
            raise CommandError(
                "This database has no demo accounts: start from fresh data (bin/demo --reset)."
            )
        print_logins(self.stdout, logins)
