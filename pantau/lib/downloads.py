"""Files handed to the browser (generated downloads and stored uploads) that no cache may keep."""

from __future__ import annotations

import mimetypes
from typing import Any

from django.http import FileResponse, HttpResponse

from pantau.lib.uploads import sniff


def download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def serve_private_file(stored: Any, name: str) -> FileResponse:
    """Serve an uploaded file with the type its content shows, never cached by proxies or browsers.

    ``stored`` is a FieldFile of the private storage; callers have already decided that the user may
    see it and audited the opening."""
    handle = stored.open("rb")
    mime = sniff(handle.read(16)) or "application/octet-stream"
    handle.seek(0)
    extension = mimetypes.guess_extension(mime) or ""
    response = FileResponse(handle, content_type=mime, as_attachment=False, filename=f"{name}{extension}")
    response["Cache-Control"] = "private, no-store"
    return response
