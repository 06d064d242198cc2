"""Referral response times: hours from a referral's sending to its answer, by the kind of agency answering.

On PostgreSQL the median and 90th percentile come from one grouped ``percentile_cont`` (no rows reach
Python); SQLite (the demo) computes them in Python from the answered referrals.
"""

from __future__ import annotations

import re
from statistics import quantiles
from typing import Any

from django.db import connection
from django.db.models import Aggregate, Count, DurationField, ExpressionWrapper, F, FloatField
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pantau.accounts.roles import OrgKind
from pantau.cases.models import Referral
from pantau.insights.dashboard import THRESHOLD, Row


class Percentile(Aggregate):
    """PostgreSQL's continuous percentile of an interval, in hours."""

    template = (
        "percentile_cont(%(fraction)s) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM %(expressions)s) / 3600)"
    )
    output_field = FloatField()

    def __init__(self, expression: Any, fraction: float) -> None:
        super().__init__(expression, fraction=fraction)


def short_name(label: str) -> str:
    """The name in brackets at the end of a kind's label ("... (UPTD PPA)" -> "UPTD PPA"): short enough
    for a chart."""
    found = re.search(r"\(([^()]+)\)$", label)
    return found.group(1) if found else label


def _duration() -> ExpressionWrapper:
    return ExpressionWrapper(F("decided_at") - F("sent_at"), output_field=DurationField())


def _stats(cases: Any) -> dict[str, tuple[int, float, float]]:
    answered = Referral.objects.filter(case__in=cases, decided_at__isnull=False).exclude(
        status=Referral.Status.PENDING
    )
    if connection.vendor == "postgresql":
        rows = (
            answered.values_list("to_org__kind")
            .annotate(n=Count("pk"), mid=Percentile(_duration(), 0.5), p90=Percentile(_duration(), 0.9))
            .order_by()
        )
        return {kind: (n, mid, p90) for kind, n, mid, p90 in rows}
    hours: dict[str, list[float]] = {}
    for kind, sent, decided in answered.values_list("to_org__kind", "sent_at", "decided_at").order_by():
        if decided is None:  # never, by the filter; the check keeps the type honest
            continue
        hours.setdefault(kind, []).append((decided - sent).total_seconds() / 3600)
    result = {}
    for kind, values in hours.items():
        values.sort()
        if len(values) == 1:
            mid = p90 = values[0]
        else:
            cuts = quantiles(values, n=10, method="inclusive")
            mid, p90 = quantiles(values, n=2, method="inclusive")[0], cuts[8]
        result[kind] = (len(values), mid, p90)
    return result


def response_times(cases: Any, *, withheld: bool) -> list[Row]:
    """Two rows per kind of agency (median, 90th percentile), withheld when fewer than 5 referrals were
    answered and the person may not see children (a time over one or two referrals points at a case)."""
    rows, by_kind = [], _stats(cases)
    for kind, label in OrgKind.choices:
        stats = by_kind.get(kind)
        if stats is None:
            continue
        n, mid, p90 = stats
        hide = withheld and n < THRESHOLD
        if hide:
            answers = _("fewer than 5 answers")
        else:
            answers = ngettext("%(n)d answer", "%(n)d answers", n) % {"n": n}
        name = f"{short_name(str(label))} ({answers})"
        for key, group, value in (("median", _("Median"), mid), ("p90", _("90th percentile"), p90)):
            rows.append(
                Row(
                    key=f"{kind}:{key}",
                    label=name,
                    value=None if hide else round(value, 1),
                    withheld=hide,
                    group=group,
                    unit="hours",
                )
            )
    return rows
