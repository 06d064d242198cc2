"""Showing a child's identifiers is capped per person (issue 14: 40 reveals in 1.4 s went through):
a refused reveal answers 429 with a message, is audited, and shows nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from pantau.audit.models import AuditEvent
from pantau.children.models import Child
from pantau.children.tests.test_admission import admit
from pantau.registry.tests.conftest import RegistryWorld

NIK = "3603034101150001"
PER_MINUTE = (
    "You have opened children's identifiers 3 times within a minute. For the children's protection no "
    "more are shown for now: wait a minute and try again."
)
PER_HOUR = (
    "You have opened children's identifiers 5 times within an hour. For the children's protection no "
    "more are shown for now: try again within the hour, or ask your administrator if your work needs more."
)


@pytest.fixture(autouse=True)
def _fresh_counts() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def actions() -> list[str]:
    return list(
        AuditEvent.objects.filter(action__startswith="child.identity")
        .order_by("pk")
        .values_list("action", flat=True)
    )


@override_settings(PANTAU_IDENTITY_REVEALS_PER_MINUTE=3, PANTAU_IDENTITY_REVEALS_PER_HOUR=30)
def test_page_refuses_the_reveal_past_the_minutes_cap(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    child = admit(registry, nik=NIK).child
    client = login(registry.world.user("supervisor"))
    for _ in range(3):
        shown = client.post(f"/children/{child.pk}/identity/")
        assert shown.status_code == 200 and NIK in shown.content.decode()
    refused = client.post(f"/children/{child.pk}/identity/")
    body = refused.content.decode()
    assert refused.status_code == 429
    assert (
        PER_MINUTE.replace("'", "&#x27;") in body and NIK not in body and 'data-testid="identity"' not in body
    )
    assert actions() == ["child.identity_viewed"] * 3 + ["child.identity_throttled"]
    throttled = AuditEvent.objects.get(action="child.identity_throttled")
    assert (throttled.target_id, throttled.actor_id) == (str(child.pk), registry.world.user("supervisor").pk)
    # A colleague has their own count.
    other = login(registry.world.user("colleague"), Client()).post(f"/children/{child.pk}/identity/")
    assert other.status_code == 200 and NIK in other.content.decode()


@override_settings(PANTAU_IDENTITY_REVEALS_PER_MINUTE=5, PANTAU_IDENTITY_REVEALS_PER_HOUR=5)
def test_page_and_api_reveals_count_together(registry: RegistryWorld, login: Callable[..., Client]) -> None:
    children = [admit(registry, nik=NIK).child] + [
        admit(registry, full_name=f"Anak {i}").child for i in range(2)
    ]
    client = login(registry.world.user("supervisor"))
    for i in range(5):
        child = children[i % 3]
        answer = (
            client.post(f"/api/v1/children/{child.pk}/identity")
            if i % 2
            else client.post(f"/children/{child.pk}/identity/")
        )
        assert answer.status_code == 200
    refused = client.post(f"/api/v1/children/{children[0].pk}/identity")
    assert refused.status_code == 429
    # The minute's cap (5) is reached first: both limits count every reveal, page or API.
    assert refused.json() == {"detail": PER_MINUTE.replace("identifiers 3 times", "identifiers 5 times")}
    assert NIK not in refused.content.decode()
    assert actions() == ["child.identity_viewed"] * 5 + ["child.identity_throttled"]


@override_settings(PANTAU_IDENTITY_REVEALS_PER_MINUTE=10, PANTAU_IDENTITY_REVEALS_PER_HOUR=5)
def test_api_hours_cap_says_so(registry: RegistryWorld, login: Callable[..., Client]) -> None:
    child = admit(registry, nik=NIK).child
    client = login(registry.world.user("supervisor"))
    assert [client.post(f"/api/v1/children/{child.pk}/identity").status_code for _ in range(6)] == [
        200
    ] * 5 + [429]
    refused = client.post(f"/api/v1/children/{child.pk}/identity")
    assert refused.status_code == 429 and refused.json() == {"detail": PER_HOUR}
    assert actions() == ["child.identity_viewed"] * 5 + ["child.identity_throttled"] * 2


def test_the_refusal_is_in_indonesian_by_default(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    child = admit(registry, nik=NIK).child
    client = login(registry.world.user("supervisor"))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "id"
    with override_settings(PANTAU_IDENTITY_REVEALS_PER_MINUTE=1, PANTAU_IDENTITY_REVEALS_PER_HOUR=30):
        client.post(f"/api/v1/children/{child.pk}/identity")
        refused = client.post(f"/api/v1/children/{child.pk}/identity")
    assert refused.status_code == 429 and "identitas anak" in refused.json()["detail"]


def test_defaults_are_ten_a_minute_and_thirty_an_hour(
    registry: RegistryWorld, login: Callable[..., Client]
) -> None:
    child = admit(registry, nik=NIK).child
    client = login(registry.world.user("supervisor"))
    codes = [client.post(f"/api/v1/children/{child.pk}/identity").status_code for _ in range(11)]
    assert codes == [200] * 10 + [429]
    assert Child.objects.count() == 1


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"PANTAU_IDENTITY_REVEALS_PER_HOUR": "many"},
            "PANTAU_IDENTITY_REVEALS_PER_HOUR='many' is not a whole number.",
        ),
        (
            {"PANTAU_IDENTITY_REVEALS_PER_HOUR": "0"},
            "PANTAU_IDENTITY_REVEALS_PER_HOUR=0 is outside the allowed range",
        ),
        (
            {"PANTAU_IDENTITY_REVEALS_PER_HOUR": "5", "PANTAU_IDENTITY_REVEALS_PER_MINUTE": "6"},
            "PANTAU_IDENTITY_REVEALS_PER_MINUTE is larger than PANTAU_IDENTITY_REVEALS_PER_HOUR",
        ),
    ],
)
def test_bad_settings_fail_at_start_up(env: dict[str, str], message: str) -> None:
    import os
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", "import pantau.settings"],
        env={**os.environ, "PANTAU_ENV": "test", **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1 and message in result.stderr
