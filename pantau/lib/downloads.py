"""A file handed to the browser as a download that no cache may keep."""

from __future__ import annotations

from django.http import HttpResponse


def download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
