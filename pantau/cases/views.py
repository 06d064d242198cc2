"""Triage of concerns, the case list and the case file with its forms, and the referral inbox."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pantau.accounts.access import (
    Perm,
    has_perm,
    leads_case,
    permission_required,
    referrals_shown,
    refuse,
    region_in_scope,
)
from pantau.accounts.http import user_of
from pantau.audit.exports import export_response
from pantau.audit.services import audit_record
from pantau.cases import exports, queues, services, tppo
from pantau.cases.evidence_page import evidence_sections, summary_evidence
from pantau.cases.forms import (
    CaseChildForm,
    CaseEvidenceForm,
    CloseConcernForm,
    DecisionForm,
    EventForm,
    InvestigationForm,
    MergeConcernForm,
    OpenCaseForm,
    ServiceForm,
    StaffConcernForm,
    SubjectForm,
    TppoForm,
)
from pantau.cases.intake import intake_context
from pantau.cases.models import Case, CaseChild, Concern, Referral
from pantau.cases.record import case_state
from pantau.cases.recovery_reads import CHILD_JOINS, recovery_context
from pantau.cases.selectors import (
    cases_visible_to,
    concerns_for_triage,
    get_case_for,
    get_concern_for,
    get_received_referral_for,
    referrals_received,
)
from pantau.cases.sharing import sections_for
from pantau.children.selectors import get_child_for
from pantau.lib.forms import posted_version
from pantau.regions.lookup import with_place_labels
from pantau.registry.selectors import home_filter, lksa_visible_to


def _fail(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


# --- Triage ---------------------------------------------------------------------------------------


@permission_required(Perm.CONCERN_TRIAGE)
def triage(request: HttpRequest, fmt: str = "") -> HttpResponse:
    """Concerns waiting for a decision, priority ones first, then oldest first, with source and age."""
    queue = (
        concerns_for_triage(request.user)
        .filter(status=Concern.Status.RECEIVED, case__isnull=True)
        .select_related("lksa")
        .order_by("-is_priority", "created_at", "pk")
    )
    if home := home_filter(request.user, request.GET.get("lksa")):  # from the home's page
        queue = queue.filter(lksa=home)
    # From the home page's "exits without papers" card: concerns a family-care early warning opened
    # (the familycare app's reverse relation, read by name so that this app imports nothing from it).
    warning = request.GET.get("warning", "")
    if warning == "unverified_exit":
        queue = queue.filter(early_warnings__code=warning).distinct()
    if fmt:  # the list as a file (pantau/lib/exports.py): same scope, filters and columns
        return export_response(request, exports.TRIAGE, queue, fmt)
    page = Paginator(queue, 50).get_page(request.GET.get("page"))
    page.object_list = with_place_labels(page.object_list)  # where a concern about no home happens
    context = {"page": page, "now": timezone.now(), "home": home, "unverified_exits": bool(warning)}
    return render(request, "cases/triage.html", context)


@permission_required(Perm.CONCERN_TRIAGE)
def concern_new(request: HttpRequest) -> HttpResponse:
    form = StaffConcernForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        number = form.cleaned_data["lksa_number"]
        lksa = lksa_visible_to(request.user).filter(pk=number).first() if number else None
        place = form.cleaned_data["place"]
        if number and lksa is None:
            refuse(request.user, reason="reference_out_of_scope", target_label=f"registry.lksa:{number}")
            form.add_error("lksa_number", _("No home with this number in your jurisdiction."))
        elif place and not region_in_scope(request.user, place):
            form.add_error("place", _("This region is outside your jurisdiction."))
        else:
            concern = services.concern_create(
                source=Concern.Source.STAFF,
                actor=user_of(request),
                concern=form.save(commit=False),
                lksa=lksa,
                region_code=place or None,
            )
            messages.success(request, _("Concern %(code)s recorded.") % {"code": concern.tracking_code})
            return redirect("cases:concern_detail", pk=concern.pk)
    return render(request, "cases/concern_new.html", {"form": form}, status=400 if form.errors else 200)


@permission_required(Perm.CONCERN_TRIAGE)
def concern_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    concern = get_concern_for(request.user, pk)
    actor = user_of(request)
    action = request.POST.get("action") if request.method == "POST" else None
    close_form = CloseConcernForm(request.POST if action == "close" else None)
    merge_form = MergeConcernForm(request.POST if action == "merge" else None)
    case_form = OpenCaseForm(request.POST if action == "open" else None)
    try:
        if action == "close" and close_form.is_valid():
            services.concern_close(actor=actor, concern=concern, reason=close_form.cleaned_data["reason"])
            messages.success(request, _("The concern is closed."))
            return redirect("cases:triage")
        if action == "merge" and merge_form.is_valid():
            original = (
                concerns_for_triage(request.user)
                .filter(tracking_code=merge_form.cleaned_data["into"].strip().upper())
                .first()
            )
            if original is None:
                raise ValidationError(_("No report with that tracking code in your queue."))
            services.concern_merge(actor=actor, concern=concern, into=original)
            messages.success(request, _("Merged into %(code)s.") % {"code": original.tracking_code})
            return redirect("cases:triage")
        if action == "open" and case_form.is_valid():
            case = services.case_open(
                actor=actor,
                concerns=[concern],
                lksa=concern.lksa,
                region_code=concern.region_code,
                **case_form.cleaned_data,
            )
            messages.success(request, _("Case %(number)s opened.") % {"number": case.number})
            return redirect("cases:case_detail", pk=case.pk)
    except ValidationError as error:
        _fail(request, error)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "cases/concern_detail.html",
        {"concern": concern, "close_form": close_form, "merge_form": merge_form, "case_form": case_form},
        status=status,
    )


# --- Cases ----------------------------------------------------------------------------------------


@permission_required(Perm.CASE_WORK)
def case_list(request: HttpRequest, fmt: str = "") -> HttpResponse:
    # A correlated count: computed for the 50 rows shown, not grouped over every case before paging.
    children = CaseChild.objects.filter(case=OuterRef("pk")).order_by().values("case").annotate(n=Count("pk"))
    cases = (
        cases_visible_to(request.user)
        .select_related("lksa", "owner")
        .annotate(child_count=Coalesce(Subquery(children.values("n")), 0))
    )
    status = request.GET.get("status", "open")
    if status in Case.Status.values:
        cases = cases.filter(status=status)
    cases = cases.order_by("-opened_at", "-pk")
    # The home page's queues link here ("see all"), filtered as the queue is (cases/queues.py).
    waiting = request.GET.get("waiting", "")
    if waiting == "referral":
        cases = queues.sent_unanswered(cases, user_of(request).office.pk)
    elif waiting == "milestone":
        cases = queues.without_milestone(cases, today=timezone.localdate())
    elif waiting == "service":
        cases = queues.needing_service(cases)
    else:
        waiting = ""
    if home := home_filter(request.user, request.GET.get("lksa")):  # from the home's page
        cases = cases.filter(lksa=home)
    if fmt:  # the list as a file (pantau/lib/exports.py): same scope, filters and columns
        return export_response(request, exports.CASES, cases, fmt)
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    return render(
        request, "cases/case_list.html", {"page": page, "status": status, "waiting": waiting, "home": home}
    )


@permission_required(Perm.CASE_WORK)
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The case file. Opening it is audited: it names children and the persons alleged."""
    return _case_file(request, get_case_for(request.user, pk))


