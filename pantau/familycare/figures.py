"""Figures about family-based care per region: counts, medians and shares, never names. Pure reads.

Per region (province rows nationally, kabupaten/kota rows inside a province):

* open files by kind and stage (a file's region is the family's office, ``CareFile.region_code``);
* the median number of days each stage took: for each step of a file, the days since the file's step
  before it (consecutive ``FileStep`` dates of one file, in date order). The application itself has no
  step before it and so no duration. Over every file of the region, open or closed;
* children placed in family-based care in the last 12 months (``Placement.FAMILY_BASED`` started in the
  365 days up to today), by the child's region (the home's);
* indicator R7, the share of children in family-based care; see ``RegionFigures.family_based_pct``.

Small numbers could single a child or a family out: for anyone outside the files' work (without
``FAMILY_CARE_VIEW`` for the row's region, e.g. KPAI, Kemensos, an LKSA) a count from 1 to 4, a median
over fewer than 5 durations and a share resting on such a count are withheld (shown "<5"). Dinas Sosial
of the region sees the exact numbers.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import median

from django.db.models import Count, QuerySet
from django.db.models.functions import Substr

from pantau.accounts.access import Perm, UserLike, children_figures_scope, has_perm
from pantau.children.models import Child, Placement
from pantau.children.selectors import children_for_figures
from pantau.familycare.models import CareFile, FileStep, Kind
from pantau.familycare.workflow import FLOWS
from pantau.regions.models import Region, region_q

THRESHOLD = 5  # counts below this (and above 0) are withheld from readers outside the files' work
PLACED_WITHIN_DAYS = 365


@dataclass(frozen=True)
class Cell:
    """One figure as shown: its value, or withheld (a small number the reader may not see)."""

    value: float | None = None
    withheld: bool = False

    def __str__(self) -> str:
        if self.withheld:
            return "<5"
        if self.value is None:
            return "—"
        return f"{self.value:g}"


@dataclass
class RegionFigures:
    key: str  # region code: a province ("36") or a kabupaten/kota ("36.03")
    label: str
    # (kind, stage) -> open files at that stage
    open_files: dict[tuple[str, str], int] = field(default_factory=dict)
    # (kind, stage) -> the days each step at that stage took (one number per step)
    stage_days: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    placed_12m: int = 0
    family_based: int = 0
    residential: int = 0
    exact: bool = True  # False: small numbers are withheld from this reader

    def _count(self, n: int) -> Cell:
        return Cell(None, True) if not self.exact and 0 < n < THRESHOLD else Cell(n)

    def open_count(self, kind: str, stage: str) -> Cell:
        return self._count(self.open_files.get((kind, stage), 0))

    def open_total(self, kind: str) -> Cell:
        return self._count(sum(n for (k, _s), n in self.open_files.items() if k == kind))

    def median_days(self, kind: str, stage: str) -> Cell:
        """The median of the days the stage took ("—" without any step; .5 for an even count)."""
        days = self.stage_days.get((kind, stage), [])
        if not days:
            return Cell()
        if not self.exact and len(days) < THRESHOLD:
            return Cell(None, True)
        return Cell(float(median(days)))

    def steps_counted(self, kind: str, stage: str) -> Cell:
        return self._count(len(self.stage_days.get((kind, stage), [])))

    @property
    def placed(self) -> Cell:
        return self._count(self.placed_12m)

    @property
    def family_based_cell(self) -> Cell:
        return self._count(self.family_based)

    @property
    def residential_cell(self) -> Cell:
        return self._count(self.residential)

    @property
    def family_based_pct(self) -> Cell:
        """R7: family-based / (family-based + residential) x 100, one decimal.

        *Residential*: children of the region's homes in care in the home (``Child.status`` in care).
        *Family-based*: children of the region's homes who have left the home (any other status) and
        whose current placement (``Placement`` without an end date) is one of ``Placement.FAMILY_BASED``:
        back with their parents, kinship, foster, guardianship or adoption, including an exit the home
        reported without papers (``unverified``): the child lives in a family either way. The two
        groups never overlap. Withheld when either count is withheld; "—" when both are 0."""
        total = self.family_based + self.residential
        if not total:
            return Cell()
        if self.family_based_cell.withheld or self.residential_cell.withheld:
            return Cell(None, True)
        return Cell(round(100 * self.family_based / total, 1))


def stages_of(kind: str) -> list[str]:
    return [step.stage for step in FLOWS[kind]]


def files_for_figures(user: UserLike) -> QuerySet[CareFile]:
    """Files counted for ``user``: the same scope as the children's figures (the registry's), by the
    family's office; never listed, only counted."""
    return children_figures_scope(user, CareFile.objects.all())


