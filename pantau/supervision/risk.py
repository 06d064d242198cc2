"""The visit plan: LKSA ranked by risk, each with the reasons that make up its score.

The model is explainable points. Each factor below adds its points when it applies; an administrator
changes the points (RiskWeight rows; 0 switches a factor off) and the thresholds are fixed here, in the
open. The facts come from a handful of grouped queries over the whole jurisdiction, so the national
plan over 10,000 homes is computed in one go rather than home by home.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from pantau.accounts.access import UserLike, actor_of
from pantau.accounts.models import User
from pantau.audit.services import audit_record
from pantau.cases.models import Concern
from pantau.children.models import Child, ParentStatus
from pantau.regions.models import region_q
from pantau.registry.models import Lksa
from pantau.registry.models.lksa import LegalityStatus
from pantau.registry.selectors import lksa_visible_to
from pantau.supervision.models import Finding, RiskWeight, Severity, Visit

# Thresholds (shares of the children in care) and caps, documented in the README.
NO_GATEKEEPING_SHARE = 0.2
NO_CARE_PLAN_SHARE = 0.3
LIVING_PARENT_SHARE = 0.5
MAX_COUNTED = 3  # overdue findings and open concerns add points for at most this many each


@dataclass(frozen=True)
class Factor:
    code: str
    points: int  # the default; an administrator may change it
    label: Any
    explanation: Any


FACTORS = [
    Factor("not_registered", 30, _("Not registered"), _("The home has no valid Dinas Sosial registration.")),
    Factor(
        "legality_problems", 15, _("Legality problems"), _("Registered, but the registry flags problems.")
    ),
    Factor("never_visited", 25, _("Never visited"), _("No concluded supervision visit on record.")),
    Factor(
        "not_visited_12m",
        20,
        _("Not visited in 12 months"),
        _("The last concluded visit is over a year old."),
    ),
    Factor("overdue_findings", 10, _("Overdue findings"), _("Per finding past its due date (at most 3).")),
    Factor("critical_findings", 25, _("Open critical findings"), _("A critical finding is still open.")),
    Factor(
        "concerns",
        15,
        _("Open concerns"),
        _("Per concern or case about the home not yet closed (at most 3)."),
    ),
    Factor(
        "no_gatekeeping",
        15,
        _("Children without gatekeeping"),
        _("More than 20% of the children in care have no gatekeeping assessment."),
    ),
    Factor(
        "no_care_plan",
        10,
        _("Children without a care plan"),
        _("More than 30% of the children in care have no current care plan."),
    ),
    Factor("over_capacity", 15, _("Over capacity"), _("More children in care than the registered capacity.")),
    Factor(
        "living_parents",
        10,
        _("Most children have a living parent"),
        _("More than half the children in care have a living parent: family-based care may be possible."),
    ),
]
BY_CODE = {f.code: f for f in FACTORS}


def weights_set(*, actor: User, points: dict[str, int]) -> None:
    """An administrator's points per factor (0 switches a factor off); the change is audited."""
    before = weights()
    with transaction.atomic():
        for code, value in points.items():
            if code not in BY_CODE:
                raise ValueError(code)
            RiskWeight.objects.update_or_create(code=code, defaults={"points": value, "updated_by": actor})
        audit_record(
            action="risk.weights_changed",
            actor=actor,
            changes={code: [before[code], value] for code, value in points.items() if before[code] != value},
        )


def weights() -> dict[str, int]:
    configured = dict(RiskWeight.objects.values_list("code", "points"))
    return {f.code: configured.get(f.code, f.points) for f in FACTORS}


@dataclass
class Reason:
    code: str
    points: int
    detail: str = ""

    @property
    def label(self) -> Any:
        return BY_CODE[self.code].label


@dataclass
class PlanRow:
    lksa_id: int
    name: str
    region_code: str
    last_visit: date | None
    next_visit: date | None
    reasons: list[Reason] = field(default_factory=list)

    @property
    def score(self) -> int:
        return sum(r.points for r in self.reasons)


