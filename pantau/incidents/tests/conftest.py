"""A home in Kabupaten Tangerang with two children and its operator; a home in Medan with its own
operator; and ``make_report`` for reports made through the service at a chosen moment."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from pantau.accounts.models import User
from pantau.accounts.roles import Role
from pantau.children.models import Child
from pantau.conftest import World, make_user
from pantau.incidents.models import IncidentReport
from pantau.incidents.services import incident_report
from pantau.registry.models import Lksa
from pantau.registry.tests.conftest import make_lksa


@dataclass
class Homes:
    world: World
    home: Lksa  # LKSA Kasih Bunda, Kabupaten Tangerang
    medan: Lksa
    medan_operator: User
    children: list[Child]


def child(home: Lksa, name: str) -> Child:
    return Child.objects.create(
        lksa=home,
        region_code=home.region_code,
        full_name=name,
        sex="P",
        birth_date=date(2014, 5, 1),
        referral_source="family",
        referral_reason="-",
        admitted_on=date(2024, 1, 1),
    )


@pytest.fixture
def homes(world: World) -> Homes:
    home = make_lksa(world.lksa, capacity=40, children_count=2)
    medan = make_lksa(world.lksa_medan, capacity=20, children_count=1)
    child(medan, "Putri Medan")
    return Homes(
        world,
        home,
        medan,
        make_user("operator@panti-medan.test.id", world.lksa_medan, Role.LKSA_OPERATOR),
        [child(home, "Siti Aminah"), child(home, "Budi Santoso")],
    )


def report_data(**extra: Any) -> dict[str, Any]:
    now = timezone.now()
    data: dict[str, Any] = {
        "kind": "missing",
        "happened_at": now - timedelta(hours=5),
        "learned_at": now - timedelta(hours=4),
        "description": "Seorang anak tidak kembali dari sekolah.",
        "action_taken": "Pengasuh mencari ke sekolah.",
        "police_informed": True,
        "others_informed": "Kepala desa",
        "children_count": 1,
    }
    data.update(extra)
    return data


@pytest.fixture
def make_report(homes: Homes) -> Callable[..., IncidentReport]:
    def make(
        *,
        by: User | None = None,
        children: list[Child] | None = None,
        now: datetime | None = None,
        **extra: Any,
    ) -> IncidentReport:
        return incident_report(
            actor=by or homes.world.user("lksa_operator"),
            report=IncidentReport(**report_data(**extra)),
            children=children or [],
            now=now,
        )

    return make
