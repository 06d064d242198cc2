"""The /api/v1 contract: JSON errors everywhere, bounded pagination, an OpenAPI document without clashes
and with every operation's errors declared."""

from __future__ import annotations

import json
import logging
import typing
import uuid
from collections import defaultdict
from collections.abc import Iterator
from types import UnionType
from typing import Any

import pytest
from django.test import Client, override_settings
from pydantic import BaseModel

from pantau.accounts.services import api_token_create
from pantau.api.urls import api
from pantau.conftest import World
from pantau.lib.api import MAX_PAGE

HUGE = "837799025279557566464"


def _bearer(world: World, persona: str, language: str = "en") -> Client:
    _, clear = api_token_create(user=world.user(persona), name="contract", days=1)
    return Client(HTTP_AUTHORIZATION=f"Bearer {clear}", HTTP_ACCEPT_LANGUAGE=language)


def _operations() -> Iterator[Any]:
    for bound in api._get_bound_routers():
        for path_view in bound.path_operations.values():
            yield from path_view.operations


def _schema() -> dict[str, Any]:
    return api.get_openapi_schema(path_prefix="/api/v1/")


def _paginated_paths() -> list[str]:
    return sorted(
        path
        for path, methods in _schema()["paths"].items()
        if "{" not in path and any(p["name"] == "page" for p in methods.get("get", {}).get("parameters", []))
    )


def test_every_paginated_endpoint_refuses_a_page_out_of_range_with_a_translated_422(world: World) -> None:
    paths = _paginated_paths()
    assert len(paths) >= 12  # the walk found the paginated endpoints (organisations, users, audit, ...)
    english, indonesian = _bearer(world, "system_admin"), _bearer(world, "system_admin", "id")
    for path in paths:
        for page in (HUGE, str(MAX_PAGE + 1), "0"):
            response = english.get(path, {"page": page})
            assert response.status_code == 422, (path, page, response.content[:200])
            assert response["Content-Type"] == "application/json; charset=utf-8"
        assert english.get(path, {"page": HUGE}).json() == {
            "detail": {"page": ["Enter a value of at most 10000."]}
        }
        assert english.get(path, {"page": "0"}).json() == {
            "detail": {"page": ["Enter a value of at least 1."]}
        }
        if path != "/api/v1/monitoring/posts":  # its own page parameter, without a page size
            assert english.get(path, {"page_size": "101"}).json() == {
                "detail": {"page_size": ["Enter a value of at most 100."]}
            }
        assert indonesian.get(path, {"page": HUGE}).json() == {
            "detail": {"page": ["Masukkan nilai paling besar 10000."]}
        }
        assert english.get(path, {"page": str(MAX_PAGE)}).status_code in (200, 403)


def test_a_bad_request_names_the_field_in_the_users_language(world: World) -> None:
    client = _bearer(world, "viewer")
    response = client.patch("/api/v1/me", json.dumps({"language": "fr"}), content_type="application/json")
    assert response.status_code == 422
    assert response.json() == {"detail": {"language": ["Choose one of: 'id' or 'en'."]}}
    assert client.get("/api/v1/organisations/not-a-number").json() == {
        "detail": {"organisation_id": ["Enter a whole number."]}
    }
    broken = client.patch("/api/v1/me", "{not json", content_type="application/json")
    assert broken.status_code == 400 and broken.json() == {
        "detail": "Send the request body as a JSON object."
    }
    for body in ("null", "[1]", "7"):
        refused = client.patch("/api/v1/me", body, content_type="application/json")
        assert refused.status_code == 400, body
    empty = client.patch("/api/v1/me", "{}", content_type="application/json")
    assert empty.status_code == 422 and empty.json() == {"detail": {"language": ["This field is required."]}}


def test_unknown_paths_and_wrong_methods_answer_json(world: World) -> None:
    client = _bearer(world, "viewer")
    for debug in (False, True):
        with override_settings(DEBUG=debug):
            missing = client.get("/api/v1/no-such-thing?q=Siti")
            assert missing.status_code == 404 and missing.json() == {"detail": "Not found."}
            wrong = client.delete("/api/v1/me")
            assert wrong.status_code == 405 and wrong.json() == {"detail": "This method is not allowed here."}
            assert set(wrong["Allow"].split(", ")) == {"GET", "PATCH"}
    # Pages outside /api/ keep their HTML error pages.
    assert "text/html" in Client().get("/no-such-page/")["Content-Type"]


def test_a_refused_host_answers_json_under_the_api() -> None:
    response = Client(HTTP_HOST="evil.example", HTTP_ACCEPT_LANGUAGE="en").get("/api/v1/me")
    assert response.status_code == 400 and response.json() == {
        "detail": "The request could not be understood."
    }