def _case_file(
    request: HttpRequest,
    case: Case,
    *,
    bound: dict[str, Any] | None = None,
    open_form: str = "",
    status: int = 200,
) -> HttpResponse:
    """The case file, its forms blank, or (``bound``) one form as submitted with its errors, left open
    (``open_form``) so nothing typed is lost when a submit fails."""
    audit_record(action="case.viewed", actor=user_of(request), target=case, target_region=case.region_code)
    assessment = getattr(case, "tppo", None)
    children = list(case.children.select_related(*CHILD_JOINS))
    reading = tppo.reading_of(case, children)
    tppo_initial = tppo.form_initial(assessment)
    referrals = list(case.referrals.select_related("to_org", "from_org"))
    shown = referrals_shown(request.user, case, referrals)  # all of them decide access; these are listed
    services = list(case.services.select_related("case_child"))
    milestones = list(case.investigation.select_related("organisation"))
    is_lead = leads_case(request.user, case)
    can_investigate = has_perm(request.user, Perm.INVESTIGATION_RECORD)
    recovery = recovery_context(
        request.user, case, children, services=services, today=timezone.localdate(), bound=bound
    )
    forms_ = {
        "child_form": CaseChildForm(),
        "subject_form": SubjectForm(prefix="subject"),
        "evidence_form": CaseEvidenceForm(),
        "event_form": EventForm(initial={"happened_on": timezone.localdate()}),
        "tppo_form": TppoForm(initial=tppo_initial, prefix="tppo"),
        "service_form": ServiceForm(case=case, children=children),
        "investigation_form": InvestigationForm(prefix="inv"),
    }
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "is_open": case.status == Case.Status.OPEN,
            "children": children,
            "events": case.events.select_related("by", "organisation"),
            "referrals": shown,
            "services": services,
            "milestones": milestones,
            "concerns": case.concerns.all(),
            "reading": reading,
            "disclaimer": tppo.DISCLAIMER,
            "subjects": case.subjects.all(),
            **evidence_sections(request, case, referrals),  # files, custody, platforms, persons elsewhere
            **recovery,  # plans, return and visits, LPSK, restitution (cases/recovery_reads.py)
            **forms_,
            **(bound or {}),
            "open_form": open_form,
            "state": case_state(
                case,
                children=children,
                referrals=shown,
                services=services,
                milestones=milestones,
                is_lead=is_lead,
                can_investigate=can_investigate,
                today=timezone.localdate(),
                late_recovery=recovery["recovery_late"],
            ),
            "can_investigate": can_investigate,
            "is_lead": is_lead,
            **intake_context(request.user, case, referrals),
            # A link to the home's page only for a reader who may open it.
            "home_link": home_filter(request.user, str(case.lksa_id or "")) is not None,
            "outcomes": CaseChild.Outcome.choices,
            "close_rows": [
                (c, request.POST.get(f"outcome-{c.pk}", ""), request.POST.get(f"note-{c.pk}", ""))
                if open_form == "close"
                else (c, "", "")
                for c in children
            ],
        },
        status=status,
    )


