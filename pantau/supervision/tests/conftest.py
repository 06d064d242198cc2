from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from pantau.registry.tests.conftest import RegistryWorld, registry  # noqa: F401  (shared fixture)
from pantau.supervision.checklists import snpa_install
from pantau.supervision.models import ChecklistTemplate, Visit
from pantau.supervision.services import visit_schedule


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def snpa(db: None) -> ChecklistTemplate:
    return snpa_install()


@pytest.fixture
def visit(registry: RegistryWorld, snpa: ChecklistTemplate) -> Visit:  # noqa: F811
    supervisor = registry.world.user("supervisor")
    return visit_schedule(
        actor=supervisor,
        lksa=registry.home,
        planned_on=timezone.localdate() + timedelta(days=1),
        kind=Visit.Kind.UNANNOUNCED,
        team=[registry.world.user("colleague")],
    )
