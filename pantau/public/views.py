"""Pages for people without an account: check a panti before donating, report a concern, track it."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from pantau.cases.models import Concern
from pantau.cases.services import concern_create
from pantau.lib.net import client_ip
from pantau.lib.ratelimit import allow, client_bucket
from pantau.public import selectors
from pantau.public.forms import CheckForm, ConcernForm, LookupForm, TrackForm
from pantau.public.search import search_homes
from pantau.registry.models import Lksa

SEARCHES_PER_MINUTE = 60
REPORTS_PER_HOUR = 5


def _limited(request: HttpRequest, name: str, limit: int, window: int) -> bool:
    return not allow(f"{name}:{client_bucket(client_ip(request))}", limit=limit, window_seconds=window)


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "public/too_many.html", status=429)


def check(request: HttpRequest) -> HttpResponse:
    searching = bool(request.GET.get("q", "").strip() or request.GET.get("region", "").strip())
    if searching and _limited(request, "check", SEARCHES_PER_MINUTE, 60):
        return _too_many(request)  # before the place box is read: that reads the regions
    form = CheckForm(request.GET if searching else None)
    result = None
    if searching and form.is_valid():
        result = search_homes(
            day=timezone.localdate(),
            q=form.cleaned_data["q"],
            places=form.cleaned_data["region"],
            page=request.GET.get("page"),
        )
    return render(
        request,
        "public/check.html",
        {"form": form, "lookup_form": LookupForm(), "result": result},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def lookup(request: HttpRequest) -> HttpResponse:
    """An account number or handle may be a person's: it is POSTed, never put in the address (which
    access and proxy logs keep). A GET shows the empty form."""
    form = LookupForm(request.POST if request.method == "POST" else None)
    matches = None
    if form.is_valid():
        if _limited(request, "check", SEARCHES_PER_MINUTE, 60):
            return _too_many(request)
        matches = selectors.lookup(day=timezone.localdate(), value=form.cleaned_data["value"])
    return render(
        request,
        "public/lookup.html",
        {"lookup_form": form, "matches": matches},
        status=400 if form.errors else 200,
    )


def lksa(request: HttpRequest, pk: int) -> HttpResponse:
    if _limited(request, "check", SEARCHES_PER_MINUTE, 60):
        return _too_many(request)
    item = selectors.public_detail(pk, timezone.localdate())
    if item is None:
        raise Http404
    return render(request, "public/lksa.html", {"item": item})


@never_cache
def report(request: HttpRequest) -> HttpResponse:
    lksa_id = request.POST.get("lksa") or request.GET.get("lksa") or ""
    about = Lksa.objects.public().filter(pk=lksa_id).first() if lksa_id.isdigit() else None
    form = ConcernForm(request.POST or None)
    if request.method == "POST":
        if _limited(request, "report", REPORTS_PER_HOUR, 3600):
            return _too_many(request)
        if form.is_valid():
            concern = concern_create(
                source=Concern.Source.PUBLIC, concern=form.save(commit=False), lksa=about
            )
            return render(request, "public/report_received.html", {"concern": concern})
    return render(
        request, "public/report.html", {"form": form, "about": about}, status=400 if form.errors else 200
    )


@never_cache
def track(request: HttpRequest) -> HttpResponse:
    form = TrackForm(request.GET or None)
    concern = None
    searched = form.is_valid()
    if searched:
        if _limited(request, "track", SEARCHES_PER_MINUTE, 60):
            return _too_many(request)
        concern = (
            Concern.objects.filter(tracking_code=form.cleaned_data["code"])
            .only("tracking_code", "status", "created_at", "updated_at")
            .first()
        )
    return render(request, "public/track.html", {"form": form, "concern": concern, "searched": searched})
