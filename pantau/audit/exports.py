"""The audited answer of a list's export (the mechanism is in ``pantau/lib/exports.py``): the file, or past
the cap the page again with a message; an ``<area>.exported`` event with the row count and the filters,
written in the same request before the file leaves."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _

from pantau.audit.services import audit_record
from pantau.lib.downloads import download
from pantau.lib.exports import (
    EXPORT_CAP,
    ExportSpec,
    csv_stream_bytes,
    iterate,
    list_of,
    prepared,
    row_of,
    xlsx_stream_bytes,
)
from pantau.lib.spreadsheets import XLSX


def export_response(request: HttpRequest, spec: ExportSpec, items: Iterable[Any], fmt: str) -> HttpResponse:
    """The file of ``items`` (the page's queryset, filtered, unpaginated), audited; or, past the cap, back
    to the page with a message."""
    if not isinstance(items, QuerySet):
        items = list_of(items)
    total = items.count() if isinstance(items, QuerySet) else len(items)
    filters = request.GET.copy()
    filters.pop("page", None)
    if total > EXPORT_CAP:
        messages.error(
            request,
            _("This list has %(total)s rows; a download holds at most %(cap)s. Narrow the filters.")
            % {"total": total, "cap": EXPORT_CAP},
        )
        path = request.path.rsplit("export.", 1)[0]
        return HttpResponseRedirect(f"{path}?{filters.urlencode()}" if filters else path)
    header = [str(column.header) for column in spec.columns]
    rows = (row_of(spec, item) for item in prepared(request.user, spec, iterate(items)))
    if fmt == "xlsx":
        content, content_type = xlsx_stream_bytes(header, rows, title=str(spec.title or spec.name)), XLSX
    else:
        content, content_type = csv_stream_bytes(header, rows), "text/csv"
    audit_record(
        action=f"{spec.area}.exported",
        actor=request.user if request.user.is_authenticated else None,  # the list's guard ran: signed in
        changes={"list": spec.name, "format": fmt, "rows": total, "filters": filters.urlencode()[:500]},
    )
    stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
    return download(content, f"pantau-{spec.name}-{stamp}.{fmt}", content_type)
