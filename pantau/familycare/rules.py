"""Who may adopt, foster or care for a relative's child: the checks, read from a versioned rule set.

The numbers (ages, years married, children, documents, deadlines) come from ``RuleSet.params`` so that
a change in regulation is a new version, not a code change; what each number means and the provision
behind it is here and in ``familycare.law``. Each check answers met / missing / failing with the facts
it used, so an officer can say why.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pantau.familycare.law import PROVISIONS, Provision
from pantau.familycare.models import Citizenship, DocumentKind, Family, Kind, RuleSet

MET = "met"
MISSING = "missing"
FAILING = "failing"

# The first version of each kind's rules (data migration 0002 installs these; an administrator
# publishes later versions). Deadlines are days for each stage after the one before it: service
# standards, not law.
DEFAULTS: dict[str, dict[str, Any]] = {
    Kind.ADOPTION: {
        "min_age": 30,
        "max_age": 55,
        "min_marriage_years": 5,
        "max_existing_children": 1,
        "max_adoptions": 2,
        "min_years_between_adoptions": 2,
        "trial_months": 6,
        "required_documents": [
            "ktp",
            "kk",
            "marriage",
            "birth",
            "health",
            "mental_health",
            "skck",
            "income",
            "parent_consent",
            "best_interest",
        ],
        "deadlines": {
            "home_visit_1": 30,
            "trial_care": 60,
            "home_visit_2": 30,
            "pipa_review": 30,
            "permit_decree": 30,
            "court_order": 90,
            "registered": 60,
        },
    },
    Kind.FOSTER: {
        "min_age": 30,
        "max_age": 55,
        "required_documents": ["ktp", "kk", "health", "skck", "non_violence", "domicile"],
        "monitoring_every_days": 90,
        "deadlines": {"assessed": 30, "trained": 60, "matched": 60, "placed": 30, "reviewed": 180},
    },
    Kind.KINSHIP: {
        "min_age": None,
        "max_age": None,
        "required_documents": ["ktp", "kk", "non_violence"],
        "monitoring_every_days": 90,
        "deadlines": {"assessed": 30, "placed": 30, "reviewed": 180},
    },
    Kind.GUARDIANSHIP: {"min_age": 30, "max_age": None, "required_documents": ["ktp", "kk"], "deadlines": {}},
}

# Which provision each document evidences (the others: the document list of Permensos 110/HUK/2009).
DOCUMENT_PROVISION: dict[str, dict[str, str]] = {
    Kind.ADOPTION: {
        "health": "healthy",
        "mental_health": "healthy",
        "skck": "good_conduct",
        "income": "able",
        "parent_consent": "consent",
        "best_interest": "best_interest_statement",
        "marriage": "married_5_years",
    },
    Kind.FOSTER: {"health": "foster_healthy", "skck": "foster_conduct", "non_violence": "foster_conduct"},
    Kind.KINSHIP: {"non_violence": "foster_conduct"},
    Kind.GUARDIANSHIP: {},
}
AGE_PROVISION: dict[str, str] = {
    Kind.ADOPTION: "age",
    Kind.FOSTER: "foster_age",
    Kind.GUARDIANSHIP: "guardian_court_order",
}

DOCUMENTS_PROVISION = Provision(
    "Permensos 110/HUK/2009",
    gettext_lazy("The application's documents."),
    "partly",
)


@dataclass(frozen=True)
class Check:
    code: str
    label: str
    status: str
    detail: str
    provision: Provision

    @property
    def ok(self) -> bool:
        return self.status == MET


@dataclass
class Eligibility:
    rules: RuleSet
    on: date
    checks: list[Check] = field(default_factory=list)

    @property
    def failing(self) -> list[Check]:
        return [c for c in self.checks if c.status == FAILING]

    @property
    def missing(self) -> list[Check]:
        return [c for c in self.checks if c.status == MISSING]

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    def summary(self) -> dict[str, Any]:
        """What a decision stores: the version and each check's outcome."""
        return {
            "rules_version": self.rules.version,
            "on": self.on.isoformat(),
            "checks": {c.code: c.status for c in self.checks},
        }


def whole_years(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it has no such day: 31 Aug + 6 = 28 Feb)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)


def _day(value: date) -> str:
    return date_format(value, "j M Y")


