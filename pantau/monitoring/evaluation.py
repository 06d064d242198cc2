"""How the screener fares against reviewers' decisions: the feedback loop of the model card.

A decision other than "no action" counts as a confirmed flag. Per tier and per indicator: how many
posts were decided and what share led to action (precision as reviewers judge it).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from pantau.monitoring.models import Post, Tier, tier_short


@dataclass(frozen=True)
class Outcome:
    key: str
    decided: int
    actioned: int

    @property
    def label(self) -> str:
        return tier_short(self.key)

    @property
    def precision(self) -> float | None:
        return self.actioned / self.decided if self.decided else None


def by_tier(posts: QuerySet[Post]) -> list[Outcome]:
    rows = (
        posts.exclude(decision="")
        .values("tier")
        .annotate(decided=Count("pk"), actioned=Count("pk", filter=~Q(decision=Post.Decision.NO_ACTION)))
    )
    found = {row["tier"]: Outcome(row["tier"], row["decided"], row["actioned"]) for row in rows}
    return [found.get(tier, Outcome(tier, 0, 0)) for tier in reversed(Tier.values)]


def by_indicator(posts: QuerySet[Post], limit: int = 5000) -> list[Outcome]:
    """Over the latest ``limit`` decisions (reasons are JSON; this stays a bounded read)."""
    decided: dict[str, int] = defaultdict(int)
    actioned: dict[str, int] = defaultdict(int)
    rows = posts.exclude(decision="").order_by("-decided_at").values_list("reasons", "decision")[:limit]
    for reasons, decision in rows:
        for code in {r["code"] for r in reasons if r.get("points", 0) > 0}:
            decided[code] += 1
            actioned[code] += decision != Post.Decision.NO_ACTION
    return sorted(
        (Outcome(code, decided[code], actioned[code]) for code in decided), key=lambda o: -o.decided
    )
