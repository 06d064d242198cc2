"""Maker-checker for LKSA data: operators propose, Dinas Sosial verifies, and only then it counts."""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.forms import ModelChoiceField
from django.utils import timezone

from pantau.accounts.models import User
from pantau.audit.services import audit_record, snapshot
from pantau.registry import services
from pantau.registry.forms import RECORD_FORMS, LksaForm
from pantau.registry.models import ChangeRequest, LegalEntity, Lksa

PROFILE_KIND = "profile"
# The legally relevant profile fields an operator may only propose; contact details they edit directly.
PROPOSABLE_PROFILE_FIELDS = ("name", "region_code", "capacity", "is_active", "solicits_donations")


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


def change_request_approve(*, actor: User, request: ChangeRequest) -> ChangeRequest:
    """Apply the proposal as the verifying officer; ValidationError (nothing saved) if it no longer holds."""
    if request.status != ChangeRequest.Status.PENDING:
        raise ValidationError("This request has already been decided.")
    with transaction.atomic():
        lksa = Lksa.objects.select_for_update().get(pk=request.lksa_id)
        if request.kind == PROFILE_KIND:
            data = {
                **{f: getattr(lksa, f) for f in PROPOSABLE_PROFILE_FIELDS},
                **request.data,
                "version": lksa.version,
            }
            # Unticked checkboxes are absent from submitted data: absent means False.
            for flag in ("is_active", "solicits_donations"):
                data[flag] = request.data.get(flag) or ""
            form = form_for(PROFILE_KIND, lksa, user=actor, data=data)
            if not form.is_valid():
                raise ValidationError(form.errors)
            before = snapshot(lksa, services.PROFILE_FIELDS)
            services.lksa_update(
                actor=actor, lksa=form.save(commit=False), before=before, expected_version=lksa.version
            )
        else:
            form = form_for(request.kind, lksa, user=actor, data=request.data)
            if not form.is_valid():
                raise ValidationError(form.errors)
            record = form.save(commit=False)
            if request.document:
                record.document.name = request.document.name
            services.record_add(actor=actor, lksa=lksa, record=record)
        _decide(request, actor, ChangeRequest.Status.APPROVED, "")
    return request


def change_request_reject(*, actor: User, request: ChangeRequest, note: str) -> ChangeRequest:
    if request.status != ChangeRequest.Status.PENDING:
        raise ValidationError("This request has already been decided.")
    with transaction.atomic():
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
