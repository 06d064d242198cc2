"""What a referral shares of a child's case file, and on which legal basis (UU 27/2022 PDP).

A referral names the parts of the file the receiving agency gets once it accepts (``SHARED``); the
case file then shows that agency those sections only (``sections_for``). Before anything is shared the
sender records the legal basis (Pasal 20 ayat 2) and, for a child, the consent of the parent or guardian
(Pasal 25 ayat 2) with the child's own assent: see docs/law-review-cases.md for what was checked.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pantau.accounts.access import UserLike, shared_sections
from pantau.cases.models import Referral

# code -> what the receiver gets. The codes are stored on the referral (Referral.shared); the case file's
# sections are wrapped with ``{% if "code" in sections %}``.
SHARED: dict[str, Any] = {
    "identity": gettext_lazy("The children: names, sex, ages and home region"),
    "subjects": gettext_lazy("Persons alleged and their relation to the child"),
    "assessment": gettext_lazy("The TPPO assessment and its legal reading"),
    "evidence": gettext_lazy("Documents and photos (evidence files)"),
    "services": gettext_lazy("Services, rehabilitation plans and follow-ups"),
    "investigation": gettext_lazy("Investigation milestones"),
    "timeline": gettext_lazy("The case's timeline"),
}
ALL_SECTIONS = frozenset(SHARED)

# What the form suggests sharing for each purpose (the sender changes it): what the receiver needs for
# its work and no more (data minimisation, UU 27/2022 Pasal 16 ayat 2), its own work's section included.
SUGGESTED: dict[str, tuple[str, ...]] = {
    "investigation": ("identity", "subjects", "assessment", "evidence", "investigation", "timeline"),
    "psychosocial": ("identity", "services"),
    "rehabilitation": ("identity", "services"),
    "health": ("identity", "services"),
    "legal_aid": ("identity", "subjects", "assessment", "services"),
    "return": ("identity", "services"),
    "repatriation": ("identity", "services"),
    "other_region": tuple(SHARED),
}

# The part of the file in which the receiving agency records its own work: always shared, or the
# agency could not do what it is asked (the police record the investigation's milestones, the social
# services their services and, for a return, the follow-up visits).
OWN_SECTION: dict[str, str] = {
    "investigation": "investigation",
    "psychosocial": "services",
    "rehabilitation": "services",
    "health": "services",
    "legal_aid": "services",
    "return": "services",
    "repatriation": "services",
}


def shared_labels(codes: Iterable[str]) -> list[str]:
    """The labels of ``codes`` in the table's order (a referral before issue 17 lists none)."""
    wanted = set(codes)
    return [str(label) for code, label in SHARED.items() if code in wanted]


def sections_for(user: UserLike, case: Any, referrals: Iterable[Any]) -> frozenset[str]:
    """The sections of ``case``'s file ``user`` sees (the one rule: ``shared_sections``)."""
    shared = shared_sections(user, case, referrals)
    return ALL_SECTIONS if shared is None else ALL_SECTIONS & shared


def consent_errors(
    *,
    legal_basis: str,
    child_assent: str,
    guardian_consent: str,
    consent_note: str,
    shared: list[str],
) -> dict[str, list[str]]:
    """Why the consent and legal basis recorded do not allow the referral to share the child's data
    (empty when they do). The rules:

    * a legal basis (Pasal 20 ayat 2) and at least one part of the file shared, all known;
    * consent as the basis needs the parent's or guardian's consent given (Pasal 25 ayat 2), and the
      child's assent given, or not asked with the reason noted; a child who refused is not overridden
      by a consent;
    * when the parent or guardian is alleged or has a conflict of interest, consent cannot be the basis:
      another ground is needed (a legal obligation, the child's vital interest, a public task);
    * any other basis is explained in the note (which obligation, which danger, which authority).
    """
    errors: dict[str, list[str]] = {}
    if legal_basis not in Referral.LegalBasis.values:
        errors["legal_basis"] = [_("Record the legal basis for sharing the child's data.")]
    if child_assent and child_assent not in Referral.Assent.values:
        errors["child_assent"] = [_("Choose the child's answer from the list.")]
    if guardian_consent and guardian_consent not in Referral.Consent.values:
        errors["guardian_consent"] = [_("Choose the parent's or guardian's answer from the list.")]
    unknown = set(shared) - ALL_SECTIONS
    if not shared or unknown:
        errors["shared"] = [_("Choose at least one part of the case file to share.")]
    if errors:
        return errors
    note = consent_note.strip()
    if legal_basis == Referral.LegalBasis.CONSENT:
        if guardian_consent == Referral.Consent.CONFLICT:
            errors["legal_basis"] = [
                _(
                    "The parent or guardian is alleged or has a conflict of interest: consent cannot be "
                    "the basis. Choose another legal basis and explain it in the note."
                )
            ]
        elif guardian_consent != Referral.Consent.GIVEN:
            errors["guardian_consent"] = [
                _(
                    "Sharing a child's data on the basis of consent needs the consent of the parent or "
                    "guardian (UU 27/2022 Pasal 25). Without it, choose another legal basis."
                )
            ]
        if child_assent == Referral.Assent.REFUSED:
            errors["child_assent"] = [
                _(
                    "The child refused: consent cannot be the basis. "
                    "Choose another legal basis if one applies."
                )
            ]
        elif child_assent == Referral.Assent.NOT_ASKED and not note:
            errors["consent_note"] = [_("Say why the child was not asked.")]
        elif not child_assent:
            errors["child_assent"] = [
                _("Record the child's assent, or that the child was not asked and why.")
            ]
    elif not note:
        errors["consent_note"] = [
            _("Explain the legal basis: which obligation, which danger to the child, or which authority.")
        ]
    return errors
