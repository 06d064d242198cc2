"""The top of the case file: where the case stands and what comes next, from what the file already
loads (no query of its own), so a worker sees the state before scrolling (Primero's record header)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pantau.cases.models import Case, CaseChild, Investigation, Referral, Service


@dataclass(frozen=True)
class CaseState:
    next_step: str
    # Referrals waiting for an answer, earliest due first: (referral, overdue).
    waiting: list[tuple[Referral, bool]]
    last_milestone: Investigation | None
    children_without_service: int


def case_state(
    case: Case,
    *,
    children: Sequence[CaseChild],
    referrals: Sequence[Referral],
    services: Sequence[Service],
    milestones: Sequence[Investigation],
    is_lead: bool,
    can_investigate: bool = False,
    today: date,
    late_recovery: str = "",
) -> CaseState:
    pending = sorted((r for r in referrals if r.status == Referral.Status.PENDING), key=lambda r: r.due_on)
    waiting = [(r, r.due_on < today) for r in pending]
    served = {s.case_child_id for s in services}
    # A service recorded for no child in particular serves the case's children as a whole.
    without_service = 0 if None in served else sum(1 for c in children if c.pk not in served)
    last = max(milestones, key=lambda m: (m.happened_on, m.pk), default=None)
    return CaseState(
        next_step=_next_step(
            case, children, waiting, without_service, is_lead, can_investigate, late_recovery
        ),
        waiting=waiting,
        last_milestone=last,
        children_without_service=without_service,
    )


def _next_step(
    case: Case,
    children: Sequence[CaseChild],
    waiting: list[tuple[Referral, bool]],
    without_service: int,
    is_lead: bool,
    can_investigate: bool,
    late_recovery: str = "",
) -> str:
    if case.status == Case.Status.CLOSED:
        if case.closed_at:
            return _("Closed on %(day)s.") % {"day": date_format(case.closed_at, "j F Y")}
        return _("Closed.")
    if not children:
        return _("Record the children concerned.")
    overdue = [r for r, late in waiting if late]
    if overdue:
        return _("Chase %(agency)s: the referral was due to be answered by %(day)s.") % {
            "agency": overdue[0].to_org.name,
            "day": date_format(overdue[0].due_on, "j F Y"),
        }
    if waiting:
        return _("Waiting for %(agency)s to answer the referral by %(day)s.") % {
            "agency": waiting[0][0].to_org.name,
            "day": date_format(waiting[0][0].due_on, "j F Y"),
        }
    if late_recovery:  # an overdue follow-up visit or plan review (cases/recovery_reads.py)
        return late_recovery
    if without_service:
        return _("Record a service for the children still without one.")
    if is_lead:
        return _("When every child is safe and served, record the outcomes and close the case.")
    if can_investigate:
        return _("Record each step of the investigation; the lead agency closes the case.")
    return _("Record the services your agency gives; the lead agency closes the case.")
