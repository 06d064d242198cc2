"""The papers keeper ``children.placement_end`` asks (children/papers.py): a family-care file at or past
the step where the child goes to the family, not yet tied to a placement."""

from __future__ import annotations

from typing import Any

from pantau.accounts.models import User
from pantau.children.models import Child, Placement
from pantau.familycare import warnings
from pantau.familycare.models import CareFile
from pantau.familycare.workflow import exit_step, stages_from


class FilePapers:
    def for_exit(self, child: Child, kind: str) -> CareFile | None:
        step = exit_step(kind)
        if step is None:
            return None
        return (
            CareFile.objects.filter(
                child=child, kind=kind, placement__isnull=True, stage__in=stages_from(kind, step.stage)
            )
            .order_by("-stage_on")
            .first()
        )

    def link(self, *, actor: User, placement: Placement, papers: Any) -> None:
        CareFile.objects.filter(pk=papers.pk).update(placement=placement)
        papers.placement = placement

    def report_unverified(self, *, actor: User, placement: Placement) -> None:
        warnings.unverified_exit(actor=actor, placement=placement)

    def exit_recorded(self, *, actor: User, placement: Placement) -> None:
        warnings.for_exit(actor=actor, placement=placement)
