"""Workload page figures (issue 15 §6): days to close a finding count from the visit that found it, never
below 0 when the closing was back-dated; national offices' supervisors are not a stray region row."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from pantau.accounts.roles import Role
from pantau.conftest import make_user
from pantau.registry.tests.conftest import RegistryWorld
from pantau.supervision.models import Finding, Visit
from pantau.supervision.workload import workload

pytestmark = pytest.mark.django_db


def _closed_finding(visit: Visit, *, found_days_ago: int, closed_days_ago: int) -> Finding:
    """A finding recorded today (as the demo and late data entry do) about a visit ``found_days_ago``,
    closed (back-dated) ``closed_days_ago``."""
    now = timezone.now()
    finding = Finding.objects.create(
        visit=visit,
        lksa=visit.lksa,
        region_code=visit.region_code,
        item=visit.template.items.get(code="B11"),
        severity="high",
        description="Tidak ada rencana pengasuhan",
        corrective_action="Buat rencana untuk setiap anak",
        due_on=timezone.localdate(),
    )
    Finding.objects.filter(pk=finding.pk).update(
        status="closed", closed_at=now - timedelta(days=closed_days_ago), created_at=now
    )
    return finding


def test_median_days_to_close_counts_from_the_visit_and_never_below_zero(
    registry: RegistryWorld, visit: Visit, login: Callable[..., Client]
) -> None:
    today = timezone.localdate()
    Visit.objects.filter(pk=visit.pk).update(status="concluded", visited_on=today - timedelta(days=40))
    visit.refresh_from_db()
    _closed_finding(visit, found_days_ago=40, closed_days_ago=10)  # 30 days
    _closed_finding(visit, found_days_ago=40, closed_days_ago=33)  # 7 days
    _closed_finding(visit, found_days_ago=40, closed_days_ago=2)  # 38 days
    figures = workload(registry.world.user("supervisor"), today)
    assert [(r.key, r.median_days_to_close) for r in figures.rows] == [("36.03", 30)]
    page = login(registry.world.user("supervisor")).get("/supervision/workload/").content.decode()
    assert "<td>30</td>" in page and "<td>-1</td>" not in page


def test_a_closing_dated_before_the_visit_counts_as_zero_and_shows_zero(
    registry: RegistryWorld, visit: Visit, login: Callable[..., Client]
) -> None:
    today = timezone.localdate()
    Visit.objects.filter(pk=visit.pk).update(status="concluded", visited_on=today - timedelta(days=5))
    visit.refresh_from_db()
    _closed_finding(visit, found_days_ago=5, closed_days_ago=9)  # a typo in the closing date: -4 -> 0
    figures = workload(registry.world.user("supervisor"), today)
    assert [(r.key, r.median_days_to_close) for r in figures.rows] == [("36.03", 0)]
    page = login(registry.world.user("supervisor")).get("/supervision/workload/").content.decode()
    assert "<td>0</td>" in page


def test_national_offices_are_not_a_region_row(registry: RegistryWorld, login: Callable[..., Client]) -> None:
    world = registry.world
    make_user("pengawas@kpai.test.id", world.kpai, Role.SUPERVISOR)
    make_user("pengawas2@kpai.test.id", world.kpai, Role.SUPERVISOR)
    figures = workload(world.user("system_admin"), timezone.localdate())
    assert [(r.key, r.label, r.homes, r.supervisors) for r in figures.rows] == [
        ("12", "Sumatera Utara", 1, 1),
        ("36", "Banten", 1, 2),
    ]
    assert figures.national_supervisors == 2
    page = login(world.user("system_admin")).get("/supervision/workload/").content.decode()
    assert "KPAI / Kemensos" not in page
    assert "Not in the table: 2 supervisors of national offices (KPAI, Kemensos)" in page
