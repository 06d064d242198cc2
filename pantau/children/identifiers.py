"""Children's identifiers: normalising, NIK checks, and encryption on the model.

NIK structure (rules-and-data.md §7): 16 digits ``PP KK CC DDMMYY SSSS``; a woman's day is +40; the
region prefix is where the number was issued and may predate a split (pemekaran) — a warning, not an
error. Structural checks come from the lokal-id package; the cross-checks against the child's record
and the messages (in the user's language) are ours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _
from lokal import parse_nik
from lokal.wilayah import wilayah_name

from pantau.children.models import Child, DatePrecision
from pantau.lib.crypto import blind_index, decrypt, encrypt

IDENTIFIERS = ("nik", "kk", "birth_certificate")


def normalise(name: str, value: str) -> str:
    value = (value or "").strip()
    if name in ("nik", "kk"):
        return re.sub(r"[\s.\-]", "", value)
    return re.sub(r"\s+", " ", value).upper()


def _context(name: str) -> str:
    return f"children.child.{name}"


def set_identifier(child: Child, name: str, value: str) -> None:
    clear = normalise(name, value)
    setattr(child, f"{name}_cipher", encrypt(clear, context=_context(name)) if clear else "")
    setattr(child, f"{name}_hash", blind_index(clear, context=_context(name)) if clear else "")


def read_identifier(child: Child, name: str) -> str:
    token = getattr(child, f"{name}_cipher")
    return decrypt(token, context=_context(name)) if token else ""


def identifier_hash(name: str, value: str) -> str:
    return blind_index(normalise(name, value), context=_context(name))


def check_kk(kk: str) -> str:
    """The problem with a family card number, or "" (a KK number has 16 digits, like a NIK)."""
    digits = normalise("kk", kk)
    if not re.fullmatch(r"\d{16}", digits):
        return _("A family card (KK) number has exactly 16 digits (this one has %(n)s characters).") % {
            "n": len(digits)
        }
    return ""


@dataclass
class NikCheck:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def check_nik(nik: str, *, birth_date: date | None, precision: str, sex: str, today: date) -> NikCheck:
    """Errors make a NIK unusable; warnings are disagreements a person should look at."""
    result = NikCheck()
    digits = normalise("nik", nik)
    if not re.fullmatch(r"\d{16}", digits):
        result.errors.append(
            _("A NIK has exactly 16 digits (this one has %(n)s characters).") % {"n": len(digits)}
        )
        return result
    info = parse_nik(digits, lookup_wilayah=wilayah_name, reference_date=today)
    codes = {issue.code for issue in info.errors}
    if "province" in codes or "wilayah" in codes:
        result.errors.append(
            _("The NIK starts with an unknown province or region code (%(code)s).") % {"code": digits[:6]}
        )
    if "birth_date" in codes:
        result.errors.append(_("The date of birth inside the NIK (digits 7-12) is not a real date."))
    if "serial" in codes:
        result.errors.append(_("The last four digits of a NIK cannot be 0000."))
    if any(w.code == "wilayah_unknown" for w in info.warnings):
        result.warnings.append(
            _(
                "The NIK's region code is not in the current Kemendagri list; it may predate a "
                "regional split (pemekaran)."
            )
        )
    if info.gender and sex and info.gender != sex:
        result.warnings.append(
            _(
                "The NIK says the child is %(nik_sex)s, the record says %(sex)s (women's NIKs add "
                "40 to the day)."
            )
            % {"nik_sex": info.gender, "sex": sex}
        )
    if info.birth_date and birth_date and precision == DatePrecision.EXACT:
        in_nik = date.fromisoformat(info.birth_date)
        if in_nik != birth_date:
            result.warnings.append(
                _("The NIK gives the date of birth %(nik_date)s, the record %(date)s.")
                % {"nik_date": in_nik.isoformat(), "date": birth_date.isoformat()}
            )
    return result
