"""Maker-checker for LKSA data: operators propose, Dinas Sosial verifies, and only then it counts."""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.forms import ModelChoiceField
from django.utils import timezone
from django.utils.translation import gettext as _

from pantau.accounts.models import User
from pantau.audit.services import audit_record, snapshot
from pantau.registry import services
from pantau.registry.forms import RECORD_FORMS, LksaForm
from pantau.registry.models import ChangeRequest, LegalEntity, Lksa

PROFILE_KIND = "profile"
# The legally relevant profile fields an operator may only propose; contact details they edit directly.
PROPOSABLE_PROFILE_FIELDS = (
    "name",
    "region_code",
    "capacity",
    "children_count",
    "is_active",
    "solicits_donations",
)


def form_for(kind: str, lksa: Lksa, *, user: User, data: Any = None, files: Any = None) -> Any:
    """The form for a record of ``kind`` on ``lksa``: used when an officer records it directly, when an
    operator proposes it, and again when the proposal is approved."""
    if kind == PROFILE_KIND:
        form = LksaForm(data, instance=lksa, actor_user=user)
        for name in list(form.fields):
            if name not in (*PROPOSABLE_PROFILE_FIELDS, "version"):
                del form.fields[name]
        return form
    form_class, _label = RECORD_FORMS[kind]
    instance = LegalEntity.objects.filter(lksa=lksa).first() if kind == "legal_entity" else None
    record_form = form_class(data, files, instance=instance)
    if "bank_account" in record_form.fields:
        cast(ModelChoiceField, record_form.fields["bank_account"]).queryset = lksa.bank_accounts.all()
    return record_form


def change_request_submit(
    *, actor: User, lksa: Lksa, kind: str, data: dict[str, Any], document: UploadedFile | None
) -> ChangeRequest:
    with transaction.atomic():
        request = ChangeRequest.objects.create(lksa=lksa, kind=kind, data=data, submitted_by=actor)
        if document is not None:
            request.document = document
            request.save(update_fields=["document"])
        audit_record(
            action="lksa.change_proposed",
            actor=actor,
            target=lksa,
            target_region=lksa.region_code,
            changes={"request": [None, request.pk], "kind": [None, kind]},
        )
    return request


def _lock_pending(request: ChangeRequest, actor: User) -> ChangeRequest:
    """Re-read the request under a row lock: two officers deciding at once cannot both act."""
    locked = (
        ChangeRequest.objects.select_for_update()
        .select_related("lksa", "submitted_by")
        .filter(pk=request.pk, status=ChangeRequest.Status.PENDING)
        .first()
    )
    if locked is None:
        raise ValidationError(_("This request has already been decided."))
    if locked.submitted_by_id == actor.pk:
        raise ValidationError(_("Nobody may decide on their own proposal."))
    return locked


def change_request_approve(*, actor: User, request: ChangeRequest) -> ChangeRequest:
    """Apply the proposal as the verifying officer; ValidationError (nothing saved) if it no longer holds."""
    with transaction.atomic():
        request = _lock_pending(request, actor)
        lksa = Lksa.objects.select_for_update().get(pk=request.lksa_id)
        if request.kind == PROFILE_KIND:
            if request.data.get("version") != str(lksa.version):
                # The record changed after the home proposed this: applying it could undo that change.
                raise ValidationError(
                    _(
                        "The home's record has changed since this was proposed. "
                        "Reject it and ask for a new proposal."
                    )
                )
            data = {
                **{f: getattr(lksa, f) for f in PROPOSABLE_PROFILE_FIELDS},
                **request.data,
                "version": lksa.version,
            }
            # Unticked checkboxes are absent from submitted data: absent means False.
            for flag in ("is_active", "solicits_donations"):
                data[flag] = request.data.get(flag) or ""
            before = snapshot(lksa, services.PROFILE_FIELDS)
            form = form_for(PROFILE_KIND, lksa, user=actor, data=data)
            if not form.is_valid():
                raise ValidationError(form.errors)
            services.lksa_update(
                actor=actor, lksa=form.save(commit=False), before=before, expected_version=lksa.version
            )
        else:
            form = form_for(request.kind, lksa, user=actor, data=request.data)
            if not form.is_valid():
                raise ValidationError(form.errors)
            record = form.save(commit=False)
            if request.document and hasattr(record, "document"):
                record.document.name = request.document.name
            services.record_add(actor=actor, lksa=lksa, record=record)
        _decide(request, actor, ChangeRequest.Status.APPROVED, "")
    return request


def change_request_reject(*, actor: User, request: ChangeRequest, note: str) -> ChangeRequest:
    with transaction.atomic():
        request = _lock_pending(request, actor)
        _decide(request, actor, ChangeRequest.Status.REJECTED, note)
    return request


def _decide(request: ChangeRequest, actor: User, status: str, note: str) -> None:
    request.status, request.decided_by, request.decided_at, request.decision_note = (
        status,
        actor,
        timezone.now(),
        note,
    )
    request.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    audit_record(
        action="lksa.change_approved" if status == ChangeRequest.Status.APPROVED else "lksa.change_rejected",
        actor=actor,
        target=request.lksa,
        target_region=request.lksa.region_code,
        changes={
            "request": [None, request.pk],
            "kind": [None, request.kind],
            "proposed_by": [None, request.submitted_by.email],
            "note": [None, note],
        },
    )
