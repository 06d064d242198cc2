"""PDF documents rendered on the server (WeasyPrint) from Django templates.

A document extends ``pdf/base.html``: A4, page numbers, and on every page a header with the region and the
"as of" time of its figures (``pantau/static/pantau/pdf.css``; DejaVu fonts, present on Debian with
``fonts-dejavu-core``). Charts are inline SVG (``pantau/lib/svgcharts.py``).

No network access, ever: the URL fetcher serves the project's static files (``/static/...``, found by the
staticfiles finders) and refuses anything else (another host, ``file:``, ``data:``...), which WeasyPrint
then leaves out with a warning. Pantau runs on closed networks, and a template showing user data must not
make the server fetch an address someone typed.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template import Context, Template
from django.template.loader import get_template
from django.utils import translation
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# The address documents are rendered at: a name that resolves nowhere, so nothing can leave the machine.
BASE_URL = "https://pantau.invalid/"
STYLESHEET = "pantau/pdf.css"


class RefusedURL(ValueError):
    """An address outside the project's static files."""


class StaticFilesOnly(URLFetcher):
    """Serves ``https://pantau.invalid/static/<path>`` from the static files; refuses everything else."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("https",), allow_redirects=False, fail_on_errors=False)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        path = static_path(url)
        if path is None:
            self.refused.append(url)
            logger.warning("PDF: refused to fetch %s (only the project's static files are served)", url[:200])
            raise RefusedURL(url)
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": _mime(path)})


def static_path(url: str) -> Path | None:
    """The static file an address names, or None when it names anything else."""
    parts = urlsplit(url)
    prefix = urlsplit(BASE_URL)
    static = settings.STATIC_URL if settings.STATIC_URL.startswith("/") else f"/{settings.STATIC_URL}"
    if (parts.scheme, parts.netloc) != (prefix.scheme, prefix.netloc) or not parts.path.startswith(static):
        return None
    relative = unquote(parts.path[len(static) :])
    if not relative or ".." in Path(relative).parts or relative.startswith("/"):
        return None
    found = finders.find(relative)
    return Path(found) if isinstance(found, str) else None


def _mime(path: Path) -> str:
    return {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png", ".ttf": "font/ttf"}.get(
        path.suffix.lower(), "application/octet-stream"
    )


def render_pdf(
    template: str | Template, context: dict[str, Any], *, language: str | None = None, fetcher: Any = None
) -> bytes:
    """The PDF of ``template`` (a name, or a compiled Template) rendered with ``context`` in ``language``
    (the current one by default). ``pdf/base.html`` reads ``title``, ``region`` and ``as_of``."""
    fetcher = fetcher or StaticFilesOnly()
    with translation.override(language or translation.get_language()):
        html: str
        if isinstance(template, Template):
            html = template.render(Context(context))
        else:
            html = get_template(template).render(context)
        stylesheet_path = finders.find(STYLESHEET)
        assert isinstance(stylesheet_path, str)  # noqa: S101  (shipped with the project)
        document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
        pdf: bytes = document.write_pdf(stylesheets=[CSS(filename=stylesheet_path, url_fetcher=fetcher)])
        return pdf
