"""The /api/v1 root: one NinjaAPI, a router per domain app, translated error bodies."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from pantau.accounts.api import router as accounts_router
from pantau.api.auth import BrowserSessionAuth, TokenAuth
from pantau.audit.api import router as audit_router
from pantau.cases.api import router as cases_router
from pantau.children.api import router as children_router
from pantau.linkage.api import router as linkage_router
from pantau.monitoring.api import router as monitoring_router
from pantau.public.api import router as public_router
from pantau.regions.api import router as regions_router
from pantau.registry.api import router as registry_router
from pantau.supervision.api import router as supervision_router

api = NinjaAPI(
    title="Pantau API",
    version="1",
    description=(
        "Child-protection oversight for LKSA. Machine clients send `Authorization: Bearer <token>` "
        "(tokens are created on the account page); the browser uses its session and a CSRF token."
    ),
    auth=[TokenAuth(), BrowserSessionAuth(csrf=True)],
    # The schema is no secret, but the system is not public: the docs are for signed-in staff.
    docs_decorator=login_required,
    urls_namespace="api",
)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": _("Sign in or send a valid API token.")}, status=401)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": _("You do not have permission for this.")}, status=403)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: Exception) -> HttpResponse:
    # A service refused the change (rule of the domain, not the request's shape): say why, in the
    # user's language, field by field where the service named the field.
    assert isinstance(exc, ValidationError)  # noqa: S101
    detail = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


api.add_router("/", accounts_router)
api.add_router("/regions", regions_router)
api.add_router("/audit", audit_router)
api.add_router("/registry", registry_router)
api.add_router("/public", public_router)
api.add_router("/children", children_router)
api.add_router("/supervision", supervision_router)
api.add_router("/cases", cases_router)
api.add_router("/linkage", linkage_router)
api.add_router("/monitoring", monitoring_router)
