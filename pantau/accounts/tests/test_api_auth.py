from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from pantau.accounts.models import ApiToken
from pantau.accounts.services import api_token_create
from pantau.accounts.testing import force_login_verified
from pantau.audit.models import AuditEvent
from pantau.conftest import World


def test_token_authenticates_with_the_owners_scope(world: World) -> None:
    _, clear = api_token_create(user=world.user("supervisor"), name="etl", days=30)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {clear}")
    me = client.get("/api/v1/me").json()
    assert me["email"] == world.user("supervisor").email and me["jurisdiction"] == "36.03"
    assert client.get(f"/api/v1/organisations/{world.dinsos_medan.pk}").status_code == 404
    token = ApiToken.objects.get()
    assert token.last_used_at is not None and clear not in token.token_hash


def test_malformed_unknown_expired_and_revoked_tokens(world: World) -> None:
    def get(value: str, language: str = "id") -> tuple[int, str]:
        response = Client(HTTP_AUTHORIZATION=f"Bearer {value}", HTTP_ACCEPT_LANGUAGE=language).get(
            "/api/v1/me"
        )
        return response.status_code, response.json()["detail"]

    status, detail = get("not-a-token")
    assert status == 401 and detail.startswith("Format token API tidak valid")
    status, detail = get("not-a-token", "en")
    assert status == 401 and detail.startswith("The API token is malformed")
    assert get("pantau_abcdef12_" + "x" * 43, "en") == (401, "The API token is unknown, expired or revoked.")
    token, clear = api_token_create(user=world.user("viewer"), name="old", days=1)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert get(clear, "en")[0] == 401
    token, clear = api_token_create(user=world.user("viewer"), name="revoked", days=1)
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    assert get(clear, "en")[0] == 401
    assert AuditEvent.objects.filter(action="api.token_rejected").count() == 5


def test_deactivating_a_user_revokes_their_tokens(world: World, login: Callable[..., Client]) -> None:
    _, clear = api_token_create(user=world.user("colleague"), name="x", days=10)
    login(world.user("org_admin")).post(f"/users/{world.user('colleague').pk}/active/", {"active": "0"})
    assert Client(HTTP_AUTHORIZATION=f"Bearer {clear}").get("/api/v1/me").status_code == 401


def test_token_created_on_profile_page_is_shown_once(world: World, login: Callable[..., Client]) -> None:
    client = login(world.user("supervisor"))
    response = client.post("/account/tokens/new/", {"name": "Spreadsheet sync", "days": "30"})
    clear = response.context["clear"]
    assert clear.startswith("pantau_") and clear in response.content.decode()
    assert clear not in client.get("/account/").content.decode()
    bad = client.post("/account/tokens/new/", {"name": "", "days": "0"})
    assert bad.status_code == 400
    token = ApiToken.objects.get()
    client.post(f"/account/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None
    # Someone else's token cannot be revoked by guessing its id.
    other, _ = api_token_create(user=world.user("viewer"), name="mine", days=5)
    assert client.post(f"/account/tokens/{other.pk}/revoke/").status_code == 404


def test_browser_session_needs_csrf_for_unsafe_api_calls(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    force_login_verified(client, world.user("viewer"))
    body = json.dumps({"language": "en"})
    refused = client.patch("/api/v1/me", body, content_type="application/json")
    assert refused.status_code in (401, 403)
    client.get("/account/")  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    accepted = client.patch("/api/v1/me", body, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == 200 and accepted.json()["language"] == "en"


def test_api_rejects_bad_input_with_a_clear_body(world: World) -> None:
    _, clear = api_token_create(user=world.user("viewer"), name="x", days=10)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {clear}")
    response = client.patch("/api/v1/me", json.dumps({"language": "fr"}), content_type="application/json")
    assert response.status_code == 422
    assert response.json() == {"detail": {"language": ["Pilih salah satu dari: 'id' or 'en'."]}}
    assert client.get("/api/v1/organisations/not-a-number").status_code == 422


def test_openapi_schema_lists_the_endpoints(world: World, login: Callable[..., Client]) -> None:
    assert Client().get("/api/v1/docs").status_code == 302  # staff only
    schema = login(world.user("viewer")).get("/api/v1/openapi.json").json()
    assert {"/api/v1/me", "/api/v1/organisations", "/api/v1/audit/events", "/api/v1/regions"} <= set(
        schema["paths"]
    )
    assert "TokenAuth" in schema["components"]["securitySchemes"]
