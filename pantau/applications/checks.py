"""The legal checks Dinas Sosial sees beside an application, read from the registry as it stands.

Each check says what was found, whether it stands in the way ("problem"), deserves a look ("warning") or
is fine ("ok"), and the rule it rests on (requirements.PROVISIONS, with their status). They inform the
officer's decision; they decide nothing themselves (an approval with a problem open is the officer's
call, recorded with their name).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pantau.applications.models import Application, Kind
from pantau.applications.requirements import PROVISIONS
from pantau.registry.legality import reason_text
from pantau.registry.models import BankAccount, Lksa

OK = "ok"
WARNING = "warning"
PROBLEM = "problem"


@dataclass(frozen=True)
class Check:
    key: str
    label: str
    outcome: str
    detail: str
    basis: str = ""
    basis_status: str = ""


def _basis(key: str) -> dict[str, str]:
    provision = PROVISIONS[key]
    return {"basis": provision.citation, "basis_status": provision.status}


def _day(value: date) -> str:
    return date_format(value, "j F Y")


def legal_checks(application: Application, lksa: Lksa, *, today: date) -> list[Check]:
    """``lksa`` loaded with ``registry.services.lksa_queryset_for_assessment`` (its records prefetched)."""
    checks: list[Check] = []
    kind = application.kind
    entity = getattr(lksa, "legal_entity", None)
    if entity is not None and entity.is_recognised:
        checks.append(
            Check(
                "legal_entity",
                _("Legal entity recognised by Kemenkumham"),
                OK,
                _("%(name)s, SK AHU %(number)s") % {"name": entity.name, "number": entity.ahu_number},
                **_basis("pub_legal_entity"),
            )
        )
    else:
        checks.append(
            Check(
                "legal_entity",
                _("Legal entity recognised by Kemenkumham"),
                PROBLEM if kind == Kind.PUB_RECOMMENDATION else WARNING,
                _("None on record: required for a fundraising permit.")
                if kind == Kind.PUB_RECOMMENDATION
                else _("None on record: a home without one registers with a legalised founding note."),
                **_basis("pub_legal_entity"),
            )
        )

    accounts: list[BankAccount] = list(lksa.bank_accounts.all())
    if kind == Kind.PUB_RECOMMENDATION:
        account = next((a for a in accounts if a.pk == application.bank_account_id), None)
        if account is None:
            outcome, detail = PROBLEM, _("No collection account of the home is named.")
        elif account.holder_kind != BankAccount.Holder.FOUNDATION:
            outcome, detail = (
                PROBLEM,
                _("%(account)s is held by a person (%(holder)s).")
                % {
                    "account": account,
                    "holder": account.holder_name,
                },
            )
        else:
            outcome, detail = (
                OK,
                _("%(account)s, held by %(holder)s.")
                % {
                    "account": account,
                    "holder": account.holder_name,
                },
            )
        checks.append(
            Check(
                "account",
                _("Collection account held by the foundation"),
                outcome,
                detail,
                **_basis("pub_account"),
            )
        )
    else:
        personal = [a for a in accounts if a.holder_kind == BankAccount.Holder.PERSON]
        checks.append(
            Check(
                "account",
                _("Bank accounts held by the foundation"),
                WARNING if personal or not accounts else OK,
                _("%(count)s of %(total)s held by a person.")
                % {"count": len(personal), "total": len(accounts)}
                if accounts
                else _("No bank account on record."),
                **_basis("pub_account"),
            )
        )

    # The registry as it stood for the application: not the registration its own approval created.
    registrations = sorted(
        (r for r in lksa.registrations.all() if r.pk != application.registration_id),
        key=lambda r: r.issued_on,
        reverse=True,
    )
    current = next((r for r in registrations if r.is_valid_on(today)), None)
    latest = registrations[0] if registrations else None
    if current is not None:
        until = _day(current.valid_until) if current.valid_until else _("no end date")
        detail = _("Current: %(number)s, valid until %(until)s.") % {"number": current.number, "until": until}
        outcome = WARNING if kind == Kind.REGISTRATION else OK
        if kind == Kind.REGISTRATION:
            detail += " " + _("The home already holds a current registration: a renewal may be meant.")
    elif latest is not None:
        detail = _("Expired: %(number)s, valid until %(until)s.") % {
            "number": latest.number,
            "until": _day(latest.valid_until) if latest.valid_until else "—",
        }
        outcome = PROBLEM if kind == Kind.PUB_RECOMMENDATION else (OK if kind == Kind.RENEWAL else WARNING)
    else:
        detail = _("No registration on record.")
        outcome = OK if kind == Kind.REGISTRATION else PROBLEM
    checks.append(
        Check(
            "registration",
            _("Dinas Sosial registration (Tanda Daftar)"),
            outcome,
            detail,
            **_basis("registration_required"),
        )
    )

    if kind == Kind.RENEWAL:
        renewed = next((r for r in registrations if r.pk == application.previous_registration_id), None)
        checks.append(
            Check(
                "renewed",
                _("Registration to renew"),
                OK if renewed is not None else PROBLEM,
                str(renewed.number)
                if renewed is not None
                else _("The application names no registration of this home."),
                **_basis("registration_validity"),
            )
        )

    accreditations = [a for a in lksa.accreditations.all() if a.is_valid_on(today)]
    if accreditations:
        best = min(accreditations, key=lambda a: a.grade)
        accreditation = Check(
            "accreditation",
            _("Accreditation"),
            OK,
            _("Grade %(grade)s, valid until %(until)s.")
            % {"grade": best.grade, "until": _day(best.valid_until) if best.valid_until else "—"},
        )
    else:
        accreditation = Check("accreditation", _("Accreditation"), WARNING, _("No current accreditation."))
    checks.append(accreditation)
    return checks


def legality_reasons(lksa: Lksa) -> list[dict[str, str]]:
    """The registry's own legality reasons for the home (pantau.registry.legality), as stored."""
    return [
        {"text": reason_text(reason), "severity": reason["severity"], "legal_basis": reason["legal_basis"]}
        for reason in lksa.legality_reasons
    ]
