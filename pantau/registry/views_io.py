"""Registry import and export pages."""

from __future__ import annotations

from datetime import date
from typing import cast

from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pantau.accounts.access import Perm, lksa_visible_to, permission_required
from pantau.accounts.models import User
from pantau.audit.services import audit_record
from pantau.lib.spreadsheets import XLSX, csv_bytes, xlsx_bytes
from pantau.registry import services
from pantau.registry.forms import LksaFilterForm
from pantau.registry.import_pages import (
    ImportPages,
    download,
    import_detail_page,
    import_errors_download,
    import_list_page,
    template_download,
)
from pantau.registry.importer import COLUMNS
from pantau.registry.legality import reason_text
from pantau.registry.models import ImportJob, Registration
from pantau.registry.selectors import filter_lksa


@permission_required(Perm.REGISTRY_MANAGE)
def import_template(request: HttpRequest) -> HttpResponse:
    example = [
        "Panti Asuhan Contoh",
        "36.03.03.2001",
        "Jl. Contoh No. 1",
        "081234567890",
        40,
        25,
        "Yayasan Panti Asuhan Contoh",
        "yayasan",
        "12",
        "2015-03-02",
        "AHU-0012345.AH.01.04.Tahun 2015",
        "2015-04-01",
        "01.234.567.8-901.000",
        "36.03/TD-LKS/2024/001",
        "2024-01-15",
        "2027-01-14",
        "B",
        "BALKS/2024/0099",
        "2024-06-01",
        "2027-05-31",
        "BRI",
        "0123-01-000111-50-9",
        "Yayasan Panti Asuhan Contoh",
        "yayasan",
    ]
    return template_download(COLUMNS, [example], "pantau-lksa-template.xlsx")


LKSA_IMPORTS = ImportPages(
    kind=ImportJob.Kind.LKSA,
    namespace="registry",
    perm=Perm.REGISTRY_MANAGE,
    title=gettext_lazy("Import an LKSA list"),
    intro=gettext_lazy(
        "Fill in the Pantau template (one row per home; the Guide sheet explains every column) and upload "
        "it. Rows that match a home already in Pantau, by registration number or by region and name, "
        "update it; others create new homes."
    ),
    done_url="registry:lksa_list",
)


@permission_required(Perm.REGISTRY_MANAGE)
def import_list(request: HttpRequest) -> HttpResponse:
    return import_list_page(request, LKSA_IMPORTS)


@permission_required(Perm.REGISTRY_MANAGE)
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return import_detail_page(request, LKSA_IMPORTS, pk)


@permission_required(Perm.REGISTRY_MANAGE)
def import_errors(request: HttpRequest, pk: int) -> HttpResponse:
    return import_errors_download(request, LKSA_IMPORTS, pk)


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
        actor=cast(User, request.user),
        changes={"format": fmt, "rows": len(rows), "filters": request.GET.urlencode()[:500]},
    )
    stamp = today.isoformat()
    if fmt == "xlsx":
        return download(xlsx_bytes(header, rows), f"pantau-lksa-{stamp}.xlsx", XLSX)
    return download(csv_bytes(header, rows), f"pantau-lksa-{stamp}.csv", "text/csv")


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""
