"""Every error of /api/v1 is JSON (``ErrorOut``), in every environment, and declared in the schema.

Three layers, so that no error escapes as an HTML page:

* ``install_exception_handlers`` — what a handler raises (403, 404, 422, 429, an unexpected exception)
  becomes an ``ErrorOut`` body inside ninja;
* ``ApiErrorMiddleware`` — what Django answers outside ninja under ``/api/`` (an unknown path, a wrong
  method, a refused host, an error in a middleware) is rewritten into an ``ErrorOut`` body;
* ``declare_error_responses`` — the OpenAPI document lists, on each operation, the errors it can answer,
  so that clients (and the schemathesis test) can rely on them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.core import signals
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as RequestValidationError
from ninja.parser import Parser

from pantau.audit.middleware import current_request_context
from pantau.lib.api import ErrorOut
from pantau.lib.storage import StorageUnavailable

logger = logging.getLogger("pantau.api")


class JsonObjectParser(Parser):
    """JSON bodies, which must be objects: every body of the API is one. ``null`` or a bare number
    would otherwise reach an operation whose fields all have defaults as if nothing was wrong."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = super().parse_body(request)
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")  # ninja answers 400 (see http_error below)
        return data


API_PREFIX = "/api/"


def error_body(detail: str | dict[str, list[str]], *, request_id: str | None = None) -> dict[str, Any]:
    """An ``ErrorOut`` body, validated by its schema (exception handlers bypass ninja's validation)."""
    return ErrorOut(detail=detail, request_id=request_id).model_dump(exclude_none=True)


def _request_id() -> str | None:
    context = current_request_context()
    return str(context.request_id) if context else None


def _server_error_detail(request_id: str | None) -> str:
    return _(
        "Something went wrong on our side. If it happens again, give the administrator this request "
        "id: %(request_id)s."
    ) % {"request_id": request_id or "-"}


# pydantic's error types, as sentences a user can act on (pydantic's own messages are English only).
_MESSAGES: dict[str, Promise] = {
    "missing": gettext_lazy("This field is required."),
    "int_parsing": gettext_lazy("Enter a whole number."),
    "int_type": gettext_lazy("Enter a whole number."),
    "int_from_float": gettext_lazy("Enter a whole number."),
    "float_parsing": gettext_lazy("Enter a number."),
    "float_type": gettext_lazy("Enter a number."),
    "bool_parsing": gettext_lazy("Enter true or false."),
    "bool_type": gettext_lazy("Enter true or false."),
    "greater_than_equal": gettext_lazy("Enter a value of at least %(ge)s."),
    "greater_than": gettext_lazy("Enter a value greater than %(gt)s."),
    "less_than_equal": gettext_lazy("Enter a value of at most %(le)s."),
    "less_than": gettext_lazy("Enter a value less than %(lt)s."),
    "string_type": gettext_lazy("Enter text."),
    "string_too_short": gettext_lazy("Enter at least %(min_length)s characters."),
    "string_too_long": gettext_lazy("Enter at most %(max_length)s characters."),
    "string_pattern_mismatch": gettext_lazy("Enter a value in the expected format."),
    "literal_error": gettext_lazy("Choose one of: %(expected)s."),
    "enum": gettext_lazy("Choose one of: %(expected)s."),
    "date_parsing": gettext_lazy("Enter a date as YYYY-MM-DD."),
    "date_type": gettext_lazy("Enter a date as YYYY-MM-DD."),
    "date_from_datetime_parsing": gettext_lazy("Enter a date as YYYY-MM-DD."),
    "date_from_datetime_inexact": gettext_lazy("Enter a date as YYYY-MM-DD."),
    "datetime_parsing": gettext_lazy("Enter a date and time in ISO 8601 form (2026-01-31T09:00:00+07:00)."),
    "datetime_type": gettext_lazy("Enter a date and time in ISO 8601 form (2026-01-31T09:00:00+07:00)."),
    "datetime_from_date_parsing": gettext_lazy(
        "Enter a date and time in ISO 8601 form (2026-01-31T09:00:00+07:00)."
    ),
    "json_invalid": gettext_lazy("The request body is not valid JSON."),
    "model_attributes_type": gettext_lazy("Send a JSON object."),
    "model_type": gettext_lazy("Send a JSON object."),
    "dict_type": gettext_lazy("Send a JSON object."),
    "list_type": gettext_lazy("Send a list."),
}
_FALLBACK = gettext_lazy("Enter a valid value.")


def _message(error: dict[str, Any]) -> str:
    template = _MESSAGES.get(str(error.get("type", "")), _FALLBACK)
    try:
        return str(template) % {key: value for key, value in (error.get("ctx") or {}).items()}
    except (KeyError, TypeError, ValueError):
        return str(_FALLBACK)


def _field(loc: list[Any] | tuple[Any, ...]) -> str:
    # ninja's locations: ("query", "page"), ("path", "case_id"), ("body", "payload", "accept").
    parts = [str(part) for part in loc]
    if parts and parts[0] == "body":
        parts = parts[2:]
    elif parts:
        parts = parts[1:]
    return ".".join(parts) or "__all__"


