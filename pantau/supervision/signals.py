"""A home's facts changed: its stored score on the visit plan is dropped and recomputed
(``pantau.supervision.plan_store.forget``). Connected for the records the score is made of; the rest
(monitoring flags, duplicate pairs and "same child" decisions, which also move the aid check, family-care
warnings, the day passing) waits for the nightly rescoring."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.db.models.signals import post_delete, post_save

from pantau.supervision import plan_store


def _home_of_child(instance: Any) -> int | None:
    from pantau.children.models import Child

    child = instance._state.fields_cache.get("child")
    if child is not None:
        return child.lksa_id
    return Child.objects.filter(pk=instance.child_id).values_list("lksa_id", flat=True).first()


# ``using``: the connection that made the change. Its transaction may hold the home's locks, so the score
# is dropped through it (through another connection the delete would wait for that transaction forever).


def home_changed(sender: Any, instance: Any, using: str, **kwargs: Any) -> None:
    plan_store.forget([instance.pk], using=using)


def record_changed(sender: Any, instance: Any, using: str, **kwargs: Any) -> None:
    plan_store.forget([getattr(instance, "lksa_id", None)], using=using)


def child_record_changed(sender: Any, instance: Any, using: str, **kwargs: Any) -> None:
    # A placement names its home too (a transfer: both homes change).
    plan_store.forget([_home_of_child(instance), getattr(instance, "lksa_id", None)], using=using)


def connect() -> None:
    from pantau.aid.models import AidRecord
    from pantau.cases.models import Case, Concern
    from pantau.children.models import CarePlan, Child, FollowUpVisit, GatekeepingAssessment, Placement
    from pantau.registry.models import AdoptionLicence, FundraisingPermit, Lksa
    from pantau.supervision.models import Finding, Visit

    receivers: list[tuple[Any, list[type[Model]]]] = [
        (home_changed, [Lksa]),
        (
            record_changed,
            [Visit, Finding, Concern, Case, Child, FundraisingPermit, AdoptionLicence, AidRecord],
        ),
        (child_record_changed, [Placement, CarePlan, GatekeepingAssessment, FollowUpVisit]),
    ]
    for receiver, models in receivers:
        for model in models:
            uid = f"plan_score_{model.__name__}"
            post_save.connect(receiver, sender=model, dispatch_uid=f"{uid}_saved")
            post_delete.connect(receiver, sender=model, dispatch_uid=f"{uid}_deleted")
