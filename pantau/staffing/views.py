"""Staff vetting pages: the regional list, a home's staff with their clearances and trainings, recording
and verifying them, and their documents."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pantau.accounts.access import Perm, has_perm, may_see_bars, not_found, permission_required
from pantau.accounts.http import user_of
from pantau.audit.services import audit_record
from pantau.lib.downloads import serve_private_file
from pantau.registry.selectors import get_lksa_for
from pantau.staffing import services
from pantau.staffing.forms import ClearanceForm, DecisionForm, StaffFilterForm, TrainingForm
from pantau.staffing.models import PoliceClearance, Review, Training
from pantau.staffing.selectors import (
    EXPIRED,
    EXPIRING,
    NO_SKCK,
    OK,
    UNTRAINED,
    get_staff_for,
    matches_visible_to,
    sessions_visible_to,
    staff_rows,
    staff_visible_to,
    status_q,
    validity_months_for,
)

RECORDS: dict[str, type[PoliceClearance] | type[Training]] = {
    "clearance": PoliceClearance,
    "training": Training,
}
STATUSES = (NO_SKCK, EXPIRED, EXPIRING, UNTRAINED, OK)


@permission_required(Perm.REGISTRY_VIEW)
def overview(request: HttpRequest) -> HttpResponse:
    """Staff vetting status across the homes the person sees, with filters and the count per status."""
    today = timezone.localdate()
    form = StaffFilterForm(request.GET or None)
    staff = staff_visible_to(request.user).filter(is_active=True)
    counts = staff.aggregate(
        total=Count("pk"), **{status: Count("pk", filter=status_q(status, today)) for status in STATUSES}
    )
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            staff = staff.filter(Q(full_name__icontains=data["q"]) | Q(lksa__name__icontains=data["q"]))
        if data["status"]:
            staff = staff.filter(status_q(data["status"], today))
        if data["board"]:
            staff = staff.filter(is_board=data["board"] == "board")
        if data["flagged"]:
            staff = staff.filter(
                Exists(matches_visible_to(request.user, today=today).filter(staff=OuterRef("pk")))
            )
    page = Paginator(staff.order_by("lksa__name", "full_name", "pk"), 50).get_page(request.GET.get("page"))
    rows = staff_rows(page.object_list, user=request.user, today=today)  # type: ignore[arg-type]
    return render(
        request,
        "staffing/overview.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "counts": counts,
            "show_flags": may_see_bars(request.user),
        },
    )


@permission_required(Perm.REGISTRY_VIEW)
def home(request: HttpRequest, pk: int) -> HttpResponse:
    """One home's staff with their vetting and training, and what waits for verification."""
    lksa = get_lksa_for(request.user, pk)
    today = timezone.localdate()
    staff = lksa.staff.prefetch_related(
        Prefetch("clearances", queryset=PoliceClearance.objects.order_by("-issued_on", "-pk")),
        Prefetch("trainings", queryset=Training.objects.order_by("-held_on", "-pk")),
    ).order_by("-is_active", "full_name", "pk")
    rows = staff_rows(staff, user=request.user, today=today)
    context: dict[str, Any] = {
        "lksa": lksa,
        "rows": rows,
        "validity_months": validity_months_for(lksa),
        "may_record": has_perm(request.user, Perm.VETTING_RECORD),
        "may_verify": has_perm(request.user, Perm.REGISTRY_MANAGE),
        "show_flags": may_see_bars(request.user),
        "sessions": sessions_visible_to(request.user).filter(homes=lksa).order_by("-held_on")[:10],
        "decision_form": DecisionForm(),
    }
    return render(request, "staffing/home.html", context)


@permission_required(Perm.VETTING_RECORD)
def clearance_new(request: HttpRequest, pk: int) -> HttpResponse:
    staff = get_staff_for(request.user, pk, need=Perm.VETTING_RECORD)
    form = ClearanceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            clearance = services.clearance_record(
                actor=user_of(request),
                staff=staff,
                number=form.cleaned_data["number"],
                issued_on=form.cleaned_data["issued_on"],
                document=form.cleaned_data.get("document"),
            )
        except ValidationError as error:  # e.g. the scan could not be stored (pantau.lib.storage)
            form.add_error(None, error)
        else:
            messages.success(request, _saved_message(clearance.status))
            return redirect("staffing:home", pk=staff.lksa_id)
    context = {
        "form": form,
        "staff": staff,
        "title": _("Police clearance (SKCK)"),
        "validity_months": validity_months_for(staff.lksa),
    }
    return render(request, "staffing/record_form.html", context, status=400 if form.errors else 200)


@permission_required(Perm.VETTING_RECORD)
def training_new(request: HttpRequest, pk: int) -> HttpResponse:
    staff = get_staff_for(request.user, pk, need=Perm.VETTING_RECORD)
    form = TrainingForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            training = services.training_record(actor=user_of(request), staff=staff, **form.cleaned_data)
        except ValidationError as error:  # e.g. the certificate could not be stored (pantau.lib.storage)
            form.add_error(None, error)
        else:
            messages.success(request, _saved_message(training.status))
            return redirect("staffing:home", pk=staff.lksa_id)
    context = {"form": form, "staff": staff, "title": _("Training")}
    return render(request, "staffing/record_form.html", context, status=400 if form.errors else 200)


def _saved_message(status: str) -> str:
    if status == Review.VERIFIED:
        return _("Recorded.")
    return _("Sent to Dinas Sosial for verification. It counts once they verify it.")


def _record_for(request: HttpRequest, kind: str, pk: int, *, need: Perm) -> PoliceClearance | Training:
    model = RECORDS.get(kind)
    if model is None:
        raise Http404
    record = (
        model.objects.filter(staff__in=staff_visible_to(request.user), pk=pk)
        .select_related("staff__lksa")
        .first()
    )
    if record is None:
        raise not_found(request.user, f"staffing.{kind}:{pk}", need)
    return record


@require_POST
@permission_required(Perm.REGISTRY_MANAGE)
def record_decide(request: HttpRequest, kind: str, pk: int, decision: str) -> HttpResponseBase:
    record = _record_for(request, kind, pk, need=Perm.REGISTRY_MANAGE)
    form = DecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.record_decide(actor=user_of(request), record=record, verify=decision == "verify", note=note)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Verified.") if decision == "verify" else _("Returned to the home."))
    return redirect("staffing:home", pk=record.staff.lksa_id)


@permission_required(Perm.REGISTRY_VIEW)
def record_document(request: HttpRequest, kind: str, pk: int) -> FileResponse:
    record = _record_for(request, kind, pk, need=Perm.REGISTRY_VIEW)
    stored = record.document if isinstance(record, PoliceClearance) else record.certificate
    if not stored:
        raise Http404
    audit_record(
        action="staffing.document_viewed",
        actor=user_of(request),
        target=record.staff.lksa,
        target_region=record.staff.lksa.region_code,
        changes={"record": [None, f"{kind}:{record.pk}"]},
    )
    return serve_private_file(stored, f"{kind}-{record.pk}")
