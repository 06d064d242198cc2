"""The drill-down table: one row per province (nationally), kabupaten/kota (in a province) or home (in a
kabupaten/kota), with the main indicators; the map colours provinces by one of its columns."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, Sum
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from pantau.accounts.access import Perm, has_perm, may_count_cases
from pantau.insights.dashboard import Breakdown, BreakdownRow, Context, Row, suppress_if, withhold
from pantau.insights.sections import (
    awareness_held,
    case_groups,
    child_figures,
    homes,
    visited_since,
    year_ago,
)
from pantau.regions.models import Region, region_q
from pantau.registry.models.lksa import LegalityStatus
from pantau.supervision.selectors import workload_scope

OTHER = "-"


def _by(queryset: Any, ctx: Context, *, region: str, home: str) -> Any:
    """``queryset`` grouped by child region (the first digits of ``region``) or by home (``home``)."""
    digits = ctx.scope.digits
    if digits is None:
        return queryset.annotate(k=F(home))
    return queryset.annotate(k=Substr(region, 1, digits))


def _counts(queryset: Any, *, distinct: str = "pk", joined: bool = True) -> dict[str, int]:
    """Rows per group ``k``; ``joined``: the queryset joins another table, so count distinct ``distinct``."""
    rows = queryset.values_list("k").annotate(n=Count(distinct, distinct=joined)).order_by()
    return {str(key) if key is not None else OTHER: n for key, n in rows}


def _areas(ctx: Context) -> list[tuple[str, str, str]]:
    """(key, label, link) of the child regions or homes, in order."""
    scope = ctx.scope
    if scope.child_level == "lksa":
        return [
            (str(pk), name, reverse("registry:lksa_detail", args=[pk]))
            for pk, name in homes(ctx).values_list("pk", "name").order_by("name")
        ]
    regions = (
        Region.objects.filter(level=1) if scope.code is None else Region.objects.filter(parent=scope.code)
    )
    base = reverse("insights:dashboard")
    return [
        (code, name, f"{base}?{urlencode({'region': code})}")
        for code, name in regions.values_list("code", "name").order_by("code")
    ]


def breakdown_for(ctx: Context) -> Breakdown:
    areas = _areas(ctx)
    visible = homes(ctx)
    status = _by(visible, ctx, region="region_code", home="pk")
    values: dict[str, dict[str, Row]] = {key: {} for key, _label, _link in areas}
    all_homes = _counts(status, joined=False)
    if ctx.scope.digits is None:
        # One row per home: its legality status says more than "1 home, 100% legally complete".
        columns: list[tuple[str, str]] = [("legality", _("Legality status"))]
        labels, n_legal = dict(LegalityStatus.choices), 0
        for pk, state in visible.values_list("pk", "legality_status"):
            n_legal += state == LegalityStatus.REGISTERED
            if str(pk) in values:
                values[str(pk)]["legality"] = Row(
                    key=str(pk), label="legality", value=None, display=str(labels.get(state, state))
                )
        totals: dict[str, Row] = {}
    else:
        columns = [("lksa", _("Operating LKSA")), ("legal_pct", _("% legally complete"))]
        legal = _counts(status.filter(legality_status=LegalityStatus.REGISTERED), joined=False)
        n_legal = sum(legal.values())
        for key in values:
            n = all_homes.get(key, 0)
            values[key]["lksa"] = Row(key=key, label="lksa", value=n)
            values[key]["legal_pct"] = Row(
                key=key,
                label="legal_pct",
                value=round(100 * legal.get(key, 0) / n, 1) if n else None,
                unit="percent",
            )
        totals = {"lksa": Row(key="total", label="lksa", value=sum(all_homes.values()))}
    n_homes = sum(all_homes.values())
    share = round(100 * n_legal / n_homes, 1) if n_homes else None
    totals["legality" if ctx.scope.digits is None else "legal_pct"] = Row(
        key="total", label="legal_pct", value=share, unit="percent"
    )
    if has_perm(ctx.user, Perm.SUPERVISION_VIEW):
        _supervision_columns(ctx, columns, values, totals, all_homes, status)
    _children_columns(ctx, columns, values, totals)
    if may_count_cases(ctx.user):
        _case_column(ctx, columns, values, totals)
    if ctx.scope.digits is not None and has_perm(ctx.user, Perm.AWARENESS_VIEW):
        _awareness_columns(ctx, columns, values, totals)
    rows = [BreakdownRow(key=key, label=label, link=link, cells=values[key]) for key, label, link in areas]
    if OTHER in values and any(r.value for r in values[OTHER].values()):
        rows.append(
            BreakdownRow(key=OTHER, label=_("Not about a listed home or area"), link="", cells=values[OTHER])
        )
    return Breakdown(columns=columns, rows=rows, total=totals, level=ctx.scope.child_level)


def _supervision_columns(
    ctx: Context,
    columns: list[tuple[str, str]],
    values: dict[str, dict[str, Row]],
    totals: dict[str, Row],
    all_homes: dict[str, int],
    status: Any,
) -> None:
    visited = _counts(status.filter(visited_since(year_ago(ctx.today))), joined=False)
    per_home = ctx.scope.digits is None
    columns.append(("visited_pct", _("Visited in 12 months") if per_home else _("% visited in 12 months")))
    for key in values:
        n = all_homes.get(key, 0)
        values[key]["visited_pct"] = Row(
            key=key,
            label="visited_pct",
            value=round(100 * visited.get(key, 0) / n, 1) if n else None,
            unit="percent",
            display=(_("yes") if visited.get(key) else _("no")) if per_home and n else "",
        )
    n_all = sum(all_homes.values())
    totals["visited_pct"] = Row(
        key="total",
        label="visited_pct",
        value=round(100 * sum(visited.values()) / n_all, 1) if n_all else None,
        unit="percent",
    )
    if ctx.scope.digits is None:
        return  # supervisors belong to offices, not to homes
    supervisors = workload_scope(ctx.user).supervisors.filter(
        region_q("organisation__region__code", ctx.region)
    )
    per_area = _counts(
        supervisors.annotate(k=Substr("organisation__region__code", 1, ctx.scope.digits)), distinct="user"
    )
    columns.append(("per_supervisor", _("LKSA per supervisor")))
    for key in values:
        staff = per_area.get(key, 0)
        values[key]["per_supervisor"] = Row(
            key=key,
            label="per_supervisor",
            value=round(all_homes.get(key, 0) / staff, 1) if staff else None,
            unit="ratio",
        )
    everyone = supervisors.values("user").distinct().count()
    totals["per_supervisor"] = Row(
        key="total",
        label="per_supervisor",
        value=round(n_all / everyone, 1) if everyone else None,
        unit="ratio",
    )


def _children_columns(
    ctx: Context, columns: list[tuple[str, str]], values: dict[str, dict[str, Row]], totals: dict[str, Row]
) -> None:
    """From ``figures_for``: areas it withholds stay withheld and are left out of the totals (nothing
    withheld can be recovered from them); among the others, small cells are withheld too (exits of 1 to
    4 children, say), with the complementary cell when the total would give one back."""
    figures = {row.key: row for row in child_figures(ctx)}
    columns += [("in_care", _("Children in care")), ("exits", _("Exits to family-based care (12 months)"))]
    for column, field_name in (("in_care", "in_care"), ("exits", "family_exits_12m")):
        cells = []
        for key in values:
            row = figures.get(key)
            cell = Row(key=key, label=column, value=getattr(row, field_name) if row else 0)
            if row is not None and row.withheld:
                values[key][column] = withhold(cell)
            else:
                cells.append(cell)
        total = Row(key="total", label=column, value=sum(int(c.value or 0) for c in cells))
        cells, shown_total = suppress_if(ctx, cells, total)
        for cell in cells:
            values[cell.key][column] = cell
        totals[column] = shown_total or total


def _case_column(
    ctx: Context, columns: list[tuple[str, str]], values: dict[str, dict[str, Row]], totals: dict[str, Row]
) -> None:
    from pantau.cases.models import Case

    counts: dict[str, int] = {}
    for area, status, _form, _police, n in case_groups(ctx):
        if status == Case.Status.OPEN:
            key = OTHER if area is None else area
            counts[key] = counts.get(key, 0) + n
    columns.append(("open_cases", _("Open cases")))
    keys = list(values)
    if any(key not in values for key in counts):
        keys.append(OTHER)
        values.setdefault(OTHER, {})
        other = sum(n for key, n in counts.items() if key not in values or key == OTHER)
        counts = {**counts, OTHER: other}
    cells = [Row(key=key, label="open_cases", value=counts.get(key, 0)) for key in keys]
    total = Row(key="total", label="open_cases", value=sum(counts.get(key, 0) for key in keys))
    cells, shown_total = suppress_if(ctx, cells, total)
    for cell in cells:
        values[cell.key]["open_cases"] = cell
    totals["open_cases"] = shown_total or total


def _awareness_columns(
    ctx: Context, columns: list[tuple[str, str]], values: dict[str, dict[str, Row]], totals: dict[str, Row]
) -> None:
    """Awareness activities held in each child region in 12 months, and the people they reached (one
    grouped query). Activities are held in a place, not at a home: no column per home."""
    digits = ctx.scope.digits
    assert digits is not None  # noqa: S101  (the caller checks)
    grouped = (
        awareness_held(ctx)
        .annotate(k=Substr("region_code", 1, digits))
        .values_list("k")
        .annotate(n=Count("pk"), people=Sum("attendance"))
        .order_by()
    )
    counts = {key: (n, people or 0) for key, n, people in grouped}
    columns += [("awareness", _("Awareness activities (12 months)")), ("reached", _("People reached"))]
    for i, column in enumerate(("awareness", "reached")):
        for key in values:
            values[key][column] = Row(key=key, label=column, value=counts.get(key, (0, 0))[i])
        totals[column] = Row(key="total", label=column, value=sum(c[i] for c in counts.values()))