def _case_action(
    request: HttpRequest,
    pk: int,
    build: Callable[[Case], forms.BaseForm],
    act: Callable[[Case, Any], object],
    done: str,
    guard: Callable[[Any, Case], object] | None = None,
    *,
    key: str,
) -> HttpResponseBase:
    """Validate one of the case file's forms and apply it. When it fails the file comes back (400) with
    that form open as it was submitted, its errors beside the fields.
    ``guard`` refuses (403, audited) before the form is read; the service checks again."""
    case = get_case_for(request.user, pk)
    if guard is not None:
        guard(request.user, case)
    form = build(case)
    if form.is_valid():
        try:
            act(case, form)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, problems in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, problems)
            else:
                form.add_error(None, error.messages)
        else:
            messages.success(request, done)
            return redirect("cases:case_detail", pk=case.pk)
    return _case_file(request, case, bound={key: form}, open_form=key, status=400)


@require_POST
@permission_required(Perm.CASE_WORK)
def case_child(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _case_action(
        request,
        pk,
        lambda case: CaseChildForm(request.POST),
        lambda case, form: services.case_child_add(
            actor=user_of(request),
            case=case,
            record=form.save(commit=False),
            child=get_child_for(request.user, form.cleaned_data["record"])
            if form.cleaned_data["record"]
            else None,
        ),
        _("The child has been added."),
        key="child_form",
    )


@require_POST
@permission_required(Perm.CASE_WORK)
def case_subject(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _case_action(
        request,
        pk,
        lambda case: SubjectForm(request.POST, prefix="subject"),
        lambda case, form: services.case_subject_add(
            actor=user_of(request), case=case, subject=form.save(commit=False), nik=form.cleaned_data["nik"]
        ),
        _("The person has been added."),
        key="subject_form",
    )


@require_POST
@permission_required(Perm.CASE_WORK)
def case_event(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _case_action(
        request,
        pk,
        lambda case: EventForm(request.POST),
        lambda case, form: services.case_event_add(
            actor=user_of(request),
            case=case,
            day=form.cleaned_data["happened_on"],
            text=form.cleaned_data["text"],
        ),
        _("The event has been added to the timeline."),
        key="event_form",
    )


@require_POST
@permission_required(Perm.CASE_WORK)
def case_tppo(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _case_action(
        request,
        pk,
        lambda case: TppoForm(request.POST, prefix="tppo"),
        lambda case, form: services.tppo_save(actor=user_of(request), case=case, **form.cleaned_data),
        _("The TPPO assessment has been saved."),
        key="tppo_form",
    )


@require_POST
@permission_required(Perm.CASE_WORK)
def case_service(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _case_action(
        request,
        pk,
        lambda case: ServiceForm(request.POST, case=case),
        lambda case, form: services.service_add(
            actor=user_of(request), case=case, service=form.save(commit=False)
        ),
        _("The service has been recorded."),
        key="service_form",
    )


@require_POST
@permission_required(Perm.INVESTIGATION_RECORD)
def case_investigation(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _case_action(
        request,
        pk,
        lambda case: InvestigationForm(request.POST, prefix="inv"),
        lambda case, form: services.investigation_add(
            actor=user_of(request), case=case, milestone=form.save(commit=False)
        ),
        _("The investigation milestone has been recorded."),
        key="investigation_form",
    )


@require_POST
@permission_required(Perm.CASE_WORK)
def case_close(request: HttpRequest, pk: int) -> HttpResponseBase:
    case = get_case_for(request.user, pk)  # the service refuses (audited) unless the agency leads it
    outcomes = {
        child.pk: (request.POST.get(f"outcome-{child.pk}", ""), request.POST.get(f"note-{child.pk}", ""))
        for child in case.children.all()
    }
    try:
        services.case_close(
            actor=user_of(request),
            case=case,
            expected_version=posted_version(request),
            outcomes=outcomes,
            note=request.POST.get("note", ""),
        )
    except ValidationError as error:
        return _case_file(
            request, case, bound={"close_errors": error.messages}, open_form="close", status=400
        )
    messages.success(request, _("The case is closed."))
    return redirect("cases:case_detail", pk=case.pk)


# --- Referrals received ---------------------------------------------------------------------------


@permission_required(Perm.CASE_WORK)
def referral_inbox(request: HttpRequest, fmt: str = "") -> HttpResponse:
    referrals = referrals_received(request.user)
    status = request.GET.get("status", "")
    if status in Referral.Status.values:
        # As the home page's queue lists them: escalated first, then by the answer date.
        referrals = referrals.filter(status=status).order_by(
            F("escalated_at").asc(nulls_last=True), "due_on", "pk"
        )
    else:
        status, referrals = "", referrals.order_by("status", "-sent_at")
    if fmt:  # the list as a file (pantau/lib/exports.py): same scope, filters and columns
        return export_response(request, exports.REFERRALS, referrals, fmt)
    page = Paginator(referrals, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/referral_inbox.html",
        {"page": page, "today": timezone.localdate(), "status": status},
    )


@permission_required(Perm.CASE_WORK)
def referral_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    """What the receiver sees before deciding: the referral and the case's category, not its file."""
    referral = get_received_referral_for(request.user, pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        accept = form.cleaned_data["decision"] == "accept"
        try:
            services.referral_decide(
                actor=user_of(request), referral=referral, accept=accept, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            _fail(request, error)
        else:
            if accept:
                messages.success(request, _("Referral accepted: the case file is open to your agency."))
                return redirect("cases:case_detail", pk=referral.case_id)
            messages.success(request, _("Referral declined."))
            return redirect("cases:referral_inbox")
    return render(request, "cases/referral_detail.html", {"referral": referral, "form": form})


@permission_required(Perm.CASE_WORK)
def case_summary(request: HttpRequest, pk: int) -> HttpResponse:
    """A printable summary of the case file (audited like opening the file)."""
    case = get_case_for(request.user, pk)
    audit_record(
        action="case.summary_printed", actor=user_of(request), target=case, target_region=case.region_code
    )
    children = list(case.children.select_related(*CHILD_JOINS))
    reading = tppo.reading_of(case, children)
    services = list(case.services.select_related("case_child"))
    recovery = recovery_context(request.user, case, children, services=services, today=timezone.localdate())
    return render(
        request,
        "cases/summary.html",
        {
            "case": case,
            "children": children,
            "subjects": case.subjects.all(),
            "events": case.events.select_related("organisation"),
            "referrals": referrals_shown(
                request.user, case, case.referrals.select_related("to_org", "from_org")
            ),
            "services": services,
            "recovery_rows": recovery["recovery_rows"],  # plans, returns and visits, LPSK, restitution
            "milestones": case.investigation.all(),
            "reading": reading,
            "disclaimer": tppo.DISCLAIMER,
            "today": timezone.localdate(),
            **summary_evidence(request, case),  # each file with its hash, logged "exported"
            # A receiving agency prints only the parts its referral shared (cases/sharing.py).
            "sections": sections_for(request.user, case, case.referrals.all()),
        },
    )
