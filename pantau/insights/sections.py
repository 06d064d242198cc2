"""The dashboard's sections, one function each, in the order the page shows them.

Each returns a ``Section`` of grouped counts over the records the person may see (the apps' scoped
selectors) inside the dashboard's region, or None when the person may not see that kind of record at
all. Adding a section is adding one function here (or anywhere imported by ``dashboard_for``) with
``@section``: the page, the downloads, the API and the report pick it up.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, F, OuterRef, Q
from django.db.models.functions import Substr, TruncMonth
from django.utils import dateformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pantau.accounts.access import Perm, actor_of, has_perm, may_count_cases
from pantau.awareness.models import Audience
from pantau.awareness.selectors import activities_visible_to, audience_counts
from pantau.awareness.selectors import totals as awareness_totals
from pantau.cases.models import Case, FormOfViolence, Investigation
from pantau.cases.selectors import case_counts
from pantau.children.indicators import Figures, figures_for
from pantau.children.models import Placement
from pantau.children.selectors import children_for_figures
from pantau.coordination.models import Status
from pantau.coordination.selectors import progress_counts
from pantau.insights.dashboard import Context, Row, Section, section, suppress_if
from pantau.insights.responses import response_times
from pantau.monitoring.models import Tier
from pantau.monitoring.selectors import posts_visible_to
from pantau.regions.models import region_q
from pantau.registry.models import Accreditation, AdoptionLicence, FundraisingPermit, Registration
from pantau.registry.models.lksa import LegalityStatus
from pantau.registry.selectors import lksa_visible_to
from pantau.supervision.models import Finding, Severity, Visit
from pantau.supervision.selectors import findings_visible_to, visits_visible_to, workload_scope

YEAR = timedelta(days=365)


def year_ago(today: date) -> date:
    return today - YEAR


# --- Shared reads (computed once per dashboard) ------------------------------------------------------


def homes(ctx: Context) -> Any:
    """The operating homes the person sees in the registry, inside the dashboard's region."""
    return lksa_visible_to(ctx.user).public().in_region(ctx.region)


def child_figures(ctx: Context) -> list[Figures]:
    """``figures_for`` per child region (or per home below a kabupaten): the one source of child counts."""
    if "figures" not in ctx.shared:
        _level, rows = figures_for(
            ctx.user, level=ctx.scope.child_level, region=ctx.region or "", today=ctx.today
        )
        ctx.shared["figures"] = rows
    return ctx.shared["figures"]


def hidden_areas(ctx: Context) -> list[str]:
    """Child regions (or homes) whose child figures are withheld from this person: every other child
    count on the dashboard leaves them out too, so that no total minus the shown rows gives them back."""
    if not ctx.withheld:
        return []
    return [row.key for row in child_figures(ctx) if row.in_care < 5]


def children_shown(ctx: Context) -> Any:
    """The children counted in grouped counts: those ``figures_for`` counts, minus the hidden areas."""
    children = children_for_figures(ctx.user).in_region(ctx.region)
    hidden = hidden_areas(ctx)
    if not hidden:
        return children
    if ctx.scope.child_level == "lksa":
        return children.exclude(lksa_id__in=[int(key) for key in hidden])
    excluded = Q()
    for key in hidden:
        excluded |= region_q("region_code", key)
    return children.exclude(excluded)


def placement_counts(ctx: Context) -> dict[str, dict[str, int]]:
    """Family-based placements per kind, counted once for both sections: "current" (not ended) and
    "exits" (started in the last 12 months, as ``figures_for`` counts exits)."""
    if "placements" not in ctx.shared:
        ctx.shared["placements"] = _stored_placement_counts(ctx) or _live_placement_counts(ctx)
    return ctx.shared["placements"]


def _stored_placement_counts(ctx: Context) -> dict[str, dict[str, int]] | None:
    """From the rows of ``child_figures`` (the stored summary), leaving out the hidden areas as
    ``children_shown`` does; None when the figures were computed live."""
    hidden = set(hidden_areas(ctx))
    shown = [row for row in child_figures(ctx) if row.key not in hidden]
    if not shown or any(row.family_kinds is None for row in shown):
        return None
    current: dict[str, int] = {}
    exits: dict[str, int] = {}
    for row in shown:
        for kind, (now, left) in (row.family_kinds or {}).items():
            current[kind] = current.get(kind, 0) + now
            exits[kind] = exits.get(kind, 0) + left
    return {"current": current, "exits": exits}


