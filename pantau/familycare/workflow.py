"""The legal steps of each kind of file, in order, with what each step needs and what it does.

Adoption follows Permensos 110/HUK/2009 as summarised in docs/law-review-family-care.md: application,
home visit 1 with the social worker's report, the temporary care permit and at least six months of
trial care with the family, home visit 2, Tim PIPA, the permit decree, the court order, and the
annotation at Dukcapil. Foster and kinship care: assessment, (training and matching for foster care),
placement, monitoring visits, review, end. Guardianship is the court order itself.

A step can only follow the one before it: the services refuse anything else with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from pantau.familycare.models import CareFile, Kind, RuleSet, Stage
from pantau.familycare.rules import add_months


@dataclass(frozen=True)
class Step:
    stage: str
    document: Promise | None = None  # the label of its document number; None: no document
    issuer: Promise | None = None  # the label of who issued it or did it
    provision: str = ""  # key in familycare.law.PROVISIONS
    exit_kind: str = ""  # the child leaves the home for this placement at this step
    closes: bool = False  # the file is complete once this step is recorded


REPORT = _("Report number")
SOCIAL_WORKER = _("Social worker (name)")

FLOWS: dict[str, list[Step]] = {
    Kind.ADOPTION: [
        Step(Stage.APPLIED),
        Step(Stage.HOME_VISIT_1, REPORT, SOCIAL_WORKER, "social_report"),
        Step(
            Stage.TRIAL_CARE,
            _("Temporary care permit number"),
            _("Issued by"),
            "trial_care",
            exit_kind="adoption",
        ),
        Step(Stage.HOME_VISIT_2, REPORT, SOCIAL_WORKER, "home_visits"),
        Step(Stage.PIPA_REVIEW, _("Recommendation letter number"), _("Tim PIPA"), "pipa"),
        Step(Stage.PERMIT_DECREE, _("Decree (SK) number"), _("Issued by"), "permit"),
        Step(Stage.COURT_ORDER, _("Court order number"), _("Court"), "court_order"),
        Step(
            Stage.REGISTERED,
            _("Birth certificate annotation number"),
            _("Dukcapil office"),
            "civil_registration",
            closes=True,
        ),
    ],
    Kind.FOSTER: [
        Step(Stage.APPLIED),
        Step(Stage.ASSESSED, REPORT, SOCIAL_WORKER, "foster_conduct"),
        Step(Stage.TRAINED, _("Training certificate number"), _("Trainer")),
        Step(Stage.MATCHED, _("Matching decision number"), _("Decided by")),
        Step(Stage.PLACED, _("Placement decree number"), _("Issued by"), exit_kind="foster"),
        Step(Stage.REVIEWED, REPORT, SOCIAL_WORKER, "foster_monitoring"),
        Step(Stage.ENDED, closes=True),
    ],
    Kind.KINSHIP: [
        Step(Stage.APPLIED),
        Step(Stage.ASSESSED, REPORT, SOCIAL_WORKER, "gatekeeping"),
        Step(Stage.PLACED, _("Placement agreement number"), _("Issued by"), exit_kind="kinship"),
        Step(Stage.REVIEWED, REPORT, SOCIAL_WORKER, "foster_monitoring"),
        Step(Stage.ENDED, closes=True),
    ],
    Kind.GUARDIANSHIP: [
        Step(
            Stage.GUARDIAN_APPOINTED,
            _("Court order number"),
            _("Court"),
            "guardian_court_order",
            exit_kind="guardianship",
            closes=True,
        ),
    ],
}

# Tim PIPA's answer: only a recommendation lets the file go on; otherwise it is refused.
RECOMMENDED = "recommended"
NOT_RECOMMENDED = "not_recommended"
PIPA_OUTCOMES = [(RECOMMENDED, _("Recommended")), (NOT_RECOMMENDED, _("Not recommended"))]
# Where the child goes when a foster or kinship placement ends (the "ended" step's outcome). An adoption
# refused or withdrawn while the child is in trial care sends the child back to the home (services).
REUNIFIED = "reunification"
BACK_TO_HOME = "lksa"
INDEPENDENT = "independent"
END_OUTCOMES = [
    (REUNIFIED, _("Back with the parents (reunification)")),
    (BACK_TO_HOME, _("Back to the LKSA that cared for the child")),
    (INDEPENDENT, _("Independent living (18 or older)")),
]
CLOSING = (Stage.WITHDRAWN, Stage.REFUSED)
LIVING_WITH_FAMILY = (Stage.PLACED, Stage.REVIEWED)  # foster/kinship stages with monitoring visits


def steps_of(kind: str) -> list[Step]:
    return FLOWS[kind]


def step_of(kind: str, stage: str) -> Step | None:
    return next((step for step in FLOWS[kind] if step.stage == stage), None)


def next_step(file: CareFile) -> Step | None:
    """The one step that may be recorded next, or None when the file is closed or complete."""
    if file.closed_on is not None:
        return None
    stages = [step.stage for step in FLOWS[file.kind]]
    at = stages.index(file.stage) if file.stage in stages else -1
    return FLOWS[file.kind][at + 1] if at + 1 < len(stages) else None


def exit_step(kind: str) -> Step | None:
    return next((step for step in FLOWS[kind] if step.exit_kind), None)


def stages_from(kind: str, stage: str) -> list[str]:
    """``stage`` and the stages after it in ``kind``'s flow."""
    stages = [step.stage for step in FLOWS[kind]]
    return stages[stages.index(stage) :] if stage in stages else []


def trial_ends_on(file: CareFile, rules: RuleSet) -> date | None:
    if file.trial_started_on is None:
        return None
    return add_months(file.trial_started_on, int(rules.params.get("trial_months", 6)))


def due_on(file: CareFile, rules: RuleSet) -> date | None:
    """When the next step is due (service deadlines in the rules), or None when nothing is waiting."""
    step = next_step(file)
    if step is None:
        return None
    days = rules.params.get("deadlines", {}).get(step.stage)
    if days is None:
        return None
    if step.stage == Stage.HOME_VISIT_2 and (ends := trial_ends_on(file, rules)) is not None:
        return ends + timedelta(days=int(days))
    return file.stage_on + timedelta(days=int(days))
