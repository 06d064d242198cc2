"""API tokens: shorter lifetimes and rotation (API and account page)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from pantau.accounts.models import ApiToken
from pantau.accounts.services import api_token_create
from pantau.audit.models import AuditEvent
from pantau.conftest import World


def _bearer(clear: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {clear}", HTTP_ACCEPT_LANGUAGE="en")


def test_token_rotates_itself_through_the_api(world: World) -> None:
    user = world.user("supervisor")
    old, clear = api_token_create(user=user, name="etl", days=30)
    client = _bearer(clear)
    listed = client.get("/api/v1/me/tokens").json()
    assert [(t["id"], t["name"], t["usable"]) for t in listed] == [(old.pk, "etl", True)]
    before = timezone.now()
    response = client.post(f"/api/v1/me/tokens/{old.pk}/rotate")
    assert response.status_code == 201
    body = response.json()
    new = ApiToken.objects.get(pk=body["new"]["id"])
    assert body["token"].startswith(f"pantau_{new.prefix}_") and new.name == "etl"
    # Through a token only the secret is renewed: the new token expires when the old one would have.
    expired_at = old.expires_at
    old.refresh_from_db()
    assert new.expires_at == expired_at
    assert old.replaced_by == new and old.revoked_at is None
    # The old token works for the grace period (10 minutes), then not.
    assert timedelta(minutes=9) < old.expires_at - before <= timedelta(minutes=10, seconds=5)
    assert body["previous"]["id"] == old.pk and body["previous"]["replaced_by_id"] == new.pk
    assert client.get("/api/v1/me").status_code == 200
    assert _bearer(body["token"]).get("/api/v1/me").status_code == 200
    event = AuditEvent.objects.get(action="api.token_rotated")
    assert event.actor == user and event.target_id == str(new.pk)
    assert event.changes["prefix"] == [old.prefix, new.prefix]
    assert body["token"] not in str(event.changes) and clear not in str(event.changes)
    # A replaced token can neither be rotated again nor rotate the new one.
    again = client.post(f"/api/v1/me/tokens/{old.pk}/rotate")
    assert again.status_code == 422
    assert again.json()["detail"] == {"__all__": ["This token has been replaced; use the new one to rotate."]}
    assert client.post(f"/api/v1/me/tokens/{new.pk}/rotate").status_code == 422
    assert _bearer(body["token"]).post(f"/api/v1/me/tokens/{old.pk}/rotate").status_code == 422
    assert ApiToken.objects.count() == 2
    ApiToken.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get("/api/v1/me").status_code == 401


def test_without_grace_the_old_token_stops_at_once(world: World, settings: Any) -> None:
    settings.PANTAU_API_TOKEN_ROTATION_GRACE_MINUTES = 0
    old, clear = api_token_create(user=world.user("viewer"), name="x", days=7)
    response = _bearer(clear).post(f"/api/v1/me/tokens/{old.pk}/rotate")
    assert response.status_code == 201
    old.refresh_from_db()
    assert old.revoked_at is not None and not old.is_usable
    assert _bearer(clear).get("/api/v1/me").status_code == 401
    assert _bearer(response.json()["token"]).get("/api/v1/me").status_code == 200


def test_revoked_expired_and_other_peoples_tokens_are_not_rotated(
    world: World, login: Callable[..., Client]
) -> None:
    user = world.user("viewer")
    api_token_create(user=user, name="main", days=7)
    revoked, _ = api_token_create(user=user, name="revoked", days=7)
    ApiToken.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now())
    expired, _ = api_token_create(user=user, name="expired", days=7)
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(hours=1))
    others, _ = api_token_create(user=world.user("colleague"), name="theirs", days=7)
    client = login(user)  # a token may rotate only itself: the others are rotated from a session
    for token in (revoked, expired):
        response = client.post(f"/api/v1/me/tokens/{token.pk}/rotate")
        assert response.status_code == 422
        assert response.json()["detail"] == {
            "__all__": ["This token is revoked or expired; create a new one instead."]
        }
    assert client.post(f"/api/v1/me/tokens/{others.pk}/rotate").status_code == 404
    assert {t["name"] for t in client.get("/api/v1/me/tokens").json()} == {"main", "revoked", "expired"}
    assert ApiToken.objects.count() == 4
    assert AuditEvent.objects.filter(action="access.denied", actor=user).count() == 1


def test_rotate_from_the_account_page(world: World, login: Callable[..., Client]) -> None:
    user = world.user("lksa_operator")
    client = login(user)
    old, _ = api_token_create(user=user, name="laporan", days=20)
    page = client.get("/account/").content.decode()
    assert f'action="/account/tokens/{old.pk}/rotate/"' in page
    response = client.post(f"/account/tokens/{old.pk}/rotate/")
    assert response.status_code == 200
    new = ApiToken.objects.exclude(pk=old.pk).get()
    old.refresh_from_db()
    # The page tells when the old token stops: the end of the grace period, not its former expiry.
    assert response.context["replaced"].expires_at == old.expires_at < timezone.now() + timedelta(minutes=11)
    assert response.context["clear"].startswith(f"pantau_{new.prefix}_")
    assert f"It replaces the token starting with pantau_{old.prefix}_" in response.content.decode()
    page = client.get("/account/").content.decode()
    assert "Replaced; works until" in page
    assert f'action="/account/tokens/{old.pk}/rotate/"' not in page
    again = client.post(f"/account/tokens/{old.pk}/rotate/", follow=True)
    assert "This token has already been replaced by a newer one." in again.content.decode()
    others, _ = api_token_create(user=world.user("viewer"), name="theirs", days=5)
    assert client.post(f"/account/tokens/{others.pk}/rotate/").status_code == 404
    assert client.get(f"/account/tokens/{old.pk}/rotate/").status_code == 405


def test_lifetimes_are_shorter(world: World, login: Callable[..., Client], settings: Any) -> None:
    assert settings.PANTAU_API_TOKEN_MAX_DAYS == 90
    client = login(world.user("viewer"))
    form = client.get("/account/").context["token_form"]
    assert form["days"].initial == 30 and 'max="90"' in str(form["days"])
    too_long = client.post("/account/tokens/new/", {"name": "x", "days": 91})
    assert too_long.status_code == 400 and not ApiToken.objects.exists()
    assert client.post("/account/tokens/new/", {"name": "x", "days": 90}).status_code == 200
    # The service caps whatever it is given.
    token, _ = api_token_create(user=world.user("viewer"), name="y", days=3650)
    assert token.expires_at - timezone.now() <= timedelta(days=90)


def test_a_token_rotates_only_itself(world: World) -> None:
    """A stolen token must not take over another client's token of the same person."""
    user = world.user("supervisor")
    _, clear = api_token_create(user=user, name="etl", days=30)
    sibling, _ = api_token_create(user=user, name="dashboard", days=30)
    answer = _bearer(clear).post(f"/api/v1/me/tokens/{sibling.pk}/rotate")
    assert answer.status_code == 422
    assert answer.json()["detail"] == {
        "__all__": ["A token can rotate only itself; sign in to rotate another one."]
    }
    sibling.refresh_from_db()
    assert sibling.replaced_by is None and sibling.is_usable
    assert ApiToken.objects.count() == 2


