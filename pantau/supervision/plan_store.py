"""The visit plan from stored scores: each home's score and reasons are kept (``PlanScore``), so that
the plan page sorts and pages in SQL (ORDER BY score, LIMIT 50) instead of scoring every home of the
jurisdiction at each request (0.6 s for the nation's 11,000 homes).

How the scores stay right:
- ``refresh_all`` rescores every home (``supervision_daily``, nightly: the time-bound reasons — not visited
  for 12 months, overdue findings, recent flags and warnings — move with the day).
- A change to a home's facts (``pantau.supervision.signals``: visits, findings, concerns, cases, children
  admitted, moved or gone, care plans, gatekeeping, follow-up visits, the home's record, its permits and
  licences, its social assistance records) deletes its score and rescores it when the transaction
  commits; a refresh of the home's legality status (a bulk UPDATE, no signal) shows as a difference from
  the stored status.
- A read first scores the homes of its scope that have no current score (none after a fresh install or a
  change of the points; the few changed since otherwise), so the plan is never missing a home.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Collate
from django.utils import timezone

from pantau.accounts.access import UserLike, actor_of
from pantau.registry.models import Lksa
from pantau.registry.selectors import lksa_visible_to
from pantau.supervision import queues
from pantau.supervision.models import PlanScore
from pantau.supervision.risk import PlanRow, Reason, visit_plan, warnings_detail

ONE_BY_ONE = 20  # up to this many homes to score: each over its own region code (as the LKSA page does)
ONE_PASS = 500  # more homes to score than this: one pass over the scope rather than one per kabupaten


def _save(rows: list[PlanRow], status: dict[int, str]) -> None:
    now = timezone.now()
    PlanScore.objects.bulk_create(
        [
            PlanScore(
                lksa_id=row.lksa_id,
                score=row.score,
                reasons=[
                    {"code": r.code, "points": r.points, "detail": r.detail, "count": r.count}
                    for r in row.reasons
                ],
                last_visit=row.last_visit,
                next_visit=row.next_visit,
                legality_status=status.get(row.lksa_id, ""),
                computed_at=now,
            )
            for row in rows
        ],
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["lksa"],
        update_fields=["score", "reasons", "last_visit", "next_visit", "legality_status", "computed_at"],
    )


def score_homes(homes: list[tuple[int, str, str]], today: date, *, region: str | None = None) -> int:
    """Score ``homes`` ((pk, region code, legality status)) and store the scores. The facts are read by
    region prefix: a few homes are scored each over its own code, more per kabupaten/kota, many in one
    pass over ``region``."""
    status = {pk: legality for pk, _, legality in homes}
    groups: dict[str | None, list[int]] = {}
    for pk, code, _ in homes:
        if len(homes) <= ONE_BY_ONE and code:
            key: str | None = code
        else:
            key = code[:5] if len(homes) <= ONE_PASS and len(code) >= 5 else region
        groups.setdefault(key, []).append(pk)
    for prefix, ids in groups.items():
        _save(visit_plan(Lksa.objects.filter(pk__in=ids), today, region=prefix), status)
    return len(homes)


def ensure(homes: QuerySet[Lksa], today: date, *, region: str | None) -> int:
    """Score the homes of ``homes`` that have no current score. One query when there are none."""
    stale = list(
        homes.exclude(plan_score__legality_status=F("legality_status"))
        .order_by()
        .values_list("pk", "region_code", "legality_status")
    )
    return score_homes(stale, today, region=region) if stale else 0


def refresh_all(*, today: date | None = None) -> int:
    """Rescore every home (the nightly run). Returns the homes scored."""
    today = today or timezone.localdate()
    homes = Lksa.objects.public()
    status = dict(homes.values_list("pk", "legality_status"))
    rows = visit_plan(homes, today, region=None)
    with transaction.atomic():
        PlanScore.objects.all().delete()
        _save(rows, status)
    return len(rows)


class _Rescore:
    """The homes of one transaction to rescore when it commits: one job, however many changes."""

    def __init__(self) -> None:
        self.ids: set[int] = set()

    def __call__(self) -> None:
        rescore(self.ids)


def forget(home_ids: Iterable[int | None], *, using: str = DEFAULT_DB_ALIAS) -> None:
    """These homes' facts changed: drop their scores now (through ``using``, the connection that made the
    change) and rescore them once the change is committed, all the transaction's homes together (a read
    before that scores them itself)."""
    ids = {pk for pk in home_ids if pk}
    if not ids:
        return
    PlanScore.objects.using(using).filter(lksa_id__in=ids).delete()
    changed_by = connections[using]
    if not changed_by.in_atomic_block:
        rescore(ids)
        return
    for entry in changed_by.run_on_commit:  # (savepoints, callback, robust)
        if isinstance(pending := entry[1], _Rescore):
            pending.ids |= ids
            return
    job = _Rescore()
    job.ids |= ids
    transaction.on_commit(job, using=using, robust=True)


def forget_all() -> None:
    PlanScore.objects.all().delete()
    transaction.on_commit(refresh_all, robust=True)


def rescore(ids: set[int]) -> None:
    """Score those of ``ids`` still without a score (several changes in one transaction: once)."""
    homes = Lksa.objects.public().filter(pk__in=ids).exclude(plan_score__legality_status=F("legality_status"))
    score_homes(list(homes.values_list("pk", "region_code", "legality_status")), timezone.localdate())


def _scope(user: UserLike, region: str) -> tuple[QuerySet[Lksa], str | None]:
    homes = lksa_visible_to(user).public()
    if region:
        return homes.in_region(region), region
    actor = actor_of(user)
    return homes, actor.jurisdiction if actor else "-"


def plan_scores(user: UserLike, *, region: str, today: date, due: bool = False) -> QuerySet[PlanScore]:
    """The stored plan of ``user``'s jurisdiction (or ``region`` within it), highest risk first, as a
    queryset to page: the same order as ``risk.visit_plan`` (score, then the longest unvisited, then the
    name in code-point order, then the id). ``due``: not visited for a year and no visit planned."""
    homes, scope = _scope(user, region)
    ensure(homes, today, region=scope)
    scores = PlanScore.objects.filter(lksa__in=homes.values("pk"))
    if due:
        year_ago = today - timedelta(days=queues.VISIT_EVERY_DAYS)
        scores = scores.filter(
            Q(last_visit__isnull=True) | Q(last_visit__lt=year_ago), next_visit__isnull=True
        )
    name: Any = Collate("lksa__name", "C") if connection.vendor == "postgresql" else F("lksa__name")
    # select_related rather than annotations: the paginator's count then needs no join to the homes.
    return (
        scores.select_related("lksa")
        .only(
            *(
                "score",
                "reasons",
                "last_visit",
                "next_visit",
                "computed_at",
                "lksa__name",
                "lksa__region_code",
            )
        )
        .order_by("-score", F("last_visit").asc(nulls_first=True), name, "lksa_id")
    )


def as_rows(scores: Iterable[PlanScore]) -> list[PlanRow]:
    rows = []
    for score in scores:
        reasons = []
        for r in score.reasons:
            detail = warnings_detail(r["count"]) if r["code"] == "family_care_warnings" else r["detail"]
            reasons.append(Reason(r["code"], r["points"], detail, r.get("count")))
        home = score.lksa
        rows.append(
            PlanRow(score.lksa_id, home.name, home.region_code, score.last_visit, score.next_visit, reasons)
        )
    return rows


def scored_at(scores: Iterable[PlanScore]) -> Any:
    """The oldest of these stored scores (the rows shown are at least this fresh)."""
    return min((score.computed_at for score in scores), default=None)
