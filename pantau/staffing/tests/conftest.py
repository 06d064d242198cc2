from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from pantau.accounts.models import Organisation, User
from pantau.accounts.roles import OrgKind, Role
from pantau.conftest import World, make_user
from pantau.registry.models import Lksa, StaffMember
from pantau.registry.tests.conftest import make_lksa

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


@dataclass
class StaffWorld:
    world: World
    home: Lksa  # the operator's home, Kabupaten Tangerang
    neighbour: Lksa  # another home in Kabupaten Tangerang, with its own operator
    medan: Lksa
    carer: StaffMember
    board: StaffMember
    neighbour_operator: User

    def user(self, persona: str) -> User:
        return self.world.user(persona)


@pytest.fixture
def staffing(world: World) -> StaffWorld:
    neighbour_org = Organisation.objects.create(
        name="Panti Asuhan Pelita", kind=OrgKind.LKSA, region_id="36.03.03.2001"
    )
    home = make_lksa(world.lksa, capacity=40, children_count=30)
    neighbour = make_lksa(neighbour_org, capacity=20, children_count=10)
    medan = make_lksa(world.lksa_medan, capacity=20, children_count=10)
    carer = StaffMember.objects.create(lksa=home, full_name="Siti Rahmawati", position="Pengasuh")
    board = StaffMember.objects.create(
        lksa=home, full_name="H. Bambang Wijaya", position="Ketua yayasan", is_board=True
    )
    return StaffWorld(
        world,
        home,
        neighbour,
        medan,
        carer,
        board,
        make_user("operator@pelita.test.id", neighbour_org, Role.LKSA_OPERATOR),
    )


def on(day: str) -> date:
    return date.fromisoformat(day)