def _age_check(family: Family, kind: str, params: dict[str, Any], on: date) -> list[Check]:
    low, high = params.get("min_age"), params.get("max_age")
    if low is None and high is None:
        return []
    provision = PROVISIONS[AGE_PROVISION[kind]]
    checks = []
    labels = {"applicant": _("Age of the applicant"), "spouse": _("Age of the spouse")}
    window = (
        _("the rules allow %(low)s to %(high)s") % {"low": low, "high": high}
        if low is not None and high is not None
        else _("the rules ask for at least %(low)s") % {"low": low}
        if low is not None
        else _("the rules allow at most %(high)s") % {"high": high}
    )
    for role, born, _religion, _citizenship in family.applicants():
        if born is None:
            checks.append(Check(f"age_{role}", labels[role], MISSING, _("No date of birth."), provision))
            continue
        age = whole_years(born, on)
        inside = (low is None or age >= low) and (high is None or age <= high)
        detail = _("%(age)s years old on %(date)s; %(window)s.") % {
            "age": age,
            "date": _day(on),
            "window": window,
        }
        checks.append(Check(f"age_{role}", labels[role], MET if inside else FAILING, detail, provision))
    return checks


def _adoption_checks(family: Family, params: dict[str, Any], on: date) -> list[Check]:
    checks: list[Check] = []
    if family.is_couple:
        years = params["min_marriage_years"]
        if family.married_on is None:
            status, detail = MISSING, _("No marriage date.")
        else:
            enough = add_years(family.married_on, years) <= on
            status = MET if enough else FAILING
            detail = _("Married on %(date)s: %(years)s full years by %(on)s; at least %(need)s needed.") % {
                "date": _day(family.married_on),
                "years": whole_years(family.married_on, on),
                "on": _day(on),
                "need": years,
            }
        checks.append(Check("married", _("Years married"), status, detail, PROVISIONS["married_5_years"]))
        if not family.spouse_sex:
            status, detail = MISSING, _("The spouse's sex is not recorded.")
        elif family.spouse_sex == family.applicant_sex:
            status, detail = FAILING, _("The applicants are a same-sex couple.")
        else:
            status, detail = MET, _("A married man and woman.")
        checks.append(
            Check("not_same_sex", _("Not a same-sex couple"), status, detail, PROVISIONS["not_same_sex"])
        )
    else:
        if family.applicant_citizenship != Citizenship.WNI:
            status, detail = FAILING, _("A single parent may adopt only as an Indonesian citizen.")
        elif not _valid_document(family, DocumentKind.SINGLE_PARENT_PERMIT, on):
            status, detail = (
                MISSING,
                _("A single-parent adoption needs the Minister's permit, not on record."),
            )
        else:
            status, detail = MET, _("Indonesian citizen with the Minister's permit.")
        checks.append(
            Check("single_parent", _("Single-parent adoption"), status, detail, PROVISIONS["single_parent"])
        )
    limit = params["max_existing_children"]
    status = MET if family.children_count <= limit else FAILING
    detail = _("%(count)s children already; at most %(limit)s allowed.") % {
        "count": family.children_count,
        "limit": limit,
    }
    checks.append(
        Check(
            "children_count",
            _("Children already in the family"),
            status,
            detail,
            PROVISIONS["children_count"],
        )
    )
    most, gap = params["max_adoptions"], params["min_years_between_adoptions"]
    if family.adoptions_before >= most:
        status = FAILING
        detail = _("%(count)s adoptions already; at most %(most)s.") % {
            "count": family.adoptions_before,
            "most": most,
        }
    elif family.adoptions_before and family.last_adoption_on and add_years(family.last_adoption_on, gap) > on:
        status = FAILING
        detail = _("The last adoption was on %(date)s; %(gap)s years must pass.") % {
            "date": _day(family.last_adoption_on),
            "gap": gap,
        }
    else:
        status = MET
        detail = _("%(count)s adoptions before.") % {"count": family.adoptions_before}
    checks.append(
        Check("adoptions_limit", _("Earlier adoptions"), status, detail, PROVISIONS["adoptions_limit"])
    )
    if family.monthly_income is None:
        checks.append(
            Check("income", _("Income"), MISSING, _("No monthly income recorded."), PROVISIONS["able"])
        )
    return checks


def _valid_document(family: Family, kind: str, on: date) -> bool:
    return any(d.kind == kind and d.is_valid_on(on) for d in family.documents.all())


