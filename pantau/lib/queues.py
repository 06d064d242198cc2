"""Work queues for the home pages: what waits for one person, counted, most urgent first.

Each app builds its own queues (``pantau/<app>/queues.py``) on its scoped querysets, so a queue shows
exactly what the app's list page (its "see all" link) shows. A queue costs a bounded number of queries
whatever the data: the first ``SHOWN`` rows and one capped count.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from django.db.models import Count, Model, QuerySet, Window

SHOWN = 5  # items listed per queue; the rest is behind "see all"
COUNT_CAP = 1000  # counting further would cost more than the page: shown as "1000+"

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class QueueItem:
    """One thing to do: what, where to do it, and by when. ``urgent``: its date has passed (with a due
    date: "overdue"), or it is urgent by nature (an escalation, a post to refer to police)."""

    label: str
    url: str
    due_on: date | None = None
    detail: str = ""
    urgent: bool = False


@dataclass(frozen=True)
class Queue:
    key: str
    title: str
    count: int
    items: list[QueueItem] = field(default_factory=list)
    see_all: str = ""
    # Urgent queues (overdue items, escalations) come first on the home page.
    urgent: bool = False

    @property
    def capped(self) -> bool:
        return self.count >= COUNT_CAP

    @property
    def urgent_count(self) -> int:
        return sum(1 for item in self.items if item.urgent)

    @property
    def first_due(self) -> date:
        dates = [item.due_on for item in self.items if item.due_on]
        return min(dates) if dates else date.max


def capped_count(rows: QuerySet[Any]) -> int:
    """How many rows, counting at most ``COUNT_CAP`` (a national queue is not counted to the end)."""
    return rows.order_by().values("pk")[:COUNT_CAP].count()


def queue_of(
    key: str,
    title: str,
    rows: QuerySet[M],
    item: Callable[[M], QueueItem],
    *,
    see_all: str,
    count: int | None = None,
    one_read: bool = False,
) -> Queue:
    """The first ``SHOWN`` of ``rows`` (already in urgency order) as items, and their capped count
    (``count`` when the caller already knows it). ``one_read``: the count rides along on the rows as a
    window count, for a queue whose scope is dear to evaluate twice (it is then exact, not capped)."""
    if one_read:
        fetched = list(rows.annotate(queue_total=Window(Count("pk")))[:SHOWN])
        items = [item(row) for row in fetched]
        total = fetched[0].queue_total if fetched else 0
        return Queue(
            key=key,
            title=title,
            count=total,
            items=items,
            see_all=see_all,
            urgent=any(i.urgent for i in items),
        )
    items = [item(row) for row in rows[:SHOWN]]
    total = capped_count(rows) if count is None else count
    return Queue(
        key=key,
        title=title,
        count=total,
        items=items,
        see_all=see_all,
        urgent=any(i.urgent for i in items),
    )


def by_urgency(queues: Iterable[Queue]) -> list[Queue]:
    """Non-empty queues, those with overdue items first, then by their earliest due date."""
    waiting = [q for q in queues if q.count]
    return sorted(waiting, key=lambda q: (not q.urgent, q.first_due, q.title))