def _live_placement_counts(ctx: Context) -> dict[str, dict[str, int]]:
    placements = Placement.objects.filter(kind__in=Placement.FAMILY_BASED, started_on__lte=ctx.today)
    actor = actor_of(ctx.user)
    if ctx.region is not None or hidden_areas(ctx) or actor is None or actor.jurisdiction is not None:
        placements = placements.filter(child__in=children_shown(ctx))
    # else: a national reader with nothing withheld counts every child; no semi-join needed.
    rows = (
        placements.values_list("kind")
        .annotate(
            current=Count("pk", filter=Q(ended_on__isnull=True)),
            exits=Count("pk", filter=Q(started_on__gte=ctx.today - YEAR)),
        )
        .order_by()
    )
    return {
        "current": {kind: current for kind, current, _exits in rows},
        "exits": {kind: exits for kind, _current, exits in rows},
    }


def visited_since(day: date) -> Exists:
    """An LKSA with a concluded visit on or after ``day`` (a semi-join: no DISTINCT over the visits)."""
    return Exists(
        Visit.objects.filter(lksa=OuterRef("pk"), status=Visit.Status.CONCLUDED, visited_on__gte=day)
    )


def hidden_note(ctx: Context) -> str:
    n = len(hidden_areas(ctx))
    if not n:
        return ""
    return ngettext(
        "%(n)d area with fewer than 5 children in care is left out of these counts.",
        "%(n)d areas with fewer than 5 children in care are left out of these counts.",
        n,
    ) % {"n": n}


def _count_rows(counts: dict[str, int], choices: Any, **extra: Any) -> list[Row]:
    return [
        Row(key=str(value), label=str(label), value=counts.get(value, 0), **extra) for value, label in choices
    ]


# --- Registry -------------------------------------------------------------------------------------


@section
def legality(ctx: Context) -> Section | None:
    if not has_perm(ctx.user, Perm.REGISTRY_VIEW):
        return None
    counts = dict(homes(ctx).values_list("legality_status").annotate(n=Count("pk")).order_by())
    rows = _count_rows(counts, LegalityStatus.choices)
    total = Row(key="total", label=_("All operating LKSA"), value=sum(counts.values()))
    return Section(
        key="legality", title=_("LKSA by legality status"), unit="count", chart="pie", rows=rows, total=total
    )


DOCUMENTS: list[tuple[str, Any, bool]] = [
    # (key, model, whether a home without a current one is a problem in itself)
    ("registration", Registration, True),
    ("accreditation", Accreditation, True),
    ("fundraising", FundraisingPermit, False),
    ("adoption", AdoptionLicence, False),
]


@section
def documents(ctx: Context) -> Section | None:
    if not has_perm(ctx.user, Perm.REGISTRY_VIEW):
        return None
    visible, today = homes(ctx), ctx.today
    horizon = today + timedelta(days=90)
    rows = []
    for key, model, lapses in DOCUMENTS:
        name = str(model._meta.verbose_name)
        label = name[:1].upper() + name[1:]
        soon = model.objects.filter(lksa__in=visible, valid_until__gte=today, valid_until__lte=horizon)
        rows.append(
            Row(key=f"{key}:soon", label=label, value=soon.count(), group=_("Expiring within 90 days"))
        )
        if lapses:
            current = Q(valid_until__isnull=True) | Q(valid_until__gte=today)
            lapsed = (
                model.objects.filter(lksa__in=visible)
                .values("lksa")
                .annotate(current=Count("pk", filter=current))
                .filter(current=0)
            )
            rows.append(
                Row(key=f"{key}:lapsed", label=label, value=lapsed.count(), group=_("Expired, not renewed"))
            )
    return Section(
        key="documents",
        title=_("Documents expiring or expired"),
        unit="count",
        chart="grouped",
        rows=rows,
        note=_("Homes whose every registration or accreditation has expired count as expired, not renewed."),
    )


# --- Supervision ----------------------------------------------------------------------------------