def _document_checks(family: Family, kind: str, params: dict[str, Any], on: date) -> list[Check]:
    checks = []
    labels = dict(DocumentKind.choices)
    documents = list(family.documents.all())
    for code in params.get("required_documents", []):
        if code == DocumentKind.MARRIAGE and not family.is_couple:
            continue
        provision = PROVISIONS.get(DOCUMENT_PROVISION[kind].get(code, ""), DOCUMENTS_PROVISION)
        held = [d for d in documents if d.kind == code]
        valid = [d for d in held if d.is_valid_on(on)]
        if valid:
            status, detail = MET, _("On record, issued %(date)s.") % {"date": _day(valid[0].issued_on)}
        elif held:
            latest = max(held, key=lambda d: d.issued_on)
            if latest.valid_until and latest.valid_until < on:
                detail = _("Expired on %(date)s.") % {"date": _day(latest.valid_until)}
            else:
                detail = _("Issued after %(date)s.") % {"date": _day(on)}
            status = FAILING
        else:
            status, detail = MISSING, _("Not on record.")
        checks.append(Check(f"document_{code}", str(labels[code]), status, detail, provision))
    return checks


def eligibility(
    family: Family,
    rules: RuleSet,
    *,
    on: date,
    child_religion: str | None = None,
    intercountry_reason: str | None = None,
) -> Eligibility:
    """Check ``family`` against ``rules`` on ``on`` (the application date). The child's religion and an
    intercountry adoption's reason are the file's: None when checking the family alone (not shown)."""
    kind, params = rules.kind, rules.params
    result = Eligibility(rules=rules, on=on)
    result.checks += _age_check(family, kind, params, on)
    if kind == Kind.ADOPTION:
        result.checks += _adoption_checks(family, params, on)
    if kind in (Kind.FOSTER, Kind.GUARDIANSHIP) and family.applicant_citizenship != Citizenship.WNI:
        provision = PROVISIONS["foster_citizen" if kind == Kind.FOSTER else "guardian_court_order"]
        result.checks.append(
            Check(
                "citizen",
                _("Citizenship"),
                FAILING,
                _("The applicant must be an Indonesian citizen."),
                provision,
            )
        )
    if kind == Kind.KINSHIP:
        status = MET if family.relationship_to_child.strip() else MISSING
        detail = family.relationship_to_child or _("How the family is related to the child is not recorded.")
        result.checks.append(
            Check("relative", _("Relative of the child"), status, detail, PROVISIONS["gatekeeping"])
        )
    result.checks += _document_checks(family, kind, params, on)
    if child_religion is not None and kind in (Kind.ADOPTION, Kind.FOSTER):
        provision = PROVISIONS["same_religion" if kind == Kind.ADOPTION else "foster_same_religion"]
        religions = {religion for _role, _born, religion, _c in family.applicants()}
        if not child_religion or not all(religions):
            status, detail = MISSING, _("The child's or an applicant's religion is not recorded.")
        elif religions == {child_religion}:
            status, detail = MET, _("The same religion as the child.")
        else:
            status, detail = FAILING, _("Not the same religion as the child.")
        result.checks.append(Check("same_religion", _("Religion"), status, detail, provision))
    if intercountry_reason is not None and kind == Kind.ADOPTION:
        foreign = any(c == Citizenship.WNA for _r, _b, _rel, c in family.applicants())
        if foreign:
            status = MET if intercountry_reason.strip() else MISSING
            detail = intercountry_reason.strip() or _(
                "An adoption by a foreign citizen is the last resort: record why no family in Indonesia "
                "could be found. Its permit is the Minister's."
            )
            result.checks.append(
                Check(
                    "intercountry",
                    _("Intercountry adoption"),
                    status,
                    detail,
                    PROVISIONS["intercountry_last_resort"],
                )
            )
    return result


FIRST_VALID_FROM = date(2020, 1, 1)


def first_versions_install() -> None:
    """Version 1 of every kind's rules, where a kind has none (as migration 0002 installs them): a
    database emptied since (a test that flushes every table) gets them back instead of failing."""
    for kind, params in DEFAULTS.items():
        if not RuleSet.objects.filter(kind=kind).exists():
            RuleSet.objects.get_or_create(
                kind=kind,
                version=1,
                defaults={
                    "valid_from": FIRST_VALID_FROM,
                    "params": params,
                    "note": "First version (defaults).",
                },
            )


def current_rules(kind: str, *, on: date) -> RuleSet:
    """The rule set in force for ``kind`` on ``on``: the latest version applying from that day or before."""
    in_force = RuleSet.objects.filter(kind=kind, valid_from__lte=on).order_by("-valid_from", "-version")
    found = in_force.first()
    if found is None and not RuleSet.objects.filter(kind=kind).exists():
        first_versions_install()
        found = in_force.first()
    if found is None:
        raise RuleSet.DoesNotExist(f"no {kind} rules in force on {on}")
    return found
