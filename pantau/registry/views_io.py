"""The registry's export (its import pages come from pantau.imports, see importer.py)."""

from __future__ import annotations

from datetime import date

from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from pantau.accounts.access import Perm, permission_required
from pantau.accounts.http import user_of
from pantau.audit.services import audit_record
from pantau.lib.downloads import download
from pantau.lib.spreadsheets import XLSX, csv_bytes, xlsx_bytes
from pantau.registry import services
from pantau.registry.forms import LksaFilterForm
from pantau.registry.legality import reason_text
from pantau.registry.models import Registration
from pantau.registry.selectors import filter_lksa, lksa_visible_to


@permission_required(Perm.REGISTRY_VIEW)
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """What the person sees in the list, with the same filters, as XLSX or CSV. No child data exists here."""
    form = LksaFilterForm(request.GET or None)
    today = services.today()
    homes = lksa_visible_to(request.user)
    if form.is_valid():
        homes = filter_lksa(homes, day=today, **form.cleaned_data)
    registrations: dict[int, Registration] = {}
    # Open-ended registrations (no end date) sort last, so they win like the latest-ending one.
    for record in Registration.objects.filter(lksa__in=homes).order_by(F("valid_until").asc(nulls_last=True)):
        registrations[record.lksa_id] = record  # the latest-ending one wins
    header = [
        _("name"),
        _("region code"),
        _("legality status"),
        _("reasons"),
        _("capacity"),
        _("children in care"),
        _("registration number"),
        _("registration valid until"),
        _("raises funds from the public"),
    ]
    rows = []
    for home in homes.order_by("region_code", "name").iterator(chunk_size=2000):
        registration: Registration | None = registrations.get(home.pk)
        rows.append(
            [
                home.name,
                home.region_code,
                home.get_legality_status_display(),
                "; ".join(reason_text(reason) for reason in home.legality_reasons),
                home.capacity,
                home.children_count,
                registration.number if registration else "",
                _iso(registration.valid_until if registration else None),
                _("yes") if home.solicits_donations else _("no"),
            ]
        )
    audit_record(
        action="lksa.exported",
        actor=user_of(request),
        changes={"format": fmt, "rows": len(rows), "filters": request.GET.urlencode()[:500]},
    )
    stamp = today.isoformat()
    if fmt == "xlsx":
        return download(xlsx_bytes(header, rows), f"pantau-lksa-{stamp}.xlsx", XLSX)
    return download(csv_bytes(header, rows), f"pantau-lksa-{stamp}.csv", "text/csv")


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""
