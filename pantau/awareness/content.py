"""What the public awareness pages and leaflets show besides their text (which lives in the templates):
the hotline numbers (configuration) and the legal provisions they cite, taken from the reviewed tables
(pantau.familycare.law, pantau.cases.law) so that every citation carries the status it has there.
Nothing here adds an article: a provision a page needs and the tables lack is not cited."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from pantau.cases import law as case_law
from pantau.familycare import law as care_law

TOPICS = ("check", "adoption", "digital", "report")


@dataclass(frozen=True)
class Citation:
    citation: str
    says: Promise
    status: str
    status_label: Promise


def _care(key: str) -> Citation:
    row = care_law.PROVISIONS[key]
    return Citation(row.citation, row.requires, row.status, care_law.STATUS_LABELS[row.status])


def _case(key: str) -> Citation:
    row = case_law.PROVISIONS[key]
    return Citation(row.citation, row.summary, row.status, row.status_label)


def adoption_steps() -> list[Citation]:
    """What makes an adoption legal, in the order a family meets it."""
    return [
        _care(key)
        for key in (
            "best_interest",
            "age",
            "married_5_years",
            "social_report",
            "trial_care",
            "pipa",
            "permit",
            "court_order",
            "civil_registration",
            "licensed_lksa",
        )
    ]


def adoption_offences() -> list[Citation]:
    """Why an informal "adoption" is a crime. UU 21/2007 Pasal 5 needs the intent to exploit the child:
    a paid adoption without it is read under UU 35/2014 (sale of a child) and UU 23/2002 Pasal 79."""
    return [_case("pa_79"), _case("pa_76f"), _case("tppo_5")]


def digital_provisions() -> list[Citation]:
    return [_case("pa_76i"), _case("tpks_14")]


def hotline() -> dict[str, str]:
    """The configured numbers (settings.PANTAU_SAPA_*), with a WhatsApp link in international form."""
    whatsapp = settings.PANTAU_SAPA_WHATSAPP
    digits = "".join(ch for ch in whatsapp if ch.isdigit())
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    return {
        "number": settings.PANTAU_SAPA_HOTLINE,
        "whatsapp": whatsapp,
        "whatsapp_link": f"https://wa.me/{digits}",
    }


TITLES = {
    "check": _("Check a children's home before you donate"),
    "adoption": _("Adopting a child: the legal way, step by step"),
    "digital": _("Children online: a guide for parents and carers"),
    "report": _("How to report a child at risk"),
}