def request_errors(errors: list[dict[str, Any]]) -> dict[str, list[str]]:
    """ninja's request validation errors as {field: [translated sentences]}, like a service's refusal."""
    detail: dict[str, list[str]] = {}
    for error in errors:
        messages = detail.setdefault(_field(error.get("loc") or ()), [])
        message = _message(error)
        if message not in messages:
            messages.append(message)
    return detail


def install_exception_handlers(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, status: int, detail: str | dict[str, list[str]]) -> HttpResponse:
        return api.create_response(request, error_body(detail), status=status)

    def unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
        return respond(request, 401, _("Sign in or send a valid API token."))

    def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
        return respond(request, 403, _("You do not have permission for this."))

    def refused(request: HttpRequest, exc: Exception) -> HttpResponse:
        # A service refused the change (a rule of the domain, not the request's shape): say why, in the
        # user's language, field by field where the service named the field.
        assert isinstance(exc, DjangoValidationError)  # noqa: S101
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        return respond(request, 422, detail)

    def invalid(request: HttpRequest, exc: Exception) -> HttpResponse:
        assert isinstance(exc, RequestValidationError)  # noqa: S101
        return respond(request, 422, request_errors(exc.errors))

    def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return respond(request, 404, _("Not found."))

    def storage_unavailable(request: HttpRequest, exc: Exception) -> HttpResponse:
        # Not the caller's fault and nothing was saved: 503, so a client may retry later.
        assert isinstance(exc, StorageUnavailable)  # noqa: S101
        return respond(request, 503, exc.messages[0])

    def http_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        assert isinstance(exc, HttpError)  # noqa: S101
        if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
            # ninja's message, untranslated: the body is not JSON, or (JsonObjectParser) not an object.
            return respond(request, 400, _("Send the request body as a JSON object."))
        return respond(request, exc.status_code, str(exc))

    def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        # The path only: a query string may carry a search for a child's name.
        logger.error("Unhandled error in %s %s", request.method, request.path, exc_info=exc)
        # Let Django's listeners (and the test client, which re-raises) know, as for any 500.
        signals.got_request_exception.send(sender=None, request=request)
        request_id = _request_id()
        body = error_body(_server_error_detail(request_id), request_id=request_id)
        return api.create_response(request, body, status=500)

    handlers: list[tuple[type[Exception], Callable[[HttpRequest, Any], HttpResponse]]] = [
        (Exception, server_error),
        (HttpError, http_error),
        (AuthenticationError, unauthenticated),
        (PermissionDenied, forbidden),
        (DjangoValidationError, refused),
        (StorageUnavailable, storage_unavailable),
        (RequestValidationError, invalid),
        (Http404, not_found),
    ]
    for exc_class, handler in handlers:
        api.add_exception_handler(exc_class, handler)


def _standard_messages() -> dict[int, str]:
    return {
        400: _("The request could not be understood."),
        401: _("Sign in or send a valid API token."),
        403: _("You do not have permission for this."),
        404: _("Not found."),
        405: _("This method is not allowed here."),
        413: _("The request is too large."),
        429: _("Too many requests. Wait a minute and try again."),
    }


class ApiErrorMiddleware:
    """Under /api/, an error Django (not ninja) answers becomes an ``ErrorOut`` JSON body.

    It covers unknown paths and wrong methods (ninja answers those with Django's plain responses), a
    refused host or oversized body (400/413), and any error page a middleware renders (CSRF, 500), in
    every environment, including DEBUG's technical pages. Headers such as ``Allow`` and ``Retry-After``
    are kept.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if (
            response.status_code < 400
            or not request.path.startswith(API_PREFIX)
            or response.get("Content-Type", "").startswith("application/json")
        ):
            return response
        status = response.status_code
        if status >= 500:
            request_id = _request_id()
            body = error_body(_server_error_detail(request_id), request_id=request_id)
        else:
            body = error_body(_standard_messages().get(status) or _("The request was refused."))
        replacement = JsonResponse(body, status=status)
        for header in ("Allow", "Retry-After", "WWW-Authenticate", "Vary"):
            if header in response:
                replacement[header] = response[header]
        return replacement


def declare_error_responses(api: NinjaAPI) -> None:
    """Add ``ErrorOut`` for the errors each operation can answer to its declared responses.

    Derived from what the operation is, the same way the answers arise: every operation 429 (too many
    rejected tokens from the caller's address, or too many public calls); an authenticated one 401 (no
    or a bad token) and 403 (the role lacks the function, or a session call without CSRF token); one
    with a path parameter 404 (no such record, or outside the caller's scope); one with any parameter
    or body 422 (the request's shape, or a service refusing it); one with a body 400 (not a JSON
    object). Statuses an operation declares itself are kept. Call it after every router is added;
    it binds the routers.
    """
    for bound in api._get_bound_routers():
        for path_view in bound.path_operations.values():
            for operation in path_view.operations:
                # Every operation is rate-limited somewhere: token attempts per address, or the public
                # endpoints per connection.
                statuses: list[int] = [429]
                if operation.auth_callbacks:
                    statuses += [401, 403]
                if "{" in operation.path:
                    statuses.append(404)
                if any(model.__ninja_param_source__ == "body" for model in operation.models):
                    statuses.append(400)  # a body that is not JSON at all
                if any(model.model_fields for model in operation.models):
                    statuses.append(422)
                for status in statuses:
                    if status not in operation.response_models:
                        operation.response_models[status] = operation._create_response_model(ErrorOut)
