from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.translation import check_for_language
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from pantau.accounts.access import actor_of
from pantau.accounts.models import User
from pantau.accounts.services import user_set_language
from pantau.accounts.two_factor import is_verified
from pantau.core.home import home_context
from pantau.regions.lookup import search_places


@login_required
def home(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request.user)
    if actor is None:
        # Signed in, but no active organisation: nothing to show but an explanation.
        return render(request, "core/home_no_membership.html", status=403)
    context = home_context(actor)
    return render(request, context.pop("template"), context)


@require_POST
def set_language(request: HttpRequest) -> HttpResponseBase:
    """Django's language switch, remembered on the account for the next sign-in (only once the session
    has passed its second factor: a password alone may switch the page's language, not change the
    account)."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if (
        isinstance(request.user, User)
        and is_verified(request.user)
        and check_for_language(language)
        and language in dict(settings.LANGUAGES)
    ):
        user_set_language(user=request.user, language=language)
    return response


@login_required
def region_search(request: HttpRequest) -> HttpResponse:
    """Suggestions for a place input (``regions.forms.PlaceInput``): by name or code prefix. The typed text
    comes as ``q`` or under the input's own name (``field``); ``levels`` ("2,3,4") limits the levels."""
    field = request.GET.get("field") or "region"
    text = (request.GET.get("q") or request.GET.get(field) or "").strip()[:100]
    wanted = (request.GET.get("levels") or "").split(",")
    levels = [int(level) for level in wanted if level in {"1", "2", "3", "4"}]
    places = search_places(text, levels=levels or None)
    return render(request, "core/region_options.html", {"places": places})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "errors/csrf.html", status=403)


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/400.html", status=400)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "errors/500.html", status=500)
