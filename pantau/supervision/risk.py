"""The visit plan: LKSA ranked by risk, each with the reasons that make up its score.

The model is explainable points. Each factor below adds its points when it applies; an administrator
changes the points (RiskWeight rows; 0 switches a factor off) and the thresholds are fixed here, in the
open. The facts come from a handful of grouped queries over the whole jurisdiction, so the national
plan over 10,000 homes is computed in one go rather than home by home.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pantau.accounts.access import UserLike
from pantau.accounts.models import User
from pantau.aid.reconcile import flagged_homes
from pantau.audit.services import audit_record
from pantau.cases.models import Case, Concern
from pantau.children.models import Child, FollowUpVisit, ParentStatus, Placement
from pantau.familycare.warnings import recent_for_home
from pantau.linkage.models import CandidatePair
from pantau.monitoring.models import Post, Tier
from pantau.regions.models import region_q
from pantau.registry.models import AdoptionLicence, FundraisingPermit, Lksa
from pantau.registry.models.lksa import LegalityStatus
from pantau.registry.selectors import valid_on
from pantau.supervision.models import Finding, RiskWeight, Severity, Visit

# Thresholds (shares of the children in care) and caps, documented in the README.
FLAG_DAYS = 90  # monitoring flags this recent count
APPEAL_DAYS = 365  # an observed appeal this recent counts
WARNING_DAYS = 365  # family-care early warnings this recent count
FAMILY_EXIT_DAYS = 365  # exits to a family this recent are checked
FOLLOW_UP_GRACE_DAYS = 30  # a follow-up visit is expected within this many days of leaving
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
        _("Per concern about the home not yet closed (at most 3)."),
    ),
    Factor(
        "open_cases",
        10,
        _("Open cases"),
        _("Per protection case naming the home not yet closed (at most 3)."),
    ),
    Factor(
        "monitoring_flags",
        5,
        _("Flagged online posts"),
        _(
            "Per post of the home's monitored accounts screened rujuk or tinjau in the last 90 days and "
            "not dismissed by a reviewer (at most 3)."
        ),
    ),
    Factor(
        "appeal_without_permit",
        20,
        _("Fundraising appeal without a permit"),
        _(
            "Online monitoring saw the home ask the public for donations in the last 12 months, and no "
            "fundraising permit is valid today."
        ),
    ),
    Factor(
        "duplicate_pairs",
        5,
        _("Possible duplicate children"),
        _("Per possible duplicate involving a child of the home still to review (at most 3)."),
    ),
    Factor(
        "family_exits_unchecked",
        10,
        _("Children left to a family unchecked"),
        _(
            "Per child who left for family-based care in the last 12 months with nothing to show for it: "
            "no follow-up visit after 30 days, or an adoption while the home held no valid adoption "
            "licence (at most 3)."
        ),
    ),
    Factor(
        "family_care_warnings",
        15,
        _("Family-care early warnings"),
        _(
            "Per early warning raised at the home in the last 12 months: money paid, an intermediary "
            "seen in several files, a child gone for adoption or foster care without the papers or the "
            "licence, an infant gone within 90 days of admission (at most 3)."
        ),
    ),
    Factor(
        "aid_exceeds_children",
        20,
        _("Aid for more children than recorded"),
        _(
            "Social assistance of the last 12 months was based on more children than the home has on "
            "record for its period, beyond the tolerance, after duplicates are resolved: possible ghost "
            "children (aid basis / children recorded)."
        ),
    ),
    # Links across homes, posts, permits and cases (pantau.network), through the port below.
    Factor(
        "shared_account",
        15,
        _("One account collects for several homes"),
        _(
            "Per bank account, e-wallet or QRIS collecting for this home and for a home of another "
            "foundation (at most 3)."
        ),
    ),
    Factor(
        "personal_account",
        15,
        _("Appeal paying into a personal account"),
        _("Per account held by a person that the home's appeals ask donations into (at most 3)."),
    ),
    Factor(
        "person_of_concern",
        25,
        _("Staff or board member alleged in a case or barred"),
        _(
            "Per active staff or board member who is, by NIK or by name and date of birth, a person "
            "alleged in a case about another home, or barred elsewhere (at most 3)."
        ),
    ),
    Factor(
        "intermediary_contact",
        20,
        _("Appeal contact also an adoption intermediary"),
        _(
            "Per phone or account of the home's appeals or registry that is also an intermediary's in a "
            "family-care file (at most 3)."
        ),
    ),
    Factor(
        "paper_orphans",
        15,
        _("Appeals claim orphans; records show living parents"),
        _(
            "The home's posts of the last 12 months speak of 'yatim piatu' while most of its children "
            "in care have a living parent (children with a living parent / in care)."
        ),
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

# Facts kept by apps above supervision (pantau.network's signals) reach the plan through this port,
# installed by their AppConfig.ready, so that supervision imports none of them: per factor code, the
# homes, how many times the factor applies to each (points x at most MAX_COUNTED) and the detail shown.
HomeFacts = Callable[[QuerySet[Lksa]], dict[str, dict[int, tuple[int, str]]]]
_home_facts: list[HomeFacts] = []


def install_home_facts(provider: HomeFacts) -> None:
    if provider not in _home_facts:
        _home_facts.append(provider)


def weights_set(*, actor: User, points: dict[str, int]) -> None:
    """An administrator's points per factor (0 switches a factor off); the change is audited."""
    before = weights()
    with transaction.atomic():
        for code, value in points.items():
            if code not in BY_CODE:
                raise ValueError(code)
            RiskWeight.objects.update_or_create(code=code, defaults={"points": value, "updated_by": actor})
        from pantau.supervision import plan_store

        plan_store.forget_all()  # every stored score is rescored with the new points
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
    count: int | None = None  # what a translated detail is made from (stored plans translate on reading)

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
    signals = home_signals(homes, today, region=region)
    more = {code: facts for provider in _home_facts for code, facts in provider(homes).items()}
    aid = flagged_homes(homes.values("pk"), today)  # the ghost-children check (pantau/aid/reconcile.py)
    year_ago = today - timedelta(days=365)
    appeal_since = timezone.now() - timedelta(days=APPEAL_DAYS)
    rows = []
    for pk, name, region, status, capacity, observed in homes.values_list(
        "pk", "name", "region_code", "legality_status", "capacity", "donations_observed_at"
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
        for code in ("open_cases", "monitoring_flags", "duplicate_pairs", "family_exits_unchecked"):
            if n := signals[code].get(pk, 0):
                add(Reason(code, points[code] * min(n, MAX_COUNTED), str(n)))
        for code, per_home in more.items():
            if fact := per_home.get(pk):
                add(Reason(code, points[code] * min(fact[0], MAX_COUNTED), fact[1]))
        if n := signals["family_care_warnings"].get(pk, 0):
            points_n = points["family_care_warnings"] * min(n, MAX_COUNTED)
            add(Reason("family_care_warnings", points_n, warnings_detail(n), count=n))
        if observed is not None and observed >= appeal_since and pk not in signals["permitted"]:
            add(Reason("appeal_without_permit", points["appeal_without_permit"], _local_day(observed)))
        if figure := aid.get(pk):
            add(
                Reason(
                    "aid_exceeds_children",
                    points["aid_exceeds_children"],
                    f"{figure.basis}/{figure.recorded}",
                )
            )
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
    rows.sort(key=lambda r: (-r.score, r.last_visit or date.min, r.name, r.lksa_id))
    return rows


def warnings_detail(count: int) -> str:
    return gettext("%(count)s in the last 12 months") % {"count": count}


def home_signals(homes: QuerySet[Lksa], today: date, *, region: str | None) -> dict[str, dict[int, int]]:
    """What other agencies' records say about the homes: per home, open cases naming it, recent flagged
    posts, possible duplicates to review, children who left to a family unchecked, family-care early
    warnings of the last 12 months; and ``permitted``, the homes with a fundraising permit valid today.
    One grouped query each."""
    home_ids = homes.values("pk")
    cases = dict(
        Case.objects.filter(lksa__in=home_ids, status=Case.Status.OPEN)
        .values("lksa_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("lksa_id", "n")
    )
    since = timezone.now() - timedelta(days=FLAG_DAYS)
    flags = dict(
        Post.objects.filter(
            region_q("region_code", region),
            account__lksa__isnull=False,
            tier__in=[Tier.TINJAU, Tier.RUJUK],
            captured_at__gte=since,
        )
        .exclude(decision=Post.Decision.NO_ACTION)
        .values("account__lksa_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("account__lksa_id", "n")
    )
    # A pair is counted once per home: by its first child's home, and by the second child's home when
    # that is another one.
    pending = CandidatePair.objects.pending()
    pairs: dict[int, int] = dict(
        pending.filter(region_q("child_a__region_code", region))
        .values("child_a__lksa_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("child_a__lksa_id", "n")
    )
    for home, n in (
        pending.filter(region_q("child_b__region_code", region))
        .exclude(child_a__lksa_id=F("child_b__lksa_id"))
        .values("child_b__lksa_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("child_b__lksa_id", "n")
    ):
        pairs[home] = pairs.get(home, 0) + n
    permitted = set(
        FundraisingPermit.objects.filter(valid_on(today), lksa__in=home_ids).values_list("lksa_id", flat=True)
    )
    return {
        "open_cases": cases,
        "monitoring_flags": flags,
        "duplicate_pairs": pairs,
        "family_exits_unchecked": family_exits_unchecked(homes, today),
        # One grouped query over the homes (a subquery, not a list of ids), like the others.
        "family_care_warnings": recent_for_home(home_ids, since_days=WARNING_DAYS),
        "permitted": dict.fromkeys(permitted, 1),
    }


def family_exits_unchecked(homes: QuerySet[Lksa], today: date) -> dict[int, int]:
    """Per home, children who left for family-based care in the last ``FAMILY_EXIT_DAYS`` with nothing on
    record to show the family was checked. Pantau records no discharge papers; what it does record is a
    follow-up visit after leaving (SNPA B14) and the home's adoption licence, so a child counts when no
    follow-up visit is on record ``FOLLOW_UP_GRACE_DAYS`` after leaving, or when the child was placed
    for adoption on a day the home held no valid adoption licence. The home is the child's (a child who
    left stays with the home that filed the exit)."""
    exits = Placement.objects.filter(
        child__lksa__in=homes.values("pk"),
        child__status=Child.Status.LEFT,
        kind__in=Placement.FAMILY_BASED,
        started_on__gte=today - timedelta(days=FAMILY_EXIT_DAYS),
    )
    no_follow_up = Q(started_on__lte=today - timedelta(days=FOLLOW_UP_GRACE_DAYS)) & ~Exists(
        FollowUpVisit.objects.filter(child=OuterRef("child_id"), visited_on__gte=OuterRef("started_on"))
    )
    licensed = AdoptionLicence.objects.filter(
        lksa=OuterRef("child__lksa_id"), issued_on__lte=OuterRef("started_on")
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=OuterRef("started_on")))
    unlicensed = Q(kind=Placement.Kind.ADOPTION) & ~Exists(licensed)
    return dict(
        exits.filter(no_follow_up | unlicensed)
        .values("child__lksa_id")
        .annotate(n=Count("child_id", distinct=True))
        .order_by()
        .values_list("child__lksa_id", "n")
    )


def plan_for(user: UserLike, *, region: str, today: date) -> list[PlanRow]:
    """The visit plan of ``user``'s jurisdiction, or of ``region`` within it, from the stored scores
    (``plan_store``); ``visit_plan`` computes it afresh."""
    from pantau.supervision import plan_store

    return plan_store.as_rows(plan_store.plan_scores(user, region=region, today=today))


def _local_day(moment: datetime) -> str:
    """The day of ``moment`` where the user is (the UTC day differs for seven to nine hours a day)."""
    return timezone.localdate(moment).isoformat()
