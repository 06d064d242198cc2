"""Family-care early warnings weigh on the visit plan: exact points, the count in the reason, the
12-month window, the administrator's weight, and one grouped query whatever the number of homes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pantau.accounts.models import Organisation
from pantau.accounts.roles import OrgKind
from pantau.familycare.models import EarlyWarning
from pantau.registry.models import Lksa
from pantau.registry.tests.conftest import RegistryWorld
from pantau.supervision import risk
from pantau.supervision.models import RiskWeight

pytestmark = pytest.mark.django_db


def warn(home: Lksa, n: int, *, days_ago: int = 0) -> None:
    for _ in range(n):
        warning = EarlyWarning.objects.create(code="money_paid", lksa=home, region_code=home.region_code)
        if days_ago:
            EarlyWarning.objects.filter(pk=warning.pk).update(
                created_at=timezone.now() - timedelta(days=days_ago)
            )


def reasons(homes: list[Lksa]) -> dict[int, list[tuple[int, str]]]:
    rows = risk.visit_plan(
        Lksa.objects.filter(pk__in=[h.pk for h in homes]), timezone.localdate(), region="36.03"
    )
    return {
        row.lksa_id: [(r.points, r.detail) for r in row.reasons if r.code == "family_care_warnings"]
        for row in rows
    }


def another_home(name: str) -> Lksa:
    organisation = Organisation.objects.create(name=name, kind=OrgKind.LKSA, region_id="36.03.03.2001")
    return Lksa.objects.create(organisation=organisation, name=name, region_code="36.03.03.2001")


def test_each_recent_warning_adds_15_points_at_most_three(registry: RegistryWorld) -> None:
    home, two, quiet = registry.home, another_home("Panti Dua"), another_home("Panti Tenang")
    warn(home, 4)
    warn(two, 1)
    warn(two, 1, days_ago=200)
    warn(quiet, 2, days_ago=366)  # over a year ago: no longer counted
    assert reasons([home, two, quiet]) == {
        home.pk: [(45, "4 in the last 12 months")],
        two.pk: [(30, "2 in the last 12 months")],
        quiet.pk: [],
    }
    RiskWeight.objects.create(code="family_care_warnings", points=20)
    assert reasons([two])[two.pk] == [(40, "2 in the last 12 months")]
    RiskWeight.objects.filter(code="family_care_warnings").update(points=0)
    assert reasons([two])[two.pk] == []


def test_the_warnings_cost_one_query_for_any_number_of_homes(registry: RegistryWorld) -> None:
    homes = [registry.home, *(another_home(f"Panti {i}") for i in range(5))]
    for home in homes:
        warn(home, 1)

    def warning_queries(subset: list[Lksa]) -> int:
        with CaptureQueriesContext(connection) as queries:
            reasons(subset)
        return sum('"familycare_earlywarning"' in q["sql"] for q in queries.captured_queries)

    assert warning_queries(homes[:1]) == warning_queries(homes) == 1
