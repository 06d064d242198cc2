"""/api/v1/cases/task-force and /api/v1/cases/simfoni: the task force's picture of its area and the
SIMFONI-PPA figures, as on the pages (counts only; the per-victim rows carry no name). A withheld figure
(one to four, for readers who may not see the children) is ``null``."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from pantau.accounts.access import (
    require_simfoni_export,
    require_task_force,
    simfoni_count_scope,
    simfoni_victim_scope,
    small_counts_withheld,
)
from pantau.audit.services import audit_record
from pantau.cases import simfoni
from pantau.cases.models import Case
from pantau.cases.taskforce import task_force_picture

router = Router(tags=["cases"])


class TaskForceSplitOut(Schema):
    code: str
    label: str
    open: int | None
    closed: int | None


class TaskForceStageOut(Schema):
    code: str
    label: str
    cases: int | None


class TaskForceReferralOut(Schema):
    code: str
    label: str
    pending: int | None
    overdue: int | None
    cross_province: int | None


class TaskForceMemberOut(Schema):
    name: str
    kind: str
    cases_open: int | None
    cases_led: int | None
    referrals_received: int | None
    referrals_pending: int | None


class TaskForceRestitutionOut(Schema):
    claimed: int | None
    claimed_rp: int | None
    ordered: int | None
    ordered_rp: int | None
    paid: int | None
    paid_rp: int | None


class TaskForceOut(Schema):
    area: str
    withheld: bool
    cases_open: int | None
    cases_closed: int | None
    tppo_assessed: int | None
    tppo_open: int | None
    by_form: list[TaskForceSplitOut]
    by_intake: list[TaskForceSplitOut]
    stages: list[TaskForceStageOut]
    referrals: list[TaskForceReferralOut]
    reintegrations_followed: int | None
    reintegrations_overdue: int | None
    restitution: TaskForceRestitutionOut
    members: list[TaskForceMemberOut]


@router.get(
    "/task-force",
    response=TaskForceOut,
    operation_id="cases_task_force",
    summary="The TPPO task force's aggregate picture of its area (small figures null)",
)
def task_force(request: HttpRequest) -> dict[str, object]:
    """The aggregate picture of the caller's TPPO task force area (a task force's viewers only)."""
    organisation = require_task_force(request.user, target_label=request.path)
    picture = task_force_picture(
        organisation, withheld=small_counts_withheld(request.user), today=timezone.localdate()
    )
    return asdict(picture)


class PeriodIn(Schema):
    start: date
    end: date


class SimfoniCountOut(Schema):
    dimension: str
    value: str
    victims: int | None


class SimfoniVictimOut(Schema):
    victim_id: str
    sex: str
    age_band: str
    education: str
    form: str
    place: str
    relations: list[str]
    pantau_relations: list[str]
    services: list[str]
    region_code: str
    reported_on: date


def _period(period: PeriodIn) -> dict[str, str]:
    if period.end < period.start:
        raise ValidationError({"end": [_("The end of the period comes after its start.")]})
    return {"from": period.start.isoformat(), "to": period.end.isoformat()}


@router.get(
    "/simfoni/counts",
    response=list[SimfoniCountOut],
    operation_id="cases_simfoni_counts",
    summary="Victims counted per SIMFONI-PPA dimension for a period (audited)",
)
def simfoni_counts(request: HttpRequest, period: Query[PeriodIn]) -> list[dict[str, object]]:
    """Victims counted per SIMFONI dimension and label, for the period (as the SIMFONI page's counts)."""
    actor = require_simfoni_export(request.user, target_label=request.path)
    changes = _period(period)
    cases = simfoni_count_scope(request.user, Case.objects.all())
    counts = simfoni.victim_counts(simfoni.victim_rows(cases, period.start, period.end))
    withheld = small_counts_withheld(request.user)
    audit_record(action="case.simfoni_exported", actor=actor.user, changes=changes)
    return [
        {"dimension": d, "value": v, "victims": None if withheld and 0 < n < 5 else n} for d, v, n in counts
    ]


@router.get(
    "/simfoni/victims",
    response=list[SimfoniVictimOut],
    operation_id="cases_simfoni_victims",
    summary="One row per victim of your agency's cases, no names (audited)",
)
def simfoni_victims(request: HttpRequest, period: Query[PeriodIn]) -> list[dict[str, object]]:
    """One row per victim of the cases the caller's agency leads (its own reporting to SIMFONI; audited)."""
    actor = require_simfoni_export(request.user, victims=True, target_label=request.path)
    changes = _period(period)
    cases = simfoni_victim_scope(request.user, Case.objects.all())
    rows = simfoni.victim_rows(cases, period.start, period.end)
    audit_record(
        action="case.simfoni_victims_exported", actor=actor.user, changes={**changes, "victims": len(rows)}
    )
    return [asdict(row) for row in rows]
