"""Operations on applications. Each runs in one transaction and writes its audit entry and history.

Maker-checker as the registry's proposals (registry/changes.py): the home drafts and submits; Dinas
Sosial checks the file, verifies in the field and decides, and nobody checks an application they drafted
or submitted themselves. Steps re-read the application under a row lock, so two officers acting at once
cannot both act on the same state.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pantau.accounts.models import Organisation, User
from pantau.accounts.roles import OrgKind, Role
from pantau.applications.models import EDITABLE, WAITING, Application, Document, Event, Kind, Status
from pantau.applications.requirements import PUB_EXTENSION_MONTHS, PUB_MAX_MONTHS, documents_for, requirement
from pantau.audit.services import audit_record
from pantau.lib.uploads import validate_document
from pantau.notifications.services import notify
from pantau.registry import services as registry_services
from pantau.registry.models import BankAccount, Lksa, Registration

# The facts of each kind, as the forms and the API name them.
FACTS: dict[str, tuple[str, ...]] = {
    Kind.REGISTRATION: ("summary",),
    Kind.RENEWAL: ("summary", "previous_registration"),
    Kind.PUB_RECOMMENDATION: (
        "summary",
        "purpose",
        "reach",
        "area",
        "method",
        "starts_on",
        "ends_on",
        "is_extension",
        "bank_account",
    ),
}
DINSOS_KINDS = (OrgKind.DINSOS_REGENCY, OrgKind.DINSOS_PROVINCE)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it has no such day: 31 Jan + 1 = 28 Feb)."""
    years, month = divmod(day.month - 1 + months, 12)
    year = day.year + years
    return day.replace(year=year, month=month + 1, day=min(day.day, calendar.monthrange(year, month + 1)[1]))


