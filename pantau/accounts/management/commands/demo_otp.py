from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from pantau.accounts.seed import DEMO_TOTP_KEY_HEX


class Command(BaseCommand):
    help = (
        "Print the current second-factor code of the demo accounts (they share one published key). "
        "Refused in production."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "email", nargs="?", help="A demo account: checks that it uses the demo key (all seeded ones do)."
        )

    def handle(self, *args: Any, email: str | None, **options: Any) -> None:
        if settings.IS_PRODUCTION:
            raise CommandError(
                "demo_otp prints codes for the published demo key; it is refused in production."
            )
        if email:
            device = TOTPDevice.objects.filter(user__email__iexact=email.strip(), confirmed=True).first()
            if device is None:
                raise CommandError(f"{email} has no authenticator (not a demo account, or it was reset).")
            if device.key != DEMO_TOTP_KEY_HEX:
                raise CommandError(f"{email} has set up its own authenticator; its codes are on that phone.")
        totp = TOTP(bytes.fromhex(DEMO_TOTP_KEY_HEX), step=30, digits=6)
        totp.time = time.time()
        seconds_left = 30 - int(totp.time) % 30
        self.stdout.write(f"{totp.token():06d}  (valid for {seconds_left} more seconds, then the next one)\n")
