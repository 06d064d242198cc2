"""Admitting a child to a home is for that home and its Dinas Sosial: refused (403) and audited otherwise."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from pantau.audit.models import AuditEvent
from pantau.children.models import Child
from pantau.children.services import child_admit
from pantau.registry.models import Lksa
from pantau.registry.tests.conftest import RegistryWorld

pytestmark = pytest.mark.django_db


def emergency_child() -> Child:
    return Child(
        full_name="Anak Darurat",
        sex="L",
        birth_date=date(2015, 1, 1),
        referral_source="family",
        referral_reason="-",
        admitted_on=date(2025, 1, 1),
        emergency_admission=True,
    )


def denials(reason: str, home: Lksa) -> int:
    return AuditEvent.objects.filter(
        action="access.denied", changes__reason=reason, target_type="registry.lksa", target_id=str(home.pk)
    ).count()


@pytest.mark.parametrize("persona", ["lksa_operator", "outsider"])
def test_the_service_refuses_a_home_out_of_reach(registry: RegistryWorld, persona: str) -> None:
    # The operator of another home, and the Dinas Sosial of another province.
    with pytest.raises(PermissionDenied):
        child_admit(
            actor=registry.world.user(persona),
            lksa=registry.home if persona == "outsider" else registry.medan,
            child=emergency_child(),
            identifiers={},
            assessment=None,
        )
    home = registry.home if persona == "outsider" else registry.medan
    assert denials("home_out_of_scope", home) == 1 and not Child.objects.exists()
    event = AuditEvent.objects.get(action="access.denied")
    assert event.target_region_code == home.region_code and "Darurat" not in str(event.changes)


def test_a_role_without_admission_is_refused_by_the_service_and_the_page(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    with pytest.raises(PermissionDenied):
        child_admit(
            actor=registry.world.user("case_worker"),
            lksa=registry.home,
            child=emergency_child(),
            identifiers={},
            assessment=None,
        )
    assert denials("permission", registry.home) == 1
    page = login(registry.world.user("case_worker")).post("/children/admit/", {"lksa": registry.home.pk})
    assert page.status_code == 403 and not Child.objects.exists()