@pytest.mark.parametrize("debug", [False, True])
def test_an_unexpected_error_answers_json_with_the_request_id_and_logs_no_query(
    world: World, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, debug: bool
) -> None:
    def broken(inner: str, outer: str) -> bool:
        raise RuntimeError("boom")

    monkeypatch.setattr("pantau.regions.api.is_within", broken)
    _, clear = api_token_create(user=world.user("viewer"), name="x", days=1)
    client = Client(
        HTTP_AUTHORIZATION=f"Bearer {clear}", HTTP_ACCEPT_LANGUAGE="en", raise_request_exception=False
    )
    request_id = str(uuid.uuid4())
    with override_settings(DEBUG=debug), caplog.at_level(logging.ERROR):
        response = client.get(
            "/api/v1/regions/contains", {"outer": "36", "inner": "Siti Aminah"}, HTTP_X_REQUEST_ID=request_id
        )
    assert response.status_code == 500 and response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json() == {
        "detail": "Something went wrong on our side. If it happens again, give the administrator this "
        f"request id: {request_id}.",
        "request_id": request_id,
    }
    assert "Unhandled error in GET /api/v1/regions/contains" in caplog.text and "boom" in caplog.text
    assert "Siti" not in caplog.text and "inner=" not in caplog.text


def test_session_calls_without_csrf_token_answer_a_translated_403_and_no_credentials_401(
    world: World,
) -> None:
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    body = json.dumps({"language": "en"})
    anonymous = client.patch("/api/v1/me", body, content_type="application/json")
    assert anonymous.status_code == 401 and anonymous.json() == {
        "detail": "Sign in or send a valid API token."
    }
    client.force_login(world.user("viewer"), backend="django.contrib.auth.backends.ModelBackend")
    refused = client.patch("/api/v1/me", body, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["detail"].startswith("The CSRF check failed.")


def test_too_many_public_requests_answer_json_429(monkeypatch: pytest.MonkeyPatch, db: None) -> None:
    monkeypatch.setattr("pantau.public.api.REQUESTS_PER_MINUTE", 2)
    client = Client(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR="203.0.113.9")
    statuses = [client.get("/api/v1/public/lookup", {"value": "x"}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert client.get("/api/v1/public/lookup", {"value": "x"}).json() == {
        "detail": "Too many requests from your connection. Wait a minute and try again."
    }


# --- the OpenAPI document ---------------------------------------------------------------------------


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    """Every pydantic model an annotation refers to (list[X], X | None, dict[str, X], ...)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        return
    if typing.get_origin(annotation) is not None or isinstance(annotation, UnionType):
        for argument in typing.get_args(annotation):
            yield from _models_in(argument)


def _components_by_name() -> dict[str, set[type[BaseModel]]]:
    """Schema name -> the model classes that produce it, over every operation's bodies and responses.

    ninja names each component after its class and, when two classes share a name, silently keeps one:
    the document then describes one class where the API sends or expects the other.
    """
    found: dict[str, set[type[BaseModel]]] = defaultdict(set)
    seen: set[type[BaseModel]] = set()

    def walk(model: type[BaseModel], wrapper: bool) -> None:
        if model in seen:
            return
        seen.add(model)
        if not wrapper:
            found[model.__name__].add(model)
        for field in model.model_fields.values():
            for inner in _models_in(field.annotation):
                walk(inner, wrapper=False)

    for operation in _operations():
        # ninja's own wrappers (parameters, "response") are not components; what they hold is.
        for model in operation.models:
            walk(model, wrapper=True)
        for model in operation.response_models.values():
            if isinstance(model, type) and issubclass(model, BaseModel):
                walk(model, wrapper=True)
    return found


def test_no_two_schemas_share_a_component_name(world: World) -> None:
    found = _components_by_name()
    clashes = {
        name: sorted(f"{m.__module__}.{m.__qualname__}" for m in models)
        for name, models in found.items()
        if len({json.dumps(m.model_json_schema(), sort_keys=True) for m in models}) > 1
    }
    assert clashes == {}
    assert set(_schema()["components"]["schemas"]) == set(found)


def test_every_operation_declares_its_errors_with_the_shared_error_schema(world: World) -> None:
    schema = _schema()
    assert schema["components"]["schemas"]["ErrorOut"]["required"] == ["detail"]
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
    checked = 0
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            responses = {str(status): answer for status, answer in operation["responses"].items()}
            parameters = operation.get("parameters", [])
            expected = {"429"}
            if operation.get("security"):
                expected |= {"401", "403"}
            if "{" in path:
                expected.add("404")
            if parameters or "requestBody" in operation:
                expected.add("422")
            if "requestBody" in operation:
                expected.add("400")
            assert expected <= {str(status) for status in responses}, (method, path)
            for status in expected:
                assert responses[status]["content"] == error, (method, path, status)
            checked += 1
    assert checked == len(list(_operations())) and checked > 40


def test_an_operations_declared_permission_refuses_and_audits_before_the_body(world: World) -> None:
    from pantau.audit.models import AuditEvent

    refused = _bearer(world, "viewer").get("/api/v1/cases", {"status": "open"})
    assert refused.status_code == 403 and refused.json() == {"detail": "You do not have permission for this."}
    denied = AuditEvent.objects.get(action="access.denied")
    assert denied.actor_id == world.user("viewer").pk and denied.target_label == "/api/v1/cases"
    assert _bearer(world, "case_worker").get("/api/v1/cases").status_code == 200