def months(today: date) -> list[date]:
    first = today.replace(day=1)
    result = []
    for _i in range(12):
        result.append(first)
        first = (first - timedelta(days=1)).replace(day=1)
    return list(reversed(result))


@section
def visits(ctx: Context) -> Section | None:
    if not has_perm(ctx.user, Perm.SUPERVISION_VIEW):
        return None
    span = months(ctx.today)
    done = (
        visits_visible_to(ctx.user)
        .in_region(ctx.region)
        .filter(status=Visit.Status.CONCLUDED, visited_on__gte=span[0], visited_on__lte=ctx.today)
        .annotate(month=TruncMonth("visited_on"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {(m.date() if hasattr(m, "date") else m): n for m, n in done}
    rows = [
        Row(key=month.isoformat()[:7], label=dateformat.format(month, "M Y"), value=counts.get(month, 0))
        for month in span
    ]
    total = Row(key="total", label=_("Visits in 12 months"), value=sum(r.value or 0 for r in rows))
    return Section(
        key="visits",
        title=_("Supervision visits per month"),
        unit="count",
        chart="bar",
        rows=rows,
        total=total,
    )


@section
def findings(ctx: Context) -> Section | None:
    if not has_perm(ctx.user, Perm.SUPERVISION_VIEW):
        return None
    counts: dict[tuple[str, bool], int] = {}
    grouped = (
        findings_visible_to(ctx.user)
        .in_region(ctx.region)
        .values_list("severity", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for severity, status, n in grouped:
        key = (severity, status == Finding.Status.CLOSED)
        counts[key] = counts.get(key, 0) + n
    rows = [
        Row(
            key=f"{severity}:{'closed' if closed else 'open'}",
            label=str(label).split(":")[0],
            value=counts.get((severity, closed), 0),
            group=group,
        )
        for closed, group in ((False, _("Open or answered")), (True, _("Closed")))
        for severity, label in Severity.choices
    ]
    return Section(key="findings", title=_("Findings by severity"), unit="count", chart="stacked", rows=rows)


@section
def workload(ctx: Context) -> Section | None:
    if not has_perm(ctx.user, Perm.SUPERVISION_VIEW):
        return None
    scope = workload_scope(ctx.user)
    in_region = scope.homes.in_region(ctx.region)
    home_count = in_region.count()
    visited = in_region.filter(visited_since(year_ago(ctx.today))).count()
    supervisors = (
        scope.supervisors.filter(region_q("organisation__region__code", ctx.region))
        .values("user")
        .distinct()
        .count()
    )
    per = round(home_count / supervisors, 1) if supervisors else None
    share = round(100 * visited / home_count, 1) if home_count else None
    rows = [
        Row(key="homes", label=_("Operating LKSA"), value=home_count, unit="count"),
        Row(key="supervisors", label=_("Supervisors"), value=supervisors, unit="count"),
        Row(key="per_supervisor", label=_("LKSA per supervisor"), value=per, unit="ratio"),
        Row(key="visited", label=_("LKSA visited in 12 months"), value=visited, unit="count"),
        Row(key="visited_pct", label=_("Share of LKSA visited in 12 months"), value=share, unit="percent"),
    ]
    return Section(
        key="workload", title=_("Supervisor coverage and workload"), unit="mixed", chart="tiles", rows=rows
    )


# --- Children -------------------------------------------------------------------------------------


@section
def care_types(ctx: Context) -> Section | None:
    if not has_perm(ctx.user, Perm.REGISTRY_VIEW):
        return None
    in_lksa = sum(row.in_care for row in child_figures(ctx) if not row.withheld)
    placed = placement_counts(ctx)["current"]
    kinds = [(k, label) for k, label in Placement.Kind.choices if k in Placement.FAMILY_BASED]
    rows = [Row(key="lksa", label=_("In an LKSA"), value=in_lksa), *_count_rows(placed, kinds)]
    total = Row(key="total", label=_("All children counted"), value=sum(r.value or 0 for r in rows))
    rows, shown = suppress_if(ctx, rows, total)
    return Section(
        key="care_types",
        title=_("Children by type of care"),
        unit="count",
        chart="hbar",
        rows=rows,
        total=shown,
        sensitive=True,
        note=" ".join(
            filter(
                None, [_("Family-based care: placements from a home that have not ended."), hidden_note(ctx)]
            )
        ),
    )


@section
def exits(ctx: Context) -> Section | None:
    if not has_perm(ctx.user, Perm.REGISTRY_VIEW):
        return None
    counts = placement_counts(ctx)["exits"]
    kinds = [(k, label) for k, label in Placement.Kind.choices if k in Placement.FAMILY_BASED]
    rows = _count_rows(counts, kinds)
    total = Row(key="total", label=_("All exits to family-based care"), value=sum(counts.values()))
    rows, shown = suppress_if(ctx, rows, total)
    return Section(
        key="exits",
        title=_("Exits to family-based care in 12 months"),
        unit="count",
        chart="bar",
        rows=rows,
        total=shown,
        sensitive=True,
        note=hidden_note(ctx),
    )


# --- Cases ----------------------------------------------------------------------------------------


def cases(ctx: Context) -> Any:
    return case_counts(ctx.user).in_region(ctx.region)


def case_groups(ctx: Context) -> list[tuple[str | None, str, str, bool, int]]:
    """The cases counted once per page for the case sections and the drill-down: (area of the drill-down
    (home id below a kabupaten/kota, else region prefix; None: no home), status, form of violence, under
    police investigation, count)."""
    if "case_groups" not in ctx.shared:
        digits = ctx.scope.digits
        area = F("lksa_id") if digits is None else Substr("region_code", 1, digits)
        # "id IN (cases under investigation)": a hashed set, estimated as such (an EXISTS per case is
        # estimated per row, which on PostgreSQL costs a JIT compilation on every page).
        police = ExpressionWrapper(Q(pk__in=Investigation.objects.values("case_id")), BooleanField())
        rows = (
            cases(ctx)
            .annotate(area=area, police=police)
            .values_list("area", "status", "form_of_violence", "police")
            .annotate(n=Count("pk"))
            .order_by()
        )
        ctx.shared["case_groups"] = [
            (None if key is None else str(key), status, form, bool(with_police), n)
            for key, status, form, with_police, n in rows
        ]
    return ctx.shared["case_groups"]


@section
def case_categories(ctx: Context) -> Section | None:
    if not may_count_cases(ctx.user):
        return None
    counts: dict[str, int] = {}
    for _area, _status, form, _police, n in case_groups(ctx):
        counts[form] = counts.get(form, 0) + n
    rows = _count_rows(counts, FormOfViolence.choices)
    total = Row(key="total", label=_("All cases"), value=sum(counts.values()))
    rows, shown = suppress_if(ctx, rows, total)
    return Section(
        key="case_categories",
        title=_("Cases by form of violence"),
        unit="count",
        chart="hbar",
        rows=rows,
        total=shown,
        sensitive=True,
    )


@section
def case_stages(ctx: Context) -> Section | None:
    if not may_count_cases(ctx.user):
        return None
    counts: dict[tuple[str, bool], int] = {}
    for _area, status, _form, with_police, n in case_groups(ctx):
        counts[status, with_police] = counts.get((status, with_police), 0) + n
    open_ = Case.Status.OPEN
    rows = [
        Row(key="open", label=_("Open, no police investigation"), value=counts.get((open_, False), 0)),
        Row(key="police", label=_("Open, under police investigation"), value=counts.get((open_, True), 0)),
        Row(key="closed", label=_("Closed"), value=sum(n for (s, _p), n in counts.items() if s != open_)),
    ]
    total = Row(key="total", label=_("All cases"), value=sum(counts.values()))
    rows, shown = suppress_if(ctx, rows, total)
    return Section(
        key="case_stages",
        title=_("Cases by stage"),
        unit="count",
        chart="pie",
        rows=rows,
        total=shown,
        sensitive=True,
    )


@section
def referrals(ctx: Context) -> Section | None:
    if not may_count_cases(ctx.user):
        return None
    rows = response_times(cases(ctx), withheld=ctx.withheld)
    return Section(
        key="referrals",
        title=_("Referral response times (hours from sending to the answer)"),
        unit="hours",
        chart="grouped",
        rows=rows,
        sensitive=True,
        note=_("Answered referrals of the cases counted here, by the kind of agency that answered."),
    )


# --- Monitoring -----------------------------------------------------------------------------------


@section
def monitoring(ctx: Context) -> Section | None:
    if not has_perm(ctx.user, Perm.MONITORING_WORK):
        return None
    counts: dict[tuple[str, bool], int] = {}
    grouped = (
        posts_visible_to(ctx.user)
        .in_region(ctx.region)
        .filter(captured_at__date__gte=year_ago(ctx.today))
        .values_list("tier", "decision")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for tier, decision, n in grouped:
        counts[(tier, decision == "")] = counts.get((tier, decision == ""), 0) + n
    rows = [
        Row(
            key=f"{tier}:{'waiting' if waiting else 'decided'}",
            label=str(label).split(" (")[0],
            value=counts.get((tier, waiting), 0),
            group=group,
        )
        for waiting, group in ((True, _("Awaiting review")), (False, _("Decided")))
        for tier, label in Tier.choices
    ]
    return Section(
        key="monitoring",
        title=_("Online monitoring: posts by tier (captured in 12 months)"),
        unit="count",
        chart="stacked",
        rows=rows,
    )


# --- Coordination (rakor recommendations) ---------------------------------------------------------


@section
def recommendations(ctx: Context) -> Section | None:
    """Follow-up of the rakor's recommendations: the assignments the person may see, by status, for
    meetings about the dashboard's region or inside it. Not about children: nothing is withheld."""
    if not has_perm(ctx.user, Perm.COORDINATION_VIEW):
        return None
    counts = progress_counts(ctx.user, ctx.region, today=ctx.today)
    rows = [Row(key=value, label=str(label), value=getattr(counts, value)) for value, label in Status.choices]
    rows.append(Row(key="overdue", label=_("Overdue (open, past its due date)"), value=counts.overdue))
    return Section(
        key="recommendations",
        title=_("Rakor recommendations: follow-up by status"),
        unit="count",
        chart="hbar",
        rows=rows,
        total=Row(key="total", label=_("All assignments"), value=counts.total),
        note=_("An overdue assignment is also counted under its status."),
    )


# --- Awareness (sosialisasi) ----------------------------------------------------------------------


@section
def awareness(ctx: Context) -> Section | None:
    """Awareness activities held in the dashboard's region in the last 12 months, per audience kind. An
    activity for several audiences counts under each: the total counts activities once, and is not the
    sum of the rows. Not about children: nothing is withheld."""
    if not has_perm(ctx.user, Perm.AWARENESS_VIEW):
        return None
    counts, total = _awareness_counts(ctx)
    return Section(
        key="awareness",
        title=_("Awareness activities (sosialisasi) in 12 months, by audience"),
        unit="count",
        chart="hbar",
        rows=[Row(key=kind, label=str(label), value=counts[kind][0]) for kind, label in Audience.choices],
        total=Row(key="total", label=_("All activities"), value=total["activities"]),
        note=_("An activity for several audiences counts under each."),
    )


@section
def awareness_reached(ctx: Context) -> Section | None:
    """The people those activities reached, per audience kind (an activity's whole attendance under each
    of its audiences: attendance is not recorded per audience)."""
    if not has_perm(ctx.user, Perm.AWARENESS_VIEW):
        return None
    counts, total = _awareness_counts(ctx)
    return Section(
        key="awareness_reached",
        title=_("People reached by awareness activities in 12 months, by audience"),
        unit="count",
        chart="hbar",
        rows=[Row(key=kind, label=str(label), value=counts[kind][1]) for kind, label in Audience.choices],
        total=Row(key="total", label=_("All people reached"), value=total["attendance"]),
        note=_(
            "An activity for several audiences counts its whole attendance under each; the total counts "
            "each activity's attendance once."
        ),
    )


def _awareness_counts(ctx: Context) -> tuple[dict[str, tuple[int, int]], dict[str, Any]]:
    if "awareness" not in ctx.shared:
        held = awareness_held(ctx)
        ctx.shared["awareness"] = (audience_counts(held), awareness_totals(held))
    return ctx.shared["awareness"]


def awareness_held(ctx: Context) -> Any:
    """The activities the person may see held inside the dashboard's region in the last 12 months."""
    return (
        activities_visible_to(ctx.user)
        .in_region(ctx.region)
        .filter(held_on__gt=year_ago(ctx.today), held_on__lte=ctx.today)
    )
