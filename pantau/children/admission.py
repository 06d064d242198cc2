"""The rules an admission must meet, written once: the admission form, ``child_admit`` and the
children import all ask here, so a child refused on the form is refused in a file with the same words.

Every problem is keyed by the admission form's field name (the form shows it at that field, the
service raises it as that field's ValidationError); the import reports it at the column that fills
the field (``import_columns.PROBLEM_COLUMN``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from pantau.children.identifiers import check_kk, check_nik
from pantau.children.models import Child, DatePrecision, GatekeepingAssessment
from pantau.registry.models import Lksa


@dataclass(frozen=True)
class Problem:
    field: str
    message: str
    warning: bool = False  # a disagreement a person should look at, not a reason to refuse


def admission_problems(
    *,
    birth_date: date | None,
    birth_date_precision: str | None,
    sex: str | None,
    admitted_on: date | None,
    nik: str | None = "",
    kk: str | None = "",
    assessed_on: date | None = None,
    assessor: str | None = "",
    assessment_reasons: str | None = "",
    family_care_possible: bool = False,
    emergency_admission: bool = False,
    today: date | None = None,
) -> list[Problem]:
    """Everything wrong with admitting a child on these facts (the home's capacity apart: see
    ``capacity_problem``). ``birth_date_precision`` None means not stated (an empty import cell)."""
    today = today or timezone.localdate()
    problems: list[Problem] = []
    if birth_date_precision == DatePrecision.UNKNOWN and birth_date:
        problems.append(Problem("birth_date", _("Leave the date empty when it is unknown.")))
    if birth_date_precision in (DatePrecision.EXACT, DatePrecision.ESTIMATED) and not birth_date:
        message = _("Give the date (or the best estimate), or choose 'unknown'.")
        problems.append(Problem("birth_date", message))
    if birth_date and birth_date > today:
        problems.append(Problem("birth_date", _("The date of birth cannot be in the future.")))
    if admitted_on and admitted_on > today:
        problems.append(Problem("admitted_on", _("The admission date cannot be in the future.")))
    if birth_date and admitted_on and admitted_on < birth_date:
        problems.append(Problem("admitted_on", _("A child cannot be admitted before being born.")))
    assessment = (assessed_on, assessor, assessment_reasons)
    if any(assessment) and not all(assessment):
        message = _("A gatekeeping assessment needs its date, assessor and reasons.")
        problems.append(Problem("assessed_on", message))
    if assessed_on and assessed_on > today:
        problems.append(Problem("assessed_on", _("The assessment date cannot be in the future.")))
    if family_care_possible:
        # Institutional care is the last resort: an assessment that found family care possible is not a
        # reason to admit.
        message = _(
            "The assessment found the child can stay with the family: "
            "support the family instead of admitting."
        )
        problems.append(Problem("family_care_possible", message))
    if not any(assessment) and not emergency_admission:
        message = _("Admission needs a completed gatekeeping assessment, or must be marked as an emergency.")
        problems.append(Problem("emergency_admission", message))
    if nik:
        found = check_nik(
            nik,
            birth_date=birth_date,
            precision=birth_date_precision or DatePrecision.EXACT,
            sex=sex or "",
            today=today,
        )
        problems += [Problem("nik", message) for message in found.errors]
        problems += [Problem("nik", message, warning=True) for message in found.warnings]
    if kk and (message := check_kk(kk)):
        problems.append(Problem("kk", message))
    return problems


def capacity_problem(
    *, name: str, capacity: int | None, in_care: int, admitting: int = 1, in_file: bool = False
) -> Problem | None:
    """Do ``admitting`` more children not fit a home with ``in_care`` children? A file's problem says
    how many the file admits, as it is reported at the first row that does not fit."""
    if not capacity or in_care + admitting <= capacity:
        return None
    facts = {"name": name, "count": in_care, "capacity": capacity, "new": admitting}
    if in_file:
        message = _(
            "%(name)s is full from this row on: %(count)s children in care, capacity %(capacity)s, and this "
            "file admits %(new)s. Refer children to family-based care or another home, or ask Dinas Sosial "
            "to review the capacity."
        )
    else:
        message = _(
            "%(name)s is full: %(count)s children for a capacity of %(capacity)s. Refer the child to "
            "family-based care or another home, or ask Dinas Sosial to review the capacity."
        )
    return Problem("lksa", message % facts)


def admission_capacity_problem(home: Lksa) -> Problem | None:
    """``capacity_problem`` for one more child in ``home`` as it is now (the admission form asks this so
    that a full home is reported with the other problems; ``child_admit`` asks again with the home locked)."""
    in_care = Child.objects.filter(lksa=home).in_care().count()
    return capacity_problem(name=home.name, capacity=home.capacity, in_care=in_care)


def by_field(problems: Iterable[Problem]) -> dict[str, list[str]]:
    """The refusals (warnings left out) as a ValidationError's dict."""
    fields: dict[str, list[str]] = {}
    for problem in problems:
        if not problem.warning:
            fields.setdefault(problem.field, []).append(problem.message)
    return fields


def child_admission_problems(
    child: Child, *, identifiers: dict[str, str], assessment: GatekeepingAssessment | None, today: date
) -> list[Problem]:
    """``admission_problems`` for an unsaved child, its identifiers and its assessment (child_admit)."""
    return admission_problems(
        birth_date=child.birth_date,
        birth_date_precision=child.birth_date_precision,
        sex=child.sex,
        admitted_on=child.admitted_on,
        nik=identifiers.get("nik", ""),
        kk=identifiers.get("kk", ""),
        assessed_on=assessment.assessed_on if assessment else None,
        assessor=assessment.assessor if assessment else "",
        assessment_reasons=assessment.reasons if assessment else "",
        family_care_possible=bool(assessment and assessment.family_care_possible),
        emergency_admission=child.emergency_admission,
        today=today,
    )
