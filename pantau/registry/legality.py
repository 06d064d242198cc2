"""Legality status of an LKSA, computed from its records by explainable rules.

Each rule that fires yields a reason with a code, a severity, the facts it rests on and the legal
basis it cites, so a supervisor (and the public page) can say *why*. The rules only read records;
``services.legality_refresh`` stores the outcome on the LKSA.

Legal bases follow ../shared/domain/rules-and-data.md §1, §2 and §5; article numbers marked there as
unverified must be checked against the official texts before these rules bind anyone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from pantau.registry.models import Lksa
from pantau.registry.models.lksa import LegalityStatus
from pantau.registry.models.records import (
    Accreditation,
    AdoptionLicence,
    BankAccount,
    FundraisingPermit,
    Registration,
)

CRITICAL = "critical"
WARNING = "warning"
EXPIRY_WARNING_DAYS = 60


@dataclass(frozen=True)
class Rule:
    severity: str
    message: Promise  # may use %(date)s, %(count)s, %(number)s ... from the reason's params
    legal_basis: str


RULES: dict[str, Rule] = {
    "registration_missing": Rule(
        CRITICAL,
        _("No Dinas Sosial registration (Tanda Daftar LKS / operating licence) is on record."),
        "UU 11/2009 Pasal 38; Permensos 184/2011",
    ),
    "registration_missing_entity_only": Rule(
        CRITICAL,
        _(
            "Only the foundation's Kemenkumham (AHU) decree is on record. That decree creates the legal "
            "entity; it is not a licence to run a children's home."
        ),
        "UU 11/2009 Pasal 38; Permensos 184/2011",
    ),
    "registration_expired": Rule(
        CRITICAL,
        _("The Dinas Sosial registration %(number)s expired on %(date)s."),
        "UU 11/2009 Pasal 38; Permensos 184/2011",
    ),
    "registration_expiring": Rule(
        WARNING,
        _("The Dinas Sosial registration %(number)s expires on %(date)s."),
        "Permensos 184/2011 (renewal)",
    ),
    "legal_entity_missing": Rule(
        WARNING,
        _(
            "No legal entity ratified by Kemenkumham (yayasan or perkumpulan). Without one the home may not "
            "raise funds from the public or handle adoptions."
        ),
        "Permensos 184/2011; Permensos 8/2021 Pasal 3; PP 54/2007",
    ),
    "accreditation_missing": Rule(WARNING, _("Not accredited."), "UU 11/2009 Pasal 53; Permensos 8/2025"),
    "accreditation_expired": Rule(
        WARNING,
        _("Accreditation (grade %(grade)s) expired on %(date)s."),
        "UU 11/2009 Pasal 53; Permensos 8/2025",
    ),
    "fundraising_without_permit": Rule(
        CRITICAL,
        _("Raises money from the public, but no fundraising (PUB) permit is valid today."),
        "UU 9/1961; PP 29/1980; Permensos 8/2021",
    ),
    "fundraising_permit_without_entity": Rule(
        CRITICAL,
        _("Holds fundraising permit %(number)s, but only a legal entity may raise funds from the public."),
        "Permensos 8/2021 Pasal 3",
    ),
    "personal_bank_account": Rule(
        CRITICAL,
        _("%(count)s bank account(s) are held by a person, not by the foundation."),
        "Permensos 8/2021 (collection account in the organisation's name)",
    ),
    "staff_missing": Rule(WARNING, _("No staff are on record."), "Permensos 30/HUK/2011 (SNPA) E29"),
    "staff_unscreened": Rule(
        WARNING,
        _("%(count)s active staff member(s) have no police clearance (SKCK) on record."),
        "Permensos 30/HUK/2011 (SNPA) D22",
    ),
    "staff_clearance_expired": Rule(
        WARNING,
        _(
            "The police clearance (SKCK) of %(count)s active staff member(s) is no longer valid under "
            "the validity the home's Dinas Sosial sets."
        ),
        # The validity is a policy setting of the Dinas Sosial (pantau.staffing): Polri's own is unverified.
        "Permensos 30/HUK/2011 (SNPA) D22; validity: Dinas Sosial policy setting (unverified)",
    ),
    "staff_untrained": Rule(
        WARNING,
        _("%(count)s active staff member(s) have no child-protection training on record."),
        "Permensos 30/HUK/2011 (SNPA) D23 (item from text fragments; unverified)",
    ),
    "no_social_worker": Rule(
        WARNING, _("No qualified social worker (peksos) among the staff."), "Permensos 30/HUK/2011 (SNPA) E33"
    ),
    "over_capacity": Rule(
        WARNING,
        _("%(count)s children in care for a capacity of %(capacity)s."),
        "Permensos 30/HUK/2011 (SNPA) F37",
    ),
    "adoption_licence_expired": Rule(
        WARNING, _("The adoption licence %(number)s expired on %(date)s."), "PP 54/2007 Pasal 1 angka 5"
    ),
}


@dataclass
class Assessment:
    status: str
    reasons: list[dict[str, Any]] = field(default_factory=list)


def _reason(code: str, **params: Any) -> dict[str, Any]:
    rule = RULES[code]
    clean = {key: value.isoformat() if isinstance(value, date) else value for key, value in params.items()}
    return {"code": code, "severity": rule.severity, "legal_basis": rule.legal_basis, "params": clean}


def _current(records: list[Any], day: date) -> Any | None:
    valid = [r for r in records if r.is_valid_on(day)]
    return max(valid, key=lambda r: r.valid_until or date.max) if valid else None


def _latest(records: list[Any]) -> Any | None:
    return max(records, key=lambda r: r.issued_on) if records else None


def assess(lksa: Lksa, *, today: date) -> Assessment:
    """Apply every rule to ``lksa`` as it stands on ``today``. Reads related records (prefetch them)."""
    reasons: list[dict[str, Any]] = []
    registrations: list[Registration] = list(lksa.registrations.all())
    entity = getattr(lksa, "legal_entity", None)
    has_entity = entity is not None and entity.is_recognised

    registration = _current(registrations, today)
    if registration is None:
        latest = _latest(registrations)
        if latest is not None and latest.valid_until and latest.valid_until < today:
            reasons.append(_reason("registration_expired", number=latest.number, date=latest.valid_until))
        elif has_entity:
            reasons.append(_reason("registration_missing_entity_only"))
        else:
            reasons.append(_reason("registration_missing"))
    elif registration.valid_until and registration.valid_until <= today + timedelta(days=EXPIRY_WARNING_DAYS):
        reasons.append(
            _reason("registration_expiring", number=registration.number, date=registration.valid_until)
        )

    if not has_entity:
        reasons.append(_reason("legal_entity_missing"))

    accreditations: list[Accreditation] = list(lksa.accreditations.all())
    if _current(accreditations, today) is None:
        latest_accreditation = _latest(accreditations)
        if latest_accreditation is None:
            reasons.append(_reason("accreditation_missing"))
        else:
            reasons.append(
                _reason(
                    "accreditation_expired",
                    grade=latest_accreditation.grade,
                    date=latest_accreditation.valid_until,
                )
            )

    permits: list[FundraisingPermit] = list(lksa.fundraising_permits.all())
    permit = _current(permits, today)
    if lksa.solicits_donations and permit is None:
        reasons.append(_reason("fundraising_without_permit"))
    if permit is not None and not has_entity:
        reasons.append(_reason("fundraising_permit_without_entity", number=permit.number))

    accounts: list[BankAccount] = list(lksa.bank_accounts.all())
    personal = [a for a in accounts if a.holder_kind == BankAccount.Holder.PERSON]
    if personal:
        reasons.append(_reason("personal_bank_account", count=len(personal)))

    staff = [s for s in lksa.staff.all() if s.is_active]
    if not staff:
        reasons.append(_reason("staff_missing"))
    else:
        unscreened = [s for s in staff if s.police_clearance_on is None]
        if unscreened:
            reasons.append(_reason("staff_unscreened", count=len(unscreened)))
        # A clearance expires on the day after ``police_clearance_until`` (pantau.staffing sets it).
        expired = [
            s for s in staff if s.police_clearance_until is not None and s.police_clearance_until < today
        ]
        if expired:
            reasons.append(_reason("staff_clearance_expired", count=len(expired)))
        untrained = [s for s in staff if s.protection_training_on is None]
        if untrained:
            reasons.append(_reason("staff_untrained", count=len(untrained)))
        if not any(s.is_social_worker for s in staff):
            reasons.append(_reason("no_social_worker"))

    if lksa.capacity and lksa.children_count is not None and lksa.children_count > lksa.capacity:
        reasons.append(_reason("over_capacity", count=lksa.children_count, capacity=lksa.capacity))

    licences: list[AdoptionLicence] = list(lksa.adoption_licences.all())
    latest_licence = _latest(licences)
    if latest_licence is not None and _current(licences, today) is None and latest_licence.valid_until:
        reasons.append(
            _reason("adoption_licence_expired", number=latest_licence.number, date=latest_licence.valid_until)
        )

    if registration is None:
        status = LegalityStatus.NOT_REGISTERED
    elif reasons:
        status = LegalityStatus.ATTENTION
    else:
        status = LegalityStatus.REGISTERED
    reasons.sort(key=lambda r: (r["severity"] != CRITICAL, r["code"]))
    return Assessment(status=status, reasons=reasons)


def reason_text(reason: dict[str, Any]) -> str:
    """The reason in the active language, dates formatted for the reader."""
    rule = RULES.get(reason["code"])
    if rule is None:
        return str(reason["code"])
    params = dict(reason.get("params") or {})
    if params.get("date"):
        params["date"] = date_format(date.fromisoformat(params["date"]), "j F Y")
    return str(rule.message) % params if params else str(rule.message)
