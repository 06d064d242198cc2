"""Keep the stored summaries in step with the records: a change to a child, a placement, a care plan or a
gatekeeping assessment marks the home's figures dirty (``pantau.children.summary``). Bulk statements send
no signals; their callers mark the homes themselves (the importer) or a full refresh follows."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from pantau.children import summary
from pantau.children.models import CarePlan, Child, GatekeepingAssessment, Placement


def _child_home(instance: Any) -> int | None:
    child = instance._state.fields_cache.get("child")
    if child is not None:
        return child.lksa_id
    return Child.objects.filter(pk=instance.child_id).values_list("lksa_id", flat=True).first()


def child_changed(sender: Any, instance: Child, using: str, **kwargs: Any) -> None:
    summary.mark_dirty([instance.lksa_id], using=using)


def record_changed(sender: Any, instance: Any, using: str, **kwargs: Any) -> None:
    # A placement names the home it is in (a transfer: the receiving one; the ended placement: the
    # sending one), so both homes of a transfer are marked.
    summary.mark_dirty([_child_home(instance), getattr(instance, "lksa_id", None)], using=using)


def connect() -> None:
    post_save.connect(child_changed, sender=Child, dispatch_uid="figures_child_saved")
    post_delete.connect(child_changed, sender=Child, dispatch_uid="figures_child_deleted")
    for model in (Placement, CarePlan, GatekeepingAssessment):
        post_save.connect(record_changed, sender=model, dispatch_uid=f"figures_{model.__name__}_saved")
        post_delete.connect(record_changed, sender=model, dispatch_uid=f"figures_{model.__name__}_deleted")
