"""Aggregate figures in SIMFONI-PPA's dimensions (forms of violence, sex and age band of the children,
services given) per period and region: counts only, no case content, for the offices that report."""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.db.models import QuerySet

from pantau.cases.models import Case, CaseChild, FormOfViolence, Service

AGE_BANDS = [(0, 5, "<6"), (6, 12, "6-12"), (13, 17, "13-17")]


def _band(age: int | None) -> str:
    if age is None:
        return "?"
    return next((label for low, high, label in AGE_BANDS if low <= age <= high), "18+")


def simfoni_rows(cases: QuerySet[Case], start: date, end: date) -> list[tuple[str, str, int]]:
    """(dimension, value, count) for cases opened between ``start`` and ``end`` (inclusive)."""
    period = cases.filter(opened_at__date__gte=start, opened_at__date__lte=end)
    forms = Counter(period.values_list("form_of_violence", flat=True))
    children = CaseChild.objects.filter(case__in=period)
    sexes = Counter(sex or "?" for sex in children.values_list("sex", flat=True))
    ages = Counter(_band(age) for age in children.values_list("age", flat=True))
    services = Counter(Service.objects.filter(case__in=period).values_list("kind", flat=True))
    rows = [("bentuk_kekerasan", value, forms.get(value, 0)) for value in FormOfViolence.values]
    rows += [("jenis_kelamin_korban", value, sexes[value]) for value in sorted(sexes)]
    rows += [("usia_korban", label, ages.get(label, 0)) for _low, _high, label in AGE_BANDS]
    rows += [("usia_korban", label, ages[label]) for label in ("18+", "?") if ages.get(label)]
    rows += [("layanan", value, services[value]) for value in sorted(services)]
    return rows
