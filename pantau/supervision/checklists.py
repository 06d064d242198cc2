"""Checklist templates: installing the shipped SNPA checklist, and new versions that never rewrite the
one earlier visits were done with."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pantau.accounts.models import User
from pantau.audit.services import audit_record
from pantau.supervision import snpa
from pantau.supervision.models import ChecklistItem, ChecklistTemplate

SNPA_NAME = "SNPA LKSA"


def snpa_install() -> ChecklistTemplate:
    """The shipped checklist as version 1, published; does nothing if a checklist of that name exists."""
    existing = ChecklistTemplate.objects.filter(name=SNPA_NAME).order_by("version").first()
    if existing is not None:
        return existing
    areas = {code: (title, title_en) for code, title, title_en in snpa.AREAS}
    with transaction.atomic():
        template = ChecklistTemplate.objects.create(
            name=SNPA_NAME,
            version=1,
            status=ChecklistTemplate.Status.PUBLISHED,
            notes="Permensos 30/HUK/2011, 48 butir; H45-H48 untuk eksploitasi dan TPPO.",
            published_at=timezone.now(),
        )
        ChecklistItem.objects.bulk_create(
            ChecklistItem(
                template=template,
                code=f"{snpa.AREA_OF[number]}{number}",
                area=snpa.AREA_OF[number],
                area_title=areas[snpa.AREA_OF[number]][0],
                area_title_en=areas[snpa.AREA_OF[number]][1],
                text=text,
                text_en=text_en,
                legal_basis=basis,
                severity=severity,
                position=number,
            )
            for number, text, text_en, basis, severity in snpa.ITEMS
        )
    return template


def template_new_version(*, actor: User, template: ChecklistTemplate) -> ChecklistTemplate:
    """A draft copy of ``template`` (with its items) as the next version, to edit and then publish."""
    with transaction.atomic():
        latest = (
            ChecklistTemplate.objects.select_for_update()
            .filter(name=template.name)
            .order_by("-version")
            .first()
        )
        assert latest is not None  # noqa: S101  (``template`` itself has this name)
        if latest.status == ChecklistTemplate.Status.DRAFT:
            raise ValidationError(
                _("Version %(v)s is already a draft: edit that one.") % {"v": latest.version}
            )
        draft = ChecklistTemplate.objects.create(
            name=template.name, version=latest.version + 1, created_by=actor, notes=""
        )
        ChecklistItem.objects.bulk_create(
            ChecklistItem(
                template=draft,
                **{
                    f.attname: getattr(item, f.attname)
                    for f in ChecklistItem._meta.concrete_fields
                    if f.attname not in ("id", "template_id")
                },
            )
            for item in template.items.all()
        )
        audit_record(
            action="checklist.drafted", actor=actor, target=draft, changes={"from": [None, template.version]}
        )
    return draft


def template_publish(*, actor: User, template: ChecklistTemplate) -> ChecklistTemplate:
    """Put a draft in use; the version in use until now is retired (its visits keep showing it)."""
    if template.status != ChecklistTemplate.Status.DRAFT:
        raise ValidationError(_("Only a draft can be published."))
    if not template.items.exists():
        raise ValidationError(_("A checklist needs at least one item."))
    with transaction.atomic():
        ChecklistTemplate.objects.filter(
            name=template.name, status=ChecklistTemplate.Status.PUBLISHED
        ).update(status=ChecklistTemplate.Status.RETIRED)
        template.status, template.published_at = ChecklistTemplate.Status.PUBLISHED, timezone.now()
        template.save(update_fields=["status", "published_at"])
        audit_record(action="checklist.published", actor=actor, target=template)
    return template


ITEM_FIELDS = (
    "code",
    "area",
    "area_title",
    "area_title_en",
    "text",
    "text_en",
    "legal_basis",
    "mandatory",
    "severity",
)


def template_items_save(
    *, actor: User, template: ChecklistTemplate, items: list[dict], deleted: list[int]
) -> None:
    """Replace a draft's items with the edited list (existing ones by id, new ones without)."""
    if template.status != ChecklistTemplate.Status.DRAFT:
        raise ValidationError(_("Only a draft can be edited; make a new version first."))
    codes = [row["code"].strip().upper() for row in items]
    duplicates = sorted({code for code in codes if codes.count(code) > 1})
    if duplicates:
        raise ValidationError(
            _("Each item needs its own code: %(codes)s.") % {"codes": ", ".join(duplicates)}
        )
    with transaction.atomic():
        ChecklistItem.objects.filter(template=template, pk__in=deleted).delete()
        existing = {i.pk: i for i in template.items.all()}
        for position, row in enumerate(items, start=1):
            item = existing.get(row.get("id") or 0) or ChecklistItem(template=template)
            for name in ITEM_FIELDS:
                setattr(item, name, row[name])
            item.code, item.area, item.position = (
                item.code.strip().upper(),
                item.area.strip().upper(),
                position,
            )
            item.full_clean()
            item.save()
        audit_record(
            action="checklist.edited",
            actor=actor,
            target=template,
            changes={"items": [None, len(items)], "removed": [None, len(deleted)]},
        )
