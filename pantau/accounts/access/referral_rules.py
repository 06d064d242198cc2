"""Who may send a referral for each purpose, who may receive it, and where the receiver may be.

A reviewed table, read by the access rules (``pantau.accounts.access.records.may_refer`` and
``organisations_for_referral``): change it here, with its tests (pantau/cases/tests/test_referral_rules.py).
It imports nothing but the organisation kinds, so the access package may read it without depending on
the cases app's models. The purposes are ``Referral.Purpose``'s codes.

* Investigation goes to the police (UU 21/2007 and UU 35/2014 offences are investigated by Polri).
* Psychosocial care, social rehabilitation, health care and legal aid go to the UPTD PPA, Dinas Sosial
  or Dinas PPPA (UU 35/2014 Pasal 59A; Permen PPPA 4/2018 on the UPTD PPA's services).
* Return and reintegration go to the Dinas Sosial or UPTD PPA of the child's home region, in any
  province: a child trafficked from Nusa Tenggara Timur to Banten goes home through NTT's offices.
* Repatriation of a child from abroad goes through the national agencies (Kemensos, KemenPPPA, Bareskrim).
* Handling by another region goes to a Dinas Sosial, UPTD PPA or police unit of that region.

Every other purpose stays within the case's province (or with a national agency).
"""

from __future__ import annotations

from pantau.accounts.roles import POLICE_KINDS, OrgKind

SOCIAL_SERVICE_KINDS = frozenset(
    {OrgKind.UPTD_PPA, OrgKind.DINSOS_PROVINCE, OrgKind.DINSOS_REGENCY, OrgKind.DINAS_PPPA}
)
HOME_REGION_KINDS = frozenset({OrgKind.UPTD_PPA, OrgKind.DINSOS_PROVINCE, OrgKind.DINSOS_REGENCY})
NATIONAL_KINDS = frozenset({OrgKind.KEMENSOS, OrgKind.KEMENPPPA, OrgKind.BARESKRIM})
# Every agency that works on cases may ask for an investigation or a service: a police unit that took
# a report refers the child to the UPTD PPA for counselling, the UPTD PPA refers a crime to the police.
ANY_CASE_AGENCY = frozenset(POLICE_KINDS | SOCIAL_SERVICE_KINDS | {OrgKind.KEMENSOS})
# Return, reintegration and repatriation are social work: the social-affairs offices and the UPTD PPA
# arrange them (the police refer the child to them first).
SOCIAL_SENDERS = frozenset(SOCIAL_SERVICE_KINDS | {OrgKind.KEMENSOS})

# purpose -> the kinds of agency that may receive it
RECEIVERS: dict[str, frozenset[str]] = {
    "investigation": frozenset(POLICE_KINDS),
    "psychosocial": SOCIAL_SERVICE_KINDS,
    "rehabilitation": SOCIAL_SERVICE_KINDS,
    "health": SOCIAL_SERVICE_KINDS,
    "legal_aid": SOCIAL_SERVICE_KINDS,
    "return": HOME_REGION_KINDS,
    "repatriation": NATIONAL_KINDS,
    "other_region": frozenset(HOME_REGION_KINDS | POLICE_KINDS),
}

# purpose -> the kinds of agency that may send it
SENDERS: dict[str, frozenset[str]] = {
    "investigation": ANY_CASE_AGENCY,
    "psychosocial": ANY_CASE_AGENCY,
    "rehabilitation": ANY_CASE_AGENCY,
    "health": ANY_CASE_AGENCY,
    "legal_aid": ANY_CASE_AGENCY,
    "return": SOCIAL_SENDERS,
    "repatriation": ANY_CASE_AGENCY,
    "other_region": ANY_CASE_AGENCY,
}

# Purposes whose receiver is chosen by a region asked on the form (the child's home region for a return,
# the region asked to take over for another region), in any province: the receiver covers that region.
BY_REGION = frozenset({"return", "other_region"})
# Purposes whose receiver may be in another province than the case's.
CROSS_PROVINCE = frozenset({"return", "repatriation", "other_region"})
# Purposes received only by national agencies.
NATIONAL_ONLY = frozenset({"repatriation"})

PURPOSES: tuple[str, ...] = tuple(RECEIVERS)


def may_send(kind: str, purpose: str) -> bool:
    return kind in SENDERS.get(purpose, frozenset())


def may_receive(kind: str, purpose: str) -> bool:
    return kind in RECEIVERS.get(purpose, frozenset())


def covering_codes(region_code: str) -> list[str]:
    """The codes of the regions that contain ``region_code``, itself included: "36.03.03" -> ["36",
    "36.03", "36.03.03"] (the offices that cover a village are those of its province, regency...)."""
    parts = [p for p in region_code.split(".") if p]
    return [".".join(parts[: i + 1]) for i in range(len(parts))]
