from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from pantau.accounts.access import Perm, audit_events_visible_to, permission_required
from pantau.audit.filters import AuditFilter, filter_events
from pantau.audit.forms import AuditSearchForm
from pantau.audit.services import audit_record


@permission_required(Perm.AUDIT_VIEW)
def event_list(request: HttpRequest) -> HttpResponse:
    form = AuditSearchForm(request.GET or None)
    events = audit_events_visible_to(request.user)
    if form.is_valid():
        query = AuditFilter(**form.cleaned_data)
        events = filter_events(events, query)
        # Searching the trail is itself recorded: who looked for what.
        audit_record(
            action="audit.searched",
            actor=request.user,  # type: ignore[arg-type]
            changes={key: str(value) for key, value in form.cleaned_data.items() if value},
        )
    else:
        events = filter_events(events, AuditFilter())
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request, "audit/event_list.html", {"form": form, "page": page}, status=400 if form.errors else 200
    )
