"""Supervision pages: the visit plan, visits (schedule, conduct with autosave, conclude, report)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pantau.accounts.access import (
    Perm,
    can_conduct,
    colleagues_for_team,
    has_perm,
    permission_required,
    require,
    require_conduct,
)
from pantau.accounts.http import user_of
from pantau.audit.exports import export_response
from pantau.audit.services import audit_record
from pantau.lib.downloads import serve_private_file
from pantau.lib.errors import StaleEdit
from pantau.regions.forms import PlaceFilterForm
from pantau.regions.lookup import place_label, with_place_labels
from pantau.registry.models import Lksa
from pantau.registry.selectors import get_lksa_for, home_filter, lksa_visible_to
from pantau.supervision import exports, plan_store, queues, risk, services
from pantau.supervision.forms import AnswerForm, ConcludeForm, EvidenceForm, FindingFormSet, VisitForm
from pantau.supervision.models import Answer, ChecklistItem, Evidence, Visit
from pantau.supervision.selectors import get_evidence_for, get_visit_for, visits_visible_to
from pantau.supervision.workload import workload


@permission_required(Perm.SUPERVISION_VIEW)
def plan(request: HttpRequest) -> HttpResponse:
    """Homes in the jurisdiction ranked by risk, with the reasons behind each score."""
    place_form = PlaceFilterForm(request.GET)
    region = place_form.code()
    today = timezone.localdate()
    # "Due": not visited for a year and no visit planned (the home page's queue, supervision/queues.py).
    due = request.GET.get("due") == "1"
    # Stored scores, sorted and paged in SQL (plan_store); homes without a current score are scored first.
    scores = plan_store.plan_scores(request.user, region=region, today=today, due=due)
    page = Paginator(scores, 50).get_page(request.GET.get("page"))
    as_of = plan_store.scored_at(page.object_list)
    page.object_list = with_place_labels(plan_store.as_rows(page.object_list))  # type: ignore[arg-type]
    weights = risk.weights()
    factors = [(f, weights[f.code]) for f in risk.FACTORS]
    return render(
        request,
        "supervision/plan.html",
        {"page": page, "place_form": place_form, "factors": factors, "due": due, "as_of": as_of},
    )


@permission_required(Perm.SUPERVISION_VIEW)
def plan_home(request: HttpRequest, lksa_pk: int) -> HttpResponse:
    """One home's place on the visit plan: its score and reasons. The LKSA page loads it after the page
    itself (htmx), since the plan's thirteen reads would otherwise be a third of that page's time."""
    home = get_lksa_for(request.user, lksa_pk, need=Perm.SUPERVISION_VIEW)
    rows = risk.visit_plan(Lksa.objects.filter(pk=home.pk), timezone.localdate(), region=home.region_code)
    return render(request, "supervision/_plan_home.html", {"lksa": home, "row": rows[0] if rows else None})


@permission_required(Perm.SUPERVISION_VIEW)
def visit_list(request: HttpRequest, fmt: str = "") -> HttpResponse:
    visits = visits_visible_to(request.user).select_related("lksa", "lead")
    status = request.GET.get("status", "")
    if status in Visit.Status.values:
        visits = visits.filter(status=status)
    if home := home_filter(request.user, request.GET.get("lksa")):  # from the home's page
        visits = visits.filter(lksa=home)
    # "Yours": the person's visits of the coming week, late ones too (the home page's queue).
    mine = request.GET.get("mine") == "1"
    if mine:
        visits = queues.my_open_visits(visits, request.user, today=timezone.localdate())
    if fmt:  # the list as a file (pantau/lib/exports.py): same scope, filters and columns
        return export_response(request, exports.VISITS, visits, fmt)
    page = Paginator(visits, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "supervision/visit_list.html",
        {"page": page, "status": status, "statuses": Visit.Status.choices, "mine": mine, "home": home},
    )


@permission_required(Perm.SUPERVISION_MANAGE)
def visit_new(request: HttpRequest, lksa_pk: int) -> HttpResponse:
    actor = require(request.user, Perm.SUPERVISION_MANAGE)
    lksa = get_lksa_for(request.user, lksa_pk)
    form = VisitForm(request.POST or None, colleagues=colleagues_for_team(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            visit = services.visit_schedule(
                actor=actor.user,
                lksa=lksa,
                planned_on=form.cleaned_data["planned_on"],
                kind=form.cleaned_data["kind"],
                team=list(form.cleaned_data["team"]),
                purpose=form.cleaned_data["purpose"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The visit has been planned."))
            return redirect("supervision:visit_detail", pk=visit.pk)
    return render(
        request,
        "supervision/visit_form.html",
        {"form": form, "lksa": lksa},
        status=400 if form.errors else 200,
    )


def _add_errors(form: VisitForm | ConcludeForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@permission_required(Perm.FINDING_VIEW)
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_visit_for(request.user, pk)
    answers = {a.item_id: a for a in visit.answers.all()}
    evidence: dict[int | None, list[Evidence]] = {}
    for record in visit.evidence.filter(finding__isnull=True):
        evidence.setdefault(record.item_id, []).append(record)
    items = list(visit.template.items.all())
    rows = [
        (
            item,
            answers.get(item.pk),
            AnswerForm(prefix=f"i{item.pk}", initial=_initial(answers.get(item.pk))),
            evidence.get(item.pk, []),
        )
        for item in items
    ]
    return render(
        request,
        "supervision/visit_detail.html",
        {
            "visit": visit,
            "rows": rows,
            "editable": can_conduct(request.user, visit),
            "answered": sum(1 for a in answers.values() if a.value),
            "areas": _areas(rows),
            # A link to the home's page only for a reader who may open it.
            "home_link": home_filter(request.user, str(visit.lksa_id)) is not None,
            "failed_upload": request.GET.get("upload_failed", ""),
            "findings": visit.findings.select_related("item"),
            "team": visit.team.all(),
        },
    )


@dataclass
class _Area:
    code: str
    label: str
    total: int = 0
    answered: int = 0


def _areas(rows: list[tuple[ChecklistItem, Answer | None, AnswerForm, list[Evidence]]]) -> list[_Area]:
    """The checklist's areas in order, for its table of contents: how many items each has answered."""
    areas: dict[str, _Area] = {}
    for item, answer, _form, _files in rows:
        area = areas.setdefault(item.area, _Area(item.area, item.area_label))
        area.total += 1
        area.answered += 1 if answer is not None and answer.value else 0
    return list(areas.values())