def facts_errors(application: Application, *, lksa: Lksa) -> dict[str, list[str]]:
    """What is wrong with the kind-specific facts (empty when they hold): used by the forms, and again
    on submission, so what reaches Dinas Sosial is complete whichever way it came."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if application.kind == Kind.RENEWAL:
        previous = application.previous_registration
        if previous is None:
            add("previous_registration", _("Choose the registration to renew."))
        elif previous.lksa_id != lksa.pk:
            add("previous_registration", _("That registration is not this home's."))
    if application.kind == Kind.PUB_RECOMMENDATION:
        for field in ("purpose", "reach", "area", "starts_on", "ends_on", "bank_account"):
            if not getattr(application, field if field != "bank_account" else "bank_account_id"):
                add(field, _("This field is required."))
        start, end = application.starts_on, application.ends_on
        if start and end:
            months = PUB_EXTENSION_MONTHS if application.is_extension else PUB_MAX_MONTHS
            if end <= start:
                add("ends_on", _("The end must be after the start."))
            elif end > add_months(start, months):
                add(
                    "ends_on",
                    _("A permit runs for at most 3 months (an extension: 1 month); this period is longer.")
                    if not application.is_extension
                    else _("An extension runs for at most 1 month; this period is longer."),
                )
        account = application.bank_account
        if account is not None:
            if account.lksa_id != lksa.pk:
                add("bank_account", _("That account is not this home's."))
            elif account.holder_kind != BankAccount.Holder.FOUNDATION:
                add(
                    "bank_account",
                    _("The collection account must be held by the foundation, not by a person."),
                )
    return errors


def _event(application: Application, action: str, actor: User, note: str = "") -> None:
    Event.objects.create(application=application, action=action, actor=actor, note=note[:1000])


def _audit(action: str, actor: User, application: Application, **changes: Any) -> None:
    audit_record(
        action=f"application.{action}",
        actor=actor,
        target=application,
        target_region=application.lksa.region_code,
        changes={key: [None, value] for key, value in {"kind": application.kind, **changes}.items()},
    )


def _url(application: Application) -> str:
    return reverse("applications:detail", args=[application.pk])


def _home_people(application: Application) -> Iterable[User]:
    return User.objects.members_of(application.lksa.organisation, roles=[Role.LKSA_OPERATOR, Role.ORG_ADMIN])


def dinsos_office(lksa: Lksa) -> Organisation | None:
    """The Dinas Sosial the home applies to: the most specific office covering it (the kabupaten/kota's,
    or the province's where there is none)."""
    return Organisation.objects.covering(lksa.region_code, kinds=DINSOS_KINDS).first()


def application_create(*, actor: User, lksa: Lksa, application: Application) -> Application:
    """Save a new draft for ``lksa`` (its facts already on ``application``)."""
    errors = facts_errors(application, lksa=lksa)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        application.lksa, application.created_by, application.status = lksa, actor, Status.DRAFT
        application.save()
        _event(application, Event.Action.CREATED, actor)
        _audit("created", actor, application)
    return application


def application_update(*, actor: User, application: Application) -> Application:
    """Save the changed facts of a draft or a returned application."""
    with transaction.atomic():
        current = _lock(application, EDITABLE)
        errors = facts_errors(application, lksa=current.lksa)
        if errors:
            raise ValidationError(errors)
        # The facts only: the status and the steps are the locked row's, whatever the form loaded.
        application.save(update_fields=list(FACTS[current.kind]))
        _audit("updated", actor, application)
    return application


def document_attach(*, actor: User, application: Application, key: str, upload: UploadedFile) -> Document:
    """Attach ``upload`` for the requirement ``key``, replacing what was attached for it before."""
    if requirement(application.kind, key) is None:
        raise ValidationError({"file": [_("This application has no such requirement.")]})
    content_type = validate_document(upload)  # the file's real type, or a refusal saying why
    with transaction.atomic():
        application = _lock(application, EDITABLE)
        Document.objects.filter(application=application, requirement=key).delete()
        document = Document(
            application=application,
            requirement=key,
            content_type=content_type,
            size=upload.size or 0,
            uploaded_by=actor,
        )
        document.file.save("document", upload, save=False)
        document.save()
        _audit("document_attached", actor, application, requirement=key)
    return document


def missing_documents(application: Application) -> list[str]:
    attached = {d.requirement for d in application.documents.all()}
    return [r.key for r in documents_for(application.kind) if r.required and r.key not in attached]


def application_submit(*, actor: User, application: Application) -> Application:
    """Send the draft (or the corrected application) to Dinas Sosial: only with every required document
    attached and the facts complete."""
    with transaction.atomic():
        application = _lock(application, EDITABLE)
        errors = facts_errors(application, lksa=application.lksa)
        if missing_documents(application):
            errors.setdefault("__all__", []).append(
                _("Attach every required document first (%(count)s missing).")
                % {"count": len(missing_documents(application))}
            )
        if errors:
            raise ValidationError(errors)
        again = application.status == Status.RETURNED
        application.status, application.submitted_by, application.submitted_at = (
            Status.SUBMITTED,
            actor,
            timezone.now(),
        )
        # A resubmission is checked from the start: the correction may touch anything.
        application.file_checked_by = application.file_checked_at = None
        application.file_check_note = ""
        application.field_visit_on, application.field_officer = None, None
        application.field_note = application.decision_note = ""
        application.save()
        _event(application, Event.Action.RESUBMITTED if again else Event.Action.SUBMITTED, actor)
        _audit("submitted", actor, application, again=again)
        office = dinsos_office(application.lksa)
        if office is not None:
            notify(
                User.objects.members_of(office, roles=[Role.SUPERVISOR]),
                _("%(home)s applies: %(kind)s")
                % {"home": application.lksa.name, "kind": application.get_kind_display()},
                _url(application),
            )
    return application


def _lock(application: Application, statuses: Iterable[str], *, checker: User | None = None) -> Application:
    """Re-read under a row lock; refuse unless it is in one of ``statuses`` and (for Dinas Sosial's
    steps) ``checker`` did not draft or submit it."""
    locked = (
        Application.objects.select_for_update()
        .select_related("lksa", "lksa__organisation")
        .filter(pk=application.pk)
        .first()
    )
    if locked is None or locked.status not in tuple(statuses):
        raise ValidationError(_("This application is not at a step where that can be done."))
    if checker is not None and checker.pk in (locked.submitted_by_id, locked.created_by_id):
        raise ValidationError(_("Nobody may check or decide an application they made or submitted."))
    return locked


def application_file_check(*, actor: User, application: Application, note: str = "") -> Application:
    with transaction.atomic():
        application = _lock(application, (Status.SUBMITTED,), checker=actor)
        application.status = Status.FILE_CHECKED
        application.file_checked_by, application.file_checked_at = actor, timezone.now()
        application.file_check_note = note[:500]
        application.save()
        _event(application, Event.Action.FILE_CHECKED, actor, note)
        _audit("file_checked", actor, application)
    return application


def application_field_verify(
    *, actor: User, application: Application, visited_on: date, officer: User, note: str
) -> Application:
    if visited_on > timezone.localdate():
        raise ValidationError({"visited_on": [_("The field verification cannot be in the future.")]})
    with transaction.atomic():
        application = _lock(application, (Status.FILE_CHECKED,), checker=actor)
        if application.submitted_at and visited_on < timezone.localtime(application.submitted_at).date():
            raise ValidationError({"visited_on": [_("The visit cannot be before the submission.")]})
        application.status = Status.FIELD_VERIFIED
        application.field_visit_on, application.field_officer, application.field_note = (
            visited_on,
            officer,
            note,
        )
        application.save()
        _event(
            application,
            Event.Action.FIELD_VERIFIED,
            actor,
            f"{visited_on:%d-%m-%Y} · {officer.full_name}: {note}",
        )
        _audit("field_verified", actor, application, visited_on=visited_on.isoformat(), officer=officer.email)
    return application


def application_return(*, actor: User, application: Application, note: str) -> Application:
    """Send it back to the home with what to correct; the home fixes it and resubmits."""
    with transaction.atomic():
        application = _lock(application, WAITING, checker=actor)
        application.status, application.decision_note = Status.RETURNED, note[:1000]
        application.save()
        _event(application, Event.Action.RETURNED, actor, note)
        _audit("returned", actor, application, note=note[:200])
        notify(
            _home_people(application),
            _("Dinas Sosial returned your application for correction: %(kind)s")
            % {"kind": application.get_kind_display()},
            _url(application),
        )
    return application


def application_reject(*, actor: User, application: Application, note: str) -> Application:
    with transaction.atomic():
        application = _lock(application, WAITING, checker=actor)
        application.status = Status.REJECTED
        application.decided_by, application.decided_at, application.decision_note = (
            actor,
            timezone.now(),
            note,
        )
        application.save()
        _event(application, Event.Action.REJECTED, actor, note)
        _audit("rejected", actor, application, note=note[:200])
        notify(
            _home_people(application),
            _("Your application was rejected: %(kind)s") % {"kind": application.get_kind_display()},
            _url(application),
        )
    return application


def valid_until(issued_on: date) -> date:
    """The end of a Tanda Daftar issued on ``issued_on`` (the policy setting, not law)."""
    return add_months(issued_on, 12 * settings.PANTAU_REGISTRATION_VALIDITY_YEARS)


def application_approve(
    *, actor: User, application: Application, number: str, issued_on: date
) -> Application:
    """Approve after the field verification. A registration or renewal becomes the registry's next
    Registration (through registry.services.record_add: legality refreshed, audited); a fundraising
    recommendation is recorded as the letter (``number``, ``issued_on``). All or nothing."""
    if issued_on > timezone.localdate():
        raise ValidationError({"issued_on": [_("The date cannot be in the future.")]})
    with transaction.atomic():
        application = _lock(application, (Status.FIELD_VERIFIED,), checker=actor)
        lksa = application.lksa
        if application.kind == Kind.PUB_RECOMMENDATION:
            application.letter_number, application.letter_date = number, issued_on
        else:
            office = dinsos_office(lksa)
            registration = Registration(
                number=number,
                issuer=office.name if office is not None else "",
                issued_on=issued_on,
                valid_until=valid_until(issued_on),
            )
            try:
                registry_services.record_add(actor=actor, lksa=lksa, record=registration)
            except ValidationError as error:
                # The registry's own checks (a number already used, ...), named for the decision form.
                raise ValidationError(
                    {"number": [m for messages in error.message_dict.values() for m in messages]}
                    if hasattr(error, "error_dict")
                    else {"number": error.messages}
                ) from error
            application.registration = registration
        application.status = Status.APPROVED
        application.decided_by, application.decided_at, application.decision_note = actor, timezone.now(), ""
        application.save()
        _event(application, Event.Action.APPROVED, actor, number)
        _audit("approved", actor, application, number=number, issued_on=issued_on.isoformat())
        notify(
            _home_people(application),
            _("Your application was approved: %(kind)s (no. %(number)s)")
            % {"kind": application.get_kind_display(), "number": number},
            _url(application),
        )
    return application
