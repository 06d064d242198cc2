"""Requests to platforms on a case: preserve an account's data before it is deleted, take a child's images
down, disclose who runs an account. Each is recorded with its letter or ticket number and the date it was
sent, then the platform's answer; one with no answer after ``ANSWER_DAYS`` is overdue on the case file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pantau.accounts.access import require_platform_recorder
from pantau.accounts.models import User
from pantau.audit.services import audit_record
from pantau.cases.models import Case, PlatformRequest

# Platforms answer law-enforcement preservation requests within days; two weeks without an answer is a
# reason to chase the request (or to send it again through Kominfo / the platform's LE portal).
ANSWER_DAYS = 14

ANSWERS = (PlatformRequest.Answer.COMPLIED, PlatformRequest.Answer.PARTLY, PlatformRequest.Answer.REFUSED)


def is_overdue(request: PlatformRequest, today: date) -> bool:
    return request.answer == PlatformRequest.Answer.PENDING and today > request.sent_on + timedelta(
        days=ANSWER_DAYS
    )


@dataclass(frozen=True)
class RequestRow:
    request: PlatformRequest
    overdue: bool
    answer_by: date


def request_rows(requests: list[PlatformRequest], today: date) -> list[RequestRow]:
    return [RequestRow(r, is_overdue(r, today), r.sent_on + timedelta(days=ANSWER_DAYS)) for r in requests]


def platform_request_add(
    *,
    actor: User,
    case: Case,
    platform: str,
    kind: str,
    target: str,
    reference: str,
    sent_on: date,
) -> PlatformRequest:
    """Record a request sent to a platform (police investigators on the case, or its lead agency)."""
    require_platform_recorder(actor, case)  # outside the transaction: the refusal's audit entry stays
    errors: dict[str, list[str]] = {}
    if platform not in PlatformRequest.Platform.values:
        errors["platform"] = [_("Choose the platform.")]
    if kind not in PlatformRequest.Kind.values:
        errors["kind"] = [_("Choose what was asked.")]
    if not target.strip():
        errors["target"] = [_("Give the account or the link the request is about.")]
    elif len(target.strip()) > 500:
        errors["target"] = [_("Keep the account or link under %(n)s characters.") % {"n": 500}]
    if len(reference.strip()) > 100:
        errors["reference"] = [_("Keep the letter or ticket number under %(n)s characters.") % {"n": 100}]
    if sent_on > timezone.localdate():
        errors["sent_on"] = [_("The date cannot be in the future.")]
    if errors:
        raise ValidationError(errors)
    if case.status != Case.Status.OPEN:
        raise ValidationError(_("This case is closed."))
    with transaction.atomic():
        request = PlatformRequest.objects.create(
            case=case,
            platform=platform,
            kind=kind,
            target=target.strip(),
            reference=reference.strip(),
            sent_on=sent_on,
            recorded_by=actor,
            organisation=actor.office,
        )
        audit_record(
            action="case.platform_request_recorded",
            actor=actor,
            target=case,
            target_region=case.region_code,
            changes={"request": [None, request.pk], "kind": [None, kind], "platform": [None, platform]},
        )
    return request


def platform_answer_record(
    *, actor: User, case: Case, request: PlatformRequest, answer: str, answered_on: date, note: str
) -> PlatformRequest:
    """The platform's answer: complied, partly or refused, on a date between the sending and today."""
    require_platform_recorder(actor, case)
    errors: dict[str, list[str]] = {}
    if answer not in ANSWERS:
        errors["answer"] = [_("Choose the platform's answer.")]
    if answered_on < request.sent_on:
        errors["answered_on"] = [
            _("The answer cannot come before the request was sent (%(day)s).")
            % {"day": request.sent_on.strftime("%d-%m-%Y")}
        ]
    elif answered_on > timezone.localdate():
        errors["answered_on"] = [_("The date cannot be in the future.")]
    if len(note.strip()) > 2000:
        errors["note"] = [_("Keep the platform's answer under %(n)s characters.") % {"n": 2000}]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = PlatformRequest.objects.select_for_update().get(pk=request.pk, case=case)
        if locked.answer != PlatformRequest.Answer.PENDING:
            raise ValidationError(_("The platform's answer to this request is already recorded."))
        locked.answer, locked.answered_on, locked.answer_note = answer, answered_on, note.strip()
        locked.save(update_fields=["answer", "answered_on", "answer_note"])
        audit_record(
            action="case.platform_answer_recorded",
            actor=actor,
            target=case,
            target_region=case.region_code,
            changes={"request": [None, locked.pk], "answer": [PlatformRequest.Answer.PENDING, answer]},
        )
    return locked
