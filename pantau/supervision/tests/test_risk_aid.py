"""The ghost-children check feeds the visit plan: a home whose recent aid was based on more children than
it has on record gets the factor, its points and the figures; the stored plan picks it up when the aid is
recorded."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from pantau.aid import services
from pantau.aid.models import AidRecord, Source
from pantau.aid.reconcile import reconcile
from pantau.aid.tests.conftest import AidWorld, aid, aid_world  # noqa: F401  (shared fixture)
from pantau.registry.models import Lksa
from pantau.supervision import plan_store, risk
from pantau.supervision.models import PlanScore

pytestmark = pytest.mark.django_db
TODAY = date(2026, 7, 1)


def aid_reason(home: Lksa, today: date = TODAY) -> list[tuple[str, int, str]]:
    (row,) = [r for r in risk.visit_plan(Lksa.objects.all(), today, region="36.03") if r.lksa_id == home.pk]
    return [(r.code, r.points, r.detail) for r in row.reasons if r.code == "aid_exceeds_children"]


def test_aid_for_more_children_than_recorded_is_a_reason(aid_world: AidWorld) -> None:  # noqa: F811
    assert aid_reason(aid_world.home) == []
    aid(aid_world.home, 6, by_world=aid_world.registry)
    assert aid_reason(aid_world.home) == []  # 6 for 6 children recorded
    aid(aid_world.home, 10, by_world=aid_world.registry)
    assert aid_reason(aid_world.home) == [("aid_exceeds_children", 20, "10/6")]
    assert aid_reason(aid_world.other) == []
    factor = risk.BY_CODE["aid_exceeds_children"]
    assert str(factor.label) == "Aid for more children than recorded"
    assert "possible ghost children" in str(factor.explanation)


def test_the_weight_can_switch_it_off(aid_world: AidWorld) -> None:  # noqa: F811
    aid(aid_world.home, 10, by_world=aid_world.registry)
    risk.weights_set(actor=aid_world.world.user("system_admin"), points={"aid_exceeds_children": 0})
    assert aid_reason(aid_world.home) == []


def test_recording_aid_rescores_the_stored_plan(
    aid_world: AidWorld,  # noqa: F811
    client: Client,
    login,  # type: ignore[no-untyped-def]
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    today = timezone.localdate()
    plan_store.refresh_all(today=today)
    assert "aid_exceeds_children" not in [
        r["code"] for r in PlanScore.objects.get(lksa=aid_world.home).reasons
    ]
    record = AidRecord(
        source=Source.KEMENSOS,
        programme="ATENSI",
        period_start=today.replace(month=1, day=1),
        period_end=today,
        amount_per_child=1_000_000,
        children_count=12,
    )
    # The fixture's changes left a job waiting for the test's transaction, which never commits: the
    # aid's own job must be the one that runs.
    connection.run_on_commit = [
        e for e in connection.run_on_commit if not isinstance(e[1], plan_store._Rescore)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        services.aid_record_create(
            actor=aid_world.world.user("supervisor"), lksa=aid_world.home, record=record
        )
    reasons = {r["code"]: r for r in PlanScore.objects.get(lksa=aid_world.home).reasons}
    recorded = reasons["aid_exceeds_children"]
    children = reconcile([record])[record.pk].recorded  # the period runs to today: the world's dates move
    assert (recorded["points"], recorded["detail"]) == (20, f"12/{children}")
    # The plan page shows the reason with its label.
    html = login(aid_world.world.user("supervisor")).get("/supervision/").content.decode()
    assert "Aid for more children than recorded" in html
