"""Every route Pantau answers, read from the URL resolver and the Ninja router (never from the table).

A page is named by its namespaced URL name (``supervision:visit_cancel``); an API operation by its
full path template (``/api/v1/supervision/visits/{visit_id}``). Methods:

* an API operation accepts the methods it was declared with;
* a page decorated with ``require_http_methods`` (``require_POST``...) accepts that list; a class-based
  view the methods it has a handler for; any other function view answers GET and POST alike (it reads
  ``request.method`` itself), so both need a row. PUT, PATCH and DELETE are not sent to pages: no form
  sends them, and a page that ignores the method treats them like GET.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from pantau.api.urls import api

API_PREFIX = "/api/v1"
PAGE_METHODS = frozenset({"GET", "POST"})


def _accepted(callback: Callable[..., Any]) -> frozenset[str]:
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return (
            frozenset(m.upper() for m in view_class.http_method_names if hasattr(view_class, m))
            & PAGE_METHODS
        )
    view: Any = callback
    while view is not None:
        code = getattr(view, "__code__", None)
        if code is not None and "request_method_list" in code.co_freevars:
            cell = view.__closure__[code.co_freevars.index("request_method_list")]
            return frozenset(cell.cell_contents) & (PAGE_METHODS | {"PUT", "PATCH", "DELETE"})
        view = getattr(view, "__wrapped__", None)
    return PAGE_METHODS


def _walk(patterns: list[Any], namespace: str = "") -> Iterator[tuple[str, Callable[..., Any]]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            # The API's operations are listed from the router below; its docs and schema are pages.
            if pattern.callback.__module__ == "ninja.operation":
                continue
            yield f"{namespace}{pattern.name}", pattern.callback


def page_routes() -> dict[str, frozenset[str]]:
    """``{"app:name": methods}`` for every page in the URL configuration."""
    return {name: _accepted(callback) for name, callback in _walk(get_resolver().url_patterns)}


def api_routes() -> dict[str, frozenset[str]]:
    """``{"/api/v1/...": methods}`` for every operation of the Ninja API."""
    found: dict[str, set[str]] = {}
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            full = re.sub("/+", "/", f"{API_PREFIX}/{prefix}/{path}").rstrip("/")
            for operation in path_view.operations:
                found.setdefault(full, set()).update(operation.methods)
    return {path: frozenset(methods) for path, methods in found.items()}


def all_routes() -> set[tuple[str, str]]:
    """Every (route, method) pair a row must exist for."""
    pairs = {(name, method) for name, methods in page_routes().items() for method in methods}
    pairs |= {(path, method) for path, methods in api_routes().items() for method in methods}
    return pairs
