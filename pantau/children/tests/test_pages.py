from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pantau.audit.models import AuditEvent
from pantau.children.models import Child
from pantau.children.tests.test_admission import admit
from pantau.registry.tests.conftest import RegistryWorld

pytestmark = pytest.mark.django_db


def test_operator_admits_a_child_through_the_form(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    client = login(registry.world.user("lksa_operator"))
    form = client.get("/children/admit/").context["form"]
    assert list(form.fields["lksa"].queryset) == [registry.home]
    response = client.post(
        "/children/admit/",
        {
            "lksa": registry.home.pk,
            "full_name": "Putu Ayu",
            "sex": "P",
            "birth_date": "2016-02-03",
            "birth_date_precision": "exact",
            "mother_status": "alive",
            "father_status": "deceased",
            "referral_source": "family",
            "referral_reason": "Ibu bekerja di luar negeri",
            "admission_reason": "family_unable",
            "admitted_on": "2025-07-01",
            "nik": "3603034302160007",
            "assessed_on": "2025-06-28",
            "assessor": "Peksos Dinsos",
            "assessment_reasons": "Tidak ada kerabat yang dapat mengasuh",
            **{f"item_A{n}": "yes" for n in range(1, 10)},
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    child = Child.objects.get(full_name="Putu Ayu")
    assert child.gatekeeping.items["A4"] == "yes" and child.nik_hash


def test_form_errors_are_clear(registry: RegistryWorld, login: Callable[..., Client]) -> None:
    client = login(registry.world.user("lksa_operator"))
    response = client.post(
        "/children/admit/",
        {
            "lksa": registry.home.pk,
            "full_name": "X",
            "sex": "L",
            "birth_date": "",
            "birth_date_precision": "exact",
            "mother_status": "unknown",
            "father_status": "unknown",
            "referral_source": "community",
            "referral_reason": "-",
            "admitted_on": "2025-07-01",
            "nik": "123",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400 and "Give the date" in body
    response = client.post(
        "/children/admit/",
        {
            "lksa": registry.home.pk,
            "full_name": "X",
            "sex": "L",
            "birth_date_precision": "unknown",
            "mother_status": "unknown",
            "father_status": "unknown",
            "referral_source": "community",
            "referral_reason": "-",
            "admitted_on": "2025-07-01",
            "nik": "123",
            "kk": "3603-0112",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400 and "16 digits" in body and "emergency" in body
    assert "A family card (KK) number has exactly 16 digits (this one has 8 characters)." in body
    assert not Child.objects.exists()


def test_identity_is_shown_only_on_request_and_audited(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    child = admit(registry, nik="3603034101150001").child
    client = login(registry.world.user("supervisor"))
    page = client.get(f"/children/{child.pk}/").content.decode()
    assert "3603034101150001" not in page
    shown = client.post(f"/children/{child.pk}/identity/").content.decode()
    assert "3603034101150001" in shown
    assert AuditEvent.objects.filter(action="child.identity_viewed").count() == 1


def test_leaving_for_family_care(registry: RegistryWorld, login: Callable[..., Client]) -> None:
    child = admit(registry, admitted_on=__import__("datetime").date(2024, 1, 1)).child
    client = login(registry.world.user("lksa_operator"))
    # Reunification needs no papers (kinship care does: children/papers.py, tested with familycare).
    client.post(f"/children/{child.pk}/placement/", {"kind": "reunification", "started_on": "2025-02-01"})
    child.refresh_from_db()
    assert child.status == "left" and child.placements.count() == 2


def test_list_has_constant_queries(registry: RegistryWorld, login: Callable[..., Client]) -> None:
    client = login(registry.world.user("supervisor"))

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/children/").status_code == 200
        return len(ctx.captured_queries)

    admit(registry)
    before = count()
    for i in range(10):
        admit(registry, full_name=f"Anak {i}", emergency_admission=bool(i % 2), assessed=not i % 2)
    assert count() == before


def test_api_scoping_and_audited_identity(registry: RegistryWorld) -> None:
    import json

    from pantau.accounts.services import api_token_create

    ours = admit(registry, nik="3603034101150001").child
    admit(registry, home=registry.medan, full_name="Dodi")
    _, clear = api_token_create(user=registry.world.user("supervisor"), name="x", days=5)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {clear}")
    items = client.get("/api/v1/children").json()["items"]
    assert [i["id"] for i in items] == [ours.pk] and "nik" not in json.dumps(items)
    assert client.get(f"/api/v1/children/{ours.pk}").json()["placements"][0]["kind"] == "lksa"
    assert client.post(f"/api/v1/children/{ours.pk}/identity").json()["nik"] == "3603034101150001"
    assert AuditEvent.objects.filter(action="child.identity_viewed").count() == 1
    other = Child.objects.get(full_name="Dodi")
    assert client.get(f"/api/v1/children/{other.pk}").status_code == 404
    figures = client.get("/api/v1/children/figures", {"level": "lksa"}).json()
    assert {f["label"]: f["in_care"] for f in figures}[registry.home.name] == 1


def test_two_people_editing_a_child_do_not_overwrite_each_other(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    child = admit(registry).child
    first, second = (
        login(registry.world.user("lksa_operator")),
        login(registry.world.user("supervisor"), Client()),
    )
    base = {
        "full_name": child.full_name,
        "sex": "P",
        "birth_date": "2015-01-01",
        "birth_date_precision": "exact",
        "mother_status": "alive",
        "father_status": "unknown",
        "version": str(child.version),
    }
    assert first.post(f"/children/{child.pk}/edit/", {**base, "birth_place": "Tangerang"}).status_code == 302
    stale = second.post(f"/children/{child.pk}/edit/", {**base, "birth_place": "Serang"})
    assert stale.status_code == 409 and "Someone else saved this record" in stale.content.decode()
    child.refresh_from_db()
    assert (child.birth_place, child.version) == ("Tangerang", 2)
    event = AuditEvent.objects.get(action="child.updated")
    assert event.changes == {"birth_place": ["***", "***"]}  # which field changed, never to what
    renamed = first.post(
        f"/children/{child.pk}/edit/",
        {**base, "version": "2", "full_name": "Nama Baru", "nik": "3603034101150001"},
    )
    assert renamed.status_code == 302
    latest = AuditEvent.objects.filter(action="child.updated").order_by("-pk").first()
    assert (
        latest is not None
        and "Nama Baru" not in str(latest.changes)
        and latest.changes["nik"] == ["***", "***"]
    )


def test_follow_up_only_after_family_based_exit(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    from datetime import date

    from pantau.children.services import placement_end

    child = admit(registry, admitted_on=date(2024, 1, 1)).child
    client = login(registry.world.user("lksa_operator"))
    client.post(
        f"/children/{child.pk}/follow-up/", {"visited_on": "2025-01-01", "by": "Peksos", "finding": "well"}
    )
    assert not child.follow_ups.exists()
    placement_end(
        actor=registry.world.user("lksa_operator"),
        child=child,
        kind="reunification",
        started_on=date(2025, 1, 1),
    )
    client.post(
        f"/children/{child.pk}/follow-up/", {"visited_on": "2025-02-01", "by": "Peksos", "finding": "well"}
    )
    assert child.follow_ups.get().finding == "well"
