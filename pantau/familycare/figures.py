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
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import median

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.utils.formats import number_format

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
        # In the reader's language: "6,5" in Indonesian, "6.5" in English; whole numbers without ",0".
        value = int(self.value) if float(self.value).is_integer() else round(self.value, 1)
        return number_format(value)


@dataclass
class RegionFigures:
    key: str  # region code: a province ("36") or a kabupaten/kota ("36.03")
    label: str
    # (kind, stage) -> open files at that stage
    open_files: dict[tuple[str, str], int] = field(default_factory=dict)
    # (kind, stage) -> (median of the days each step at that stage took, number of steps)
    stage_days: dict[tuple[str, str], tuple[float, int]] = field(default_factory=dict)
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
        middle, steps = self.stage_days.get((kind, stage), (0.0, 0))
        if not steps:
            return Cell()
        if not self.exact and steps < THRESHOLD:
            return Cell(None, True)
        return Cell(float(middle))

    def steps_counted(self, kind: str, stage: str) -> Cell:
        return self._count(self.stage_days.get((kind, stage), (0.0, 0))[1])

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


def _roll_up(rows: Iterable[tuple[str, int]], digits: int) -> dict[str, int]:
    """Counts per region code summed per ``digits``-long prefix: grouping by the column itself is a
    cheaper pass over half a million children than grouping by an expression on it."""
    result: dict[str, int] = defaultdict(int)
    for code, n in rows:
        result[(code or "")[:digits]] += n
    return dict(result)


# The days each step took since the file's step before it (consecutive steps of one file in date
# order), and their median per region, kind and stage, in one pass on PostgreSQL.
STAGE_DAYS_SQL = """
SELECT substr(f.region_code, 1, %s), f.kind, s.stage,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY s.days), count(*)
FROM (
    SELECT file_id, stage, done_on - lag(done_on) OVER (PARTITION BY file_id ORDER BY done_on, id) AS days
    FROM familycare_filestep WHERE file_id IN ({files})
) s
JOIN familycare_carefile f ON f.id = s.file_id
WHERE s.days IS NOT NULL
GROUP BY 1, 2, 3
"""


def _stage_days(
    files: QuerySet[CareFile], digits: int
) -> dict[str, dict[tuple[str, str], tuple[float, int]]]:
    """(median days, steps) per region and (kind, stage) of the later step of each consecutive pair."""
    result: dict[str, dict[tuple[str, str], tuple[float, int]]] = defaultdict(dict)
    if connection.vendor == "postgresql":
        subquery, params = files.values("pk").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(STAGE_DAYS_SQL.format(files=subquery), [digits, *params])
            for region, kind, stage, middle, steps in cursor.fetchall():
                result[region][(kind, stage)] = (float(middle), steps)
        return result
    return _stage_days_python(files, digits)  # SQLite (the demo): no percentile_cont


def _stage_days_python(
    files: QuerySet[CareFile], digits: int
) -> dict[str, dict[tuple[str, str], tuple[float, int]]]:
    steps = (
        FileStep.objects.filter(file__in=files.values("pk"))
        .values_list("file_id", "file__kind", "file__region_code", "stage", "done_on")
        .order_by("file_id", "done_on", "pk")
    )
    days: dict[str, dict[tuple[str, str], list[int]]] = defaultdict(lambda: defaultdict(list))
    last_file, last_on = None, None
    for file_id, kind, region_code, stage, done_on in steps.iterator(chunk_size=5000):
        if file_id == last_file and last_on is not None:
            # Steps are dated in order (the services refuse otherwise): never negative.
            days[region_code[:digits]][(kind, stage)].append(max(0, (done_on - last_on).days))
        last_file, last_on = file_id, done_on
    return {
        region: {key: (float(median(values)), len(values)) for key, values in by_stage.items()}
        for region, by_stage in days.items()
    }


def _by_child_region(children: QuerySet[Child], digits: int, *, distinct: bool = False) -> dict[str, int]:
    rows = children.values("region_code").annotate(n=Count("pk", distinct=distinct)).order_by()
    return _roll_up(((row["region_code"], row["n"]) for row in rows), digits)


def _placed(children: QuerySet[Child], digits: int, today: date) -> dict[str, int]:
    """Family-based placements begun in the last 365 days, by the child's region (from the children:
    the scoped children drive the join, cheaper than a subquery over every placement)."""
    began = Q(
        placements__kind__in=Placement.FAMILY_BASED,
        placements__started_on__gte=today - timedelta(days=PLACED_WITHIN_DAYS),
        placements__started_on__lte=today,
    )
    # filter() before annotate(): the count is of the placements the filter joined, not of all.
    rows = children.filter(began).values("region_code").annotate(n=Count("placements")).order_by()
    return _roll_up(((row["region_code"], row["n"]) for row in rows), digits)


def figures_for(user: UserLike, *, region: str, today: date) -> list[RegionFigures]:
    """The figures ``user`` may see, per region one level below ``region`` ("" = the nation)."""
    files, children = files_for_figures(user), children_for_figures(user)
    if region:
        files = files.filter(region_q("region_code", region))
        children = children.in_region(region)
    digits = _level_digits(region)
    open_counts, stage_days = _open_counts(files, digits), _stage_days(files, digits)
    placed = _placed(children, digits, today)
    residential = _by_child_region(children.filter(status=Child.Status.IN_CARE), digits)
    family_based = _by_child_region(
        children.exclude(status=Child.Status.IN_CARE).filter(
            placements__ended_on__isnull=True, placements__kind__in=Placement.FAMILY_BASED
        ),
        digits,
        distinct=True,  # a child with two open family placements (should not happen) counts once
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
