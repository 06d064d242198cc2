"""The public awareness pages (no account) and their one-page leaflets (PDF, rendered on the server)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from pantau.awareness import content
from pantau.lib.downloads import download
from pantau.lib.pdf import render_pdf


def _context(topic: str) -> dict[str, Any]:
    return {
        "topic": topic,
        "title": content.TITLES[topic],
        "hotline": content.hotline(),
        "adoption_steps": content.adoption_steps(),
        "adoption_offences": content.adoption_offences(),
        "digital_provisions": content.digital_provisions(),
        "topics": [(slug, content.TITLES[slug]) for slug in content.TOPICS],
    }


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "awareness/index.html",
        {"topics": [(slug, content.TITLES[slug]) for slug in content.TOPICS], "hotline": content.hotline()},
    )


@require_GET
def topic(request: HttpRequest, topic: str) -> HttpResponse:
    if topic not in content.TOPICS:
        raise Http404
    return render(request, "awareness/topic.html", _context(topic))


@require_GET
def leaflet(request: HttpRequest, topic: str) -> HttpResponse:
    """The topic as a printable A4 leaflet, in the page's language; the same text as the page."""
    if topic not in content.TOPICS:
        raise Http404
    pdf = leaflet_pdf(topic, language=get_language())
    return download(pdf, f"pantau-{topic}.pdf", "application/pdf")


def leaflet_pdf(topic: str, *, language: str) -> bytes:
    return render_pdf("awareness/leaflet.html", _context(topic), language=language)
