"""Family-based care pages: the files (list, detail and its forms) and the families (list, registration,
detail, documents, opening a file). Views are thin: reads through ``familycare.selectors``, writes
through ``familycare.services``, which refuse bad input with the reason on the field."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from pantau.accounts.access import Perm, has_perm, permission_required, region_in_scope
from pantau.accounts.http import user_of
from pantau.accounts.models import User
from pantau.audit.exports import export_response
from pantau.cases.selectors import concerns_for_triage
from pantau.children.selectors import children_visible_to
from pantau.familycare import exports, services
from pantau.familycare.forms import (
    STATES,
    CloseForm,
    DocumentForm,
    FamilyForm,
    FileOpenForm,
    RedFlagsForm,
    StepForm,
    VisitForm,
    child_label,
)
from pantau.familycare.law import STATUS_LABELS
from pantau.familycare.models import CareFile, EarlyWarning, Family, Kind, Stage
from pantau.familycare.rules import FAILING, MET, MISSING, current_rules, eligibility
from pantau.familycare.selectors import (
    families_visible_to,
    files_visible_to,
    filter_files,
    for_list,
    get_family_for,
    get_file_for,
    overdue,
    steps_waiting,
    visits_waiting,
    waiting,
)
from pantau.familycare.workflow import LIVING_WITH_FAMILY, next_step, step_of, trial_ends_on
from pantau.lib import searches
from pantau.lib.errors import StaleEdit
from pantau.lib.forms import show_errors
from pantau.regions.forms import PlaceFilterForm
from pantau.regions.lookup import with_place_labels
from pantau.registry.selectors import home_filter

PAGE_SIZE = 50


def _check_label(status: str) -> str:
    return {MET: _("Met"), MISSING: _("Missing"), FAILING: _("Failing")}.get(status, status)


def _checks(result: Any) -> list[dict[str, Any]]:
    """Each check as a table row: its label, status, detail, citation and how sure the citation is."""
    return [
        {
            "label": check.label,
            "status": check.status,
            "status_label": _check_label(check.status),
            "detail": check.detail,
            "citation": check.provision.citation,
            "verified": STATUS_LABELS.get(check.provision.status, check.provision.status),
            "verified_code": check.provision.status,
        }
        for check in result.checks
    ]


# --- Files ----------------------------------------------------------------------------------------


def _family_name(family: Family) -> str:
    return f"{family.applicant_name} & {family.spouse_name}" if family.spouse_name else family.applicant_name


@permission_required(Perm.FAMILY_CARE_VIEW)
def file_list(request: HttpRequest, fmt: str = "") -> HttpResponse:
    """Files in the reader's jurisdiction: the family's name and the home, never the child's name."""
    today = timezone.localdate()
    place_form = PlaceFilterForm(request.GET)
    region = place_form.code()
    kind = request.GET.get("kind", "")
    stage = request.GET.get("stage", "")
    state = request.GET.get("state", "")
    files = files_visible_to(request.user)
    if region:
        files = files.in_region(region)
    if kind in Kind.values:
        files = files.filter(kind=kind)
    if stage in Stage.values:
        files = files.filter(stage=stage)
    # The number in each state, for the filters' labels: one query.
    soon = waiting(files, today=today).values("pk")
    late = overdue(files, today=today).values("pk")
    steps_soon = steps_waiting(files, today=today).values("pk")
    visits_soon = visits_waiting(files, today=today).values("pk")
    counts = files.aggregate(
        all=Count("pk"),
        open=Count("pk", filter=Q(closed_on__isnull=True)),
        due=Count("pk", filter=Q(pk__in=soon)),
        overdue=Count("pk", filter=Q(pk__in=late)),
        step_due=Count("pk", filter=Q(pk__in=steps_soon)),
        visit_due=Count("pk", filter=Q(pk__in=visits_soon)),
        closed=Count("pk", filter=Q(closed_on__isnull=False)),
    )
    chosen = filter_files(files, state=state, today=today)
    if state in ("due", "overdue", "step_due"):  # as the home page's cards list them
        chosen = chosen.order_by("due_on", "next_visit_on", "pk")
    elif state == "visit_due":
        chosen = chosen.order_by("next_visit_on", "pk")
    if fmt:  # the list as a file (pantau/lib/exports.py): same scope, filters and columns
        return export_response(request, exports.FILES, for_list(chosen), fmt)
    page = Paginator(for_list(chosen), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = with_place_labels(page.object_list)
    rows = [
        {
            "file": file,
            "family": _family_name(file.family),
            "due_late": file.closed_on is None and file.due_on is not None and file.due_on < today,
            "visit_late": file.closed_on is None
            and file.next_visit_on is not None
            and file.next_visit_on < today,
        }
        for file in page.object_list
    ]
    return render(
        request,
        "familycare/file_list.html",
        {
            "page": page,
            "rows": rows,
            "place_form": place_form,
            "kinds": Kind.choices,
            "stages": Stage.choices,
            "states": [(value, label, counts.get(value or "all", 0)) for value, label in STATES],
            "kind": kind,
            "stage": stage,
            "state": state,
            "today": today,
        },
    )


def _file_context(
    request: HttpRequest, file: CareFile, *, bound: dict[str, forms.BaseForm] | None = None
) -> dict[str, Any]:
    """The file's page; ``bound`` puts one form back as submitted, with its errors."""
    user = request.user
    today = timezone.localdate()
    step = next_step(file)
    steps = list(file.steps.select_related("rules", "recorded_by"))
    for row in steps:
        flow = step_of(file.kind, row.stage)
        row.document_label = flow.document if flow and flow.document else _("Document")  # type: ignore[attr-defined]
        row.issuer_label = flow.issuer if flow and flow.issuer else _("Issued or done by")  # type: ignore[attr-defined]
    checked = eligibility(
        file.family,
        file.rules,
        on=file.opened_on,
        child_religion=file.child_religion if file.kind in (Kind.ADOPTION, Kind.FOSTER) else None,
        intercountry_reason=file.intercountry_reason if file.kind == Kind.ADOPTION else None,
    )
    warnings = list(EarlyWarning.objects.filter(file=file).select_related("concern"))
    seen = set(
        concerns_for_triage(user)
        .filter(pk__in=[w.concern_id for w in warnings if w.concern_id])
        .values_list("pk", flat=True)
    )
    trial_ends = None
    if file.kind == Kind.ADOPTION and file.stage == Stage.TRIAL_CARE:
        trial_ends = trial_ends_on(file, current_rules(file.kind, on=today))
    living = file.kind in (Kind.FOSTER, Kind.KINSHIP) and file.stage in LIVING_WITH_FAMILY
    context: dict[str, Any] = {
        "file": file,
        "family_name": _family_name(file.family),
        "child_visible": children_visible_to(user).filter(pk=file.child_id).exists(),
        "home_link": home_filter(user, str(file.lksa_id)) is not None,
        "licensed": any(lic.is_valid_on(today) for lic in file.lksa.adoption_licences.all()),
        "steps": steps,
        "checks": _checks(checked),
        "next_step": step,
        "next_step_label": Stage(step.stage).label if step else "",
        "trial_ends": trial_ends,
        "due_late": file.closed_on is None and file.due_on is not None and file.due_on < today,
        "visit_late": file.closed_on is None
        and file.next_visit_on is not None
        and file.next_visit_on < today,
        "visits": list(file.visits.all()),
        "may_visit": living and file.closed_on is None,
        "warnings": [(w, w.concern_id in seen) for w in warnings],
        "may_manage": has_perm(user, Perm.FAMILY_CARE_MANAGE),
        "today": today,
        "step_form": StepForm(
            step=step, initial={"stage": step.stage, "version": file.version, "done_on": today}
        )
        if step
        else None,
        "close_form": CloseForm(initial={"on": today}),
        "visit_form": VisitForm(initial={"visited_on": today}),
        "red_flags_form": RedFlagsForm(
            initial={name: getattr(file, name) for name in RedFlagsForm.base_fields}
        ),
    }
    context.update(bound or {})
    context["open_form"] = next(iter(bound), "") if bound else ""
    return context


@never_cache
@permission_required(Perm.FAMILY_CARE_VIEW)
def file_detail(request: HttpRequest, pk: int) -> HttpResponse:
    file = get_file_for(request.user, pk)
    services.file_viewed(actor=user_of(request), file=file)
    return render(request, "familycare/file_detail.html", _file_context(request, file))


def _refused(
    request: HttpRequest, file: CareFile, key: str, form: forms.BaseForm, status: int = 400
) -> HttpResponse:
    return render(
        request, "familycare/file_detail.html", _file_context(request, file, bound={key: form}), status=status
    )


@require_POST
@permission_required(Perm.FAMILY_CARE_MANAGE)
def file_step(request: HttpRequest, pk: int) -> HttpResponseBase:
    file = get_file_for(request.user, pk, need=Perm.FAMILY_CARE_MANAGE)
    step = next_step(file)
    if step is None:
        form: forms.Form = CloseForm()
        form.add_error(None, _("This file is closed: no step can be added."))
        return _refused(request, file, "close_form", form)
    form = StepForm(request.POST, step=step)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.step_record(
                actor=user_of(request), file=file, stage=data["stage"], done_on=data["done_on"], data=data
            )
        except StaleEdit:
            form.add_error(
                None,
                _(
                    "Someone else recorded a step on this file while you were editing. Nothing was saved: "
                    "reload the page to see the file as it is now."
                ),
            )
            return _refused(request, file, "step_form", form, status=409)
        except ValidationError as error:
            # "stage" is a hidden field: its refusals (the family does not yet meet the rules, a step
            # out of order) are the form's, shown at its top.
            problems = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
            for field, texts in problems.items():
                form.add_error(field if field in form.fields and field != "stage" else None, texts)
        else:
            messages.success(request, _("The step has been recorded."))
            return redirect("familycare:file_detail", pk=file.pk)
    return _refused(request, file, "step_form", form)


def _file_post(
    request: HttpRequest,
    pk: int,
    key: str,
    form: forms.BaseForm,
    save: Callable[[User, CareFile, dict[str, Any]], Iterable[str] | None],
    done: str,
) -> HttpResponseBase:
    """One of the file page's forms sent: saved by ``save`` (which may return warnings to show), or the
    page again with the form open, its errors at the fields and what was typed kept (400)."""
    file = get_file_for(request.user, pk, need=Perm.FAMILY_CARE_MANAGE)
    if form.is_valid():
        try:
            warnings = save(user_of(request), file, form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, done)
            for warning in warnings or []:
                messages.warning(request, warning)
            return redirect("familycare:file_detail", pk=file.pk)
    return _refused(request, file, key, form)


@require_POST
@permission_required(Perm.FAMILY_CARE_MANAGE)
def file_close_view(request: HttpRequest, pk: int) -> HttpResponseBase:
    def save(actor: User, file: CareFile, data: dict[str, Any]) -> None:
        services.file_close(
            actor=actor, file=file, outcome=data["outcome"], on=data["on"], reason=data["reason"]
        )

    return _file_post(
        request, pk, "close_form", CloseForm(request.POST), save, _("The file has been closed.")
    )


@require_POST
@permission_required(Perm.FAMILY_CARE_MANAGE)
def file_visit(request: HttpRequest, pk: int) -> HttpResponseBase:
    form = VisitForm(request.POST)

    def save(actor: User, file: CareFile, data: dict[str, Any]) -> None:
        services.visit_add(actor=actor, file=file, visit=form.save(commit=False))

    return _file_post(request, pk, "visit_form", form, save, _("The monitoring visit has been recorded."))


@require_POST
@permission_required(Perm.FAMILY_CARE_MANAGE)
def file_red_flags(request: HttpRequest, pk: int) -> HttpResponseBase:
    def save(actor: User, file: CareFile, data: dict[str, Any]) -> list[str]:
        raised = services.red_flags_update(actor=actor, file=file, data=data)
        return [str(EarlyWarning.Code(code).label) for code in raised]  # the warnings by name, not code

    form = RedFlagsForm(request.POST)
    return _file_post(request, pk, "red_flags_form", form, save, _("The red flags have been recorded."))


# --- Families -------------------------------------------------------------------------------------


@permission_required(Perm.FAMILY_CARE_VIEW)
def family_list(request: HttpRequest, fmt: str = "") -> HttpResponse:
    """An applicant's name searched for is POSTed and kept on the server (``lib/searches.py``), like the
    children's list: no one's name in an address."""
    if request.method == "POST":
        params: dict[str, str] = {}
        term = request.POST.get("q", "").strip()[:100]
        if term:
            params["search"] = searches.remember(request, "families", term)
        region = request.POST.get("region", "").strip()[:300]
        if region:
            params["region"] = region
        return redirect(f"{reverse('familycare:family_list')}?{urlencode(params)}")
    place_form = PlaceFilterForm(request.GET)
    region = place_form.code()
    families = families_visible_to(request.user)
    if region:
        families = families.in_region(region)
    search = request.GET.get("search", "")
    q = searches.recall(request, "families", search) if search else ""
    if q is None:
        messages.warning(request, _("That search has expired; search again."))
        q = ""
    if q:
        families = families.filter(Q(applicant_name__icontains=q) | Q(spouse_name__icontains=q))
    families = families.annotate(
        open_files=Count("files", filter=Q(files__closed_on__isnull=True)), all_files=Count("files")
    ).only("pk", "applicant_name", "spouse_name", "region_code", "marital_status", "created_at")
    if fmt:  # the list as a file (pantau/lib/exports.py): same scope, filters and columns
        return export_response(request, exports.FAMILIES, families.order_by("applicant_name", "pk"), fmt)
    page = Paginator(families.order_by("applicant_name", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = with_place_labels(page.object_list)
    return render(request, "familycare/family_list.html", {"page": page, "q": q, "place_form": place_form})


@never_cache
@permission_required(Perm.FAMILY_CARE_MANAGE)
def family_new(request: HttpRequest) -> HttpResponse:
    form = FamilyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        family = form.save(commit=False)
        family.region_code = form.cleaned_data["region"]
        if not region_in_scope(request.user, family.region_code):
            form.add_error("region", _("Choose a place in your office's area."))
        else:
            try:
                services.family_register(actor=user_of(request), family=family)
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, _("The family has been registered."))
                return redirect("familycare:family_detail", pk=family.pk)
    return render(request, "familycare/family_new.html", {"form": form}, status=400 if form.errors else 200)


def _family_context(
    request: HttpRequest, family: Family, *, bound: dict[str, forms.BaseForm] | None = None
) -> dict[str, Any]:
    user = request.user
    today = timezone.localdate()
    by_kind = []
    for kind, label in Kind.choices:
        if kind == Kind.GUARDIANSHIP:
            continue
        rules = current_rules(kind, on=today)
        by_kind.append(
            {
                "kind": kind,
                "label": label,
                "rules": rules,
                "checks": _checks(eligibility(family, rules, on=today)),
            }
        )
    files = list(
        family.files.select_related("lksa").only(
            "pk", "kind", "stage", "stage_on", "due_on", "opened_on", "closed_on", "child_id", "lksa__name"
        )
    )
    documents = list(family.documents.select_related("checked_by"))
    context: dict[str, Any] = {
        "family": family,
        "family_name": _family_name(family),
        "documents": documents,
        "eligibility": by_kind,
        "files": files,
        "today": today,
        "document_form": DocumentForm(initial={"issued_on": today}),
        "open_file_form": FileOpenForm(children=children_visible_to(user), initial={"opened_on": today}),
        "child_candidates": [],
        "may_manage": has_perm(user, Perm.FAMILY_CARE_MANAGE),
    }
    context.update(bound or {})
    context["open_form"] = next(iter(bound), "") if bound else ""
    form = context["open_file_form"]
    context["child_candidates"] = [child_label(c) for c in getattr(form, "candidates", [])]
    return context


@never_cache
@permission_required(Perm.FAMILY_CARE_VIEW)
def family_detail(request: HttpRequest, pk: int) -> HttpResponse:
    family = get_family_for(request.user, pk)
    services.family_viewed(actor=user_of(request), family=family)
    return render(request, "familycare/family_detail.html", _family_context(request, family))


@require_POST
@permission_required(Perm.FAMILY_CARE_MANAGE)
def family_document(request: HttpRequest, pk: int) -> HttpResponseBase:
    family = get_family_for(request.user, pk, need=Perm.FAMILY_CARE_MANAGE)
    form = DocumentForm(request.POST)
    if form.is_valid():
        try:
            services.document_add(
                actor=user_of(request),
                family=family,
                document=form.save(commit=False),
                number=form.cleaned_data["number"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The document has been recorded."))
            return redirect("familycare:family_detail", pk=family.pk)
    context = _family_context(request, family, bound={"document_form": form})
    return render(request, "familycare/family_detail.html", context, status=400)


@require_POST
@permission_required(Perm.FAMILY_CARE_MANAGE)
def file_open_view(request: HttpRequest, pk: int) -> HttpResponseBase:
    family = get_family_for(request.user, pk, need=Perm.FAMILY_CARE_MANAGE)
    form = FileOpenForm(request.POST, children=children_visible_to(request.user))
    if form.is_valid():
        data = form.cleaned_data
        try:
            file = services.file_open(
                actor=user_of(request),
                family=family,
                child=data["child"],
                kind=data["kind"],
                opened_on=data["opened_on"],
                child_religion=data["child_religion"],
                intercountry_reason=data["intercountry_reason"],
                court_order=form.court_order(),
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The file %(number)s has been opened.") % {"number": file.number})
            return redirect("familycare:file_detail", pk=file.pk)
    context = _family_context(request, family, bound={"open_file_form": form})
    return render(request, "familycare/family_detail.html", context, status=400)
