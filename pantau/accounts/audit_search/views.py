from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from pantau.accounts.access import Perm, permission_required
from pantau.accounts.audit_search.filters import AuditFilter, audit_search
from pantau.accounts.audit_search.forms import AuditSearchForm
from pantau.accounts.exports import AUDIT_EVENTS
from pantau.audit.exports import export_response


@permission_required(Perm.AUDIT_VIEW)
def event_list(request: HttpRequest, fmt: str = "") -> HttpResponse:
    form = AuditSearchForm(request.GET or None)
    query = AuditFilter(**form.cleaned_data) if form.is_valid() else AuditFilter()
    if fmt and not form.errors:  # the list as a file (pantau/lib/exports.py): same scope, filters and columns
        return export_response(request, AUDIT_EVENTS, audit_search(user=request.user, query=query), fmt)
    page = Paginator(audit_search(user=request.user, query=query), 50).get_page(request.GET.get("page"))
    return render(
        request, "audit/event_list.html", {"form": form, "page": page}, status=400 if form.errors else 200
    )
