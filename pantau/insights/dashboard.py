"""The dashboard's data: one structure of sections that the page, the downloads and the API all read.

``dashboard_for(user, region=..., today=...)`` resolves the region (inside the person's jurisdiction,
else 404, audited), then asks every registered section for its rows. A section is one small function
(``pantau.insights.sections``) registered with ``@section``; a section the person may not see (cases
for someone who may not count them, say) returns None and is left out. Each section is a few grouped
counts on indexed columns: the number of queries does not grow with the data.

Small-cell suppression (``suppress``): counts derived from children or cases between 1 and 4 are
withheld ("< 5") from anyone without ``Perm.CHILD_VIEW``; when a shown total would let one withheld
cell be recovered by subtraction, the next smallest cell is withheld too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from pantau.accounts.access import Perm, UserLike, actor_of, has_perm, not_found
from pantau.regions.models import Region, is_within

THRESHOLD = 5
WITHHELD_TEXT = "< 5"


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    value: float | int | None  # None: withheld, or no value (e.g. a share of nothing)
    withheld: bool = False
    group: str = ""  # the series of a stacked or grouped chart ("Open" / "Closed")
    unit: str = ""  # for sections of mixed units: "count", "percent", "hours", "ratio"
    display: str = ""  # a value that is a word, not a number (a home's legality status)

    @property
    def text(self) -> str:
        if self.display:
            return self.display
        if self.withheld:
            return WITHHELD_TEXT
        if self.value is None:
            return "—"
        if self.unit == "percent":
            return f"{number_format(self.value, 1, use_l10n=True)}%"
        if isinstance(self.value, float):
            return number_format(self.value, 1, use_l10n=True, force_grouping=True)
        return number_format(self.value, use_l10n=True, force_grouping=True)


@dataclass
class Section:
    key: str
    title: str
    unit: str  # "count", "hours", "mixed"
    chart: str  # "bar", "hbar", "pie", "line", "stacked", "grouped", "tiles"
    rows: list[Row]
    total: Row | None = None
    note: str = ""
    # Derived from children or cases: small cells are withheld from people who may not see children.
    sensitive: bool = False

    @property
    def groups(self) -> list[str]:
        return list(dict.fromkeys(row.group for row in self.rows if row.group))

    def chart_data(self) -> dict[str, Any]:
        """What the page's script draws (withheld and empty values are null: the chart leaves a gap)."""
        groups = self.groups
        labels = list(dict.fromkeys(row.label for row in self.rows))
        if groups:
            series = [
                {
                    "name": group,
                    "data": [
                        next((_plain(r) for r in self.rows if r.group == group and r.label == label), None)
                        for label in labels
                    ],
                }
                for group in groups
            ]
        else:
            series = [{"name": self.title, "data": [_plain(row) for row in self.rows]}]
        return {"key": self.key, "title": self.title, "chart": self.chart, "labels": labels, "series": series}

    def table(self) -> tuple[list[str], list[list[Any]]]:
        """Header and rows for the downloads: withheld cells say "< 5", never a number."""
        header = [_("Group"), _("Item"), _("Value")] if self.groups else [_("Item"), _("Value")]
        rows: list[list[Any]] = []
        for row in [*self.rows, *([self.total] if self.total else [])]:
            value: Any = WITHHELD_TEXT if row.withheld else row.value
            rows.append([row.group, row.label, value] if self.groups else [row.label, value])
        return header, rows


def _plain(row: Row) -> float | int | None:
    return None if row.withheld else row.value


@dataclass
class Scope:
    """The region a dashboard covers (None: the nation) and how it breaks down one level lower."""

    code: str | None
    name: str
    level: int  # 0 nation, 1 province, 2 regency/city, 3+ below
    child_level: str  # "province", "regency" or "lksa" (the figures_for levels)
    parent: str | None  # the region one level up, when it is inside the person's jurisdiction
    parent_name: str = ""

    @property
    def digits(self) -> int | None:
        """Length of the child regions' codes (None when the breakdown is per home)."""
        return {"province": 2, "regency": 5}.get(self.child_level)


@dataclass
class BreakdownRow:
    key: str
    label: str
    link: str  # the dashboard of this child region ("" for a home: its own page is linked instead)
    cells: dict[str, Row] = field(default_factory=dict)


