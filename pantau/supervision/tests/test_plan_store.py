"""The visit plan from stored scores (plan_store): the same ranking as computing it afresh, rescored when
a home's facts change, by the daily job and when the points change."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from pantau.accounts.models import Organisation, User
from pantau.accounts.roles import OrgKind, Role
from pantau.cases.models import Concern
from pantau.conftest import make_user
from pantau.core.tests.lksa_picture import build_picture
from pantau.registry.models import Lksa
from pantau.registry.models.lksa import LegalityStatus
from pantau.registry.selectors import lksa_visible_to
from pantau.registry.tests.conftest import RegistryWorld
from pantau.supervision import plan_store, risk
from pantau.supervision.models import PlanScore, RiskWeight

pytestmark = pytest.mark.django_db


def shape(rows: list[risk.PlanRow]) -> list[tuple[Any, ...]]:
    return [
        (
            r.lksa_id,
            r.name,
            r.score,
            r.last_visit,
            r.next_visit,
            [(x.code, x.points, x.detail) for x in r.reasons],
        )
        for r in rows
    ]


def fresh(user: User, region: str | None) -> list[risk.PlanRow]:
    return risk.visit_plan(lksa_visible_to(user).public(), timezone.localdate(), region=region)


@pytest.fixture
def homes(registry: RegistryWorld) -> list[Lksa]:
    """The connected picture's homes plus a few more with equal scores (the order of ties matters)."""
    build_picture(registry)
    extra = []
    for i, name in enumerate(["Panti Zaitun", "panti asuhan kecil", "Panti Ánggrek", "Panti Zaitun"]):
        organisation = Organisation.objects.create(
            name=f"{name} {i}", kind=OrgKind.LKSA, region_id="36.03.03.2001"
        )
        extra.append(Lksa.objects.create(organisation=organisation, name=name, region_code="36.03.03.2001"))
        if i == 1:
            Concern.objects.create(
                source="public",
                lksa=extra[-1],
                region_code="36.03.03.2001",
                category="livestream",
                description="x",
            )
    return extra


def test_stored_ranking_is_the_fresh_ranking(registry: RegistryWorld, homes: list[Lksa]) -> None:
    today = timezone.localdate()
    kpai = make_user("pengawas9@kpai.test.id", registry.world.kpai, Role.SUPERVISOR)
    for user, region in ((kpai, None), (registry.world.user("supervisor"), "36.03")):
        expected = shape(fresh(user, region))
        assert len(expected) >= 6
        assert shape(risk.plan_for(user, region="", today=today)) == expected  # scored on first read
        assert shape(risk.plan_for(user, region="", today=today)) == expected  # read from the store
    assert PlanScore.objects.count() == Lksa.objects.public().count()
    assert plan_store.refresh_all() == Lksa.objects.public().count()
    assert shape(risk.plan_for(kpai, region="", today=today)) == shape(fresh(kpai, None))


def test_a_change_rescores_the_home(
    registry: RegistryWorld, homes: list[Lksa], django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    supervisor = registry.world.user("supervisor")
    today = timezone.localdate()
    plan_store.refresh_all()
    quiet = homes[0]
    before = PlanScore.objects.get(lksa=quiet).score
    other = homes[2]
    other_before = PlanScore.objects.get(lksa=other).score
    # The fixture's changes left a job waiting for the test's transaction, which never commits.
    connection.run_on_commit = [
        e for e in connection.run_on_commit if not isinstance(e[1], plan_store._Rescore)
    ]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for home in (quiet, other, quiet):
            Concern.objects.create(
                source="public",
                lksa=home,
                region_code=home.region_code,
                category="livestream",
                description="x",
            )
    # One rescoring job for the transaction's homes.
    assert len([c for c in callbacks if isinstance(c, plan_store._Rescore)]) == 1
    assert PlanScore.objects.get(lksa=other).score == other_before + 15
    # Rescored when the change was committed, before anyone reads the plan.
    stored = PlanScore.objects.get(lksa=quiet)
    assert stored.score == before + 30 and ["concerns", 30, "2"] in [
        [r["code"], r["points"], r["detail"]] for r in stored.reasons
    ]
    # A legality refresh is a bulk UPDATE (no signal): the stored status differs, the read rescores.
    Lksa.objects.filter(pk=quiet.pk).update(legality_status=LegalityStatus.NOT_REGISTERED)
    (row,) = [r for r in risk.plan_for(supervisor, region="", today=today) if r.lksa_id == quiet.pk]
    assert ("not_registered", 30) in [(r.code, r.points) for r in row.reasons]
    assert shape(risk.plan_for(supervisor, region="", today=today)) == shape(fresh(supervisor, "36.03"))
    # New points: every score is dropped and recomputed.
    risk.weights_set(actor=registry.world.user("system_admin"), points={"concerns": 40})
    assert not PlanScore.objects.exists()
    (row,) = [r for r in risk.plan_for(supervisor, region="", today=today) if r.lksa_id == quiet.pk]
    assert ("concerns", 80) in [(r.code, r.points) for r in row.reasons]  # two concerns
    assert RiskWeight.objects.get(code="concerns").points == 40


def test_daily_job_rescores_every_home(registry: RegistryWorld, homes: list[Lksa]) -> None:
    out = __import__("io").StringIO()
    call_command("supervision_daily", stdout=out)
    n = Lksa.objects.public().count()
    assert f"{n} home(s) scored for the visit plan." in out.getvalue()
    assert PlanScore.objects.count() == n


def test_plan_page_pages_in_sql_with_as_of_and_due(
    registry: RegistryWorld,
    homes: list[Lksa],
    login: Callable[..., Client],
    django_assert_max_num_queries: Any,
) -> None:
    supervisor = registry.world.user("supervisor")
    client = login(supervisor)
    client.get("/supervision/")  # scores every home once
    with django_assert_max_num_queries(30) as captured:
        response = client.get("/supervision/")
    reads = len(captured.captured_queries)
    page = response.context["page"]
    assert shape(list(page)) == shape(fresh(supervisor, "36.03"))
    shown = PlanScore.objects.filter(lksa_id__in=[r.lksa_id for r in page]).order_by("computed_at")
    assert response.context["as_of"] == shown.first().computed_at  # type: ignore[union-attr]
    assert 'data-testid="as-of"' in response.content.decode()
    assert not any("visit_plan" in q["sql"] for q in captured.captured_queries)
    due = client.get("/supervision/", {"due": "1"}).context["page"]
    year_ago = timezone.localdate() - timedelta(days=365)
    assert [r.lksa_id for r in due] == [
        r.lksa_id
        for r in fresh(supervisor, "36.03")
        if r.next_visit is None and (r.last_visit is None or r.last_visit < year_ago)
    ]
    # Constant reads: two more homes make no more queries.
    for name in ("Panti Baru", "Panti Lain"):
        organisation = Organisation.objects.create(name=name, kind=OrgKind.LKSA, region_id="36.03.03.2001")
        Lksa.objects.create(organisation=organisation, name=name, region_code="36.03.03.2001")
    client.get("/supervision/")
    with django_assert_max_num_queries(reads):
        client.get("/supervision/")
