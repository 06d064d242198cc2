"""Pages for people without an account: check a panti before donating, report a concern, track it."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from pantau.audit.middleware import without_client_address
from pantau.awareness.content import hotline
from pantau.cases.models import Concern
from pantau.cases.services import concern_create
from pantau.lib.net import client_ip
from pantau.lib.ratelimit import allow, client_bucket
from pantau.public import selectors
from pantau.public.forms import CheckForm, ChildReportForm, ChildTrackForm, ConcernForm, LookupForm, TrackForm
from pantau.public.search import search_homes
from pantau.registry.models import Lksa

SEARCHES_PER_MINUTE = 60
REPORTS_PER_HOUR = 5
CHILD_REPORTS_PER_HOUR = 5


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


def _child_limited(request: HttpRequest, name: str, limit: int, window: int) -> bool:
    """The public limiter, keyed by a keyed hash of the address: the cache (a database table in
    production) then holds no address of a child who used the channel."""
    bucket = client_bucket(client_ip(request)).encode()
    digest = hmac.new(settings.SECRET_KEY.encode(), bucket, hashlib.sha256).hexdigest()[:32]
    return not allow(f"{name}:{digest}", limit=limit, window_seconds=window)


def _too_many_child(request: HttpRequest) -> HttpResponse:
    return render(request, "public/child_too_many.html", {"hotline": hotline()}, status=429)


@never_cache
@require_http_methods(["GET", "POST"])
def child_report(request: HttpRequest) -> HttpResponse:
    """The children's channel: no account, nothing identifying unless the child gives it (the audit
    entry is written without the client's address), priority in triage."""
    lksa_id = request.POST.get("lksa") or request.GET.get("lksa") or ""
    about = Lksa.objects.public().filter(pk=lksa_id).first() if lksa_id.isdigit() else None
    form = ChildReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if _child_limited(request, "child-report", CHILD_REPORTS_PER_HOUR, 3600):
            return _too_many_child(request)
        if form.is_valid():
            home = about or _home_named(form.cleaned_data["home"])
            with without_client_address():
                concern = concern_create(source=Concern.Source.CHILD, concern=form.concern(), lksa=home)
            return render(request, "public/child_received.html", {"concern": concern, "hotline": hotline()})
    return render(
        request,
        "public/child_report.html",
        {"form": form, "about": about, "hotline": hotline()},
        status=400 if form.errors else 200,
    )


def _home_named(text: str) -> Lksa | None:
    """The home a child named, when exactly one operating home in the public registry has that name;
    otherwise the name stays in the concern's text and triage finds the home."""
    text = text.strip()
    if not text:
        return None
    matches = list(Lksa.objects.public().filter(name__iexact=text)[:2])
    return matches[0] if len(matches) == 1 else None


@never_cache
@require_GET
def child_status(request: HttpRequest) -> HttpResponse:
    form = ChildTrackForm(request.GET or None)
    concern = None
    searched = form.is_valid()
    if searched:
        if _child_limited(request, "child-track", SEARCHES_PER_MINUTE, 60):
            return _too_many_child(request)
        concern = (
            Concern.objects.filter(tracking_code=form.cleaned_data["code"], source=Concern.Source.CHILD)
            .only("tracking_code", "status", "case", "updated_at")
            .first()
        )
    return render(
        request,
        "public/child_status.html",
        {"form": form, "concern": concern, "searched": searched, "hotline": hotline()},
    )
