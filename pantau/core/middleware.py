"""A page, not a blank browser error, for an address that only takes a form."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


class MethodNotAllowedPageMiddleware:
    """Views behind ``require_POST`` answer a GET with an empty 405, which browsers show as their own
    "HTTP ERROR 405". That happens to people: the language switch returns to the current address, and
    after a form was sent that address (revealing an identifier, rotating a token) takes only forms.
    Pages get an explanation and a way back; the API keeps its JSON errors (``pantau.api.errors``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 405 or response.content or request.path.startswith("/api/"):
            return response
        response.content = render_to_string("errors/405.html", request=request).encode()
        response["Content-Type"] = "text/html; charset=utf-8"
        return response
