"""The rules an admission must meet, written once: the admission form, ``child_admit`` and the
children import all ask here, so a child refused on the form is refused in a file with the same words.

Beyond the facts of the form, an admission is refused when:

* the child is 18 or older on the admission date (an exact or an estimated date of birth alike: the
  estimate is the best the home has, and a person of 18 is an adult, UU 23/2002 as amended by UU
  35/2014). The 18th birthday of a child born on 29 February is 1 March in a year without it;
* the home is not registered with Dinas Sosial (``home_problems``): an unregistered home runs without
  the licence the law requires (``registry/legality.py``, ``registration_missing``) and may not take
  more children (a placement there would be a placement outside the law's oversight). The children
  already living there are not hidden by this: those on record stay on record, and the home's
  registration (or its closure) is Dinas Sosial's to pursue. The registry's verdict is read
  (``Lksa.legality_status``, refreshed on every record change and daily): a home registered with
  problems ("attention") may admit, as its problems are the registry's and the supervision's to follow.
  Dinas Sosial itself may still record a child it finds living in such a home (the Medan case: children
  found in an unregistered panti must be on record to be protected); that record is kept with a warning
  and is no approval of the home (``found_by_dinsos``);
* the gatekeeping answers break a rule that refuses (``gatekeeping_rules.py``: the home recruited the
  child, or no initial assessment was made). The rules that only flag come back as warnings.

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

from pantau.children import gatekeeping_rules
from pantau.children.identifiers import check_kk, check_nik
from pantau.children.models import AdmissionReason, Child, DatePrecision, GatekeepingAssessment, ParentStatus
from pantau.registry.models import Lksa
from pantau.registry.models.lksa import LegalityStatus

ADULT_AGE = 18


def eighteenth_birthday(born: date) -> date:
    """The day a person born on ``born`` turns 18 (29 February: 1 March in a year without it)."""
    try:
        return born.replace(year=born.year + ADULT_AGE)
    except ValueError:
        return date(born.year + ADULT_AGE, 3, 1)


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
    items: dict[str, str] | None = None,
    admission_reason: str | None = "",
    admission_reason_other: str | None = "",
    referral_source: str | None = "",
    agreement_signed: bool | None = None,
    parents_unknown: bool = False,
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
    # Judged on a possible admission date only: a future one is already refused above.
    if birth_date and admitted_on and admitted_on <= today and admitted_on >= eighteenth_birthday(birth_date):
        message = _(
            "On the admission date this person is 18 or older: an LKSA cares for children under 18. "
            "Check the date of birth (or its estimate), or refer the young adult to adult services."
        )
        problems.append(Problem("birth_date", message))
    if admission_reason == AdmissionReason.OTHER and not (admission_reason_other or "").strip():
        problems.append(Problem("admission_reason_other", _("Describe the other reason for admission.")))
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
    has_assessment = any(assessment) or bool(items and any(items.values()))
    for flag in gatekeeping_rules.evaluate(
        items=items if has_assessment else None,
        admission_reason=admission_reason or "",
        referral_source=referral_source or "",
        agreement_signed=agreement_signed if has_assessment else None,
        parents_unknown=parents_unknown,
    ):
        field = _flag_field(flag, recruited_by_source=referral_source == gatekeeping_rules.SOURCE_LKSA)
        problems.append(Problem(field, flag.message, warning=not flag.refuses))
    return problems


def _flag_field(flag: gatekeeping_rules.Flag, *, recruited_by_source: bool) -> str:
    """Where a gatekeeping flag is shown on the admission form."""
    if flag.code == "recruited" and recruited_by_source:
        return "referral_source"
    if flag.code in ("poverty_only", "schooling_only"):
        return "admission_reason"
    return f"item_{flag.item}"


def registration_problem(*, name: str, legality_status: str, found_by_dinsos: bool = False) -> Problem | None:
    """A home not registered with Dinas Sosial may not admit children (form, service and import); Dinas
    Sosial recording a child found there is warned, not refused."""
    if legality_status != LegalityStatus.NOT_REGISTERED:
        return None
    if found_by_dinsos:
        message = _(
            "%(name)s is not registered with Dinas Sosial: this child is recorded as found living there, "
            "which approves neither the home nor the placement. Pursue the home's registration or "
            "closure, and the child's placement."
        )
        return Problem("lksa", message % {"name": name}, warning=True)
    message = _(
        "%(name)s is not registered with Dinas Sosial (no current Tanda Daftar LKS on record): an "
        "unregistered home may not admit children. Place the child with family-based care or a "
        "registered home, and ask Dinas Sosial about this home's registration."
    )
    return Problem("lksa", message % {"name": name})


def home_problems(home: Lksa, *, in_care: int | None = None, found_by_dinsos: bool = False) -> list[Problem]:
    """Why ``home`` may not take one more child: not registered with Dinas Sosial, or full.
    ``in_care``: the children it has (counted here when not given); ``found_by_dinsos``: Dinas Sosial
    records a child it found there (a warning, not a refusal, for an unregistered home)."""
    problems: list[Problem] = []
    status = home.legality_status
    if unregistered := registration_problem(
        name=home.name, legality_status=status, found_by_dinsos=found_by_dinsos
    ):
        problems.append(unregistered)
    if in_care is None:
        in_care = Child.objects.filter(lksa=home).in_care().count()
    if full := capacity_problem(name=home.name, capacity=home.capacity, in_care=in_care):
        problems.append(full)
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
        items=assessment.items if assessment else None,
        admission_reason=child.admission_reason,
        admission_reason_other=child.admission_reason_other,
        referral_source=child.referral_source,
        agreement_signed=assessment.agreement_signed if assessment else None,
        parents_unknown=child.mother_status == ParentStatus.UNKNOWN
        and child.father_status == ParentStatus.UNKNOWN,
        today=today,
    )