def test_a_session_with_the_second_factor_gives_a_fresh_lifetime(
    world: World, login: Callable[..., Client]
) -> None:
    user = world.user("supervisor")
    token, _ = api_token_create(user=user, name="etl", days=30)
    created = timezone.now() - timedelta(days=20)  # ten days left
    ApiToken.objects.filter(pk=token.pk).update(created_at=created, expires_at=created + timedelta(days=30))
    client = login(user)
    before = timezone.now()
    answer = client.post(f"/api/v1/me/tokens/{token.pk}/rotate")
    assert answer.status_code == 201
    new = ApiToken.objects.get(pk=answer.json()["new"]["id"])
    # As long as the old one had from its creation (30 days), counted from now.
    assert (
        timedelta(days=30) - timedelta(seconds=5) < new.expires_at - before <= timedelta(days=30, seconds=5)
    )


def test_no_token_outlives_the_current_maximum_from_its_creation(world: World, settings: Any) -> None:
    """Tokens issued under an older, longer maximum (365 days) stop at today's maximum (90)."""
    user = world.user("supervisor")
    token, clear = api_token_create(user=user, name="old", days=30)
    created = timezone.now() - timedelta(days=91)
    ApiToken.objects.filter(pk=token.pk).update(created_at=created, expires_at=created + timedelta(days=365))
    assert _bearer(clear).get("/api/v1/me").status_code == 401
    settings.PANTAU_API_TOKEN_MAX_DAYS = 180
    assert _bearer(clear).get("/api/v1/me").status_code == 200
