"""Per-request context (request id, client address) for the audit trail and log lines."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse

from pantau.lib.net import client_ip


@dataclass(frozen=True)
class RequestContext:
    request_id: uuid.UUID
    ip: str | None


_current: ContextVar[RequestContext | None] = ContextVar("pantau_request_context", default=None)


def current_request_context() -> RequestContext | None:
    return _current.get()


def _request_id(request: HttpRequest) -> uuid.UUID:
    # Accept an upstream id (from the reverse proxy) so one id follows a request end to end.
    header = request.headers.get("X-Request-ID", "")
    try:
        return uuid.UUID(header)
    except ValueError:
        return uuid.uuid4()


@contextmanager
def without_client_address() -> Iterator[None]:
    """Audit events written inside keep the request id but not the client's address: for the children's
    report channel, which promises to store nothing identifying unless the child gives it."""
    context = _current.get()
    token = _current.set(RequestContext(request_id=context.request_id, ip=None) if context else None)
    try:
        yield
    finally:
        _current.reset(token)


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        context = RequestContext(request_id=_request_id(request), ip=client_ip(request))
        token = _current.set(context)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response["X-Request-ID"] = str(context.request_id)
        return response


class RequestIdLogFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        context = _current.get()
        record.request_id = str(context.request_id) if context else "-"
        return True
