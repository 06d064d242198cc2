"""Writes on awareness activities: recording or changing one with its audiences, adding materials.
Each checks who may do it, validates in full, writes in one transaction with its audit entry, and
writes nothing when it refuses. Files are checked by their content (pantau.lib.uploads)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pantau.accounts.access import Perm, not_found, require
from pantau.accounts.models import User
from pantau.audit.services import audit_record
from pantau.awareness.models import ActivityAudience, ActivityMaterial, Audience, AwarenessActivity, Topic
from pantau.lib.uploads import validate_document
from pantau.regions.models import Region, is_within

MAX_MATERIALS = 5


def _check(actor_region: str | None, activity: AwarenessActivity, audiences: Sequence[str]) -> None:
    errors: dict[str, list[str]] = {}
    region = Region.objects.filter(code=activity.region_code).only("level").first()
    if region is None or region.level < Region.Level.REGENCY_CITY:
        errors["region"] = [_("Choose the kabupaten/kota, kecamatan or village where it was held.")]
    elif not is_within(activity.region_code, actor_region):
        errors["region"] = [_("This place is outside your organisation's area.")]
    if activity.held_on and activity.held_on > timezone.localdate():
        errors["held_on"] = [_("An activity is recorded after it was held: the date is in the future.")]
    if not audiences or set(audiences) - set(Audience.values):
        errors["audiences"] = [_("Choose at least one audience.")]
    if not activity.topics or set(activity.topics) - set(Topic.values):
        errors["topics"] = [_("Choose at least one topic.")]
    elif Topic.OTHER in activity.topics and not activity.other_topic.strip():
        errors["other_topic"] = [_("Name the other topic.")]
    split = (activity.attendance_women or 0) + (activity.attendance_men or 0)
    if activity.attendance is not None and split > activity.attendance:
        errors["attendance_women"] = [_("Women and men together are more than the total attendance.")]
    if errors:
        raise ValidationError(errors)


def _check_files(files: Sequence[UploadedFile], already: int = 0) -> list[str]:
    if len(files) + already > MAX_MATERIALS:
        raise ValidationError({"materials": [_("At most %(n)d files per activity.") % {"n": MAX_MATERIALS}]})
    types, errors = [], []
    for upload in files:
        try:
            types.append(validate_document(upload))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError({"materials": errors})
    return types


def _add_materials(
    actor: User, activity: AwarenessActivity, files: Sequence[UploadedFile], types: list[str]
) -> None:
    for upload, mime in zip(files, types, strict=True):
        material = ActivityMaterial(
            activity=activity,
            original_name=(upload.name or "-")[:255],
            content_type=mime,
            size=upload.size or 0,
            uploaded_by=actor,
        )
        material.file.save("material", upload, save=False)
        material.save()
        audit_record(
            action="awareness.material_added",
            actor=actor,
            target=activity,
            target_region=activity.region_code,
            changes={"material": [None, material.pk]},
        )


def activity_record(
    *,
    actor: User,
    activity: AwarenessActivity,
    audiences: Iterable[str],
    materials: Sequence[UploadedFile] = (),
) -> AwarenessActivity:
    """Record (or, for a saved one, change) an activity of the actor's own organisation."""
    who = require(actor, Perm.AWARENESS_RECORD, target_label="awareness:activity")
    chosen = sorted(set(audiences))
    is_new = activity.pk is None
    if is_new:
        activity.organisation, activity.created_by = who.organisation, actor
    elif activity.organisation_id != who.organisation.pk:
        raise not_found(actor, f"awareness.awarenessactivity:{activity.pk}", Perm.AWARENESS_RECORD)
    _check(who.jurisdiction, activity, chosen)
    already = 0 if is_new else activity.materials.count()
    types = _check_files(materials, already)
    activity.full_clean()
    with transaction.atomic():
        before = set() if is_new else set(activity.audiences.values_list("kind", flat=True))
        activity.save()
        if set(chosen) != before:
            activity.audiences.all().delete()
            ActivityAudience.objects.bulk_create(ActivityAudience(activity=activity, kind=k) for k in chosen)
        audit_record(
            action="awareness.activity_recorded" if is_new else "awareness.activity_changed",
            actor=actor,
            target=activity,
            target_region=activity.region_code,
            changes={"attendance": [None, activity.attendance], "audiences": [sorted(before), chosen]},
        )
        _add_materials(actor, activity, materials, types)
    return activity


def material_opened(*, actor: User, material: ActivityMaterial) -> None:
    audit_record(
        action="awareness.material_opened",
        actor=actor,
        target=material.activity,
        target_region=material.activity.region_code,
        changes={"material": [None, material.pk]},
    )
