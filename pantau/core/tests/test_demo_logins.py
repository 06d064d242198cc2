"""bin/demo keeps its data unless asked to reset, and still prints the logins (demo_logins)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from pantau.accounts.models import Membership, User
from pantau.accounts.roles import Role
from pantau.conftest import World

pytestmark = pytest.mark.django_db


def test_demo_logins_prints_the_accounts_of_the_data_kept(world: World) -> None:
    with pytest.raises(CommandError, match="no demo accounts"):
        call_command("demo_logins", stdout=io.StringIO())
    # Two demo accounts, created in the opposite order of the list seed_demo prints.
    for email, organisation, role in (
        ("operator@lksa-kasihbunda.pantau.test", world.lksa, Role.LKSA_OPERATOR),
        ("pengawas@dinsos-kabtangerang.pantau.test", world.dinsos, Role.SUPERVISOR),
    ):
        user = User.objects.create(email=email, full_name="Demo")
        Membership.objects.create(user=user, organisation=organisation, role=role)
    out = io.StringIO()
    with translation.override("en"):
        call_command("demo_logins", stdout=out)
        supervisor, operator = (str(Role(r).label) for r in (Role.SUPERVISOR, Role.LKSA_OPERATOR))
    lines = out.getvalue().splitlines()
    assert lines[:4] == [
        "",
        "Demo logins (password for all: pantau-demo-2026)",
        f"  {supervisor:<28} pengawas@dinsos-kabtangerang.pantau.test  "
        "Dinas Sosial Kabupaten Tangerang — Kabupaten Tangerang",
        f"  {operator:<28} operator@lksa-kasihbunda.pantau.test      "
        f"LKSA Kasih Bunda — {world.lksa.region.name}",
    ]
    assert "manage.py demo_otp" in out.getvalue()