def _initial(answer: Answer | None) -> dict[str, str]:
    return {"value": answer.value, "note": answer.note} if answer else {}


@require_POST
@permission_required(Perm.SUPERVISION_MANAGE)
def visit_answer(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """Saves one answer (sent by the page as soon as it changes); answers with a small status fragment."""
    visit = get_visit_for(request.user, pk, need=Perm.SUPERVISION_MANAGE)
    require_conduct(request.user, visit)  # before the input is read; the service checks again
    item = get_object_or_404(ChecklistItem, pk=item_pk, template_id=visit.template_id)
    form = AnswerForm(request.POST, prefix=f"i{item.pk}")
    if not form.is_valid():
        return render(
            request,
            "supervision/_saved.html",
            {"error": " ".join(str(e) for e in form.errors.get("value", [_("Not saved.")]))},
            status=400,
        )
    try:
        answer = services.answer_save(
            actor=user_of(request),
            visit=visit,
            item=item,
            value=form.cleaned_data["value"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        return render(request, "supervision/_saved.html", {"error": " ".join(error.messages)}, status=409)
    return render(request, "supervision/_saved.html", {"answer": answer})


@permission_required(Perm.SUPERVISION_MANAGE)
def visit_conclude(request: HttpRequest, pk: int) -> HttpResponseBase:
    visit = get_visit_for(request.user, pk, need=Perm.SUPERVISION_MANAGE)
    require_conduct(request.user, visit)  # before the input is read; the service checks again
    if request.method == "POST":
        form = ConcludeForm(request.POST)
        formset = FindingFormSet(request.POST, prefix="f")
    else:
        form = ConcludeForm(initial={"version": visit.version})
        formset = FindingFormSet(
            prefix="f",
            initial=[
                {
                    "item": d.item.pk if d.item else None,
                    "severity": d.severity,
                    "description": d.description,
                    "due_on": d.due_on,
                }
                for d in services.draft_findings(visit)
            ],
        )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        items = {i.pk: i for i in visit.template.items.all()}
        drafts = [
            services.DraftFinding(
                item=items.get(f.cleaned_data.get("item") or 0),
                severity=f.cleaned_data["severity"],
                description=f.cleaned_data["description"],
                corrective_action=f.cleaned_data.get("corrective_action") or "",
                due_on=f.cleaned_data["due_on"],
            )
            for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        try:
            services.visit_conclude(
                actor=user_of(request),
                visit=visit,
                expected_version=form.cleaned_data["version"],
                summary=form.cleaned_data["summary"],
                findings=drafts,
            )
        except StaleEdit:
            form.add_error(
                None,
                _(
                    "Another team member concluded or changed this visit first. "
                    "Nothing was lost: reload to see their version."
                ),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The visit is concluded and its findings sent to the LKSA."))
            return redirect("supervision:visit_report", pk=visit.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "supervision/conclude.html",
        {"visit": visit, "form": form, "formset": formset},
        status=status,
    )


@permission_required(Perm.FINDING_VIEW)
def visit_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The berita acara pengawasan: print-optimised, in the language chosen (Indonesian by default)."""
    visit = get_visit_for(request.user, pk)
    answers = {a.item_id: a for a in visit.answers.all()}
    rows = [(item, answers.get(item.pk)) for item in visit.template.items.all()]
    return render(
        request,
        "supervision/report.html",
        {
            "visit": visit,
            "place": place_label(visit.lksa.region_code),  # "Tigaraksa, Kab. Tangerang", not a code
            # The way back: to the visit, and to the home's page for those who may open it.
            "can_see_home": has_perm(request.user, Perm.REGISTRY_VIEW)
            and lksa_visible_to(request.user).filter(pk=visit.lksa_id).exists(),
            "rows": rows,
            "findings": visit.findings.select_related("item"),
            "team": visit.team.all(),
        },
    )


@require_POST
@permission_required(Perm.SUPERVISION_MANAGE)
def visit_evidence(request: HttpRequest, pk: int) -> HttpResponseBase:
    """A photo or document for one checklist item, taken during the visit."""
    visit = get_visit_for(request.user, pk, need=Perm.SUPERVISION_MANAGE)
    require_conduct(request.user, visit)  # before the input is read; the service checks again
    form = EvidenceForm(request.POST, request.FILES)
    item = None
    ok = False
    if form.is_valid():
        item = get_object_or_404(ChecklistItem, pk=form.cleaned_data["item"], template_id=visit.template_id)
        try:
            services.evidence_add(
                actor=user_of(request), visit=visit, upload=form.cleaned_data["file"], item=item
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            ok = True
            messages.success(request, _("The file has been added."))
    else:
        messages.error(request, _("Choose a file to add."))
    # Back to the item; after a refusal its upload form stays open.
    if item is None and request.POST.get("item", "").isdigit():
        item = visit.template.items.filter(pk=int(request.POST["item"])).first()
    failed = "" if ok or item is None else f"?upload_failed={item.pk}"
    anchor = f"#item-{item.code}" if item else ""
    return redirect(reverse("supervision:visit_detail", args=[visit.pk]) + failed + anchor)


@permission_required(Perm.FINDING_VIEW)
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    """A photo or document, to those who may see its visit; every opening is audited (photos taken in a
    children's home may show children)."""
    record = get_evidence_for(request.user, pk)
    visit = record.visit
    audit_record(
        action="visit.evidence_viewed",
        actor=user_of(request),
        target=visit,
        target_region=visit.region_code,
        changes={"evidence": [None, record.pk]},
    )
    return serve_private_file(record.file, f"evidence-{record.pk}")


@permission_required(Perm.SUPERVISION_VIEW)
def workload_page(request: HttpRequest) -> HttpResponse:
    figures = workload(request.user, timezone.localdate())
    return render(
        request,
        "supervision/workload.html",
        {"rows": figures.rows, "national_supervisors": figures.national_supervisors},
    )


@require_POST
@permission_required(Perm.SUPERVISION_MANAGE)
def visit_cancel(request: HttpRequest, pk: int) -> HttpResponseBase:
    visit = get_visit_for(request.user, pk, need=Perm.SUPERVISION_MANAGE)
    try:
        services.visit_cancel(actor=user_of(request), visit=visit, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        # Back to the form, left open.
        return redirect(reverse("supervision:visit_detail", args=[visit.pk]) + "?call_off=1#call-off")
    messages.success(request, _("The visit has been called off."))
    return redirect("supervision:visit_detail", pk=visit.pk)
