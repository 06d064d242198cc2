from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from pantau.accounts.models import Organisation, User
from pantau.accounts.roles import OrgKind, Role
from pantau.accounts.services import user_create


class Command(BaseCommand):
    help = (
        "Create the first system administrator (in KPAI, created if missing) on a new deployment. "
        "Prints a temporary password that must be changed at first sign-in."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument("--full-name", required=True)

    def handle(self, *args: Any, email: str, full_name: str, **options: Any) -> None:
        email = email.strip().lower()
        if "@" not in email:
            raise CommandError(f"--email {email!r} is not an e-mail address.")
        if User.objects.filter(email__iexact=email).exists():
            raise CommandError(f"An account with e-mail {email} already exists.")
        with transaction.atomic():
            kpai = Organisation.objects.filter(kind=OrgKind.KPAI).first()
            if kpai is None:
                kpai = Organisation.objects.create(
                    name="Komisi Perlindungan Anak Indonesia (KPAI)", kind=OrgKind.KPAI
                )
            user, password = user_create(
                actor=None, email=email, full_name=full_name, organisation=kpai, role=Role.SYSTEM_ADMIN
            )
        self.stdout.write(f"System administrator {user.email} created in {kpai.name}.")
        self.stdout.write(f"Temporary password (shown once, must be changed at first sign-in): {password}")
