from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from pantau.accounts.models import User
from pantau.conftest import World
from pantau.coordination import services
from pantau.coordination.models import Assignment, Meeting, Recommendation
from pantau.regions.models import Region

HELD_ON = date(2026, 3, 10)


@dataclass
class Rakor:
    world: World
    meeting: Meeting
    recommendation: Recommendation
    office: Assignment  # to Dinas Sosial Kabupaten Tangerang (the personas' office)
    home: Assignment  # to the world's LKSA

    def user(self, persona: str) -> User:
        return self.world.user(persona)


@pytest.fixture
def rakor(world: World) -> Rakor:
    """A rakor recorded by KPAI (the system administrator's office) about Kabupaten Tangerang."""
    kpai = world.user("system_admin")
    meeting = services.meeting_record(
        actor=kpai,
        title="Rakor TPPO di LKSA",
        held_on=HELD_ON,
        place="Gedung Dinas Sosial Kabupaten Tangerang",
        organiser=world.kpai,
        participants=[world.dinsos, world.lksa],
        other_participants="LKKNU\n\n Nasyiatul Aisyiyah ",
        region=Region.objects.get(code="36.03"),
        minutes="Notulen.",
    )
    recommendation = services.recommendation_add(
        actor=kpai, meeting=meeting, number=5, text="LKSA mengoptimalkan akurasi data.", published=True
    )
    office = services.assignment_add(
        actor=kpai,
        recommendation=recommendation,
        organisation=world.dinsos,
        actions="Survei LKSA",
        due_on=date(2026, 6, 30),
    )
    home = services.assignment_add(
        actor=kpai,
        recommendation=recommendation,
        organisation=world.lksa,
        actions="Perbarui data",
        due_on=date(2026, 5, 31),
    )
    return Rakor(world, meeting, recommendation, office, home)
