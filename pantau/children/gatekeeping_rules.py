"""Gatekeeping evaluated: the SNPA A1-A9 answers and the reason for admission, read as flags.

Institutional care is the last resort (Permensos 30/HUK/2011, the SNPA, area A). The assessment's
checklist (``GatekeepingAssessment.items``: "yes", "no" or "na" per code A1..A9) and the structured
reason for admission (``Child.admission_reason``) are read here, by rules that only read their
arguments (no database), so the admission form, ``child_admit``, the import, the child's page, the
sign-off queue and the API all say the same thing in the same words.

Which flags refuse and which are shown (the decision, issue 16):

* **Refused** (nothing is saved; the admission, or the assessment added later, comes back with the
  message): a breach that makes the admission itself wrong and that only the home can fix before
  admitting.

  - ``recruited`` — A1 answered "no", or the referral source is the LKSA itself: the home recruited
    the child. A home may not fill its places by outreach (SNPA A1).
  - ``no_initial_assessment`` — A4 answered "no": the "assessment" says no initial assessment decided
    whether the child can stay with the family. That is not a gatekeeping assessment: admit as an
    emergency instead (then the assessment is owed and the admission waits in Dinas Sosial's queue).

* **Flagged** (admitted; shown on the child's page, in Dinas Sosial's sign-off queue and in the API,
  for the officer who signs the assessment off to weigh): a problem with the placement that Dinas
  Sosial must look at, but where refusing the record would leave a child who is already in the home
  unrecorded and unsupervised.

  - ``poverty_only`` / ``schooling_only`` — the only reason given is poverty or schooling. Poverty
    alone is not a reason for institutional care: the family is to be supported instead (SNPA A4, the
    last-resort principle). Flagged rather than refused because the child is often already there; the
    officer's answer is family support and reunification, which a refusal would not bring about.
  - ``no_agreement`` — A6 "no", or the written agreement is not signed.
  - ``no_tracing`` — A7 "no", or A7 "not applicable" while both parents are recorded as unknown.
  - ``siblings_separated`` — A9 "no".
  - ``snpa_not_met`` — any other item (A2, A3, A5, A8) answered "no".

The rule each flag cites is the SNPA as Pantau's supervision checklist cites it
(``supervision/snpa.py``: "Permensos 30/HUK/2011 (SNPA)") with the item's code; the standard's own
article numbers are not cited, as the checklist does not cite them either.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from pantau.children.models import Child, GatekeepingAssessment

# The citation exactly as supervision/snpa.py writes it (children may not import supervision: it sits
# above children in the layering; tests/test_gatekeeping_rules.py checks the two stay equal).
SNPA = "Permensos 30/HUK/2011 (SNPA)"

REFUSE = "refuse"
FLAG = "flag"

# Admission reasons (Child.admission_reason) that are never enough on their own.
POVERTY = "poverty"
SCHOOLING = "schooling"
# The referral source that means the home brought the child in itself (ReferralSource.LKSA).
SOURCE_LKSA = "lksa"

CODES = tuple(f"A{n}" for n in range(1, 10))


@dataclass(frozen=True)
class Flag:
    code: str
    message: str
    severity: str  # REFUSE or FLAG
    rule: str  # the rule broken, with its basis
    item: str = ""  # the SNPA item (A1..A9) it comes from, if any

    @property
    def refuses(self) -> bool:
        return self.severity == REFUSE


def _rule(item: str, text: str) -> str:
    return f"{SNPA}, {item}: {text}"


def evaluate(
    *,
    items: Mapping[str, str] | None,
    admission_reason: str = "",
    referral_source: str = "",
    agreement_signed: bool | None = None,
    parents_unknown: bool = False,
) -> list[Flag]:
    """Every flag raised by these facts, refusals first. ``items`` None: no assessment (an emergency
    admission still owing it): only the reason and the referral source are read. ``agreement_signed``
    None: not known (not asked)."""
    answers = {code: (items or {}).get(code, "") for code in CODES}
    flags: list[Flag] = []
    if answers["A1"] == "no" or referral_source == SOURCE_LKSA:
        flags.append(
            Flag(
                "recruited",
                _(
                    "The LKSA brought the child in itself (its own outreach): a home may not recruit "
                    "children. Refer the family to Dinas Sosial for support instead."
                ),
                REFUSE,
                _rule("A1", _("the LKSA does not recruit children")),
                "A1",
            )
        )
    if answers["A4"] == "no":
        flags.append(
            Flag(
                "no_initial_assessment",
                _(
                    "The checklist says no initial assessment decided whether the child can stay with "
                    "the family. Do the assessment first, or admit as an emergency and complete it within "
                    "30 days."
                ),
                REFUSE,
                _rule("A4", _("an initial assessment before admission")),
                "A4",
            )
        )
    if admission_reason in (POVERTY, SCHOOLING):
        poverty = admission_reason == POVERTY
        flags.append(
            Flag(
                "poverty_only" if poverty else "schooling_only",
                _("Poverty is the only reason given for admission: support the family instead.")
                if poverty
                else _("Schooling is the only reason given for admission: support the family instead."),
                FLAG,
                _rule("A4", _("institutional care is the last resort")),
                "A4",
            )
        )
    if answers["A6"] == "no" or (items is not None and agreement_signed is False):
        flags.append(
            Flag(
                "no_agreement",
                _("No written agreement signed by the child, the parent or guardian and the LKSA."),
                FLAG,
                _rule("A6", _("a written agreement")),
                "A6",
            )
        )
    if answers["A7"] == "no" or (parents_unknown and answers["A7"] == "na"):
        flags.append(
            Flag(
                "no_tracing",
                _("The parents are unknown and the family is not being traced."),
                FLAG,
                _rule("A7", _("family tracing when the parents are unknown")),
                "A7",
            )
        )
    if answers["A9"] == "no":
        flags.append(
            Flag(
                "siblings_separated",
                _("Siblings are separated."),
                FLAG,
                _rule("A9", _("siblings are kept together")),
                "A9",
            )
        )
    for code in ("A2", "A3", "A5", "A8"):
        if answers[code] == "no":
            flags.append(
                Flag(
                    "snpa_not_met",
                    _("SNPA %(code)s is answered no.") % {"code": code},
                    FLAG,
                    _rule(code, _("not met")),
                    code,
                )
            )
    return sorted(flags, key=lambda flag: not flag.refuses)


def refusals(flags: list[Flag]) -> list[Flag]:
    return [flag for flag in flags if flag.refuses]


def assessment_flags(child: Child, assessment: GatekeepingAssessment | None) -> list[Flag]:
    """``evaluate`` for a saved (or unsaved) child and its assessment (or None)."""
    return evaluate(
        items=assessment.items if assessment is not None else None,
        admission_reason=child.admission_reason,
        referral_source=child.referral_source,
        agreement_signed=assessment.agreement_signed if assessment is not None else None,
        parents_unknown=child.mother_status == "unknown" and child.father_status == "unknown",
    )
