"""A form or API body naming a home outside the person's reach is refused like a missing one (422, the
same words) and audited like any other refusal: ids cannot be probed quietly."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from pantau.audit.models import AuditEvent
from pantau.registry.tests.conftest import RegistryWorld, registry  # noqa: F401


def _refusals() -> list[str]:
    return list(
        AuditEvent.objects.filter(action="access.denied", changes__reason="reference_out_of_scope")
        .order_by("pk")
        .values_list("target_label", flat=True)
    )


def test_a_home_of_another_region_named_in_input_is_refused_and_audited(
    registry: RegistryWorld,  # noqa: F811
    login: Callable[..., Client],
) -> None:
    client = login(registry.world.user("supervisor"))  # Dinas Sosial Kabupaten Tangerang
    medan = registry.medan.pk
    check = client.post(
        "/api/v1/linkage/check",
        {"lksa_id": medan, "full_name": "Anak Contoh"},
        content_type="application/json",
    )
    assert check.status_code == 422
    account = client.post(
        "/api/v1/monitoring/accounts",
        {"platform": "tiktok", "handle": "@contoh.baru", "lksa_id": medan},
        content_type="application/json",
    )
    assert account.status_code == 422
    page = client.post(
        "/cases/triage/new/",
        {"lksa_number": medan, "category": "other", "description": "Laporan staf"},
    )
    assert page.status_code == 400
    assert "No home with this number in your jurisdiction." in page.content.decode()
    assert _refusals() == [f"registry.lksa:{medan}"] * 3
