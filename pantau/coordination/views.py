"""Coordination pages: KPAI's overview (status by recommendation and by organisation, overdue first), an
organisation's own to-do list, meetings with their recommendations and assignments, an assignment with
its progress history, the files (audited), and the public progress page. Reads through selectors,
writes through services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from pantau.accounts.access import (
    Perm,
    actor_of,
    may_manage_meeting,
    may_report_on,
    not_found,
    permission_required,
    require_assignment_member,
)
from pantau.accounts.http import user_of
from pantau.accounts.models import Organisation
from pantau.accounts.roles import OrgKind
from pantau.coordination import indicators, services
from pantau.coordination.forms import AssignmentForm, FilterForm, MeetingForm, RecommendationForm, ReportForm
from pantau.coordination.models import Meeting, Recommendation, ReportEvidence
from pantau.coordination.selectors import (
    assignments_visible_to,
    counts_by,
    filter_assignments,
    get_assignment_for,
    get_meeting_for,
    meetings_visible_to,
    overdue_first,
    own_assignments,
    progress_counts,
    published_recommendations,
    recommendations_of,
    reports_of,
)
from pantau.lib.downloads import serve_private_file
from pantau.lib.forms import show_errors
from pantau.regions.models import Region

LISTED = 200  # rows of the overview table; the filters narrow it


def _region(code: str) -> Region | None:
    return Region.objects.filter(code=code).first() if code else None


@permission_required(Perm.COORDINATION_VIEW)
def overview(request: HttpRequest) -> HttpResponse:
    """Status of every assignment the person may see, overdue first, with counts by organisation and
    by recommendation."""
    user, today = user_of(request), timezone.localdate()
    visible = assignments_visible_to(user)
    form = FilterForm(
        request.GET or None,
        meetings=meetings_visible_to(user).order_by("-held_on"),
        organisations=Organisation.objects.filter(pk__in=visible.values("organisation_id")).order_by("name"),
    )
    chosen: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    rows = filter_assignments(
        visible,
        meeting=chosen["meeting"].pk if chosen.get("meeting") else None,
        organisation=chosen["organisation"].pk if chosen.get("organisation") else None,
        status=chosen.get("status", ""),
        today=today,
    )
    context = {
        "form": form,
        "rows": list(overdue_first(rows, today)[:LISTED]),
        "listed": LISTED,
        "today": today,
        "counts": progress_counts(user, today=today),
        "by_organisation": counts_by(user, "organisation", today=today, base=rows),
        "by_recommendation": counts_by(user, "recommendation", today=today, base=rows),
        "may_manage": may_manage_meeting(user),
    }
    return render(request, "coordination/overview.html", context)


@permission_required(Perm.COORDINATION_VIEW)
def mine(request: HttpRequest) -> HttpResponse:
    user, today = user_of(request), timezone.localdate()
    rows = list(overdue_first(own_assignments(user), today))
    return render(request, "coordination/mine.html", {"rows": rows, "today": today})


@permission_required(Perm.COORDINATION_VIEW)
def meeting_list(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    meetings = meetings_visible_to(user).order_by("-held_on", "-pk")[:LISTED]
    return render(
        request,
        "coordination/meeting_list.html",
        {"meetings": list(meetings), "may_manage": may_manage_meeting(user)},
    )


@never_cache
@permission_required(Perm.COORDINATION_MANAGE)
def meeting_new(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    actor = actor_of(user)
    assert actor is not None  # noqa: S101  (permission_required)
    organisers = Organisation.objects.active().order_by("name")
    if actor.organisation.kind != OrgKind.KPAI:
        organisers = organisers.filter(pk=actor.organisation.pk)
    form = MeetingForm(request.POST or None, request.FILES or None, organisers=organisers)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_record(
                actor=user,
                title=data["title"] or "",
                held_on=data["held_on"],
                place=data["place"] or "",
                organiser=data["organiser"],
                participants=data["participants"],
                other_participants=data["other_participants"] or "",
                region=_region(data["region"]),
                minutes=data["minutes"] or "",
                minutes_file=data["minutes_file"] or None,
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Meeting recorded. Now add its recommendations."))
            return redirect("coordination:meeting_detail", pk=meeting.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "coordination/meeting_new.html", {"form": form}, status=status)


def _meeting_page(request: HttpRequest, meeting: Meeting, **forms: Any) -> HttpResponse:
    user = user_of(request)
    manage = may_manage_meeting(user, meeting)
    recommendations = recommendations_of(user, meeting)
    today = timezone.localdate()
    if manage:  # one form per recommendation, its ids prefixed so that labels stay unique on the page
        for r in recommendations:
            bound = forms.get("assignment_form") if forms.get("assignment_for") == r.pk else None
            r.assignment_form = bound or AssignmentForm(auto_id=f"id_a{r.pk}_%s")  # type: ignore[attr-defined]
    context = {
        "meeting": meeting,
        "participants": list(meeting.participants.order_by("name")),
        "recommendations": recommendations,
        "may_manage": manage,
        "today": today,
        "recommendation_form": forms.get("recommendation_form") or RecommendationForm(),
        "assignment_for": forms.get("assignment_for"),
    }
    return render(request, "coordination/meeting_detail.html", context, status=400 if forms else 200)


@permission_required(Perm.COORDINATION_VIEW)
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _meeting_page(request, get_meeting_for(user_of(request), pk))


@require_POST
@permission_required(Perm.COORDINATION_MANAGE)
def recommendation_new(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = user_of(request)
    meeting = get_meeting_for(user, pk)
    form = RecommendationForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.recommendation_add(
                actor=user,
                meeting=meeting,
                number=data["number"],
                text=data["text"] or "",
                summary_en=data["summary_en"] or "",
                theme=data["theme"],
                published=data["published"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Recommendation recorded."))
            return redirect("coordination:meeting_detail", pk=meeting.pk)
    return _meeting_page(request, meeting, recommendation_form=form)


def _recommendation(request: HttpRequest, pk: int) -> Recommendation:
    user = user_of(request)
    found = (
        Recommendation.objects.filter(pk=pk, meeting__in=meetings_visible_to(user))
        .select_related("meeting")
        .first()
    )
    if found is None:
        raise not_found(user, f"coordination.recommendation:{pk}", Perm.COORDINATION_MANAGE)
    return found


@require_POST
@permission_required(Perm.COORDINATION_MANAGE)
def assignment_new(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = user_of(request)
    recommendation = _recommendation(request, pk)
    form = AssignmentForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.assignment_add(
                actor=user,
                recommendation=recommendation,
                organisation=data["organisation"],
                actions=data["actions"] or "",
                due_on=data["due_on"],
                indicator=data["indicator"] or "",
                computed_indicator=data["computed_indicator"] or "",
                target=data["target"] or "",
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Responsible organisation added."))
            return redirect("coordination:meeting_detail", pk=recommendation.meeting_id)
    form.auto_id = f"id_a{recommendation.pk}_%s"
    return _meeting_page(
        request, recommendation.meeting, assignment_form=form, assignment_for=recommendation.pk
    )


@require_POST
@permission_required(Perm.COORDINATION_MANAGE)
def recommendation_publish(request: HttpRequest, pk: int) -> HttpResponseBase:
    recommendation = _recommendation(request, pk)
    published = request.POST.get("published") == "1"
    services.recommendation_publish(
        actor=user_of(request), recommendation=recommendation, published=published
    )
    messages.success(
        request, _("Published on the public page.") if published else _("Withdrawn from the public page.")
    )
    return redirect("coordination:meeting_detail", pk=recommendation.meeting_id)


@permission_required(Perm.COORDINATION_VIEW)
def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = user_of(request)
    meeting = get_meeting_for(user, pk)
    if not meeting.minutes_file:
        raise not_found(user, f"coordination.meeting:{pk}:minutes", Perm.COORDINATION_VIEW)
    services.file_opened(actor=user, target=meeting, region=meeting.region_id or "")
    return serve_private_file(meeting.minutes_file, f"notulen-{meeting.pk}")


def _assignment_page(request: HttpRequest, pk: int, form: ReportForm | None = None) -> HttpResponse:
    user = user_of(request)
    assignment = get_assignment_for(user, pk)
    can_report = may_report_on(user, assignment)
    context = {
        "assignment": assignment,
        "meeting": assignment.recommendation.meeting,
        "reports": list(reports_of(assignment)),
        "indicator": indicators.for_assignment(assignment, user=user),
        "today": timezone.localdate(),
        "form": form
        or (
            ReportForm(initial={"reported_on": timezone.localdate(), "status": assignment.status})
            if can_report
            else None
        ),
        "may_manage": may_manage_meeting(user, assignment.recommendation.meeting),
    }
    return render(request, "coordination/assignment_detail.html", context, status=400 if form else 200)


@permission_required(Perm.COORDINATION_VIEW)
def assignment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _assignment_page(request, pk)


@require_POST
@permission_required(Perm.COORDINATION_REPORT)
def assignment_report(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = user_of(request)
    assignment = get_assignment_for(user, pk, need=Perm.COORDINATION_REPORT)
    require_assignment_member(user, assignment)  # before the form: a stranger learns nothing from errors
    form = ReportForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.progress_report(
                actor=user,
                assignment=assignment,
                reported_on=data["reported_on"],
                narrative=data["narrative"] or "",
                status=data["status"],
                blocked_reason=data["blocked_reason"] or "",
                files=data["evidence"] or [],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Progress reported."))
            return redirect("coordination:assignment_detail", pk=assignment.pk)
    return _assignment_page(request, pk, form)


@permission_required(Perm.COORDINATION_VIEW)
def evidence_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = user_of(request)
    evidence = (
        ReportEvidence.objects.filter(pk=pk, report__assignment__in=assignments_visible_to(user))
        .select_related("report__assignment__recommendation__meeting")
        .first()
    )
    if evidence is None:
        raise not_found(user, f"coordination.reportevidence:{pk}", Perm.COORDINATION_VIEW)
    meeting = evidence.report.assignment.recommendation.meeting
    services.file_opened(actor=user, target=evidence, region=meeting.region_id or "")
    return serve_private_file(evidence.file, f"bukti-{evidence.pk}")


def public_progress(request: HttpRequest) -> HttpResponse:
    """No account needed. Shows each published recommendation (its text as agreed, which names agencies,
    not people) and, per responsible organisation, the status, due date and whether it is overdue.
    Not shown: progress narratives and blocked reasons (free text that might name a child or a victim),
    evidence files, who reported, the minutes."""
    today = timezone.localdate()
    return render(
        request,
        "coordination/public.html",
        {"recommendations": list(published_recommendations()), "today": today},
    )