def _level_digits(region: str) -> int:
    """Rows one level below ``region``: provinces nationally ("36"), kabupaten/kota inside a province
    ("36.03"), kecamatan inside a kabupaten."""
    return 2 if not region else len(region) + 3


def _open_counts(files: QuerySet[CareFile], digits: int) -> dict[str, dict[tuple[str, str], int]]:
    rows = (
        files.open()  # type: ignore[attr-defined]
        .annotate(region=Substr("region_code", 1, digits))
        .values("region", "kind", "stage")
        .annotate(n=Count("pk"))
        .order_by()
    )
    result: dict[str, dict[tuple[str, str], int]] = defaultdict(dict)
    for row in rows:
        result[row["region"]][(row["kind"], row["stage"])] = row["n"]
    return result


def _stage_days(files: QuerySet[CareFile], digits: int) -> dict[str, dict[tuple[str, str], list[int]]]:
    """Days between consecutive steps of each file, per region and (kind, stage) of the later step."""
    steps = (
        FileStep.objects.filter(file__in=files.values("pk"))
        .values_list("file_id", "file__kind", "file__region_code", "stage", "done_on")
        .order_by("file_id", "done_on", "pk")
    )
    result: dict[str, dict[tuple[str, str], list[int]]] = defaultdict(lambda: defaultdict(list))
    last_file, last_on = None, None
    for file_id, kind, region_code, stage, done_on in steps.iterator(chunk_size=5000):
        if file_id == last_file and last_on is not None:
            # Steps are dated in order (the services refuse otherwise): never negative.
            result[region_code[:digits]][(kind, stage)].append(max(0, (done_on - last_on).days))
        last_file, last_on = file_id, done_on
    return result


def _by_child_region(children: QuerySet[Child], digits: int, **filters: object) -> dict[str, int]:
    rows = (
        children.filter(**filters)
        .annotate(region=Substr("region_code", 1, digits))
        .values("region")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    return {row["region"]: row["n"] for row in rows}


def _placed(children: QuerySet[Child], digits: int, today: date) -> dict[str, int]:
    rows = (
        Placement.objects.filter(
            child__in=children.values("pk"),
            kind__in=Placement.FAMILY_BASED,
            started_on__gte=today - timedelta(days=PLACED_WITHIN_DAYS),
            started_on__lte=today,
        )
        .annotate(region=Substr("child__region_code", 1, digits))
        .values("region")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["region"]: row["n"] for row in rows}


def figures_for(user: UserLike, *, region: str, today: date) -> list[RegionFigures]:
    """The figures ``user`` may see, per region one level below ``region`` ("" = the nation)."""
    files, children = files_for_figures(user), children_for_figures(user)
    if region:
        files = files.filter(region_q("region_code", region))
        children = children.in_region(region)
    digits = _level_digits(region)
    open_counts, stage_days = _open_counts(files, digits), _stage_days(files, digits)
    placed = _placed(children, digits, today)
    residential = _by_child_region(children, digits, status=Child.Status.IN_CARE)
    family_based = _by_child_region(
        children.exclude(status=Child.Status.IN_CARE),
        digits,
        placements__ended_on__isnull=True,
        placements__kind__in=Placement.FAMILY_BASED,
    )
    keys = sorted(set(open_counts) | set(stage_days) | set(placed) | set(residential) | set(family_based))
    names = dict(Region.objects.filter(code__in=keys).values_list("code", "name"))
    # Dinas Sosial's figures hold only its own jurisdiction (the registry's scope): every row it sees is
    # its region's, shown exactly. Everyone else sees small numbers withheld.
    exact = has_perm(user, Perm.FAMILY_CARE_VIEW)
    return [
        RegionFigures(
            key=key,
            label=names.get(key, key),
            open_files=open_counts.get(key, {}),
            stage_days=dict(stage_days.get(key, {})),
            placed_12m=placed.get(key, 0),
            family_based=family_based.get(key, 0),
            residential=residential.get(key, 0),
            exact=exact,
        )
        for key in keys
    ]


def kinds() -> list[tuple[str, str, list[str]]]:
    """(kind, label, its stages) for the page's tables, in the flows' order."""
    return [(kind.value, str(kind.label), stages_of(kind)) for kind in Kind]
