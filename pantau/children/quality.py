"""Data quality of children's records: what is missing or cannot be right, each linked to the record.

Checks (rules-and-data.md §7 and the SNPA): NIK structure and agreement with date of birth, sex and
region; impossible dates; adults (18+) still in care; the same NIK registered more than once (anywhere:
the other place is not revealed); missing identifiers, dates of birth and gatekeeping assessments.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from pantau.children.identifiers import check_nik, read_identifier
from pantau.children.models import Child, DatePrecision


@dataclass
class Problem:
    child_id: int
    lksa_id: int
    code: str
    severity: str  # "error" or "warning"
    message: str


@dataclass
class LksaQuality:
    lksa_id: int
    name: str
    children: int = 0
    complete: int = 0
    problems: Counter[str] = field(default_factory=Counter)

    @property
    def completeness_pct(self) -> float | None:
        return round(100 * self.complete / self.children, 1) if self.children else None


def _years_between(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def assess_quality(children: QuerySet[Child], *, today: date) -> tuple[list[LksaQuality], list[Problem]]:
    in_care = children.filter(status=Child.Status.IN_CARE).select_related("lksa", "gatekeeping")
    # Duplicates within what this person looks after; a national search by NIK would let anyone probe
    # whether a given NIK is in care anywhere (duplicates across regions are the linkage capability's job).
    duplicated = set(
        in_care.exclude(nik_hash="")
        .values("nik_hash")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("nik_hash", flat=True)
    )
    summary: dict[int, LksaQuality] = {}
    problems: list[Problem] = []
    for child in in_care.order_by("lksa__name", "full_name").iterator(chunk_size=2000):
        row = summary.setdefault(child.lksa_id, LksaQuality(child.lksa_id, child.lksa.name))
        row.children += 1
        found: list[tuple[str, str, str]] = []
        if not child.nik_cipher:
            found.append(("nik_missing", "warning", _("No NIK recorded.")))
        else:
            nik = check_nik(
                read_identifier(child, "nik"),
                birth_date=child.birth_date,
                precision=child.birth_date_precision,
                sex=child.sex,
                today=today,
            )
            # Fixed wording: this page is not an audited identity view, so no digit of the NIK appears on it.
            if nik.errors:
                found.append(("nik_invalid", "error", _("The NIK is not structurally valid.")))
            if nik.warnings:
                found.append(
                    (
                        "nik_mismatch",
                        "warning",
                        _("The NIK disagrees with the record (sex, date of birth or region)."),
                    )
                )
            if child.nik_hash in duplicated:
                found.append(
                    ("nik_duplicate", "error", _("The same NIK is registered for another child in care."))
                )
        if child.birth_date_precision == DatePrecision.UNKNOWN:
            found.append(("birth_date_unknown", "warning", _("Date of birth unknown.")))
        if child.birth_date and child.admitted_on < child.birth_date:
            found.append(("impossible_dates", "error", _("Admitted before the date of birth.")))
        if child.birth_date and child.birth_date > today:
            found.append(("impossible_dates", "error", _("Date of birth in the future.")))
        if child.birth_date and _years_between(child.birth_date, today) >= 18:
            found.append(("adult_in_care", "error", _("18 or older and still in care.")))
        if not hasattr(child, "gatekeeping"):
            found.append(
                (
                    "gatekeeping_missing",
                    "error" if not child.emergency_admission else "warning",
                    _("No gatekeeping assessment."),
                )
            )
        if not any(severity == "error" for _code, severity, _m in found) and child.nik_cipher:
            row.complete += 1
        for code, severity, message in found:
            row.problems[code] += 1
            problems.append(Problem(child.pk, child.lksa_id, code, severity, message))
    problems.sort(key=lambda p: (p.severity != "error", p.lksa_id, p.child_id))
    return sorted(summary.values(), key=lambda q: q.name), problems
