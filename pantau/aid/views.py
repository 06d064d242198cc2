"""Pages: aid vs children recorded across the homes one sees (flagged first), one home's aid records with
their reconciliation (and, for Dinas Sosial / Kemensos, the form to record one). Counts only: no child
is named on any of them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from pantau.accounts.access import Perm, has_perm, permission_required
from pantau.accounts.http import user_of
from pantau.aid import services
from pantau.aid.forms import AidFilterForm, AidRecordForm
from pantau.aid.models import AidRecord
from pantau.aid.reconcile import tolerance_percent
from pantau.aid.selectors import aid_visible_to, get_aid_for, rows_of
from pantau.audit.exports import export_response
from pantau.lib.exports import Col, ExportSpec
from pantau.lib.forms import show_errors
from pantau.regions.models import Region, region_q
from pantau.registry.selectors import get_lksa_for

PAGE_SIZE = 50
# The check is computed when the list is opened (pantau/aid/reconcile.py): a province's records take well
# under a second, the whole nation's 20,000 several seconds (README, "Social assistance"). Above this many
# records the page asks for a province or kabupaten first and shows where the records are.
RECONCILE_LIMIT = 3_000


def filtered(request: HttpRequest, form: AidFilterForm) -> QuerySet[AidRecord]:
    records = aid_visible_to(request.user)
    if not form.is_valid():
        return records
    data = form.cleaned_data
    if data["q"]:
        records = records.filter(lksa__name__icontains=data["q"])
    if data["region"]:
        records = records.filter(region_q("lksa__region_code", data["region"]))
    if data["source"]:
        records = records.filter(source=data["source"])
    if data["year"]:
        records = records.filter(
            Q(period_start__year__lte=data["year"]) & Q(period_end__year__gte=data["year"])
        )
    return records


EXPORT = ExportSpec(
    name="bantuan-sosial",
    area="aid",
    title=gettext_lazy("Aid vs children recorded"),
    columns=(
        Col(gettext_lazy("LKSA"), lambda row: row[0].lksa.name),
        Col(gettext_lazy("Region code"), lambda row: row[0].lksa.region_code),
        Col(gettext_lazy("Source"), lambda row: row[0].get_source_display()),
        Col(gettext_lazy("Programme"), lambda row: row[0].programme),
        Col(gettext_lazy("Reference number"), lambda row: row[0].reference),
        Col(gettext_lazy("Period from"), lambda row: row[0].period_start),
        Col(gettext_lazy("Period until"), lambda row: row[0].period_end),
        Col(gettext_lazy("Amount per child (Rp)"), lambda row: row[0].amount_per_child),
        Col(gettext_lazy("Total (Rp)"), lambda row: row[0].total_amount),
        Col(gettext_lazy("Aid basis (children)"), lambda row: row[1].basis),
        Col(gettext_lazy("Children recorded"), lambda row: row[1].recorded),
        Col(gettext_lazy("Duplicate records merged"), lambda row: row[1].merged),
        Col(gettext_lazy("Possible duplicates to review"), lambda row: row[1].pending_pairs),
        Col(gettext_lazy("Difference"), lambda row: row[1].difference),
        Col(gettext_lazy("Flagged"), lambda row: row[1].flagged),
    ),
)


@permission_required(Perm.AID_VIEW)
def aid_list(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    form = AidFilterForm(request.GET or None)
    records = filtered(request, form)
    if not fmt and (total := records.count()) > RECONCILE_LIMIT:
        context = {"form": form, "total": total, "by_province": _by_province(records), "too_many": True}
        return render(request, "aid/list.html", {**context, "limit": RECONCILE_LIMIT})
    rows = rows_of(records)
    if form.is_valid() and form.cleaned_data["flagged"]:
        rows = [row for row in rows if row[1].flagged]
    if fmt:
        return export_response(request, EXPORT, rows, fmt)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "aid/list.html",
        {
            "form": form,
            "page": page,
            "flagged_total": sum(1 for _, figure in rows if figure.flagged),
            "total": len(rows),
            "tolerance": tolerance_percent(),
        },
    )


def _by_province(records: QuerySet[AidRecord]) -> list[dict[str, Any]]:
    """Where the records are: per province, its records and homes, to choose one from."""
    counts = (
        records.order_by()
        .values(province=Substr("lksa__region_code", 1, 2))
        .annotate(records=Count("pk"), homes=Count("lksa", distinct=True))
        .order_by("province")
    )
    names = dict(Region.objects.filter(level=1).values_list("code", "name"))
    return [{**row, "name": names.get(row["province"], row["province"])} for row in counts]


@permission_required(Perm.AID_VIEW)
def home_aid(request: HttpRequest, lksa_id: int) -> HttpResponse:
    """One home's aid records. POST records one (Dinas Sosial / Kemensos in whose jurisdiction it is)."""
    lksa = get_lksa_for(request.user, lksa_id, need=Perm.AID_VIEW)
    may_record = has_perm(request.user, Perm.REGISTRY_MANAGE)
    form = AidRecordForm()
    status = 200
    if request.method == "POST":
        lksa = get_lksa_for(request.user, lksa_id, need=Perm.REGISTRY_MANAGE)
        form = AidRecordForm(request.POST)
        if form.is_valid():
            try:
                services.aid_record_create(actor=user_of(request), lksa=lksa, record=form.save(commit=False))
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, _("The aid record was saved."))
                return redirect("aid:home", lksa_id=lksa.pk)
        status = 400
    rows = rows_of(aid_visible_to(request.user).filter(lksa=lksa))
    context: dict[str, Any] = {
        "lksa": lksa,
        "rows": rows,
        "form": form,
        "may_record": may_record,
        "tolerance": tolerance_percent(),
        "open_form": status == 400,
    }
    return render(request, "aid/home.html", context, status=status)


@require_POST
@permission_required(Perm.REGISTRY_MANAGE)
def aid_delete(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_aid_for(request.user, pk, need=Perm.REGISTRY_MANAGE)
    home = record.lksa_id
    services.aid_record_delete(actor=user_of(request), record=record)
    messages.success(request, _("The aid record was removed."))
    return redirect("aid:home", lksa_id=home)
