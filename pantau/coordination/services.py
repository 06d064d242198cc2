"""Writes: recording a meeting, its recommendations and assignments, progress reports with evidence.

Each service checks who may do it (pantau.accounts.access), refuses bad input with the reason on the
field (Indonesian by default), writes in one transaction with its audit entry, and writes nothing when
it refuses. Uploaded files are checked by content (pantau.lib.uploads) before anything is saved."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pantau.accounts.access import (
    Perm,
    require,
    require_assignment_member,
    require_meeting_manager,
)
from pantau.accounts.models import Organisation, User
from pantau.accounts.roles import OrgKind
from pantau.audit.services import audit_record
from pantau.coordination.models import (
    Assignment,
    ComputedIndicator,
    Meeting,
    ProgressReport,
    Recommendation,
    ReportEvidence,
    Status,
    Theme,
)
from pantau.lib.uploads import validate_document
from pantau.regions.models import Region

MAX_EVIDENCE = 5


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


def _check_files(files: Sequence[UploadedFile], field: str, errors: dict[str, list[str]]) -> list[str]:
    types: list[str] = []
    if len(files) > MAX_EVIDENCE:
        errors.setdefault(field, []).append(_("At most %(n)d files per report.") % {"n": MAX_EVIDENCE})
        return types
    for upload in files:
        try:
            types.append(validate_document(upload))
        except ValidationError as error:
            errors.setdefault(field, []).extend(error.messages)
    return types


def meeting_record(
    *,
    actor: User,
    title: str,
    held_on: date | None,
    place: str,
    organiser: Organisation | None,
    participants: Iterable[Organisation] = (),
    other_participants: str = "",
    region: Region | None = None,
    minutes: str = "",
    minutes_file: UploadedFile | None = None,
) -> Meeting:
    """Record a meeting. KPAI may record one for any organiser; another office records its own."""
    who = require(actor, Perm.COORDINATION_MANAGE, target_label="coordination:meeting_new")
    if organiser is None:
        organiser = who.organisation
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = [_("Give the meeting a title.")]
    if held_on is None:
        errors["held_on"] = [_("Give the date of the meeting.")]
    elif held_on > timezone.localdate():
        errors["held_on"] = [_("A meeting is recorded after it took place: the date is in the future.")]
    if not place.strip():
        errors["place"] = [_("Say where the meeting took place.")]
    if who.organisation.kind != OrgKind.KPAI and organiser.pk != who.organisation.pk:
        errors["organiser"] = [_("You can record only meetings your own organisation organised.")]
    if minutes_file is not None:
        _check_files([minutes_file], "minutes_file", errors)
    _raise(errors)
    assert held_on is not None  # noqa: S101  (checked above)
    with transaction.atomic():
        meeting = Meeting(
            title=title.strip(),
            held_on=held_on,
            place=place.strip(),
            organiser=organiser,
            other_participants="\n".join(
                line.strip() for line in other_participants.splitlines() if line.strip()
            ),
            region=region,
            minutes=minutes.strip(),
            created_by=actor,
        )
        if minutes_file is not None:
            meeting.minutes_file = minutes_file
        meeting.save()
        chosen = list(participants)
        meeting.participants.set(chosen)
        audit_record(
            action="coordination.meeting_recorded",
            actor=actor,
            target=meeting,
            target_region=meeting.region_id or "",
            changes={"held_on": str(held_on), "participants": len(chosen)},
        )
    return meeting


def recommendation_add(
    *,
    actor: User,
    meeting: Meeting,
    number: int | None,
    text: str,
    summary_en: str = "",
    theme: str = Theme.OTHER,
    published: bool = False,
) -> Recommendation:
    require_meeting_manager(actor, meeting)
    errors: dict[str, list[str]] = {}
    if not text.strip():
        errors["text"] = [_("Write the recommendation as it was agreed.")]
    if theme not in Theme.values:
        errors["theme"] = [_("Choose a theme from the list.")]
    if number is not None and meeting.recommendations.filter(number=number).exists():
        errors["number"] = [_("This meeting already has a recommendation with this number.")]
    _raise(errors)
    with transaction.atomic():
        recommendation = Recommendation.objects.create(
            meeting=meeting,
            number=number,
            text=text.strip(),
            summary_en=summary_en.strip(),
            theme=theme,
            published=published,
        )
        audit_record(
            action="coordination.recommendation_added",
            actor=actor,
            target=recommendation,
            target_region=meeting.region_id or "",
            changes={"meeting": meeting.pk, "number": number, "published": published},
        )
    return recommendation


def recommendation_publish(*, actor: User, recommendation: Recommendation, published: bool) -> None:
    require_meeting_manager(actor, recommendation.meeting)
    with transaction.atomic():
        recommendation.published = published
        recommendation.save(update_fields=["published"])
        audit_record(
            action="coordination.recommendation_published",
            actor=actor,
            target=recommendation,
            target_region=recommendation.meeting.region_id or "",
            changes={"published": published},
        )


def assignment_add(
    *,
    actor: User,
    recommendation: Recommendation,
    organisation: Organisation | None,
    actions: str,
    due_on: date | None,
    indicator: str = "",
    computed_indicator: str = "",
    target: str = "",
) -> Assignment:
    meeting = recommendation.meeting
    require_meeting_manager(actor, meeting)
    errors: dict[str, list[str]] = {}
    if organisation is None or not organisation.is_active:
        errors["organisation"] = [_("Choose the responsible organisation.")]
    elif recommendation.assignments.filter(organisation=organisation).exists():
        errors["organisation"] = [_("This organisation is already responsible for this recommendation.")]
    if not actions.strip():
        errors["actions"] = [_("Describe the actions expected of the organisation.")]
    if due_on is None:
        errors["due_on"] = [_("Give a due date.")]
    elif due_on < meeting.held_on:
        errors["due_on"] = [
            _("The due date cannot be before the meeting (%(date)s).")
            % {"date": meeting.held_on.strftime("%d-%m-%Y")}
        ]
    if computed_indicator and computed_indicator not in ComputedIndicator.values:
        errors["computed_indicator"] = [_("Choose an indicator from the list.")]
    _raise(errors)
    assert organisation is not None and due_on is not None  # noqa: S101  (checked above)
    with transaction.atomic():
        assignment = Assignment.objects.create(
            recommendation=recommendation,
            organisation=organisation,
            actions=actions.strip(),
            indicator=indicator.strip(),
            computed_indicator=computed_indicator,
            target=target.strip(),
            due_on=due_on,
        )
        audit_record(
            action="coordination.assignment_added",
            actor=actor,
            target=assignment,
            target_region=meeting.region_id or "",
            changes={"organisation": organisation.pk, "due_on": str(due_on)},
        )
    return assignment


def progress_report(
    *,
    actor: User,
    assignment: Assignment,
    reported_on: date | None,
    narrative: str,
    status: str,
    blocked_reason: str = "",
    files: Sequence[UploadedFile] = (),
) -> ProgressReport:
    """The responsible organisation reports progress: a new entry in the assignment's history, which
    sets its status. Only members of that organisation may report."""
    require_assignment_member(actor, assignment)
    meeting = assignment.recommendation.meeting
    errors: dict[str, list[str]] = {}
    if reported_on is None:
        errors["reported_on"] = [_("Give the date of the report.")]
    elif reported_on > timezone.localdate():
        errors["reported_on"] = [_("The date of the report is in the future.")]
    elif reported_on < meeting.held_on:
        errors["reported_on"] = [_("The report cannot be dated before the meeting.")]
    if not narrative.strip():
        errors["narrative"] = [_("Describe what was done.")]
    if status not in Status.values:
        errors["status"] = [_("Choose the new status from the list.")]
    elif status == Status.BLOCKED and not blocked_reason.strip():
        errors["blocked_reason"] = [_("Say why the work is blocked.")]
    types = _check_files(files, "evidence", errors)
    _raise(errors)
    assert reported_on is not None  # noqa: S101  (checked above)
    reason = blocked_reason.strip() if status == Status.BLOCKED else ""
    with transaction.atomic():
        report = ProgressReport.objects.create(
            assignment=assignment,
            reported_on=reported_on,
            narrative=narrative.strip(),
            status=status,
            blocked_reason=reason,
            reported_by=actor,
        )
        for upload, mime in zip(files, types, strict=True):
            ReportEvidence.objects.create(
                report=report, file=upload, content_type=mime, size=upload.size or 0
            )
        latest = assignment.status_on is None or reported_on >= assignment.status_on
        if latest:  # a report dated before the latest one adds history without turning the status back
            assignment.status, assignment.blocked_reason, assignment.status_on = status, reason, reported_on
            assignment.save(update_fields=["status", "blocked_reason", "status_on"])
        audit_record(
            action="coordination.progress_reported",
            actor=actor,
            target=assignment,
            target_region=meeting.region_id or "",
            changes={"status": status, "report": report.pk, "evidence": len(types)},
        )
    return report


def file_opened(*, actor: User, target: Meeting | ReportEvidence, region: str) -> None:
    audit_record(action="coordination.file_opened", actor=actor, target=target, target_region=region)