def visit_plan(homes: QuerySet[Lksa], today: date, *, region: str | None) -> list[PlanRow]:
    """Every home in ``homes`` (all within ``region``; None = national) with its score and reasons,
    highest risk first. Facts are read by region code, an indexed prefix, rather than by home."""
    points = weights()
    scope = region_q("region_code", region)
    visits = {
        row["lksa_id"]: row
        for row in Visit.objects.filter(scope)
        .values("lksa_id")
        .annotate(
            last=Max("visited_on", filter=Q(status=Visit.Status.CONCLUDED)),
            upcoming=Max("planned_on", filter=Q(status__in=[Visit.Status.PLANNED, Visit.Status.IN_PROGRESS])),
        )
        .order_by()
    }
    findings = {
        row["lksa_id"]: row
        for row in Finding.objects.filter(scope)
        .open()
        .values("lksa_id")
        .annotate(
            overdue=Count("pk", filter=Q(due_on__lt=today)),
            critical=Count("pk", filter=Q(severity=Severity.CRITICAL)),
        )
        .order_by()
    }
    concerns = dict(
        Concern.objects.filter(scope, lksa__isnull=False)
        .exclude(status=Concern.Status.CLOSED)
        .values("lksa_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("lksa_id", "n")
    )
    alive = Q(mother_status=ParentStatus.ALIVE) | Q(father_status=ParentStatus.ALIVE)
    children = {
        row["lksa_id"]: row
        for row in Child.objects.filter(scope, status=Child.Status.IN_CARE)
        .values("lksa_id")
        .annotate(
            n=Count("pk"),
            no_gatekeeping=Count("pk", filter=Q(gatekeeping__isnull=True)),
            living_parent=Count("pk", filter=alive),
        )
        .order_by()
    }
    # Joined through the homes, not the region code: measured 3x faster for a kabupaten (the planner
    # otherwise scans every care plan in the country).
    planned = dict(
        Child.objects.filter(
            lksa__in=homes.values("pk"), status=Child.Status.IN_CARE, care_plans__next_review_on__gte=today
        )
        .values("lksa_id")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
        .values_list("lksa_id", "n")
    )
    year_ago = today - timedelta(days=365)
    rows = []
    for pk, name, region, status, capacity in homes.values_list(
        "pk", "name", "region_code", "legality_status", "capacity"
    ).iterator(chunk_size=5000):
        visit, finding = visits.get(pk, {}), findings.get(pk, {})
        kids = children.get(pk, {})
        in_care = kids.get("n", 0)
        row = PlanRow(pk, name, region, visit.get("last"), visit.get("upcoming"))
        add = row.reasons.append
        if status == LegalityStatus.NOT_REGISTERED:
            add(Reason("not_registered", points["not_registered"]))
        elif status == LegalityStatus.ATTENTION:
            add(Reason("legality_problems", points["legality_problems"]))
        if row.last_visit is None:
            add(Reason("never_visited", points["never_visited"]))
        elif row.last_visit < year_ago:
            add(Reason("not_visited_12m", points["not_visited_12m"], row.last_visit.isoformat()))
        if overdue := finding.get("overdue", 0):
            add(
                Reason(
                    "overdue_findings", points["overdue_findings"] * min(overdue, MAX_COUNTED), str(overdue)
                )
            )
        if critical := finding.get("critical", 0):
            add(Reason("critical_findings", points["critical_findings"], str(critical)))
        if open_concerns := concerns.get(pk, 0):
            add(Reason("concerns", points["concerns"] * min(open_concerns, MAX_COUNTED), str(open_concerns)))
        if in_care:
            if kids["no_gatekeeping"] > NO_GATEKEEPING_SHARE * in_care:
                add(Reason("no_gatekeeping", points["no_gatekeeping"], f"{kids['no_gatekeeping']}/{in_care}"))
            without_plan = in_care - planned.get(pk, 0)
            if without_plan > NO_CARE_PLAN_SHARE * in_care:
                add(Reason("no_care_plan", points["no_care_plan"], f"{without_plan}/{in_care}"))
            if capacity and in_care > capacity:
                add(Reason("over_capacity", points["over_capacity"], f"{in_care}/{capacity}"))
            if kids["living_parent"] > LIVING_PARENT_SHARE * in_care:
                add(Reason("living_parents", points["living_parents"], f"{kids['living_parent']}/{in_care}"))
        row.reasons = [r for r in row.reasons if r.points]
        rows.append(row)
    rows.sort(key=lambda r: (-r.score, r.last_visit or date.min, r.name))
    return rows


def plan_for(user: UserLike, *, region: str, today: date) -> list[PlanRow]:
    """The visit plan of ``user``'s jurisdiction, or of ``region`` within it."""
    homes = lksa_visible_to(user).public()
    if region:
        return visit_plan(homes.in_region(region), today, region=region)
    actor = actor_of(user)
    return visit_plan(homes, today, region=actor.jurisdiction if actor else "-")