@dataclass
class Breakdown:
    columns: list[tuple[str, str]]  # (key, title) of the indicators
    rows: list[BreakdownRow]
    total: dict[str, Row]
    level: str


@dataclass
class Dashboard:
    scope: Scope
    sections: list[Section]
    breakdown: Breakdown
    today: date
    withheld: bool  # small cells are withheld for this person
    notes: list[str] = field(default_factory=list)
    # When the stored children's figures were last recounted in full (None: computed live just now).
    as_of: datetime | None = None

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)


@dataclass
class Context:
    """What every section function receives: who asks, where and when, and what was computed once."""

    user: UserLike
    scope: Scope
    today: date
    withheld: bool
    shared: dict[str, Any] = field(default_factory=dict)

    @property
    def region(self) -> str | None:
        return self.scope.code


SectionFunction = Callable[[Context], "Section | None"]
SECTIONS: list[SectionFunction] = []


def section(function: SectionFunction) -> SectionFunction:
    """Register a section: the dashboard shows them in the order they were registered."""
    SECTIONS.append(function)
    return function


# --- Suppression ----------------------------------------------------------------------------------


def withhold(row: Row) -> Row:
    return replace(row, value=None, withheld=True)


def suppress(rows: list[Row], total: Row | None = None) -> tuple[list[Row], Row | None]:
    """Small cells withheld: a count of 1 to 4 becomes "< 5". If the total is shown and exactly one cell
    was withheld, the smallest other non-zero cell is withheld too (else total minus the rest gives it
    back); if the total itself is small, everything is withheld."""
    if total is not None and isinstance(total.value, int) and 0 < total.value < THRESHOLD:
        return [withhold(r) if r.value else r for r in rows], withhold(total)
    result = [withhold(r) if _small(r) else r for r in rows]
    if total is not None and sum(r.withheld for r in result) == 1:
        others = [(r.value, i) for i, r in enumerate(result) if not r.withheld and r.value]
        if others:
            _value, index = min(others)
            result[index] = withhold(result[index])
    return result, total


def _small(row: Row) -> bool:
    return isinstance(row.value, int) and 0 < row.value < THRESHOLD


def suppress_if(ctx: Context, rows: list[Row], total: Row | None = None) -> tuple[list[Row], Row | None]:
    return suppress(rows, total) if ctx.withheld else (rows, total)


# --- Scope ----------------------------------------------------------------------------------------


def resolve_scope(user: UserLike, region: str) -> Scope:
    """The region asked for (default: the person's jurisdiction). A region that does not exist or lies
    outside the jurisdiction is a 404, audited, like any record out of scope."""
    actor = actor_of(user)
    jurisdiction = actor.jurisdiction if actor else None
    code = region.strip() or jurisdiction
    if code is None:
        return Scope(code=None, name=_("Indonesia"), level=0, child_level="province", parent=None)
    found = Region.objects.filter(code=code).values_list("name", "level", "parent_id", "parent__name").first()
    if found is None or not is_within(code, jurisdiction):
        raise not_found(user, f"insights:region:{code}", Perm.INSIGHTS_VIEW)
    name, level, parent, parent_name = found
    child_level = {1: "regency"}.get(level, "lksa")
    if parent is None:
        parent_code: str | None = "" if jurisdiction is None else None  # "" = the national dashboard
        parent_name = _("Indonesia")
    else:
        parent_code = parent if is_within(parent, jurisdiction) else None
    return Scope(
        code=code,
        name=name,
        level=level,
        child_level=child_level,
        parent=parent_code,
        parent_name=parent_name,
    )


def dashboard_for(user: UserLike, *, region: str, today: date) -> Dashboard:
    from pantau.children.indicators import figures_as_of
    from pantau.insights import sections  # noqa: F401  (registers the sections)
    from pantau.insights.breakdown import breakdown_for

    scope = resolve_scope(user, region)
    ctx = Context(user=user, scope=scope, today=today, withheld=not has_perm(user, Perm.CHILD_VIEW))
    built = [s for s in (function(ctx) for function in SECTIONS) if s is not None]
    notes = list(ctx.shared.get("notes", []))
    return Dashboard(
        scope=scope,
        sections=built,
        breakdown=breakdown_for(ctx),
        today=today,
        withheld=ctx.withheld,
        notes=notes,
        as_of=figures_as_of(),
    )
