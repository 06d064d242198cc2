"""TPPO assessment: which legal provisions the recorded facts point to (rules-and-data.md §4).

UU 21/2007 defines trafficking by three elements: a process (recruiting, transporting, harbouring,
sending, transferring, receiving), a means (threat, force, abduction, deception, abuse of power or of a
vulnerable position, debt bondage, payment to a person in control) and an exploitative purpose. For a
child the means is not needed: consent is irrelevant (Pasal 26), and UU 35/2014 Pasal 76F jo. 83 bans
the trafficking of children with no means element at all; Pasal 76I jo. 88 bans the economic or sexual
exploitation of a child on its own.

This is guidance for professionals, never a legal finding: the page says so every time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

PROCESS = {
    "recruit": _("Recruiting (perekrutan)"),
    "transport": _("Transporting (pengangkutan)"),
    "harbour": _("Harbouring (penampungan)"),
    "send": _("Sending, within or out of Indonesia (pengiriman)"),
    "transfer": _("Transferring (pemindahan)"),
    "receive": _("Receiving (penerimaan)"),
}
MEANS = {
    "threat": _("Threat or use of force"),
    "abduction": _("Abduction or confinement"),
    "deception": _("Deception or forgery"),
    "abuse_of_power": _("Abuse of power or of a vulnerable position"),
    "debt": _("Debt bondage"),
    "payment": _("Payment or benefit to a person in control of the victim"),
}
PURPOSE = {
    "economic": _("Economic exploitation (work, begging, performing)"),
    "livestream": _("Live streams or videos to collect money or gifts"),
    "sexual": _("Sexual exploitation"),
    "adoption": _("Adoption with a promise or payment"),
    "organs": _("Removal of organs"),
}
EXPLOITATION = {"economic", "livestream", "sexual", "organs"}

DISCLAIMER = _(
    "Guidance for professionals, not a legal finding: whether an offence was committed is for the police, "
    "prosecutors and courts to decide on the evidence."
)


@dataclass(frozen=True)
class Pointer:
    provision: str
    explanation: Any


@dataclass
class Reading:
    pointers: list[Pointer]
    missing: list[Any]  # elements still to establish


def assess(*, process: list[str], means: list[str], purpose: list[str], child: bool) -> Reading:
    """The provisions the facts point to, and what is still missing."""
    process_set, means_set, purpose_set = set(process), set(means), set(purpose)
    exploitative = purpose_set & EXPLOITATION
    pointers: list[Pointer] = []
    missing: list[Any] = []
    if child and purpose_set & {"economic", "livestream", "sexual"}:
        pointers.append(
            Pointer(
                "UU 35/2014 Pasal 76I jo. Pasal 88",
                _("Economic or sexual exploitation of a child is an offence in itself: up to 10 years."),
            )
        )
    if process_set and exploitative:
        if child:
            pointers.append(
                Pointer(
                    "UU 21/2007 Pasal 2 jo. Pasal 17",
                    _(
                        "A process and an exploitative purpose are recorded. For a child the means element "
                        "is not needed; the penalty is increased by a third."
                    ),
                )
            )
            pointers.append(
                Pointer(
                    "UU 35/2014 Pasal 76F jo. Pasal 83",
                    _("Selling or trafficking a child, with no means element: 3 to 15 years."),
                )
            )
        elif means_set:
            pointers.append(
                Pointer(
                    "UU 21/2007 Pasal 2",
                    _("Process, means and exploitative purpose are all recorded: 3 to 15 years."),
                )
            )
        else:
            missing.append(_("The means (for an adult victim all three elements are needed)."))
    if "adoption" in purpose_set:
        pointers.append(
            Pointer(
                "UU 21/2007 Pasal 5",
                _("Adoption with a promise or payment, for exploitation, is trafficking: 3 to 15 years."),
            )
        )
    if child and "send" in process_set and exploitative:
        pointers.append(
            Pointer(
                "UU 21/2007 Pasal 6",
                _("Sending a child within or out of Indonesia resulting in exploitation."),
            )
        )
    if not process_set and exploitative:
        missing.append(_("The process: how the child was recruited, moved, harboured or received."))
    if process_set and not purpose_set:
        missing.append(_("The exploitative purpose."))
    return Reading(pointers=pointers, missing=missing)


def reading_of(case: Any) -> Reading | None:
    """The reading of a case's recorded assessment, or None if it has none."""
    assessment = getattr(case, "tppo", None)
    if assessment is None:
        return None
    return assess(
        process=assessment.process,
        means=assessment.means,
        purpose=assessment.purpose,
        child=assessment.victim_is_child,
    )
