"""The provisions family-based care rests on, as a reviewed table: each with its citation, what it
requires, and whether the article was checked against the text (docs/law-review-family-care.md holds
the quotes and sources). "partly" means the wording was seen but the article, ayat or huruf number was
inferred or comes from a secondary source; "unverified" means neither was found. Pages show the status
next to every citation, and nothing here should bind anyone before a legal reviewer has checked it
against the official text (peraturan.bpk.go.id, JDIH Kemensos).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

VERIFIED = "verified"
PARTLY = "partly"
UNVERIFIED = "unverified"

STATUS_LABELS = {
    VERIFIED: _("article checked against the text"),
    PARTLY: _("wording checked, article number not confirmed"),
    UNVERIFIED: _("not verified"),
}


@dataclass(frozen=True)
class Provision:
    citation: str
    requires: Promise
    status: str


PROVISIONS: dict[str, Provision] = {
    "licensed_lksa": Provision(
        "PP 54/2007 Pasal 1 angka 5",
        _("An institution handling adoptions holds the Minister's licence to do so."),
        VERIFIED,
    ),
    "court_order": Provision(
        "PP 54/2007 Pasal 1 angka 1",
        _("A child becomes an adopted child only by a court decision or order."),
        VERIFIED,
    ),
    "best_interest": Provision(
        "UU 35/2014 Pasal 39 ayat (1)", _("Adoption only in the child's best interest."), VERIFIED
    ),
    "same_religion": Provision(
        "UU 35/2014 Pasal 39 ayat (3); PP 54/2007 Pasal 3",
        _(
            "The adoptive parents share the child's religion "
            "(a child of unknown origin: the local majority's)."
        ),
        VERIFIED,
    ),
    "intercountry_last_resort": Provision(
        "UU 35/2014 Pasal 39 ayat (4)", _("Adoption by foreign citizens only as the last resort."), VERIFIED
    ),
    "child_under_18": Provision(
        "Permensos 110/HUK/2009 Pasal 4", _("The child to be adopted is under 18."), VERIFIED
    ),
    "healthy": Provision("PP 54/2007 Pasal 13 huruf a", _("Healthy in body and mind."), PARTLY),
    "age": Provision(
        "PP 54/2007 Pasal 13 huruf b", _("Aged at least 30 and at most 55 at the application."), VERIFIED
    ),
    "good_conduct": Provision(
        "PP 54/2007 Pasal 13 huruf d", _("Of good conduct and never convicted of a crime (SKCK)."), PARTLY
    ),
    "married_5_years": Provision("PP 54/2007 Pasal 13 huruf e", _("Married for at least 5 years."), PARTLY),
    "not_same_sex": Provision("PP 54/2007 Pasal 13 huruf f", _("Not a same-sex couple."), PARTLY),
    "children_count": Provision(
        "PP 54/2007 Pasal 13 huruf g", _("No children yet, or only one child."), PARTLY
    ),
    "able": Provision("PP 54/2007 Pasal 13 huruf h", _("Economically and socially able."), PARTLY),
    "consent": Provision(
        "PP 54/2007 Pasal 13 huruf i",
        _("The child's consent and the written permission of the parents or guardian."),
        PARTLY,
    ),
    "best_interest_statement": Provision(
        "PP 54/2007 Pasal 13 huruf j",
        _("A written statement that it is in the child's best interest."),
        PARTLY,
    ),
    "social_report": Provision(
        "PP 54/2007 Pasal 13 huruf k", _("A social report by the local social worker."), PARTLY
    ),
    "trial_care": Provision(
        "PP 54/2007 Pasal 13 huruf l",
        _("The family has cared for the child at least 6 months since the care permit."),
        PARTLY,
    ),
    "permit": Provision(
        "PP 54/2007 Pasal 13 huruf m",
        _("A permit from the Minister and/or the head of the social agency."),
        PARTLY,
    ),
    "adoptions_limit": Provision(
        "PP 54/2007",
        _("At most two adoptions, at least two years apart (twins together)."),
        PARTLY,
    ),
    "single_parent": Provision(
        "PP 54/2007 Pasal 16",
        _("A single parent may adopt only as an Indonesian citizen, with the Minister's permit."),
        PARTLY,
    ),
    "pipa": Provision(
        "Permensos 37/HUK/2010 Pasal 1",
        _("Tim PIPA reviews each application before the permit is decided."),
        VERIFIED,
    ),
    "home_visits": Provision(
        "Permensos 110/HUK/2009",
        _("A social worker's home visit before the temporary care permit and again before the permit."),
        PARTLY,
    ),
    "civil_registration": Provision(
        "UU 35/2014 Pasal 39 ayat (2a)",
        _("The adoption is recorded on the birth certificate, keeping the child's original identity."),
        VERIFIED,
    ),
    "sale_of_children": Provision(
        "UU 35/2014 Pasal 76F jo. Pasal 83", _("No one may sell or traffic a child."), PARTLY
    ),
    "illegal_adoption": Provision(
        "UU 23/2002 Pasal 79",
        _("An adoption against Pasal 39 ayat (1), (2) or (4) is a crime."),
        VERIFIED,
    ),
    "adoption_for_exploitation": Provision(
        "UU 21/2007 Pasal 5", _("Adoption with a promise or payment, to exploit the child."), UNVERIFIED
    ),
    "foster_citizen": Provision(
        "PP 44/2017 Pasal 19 ayat (1) huruf a",
        _("A foster parent is an Indonesian citizen living in Indonesia."),
        VERIFIED,
    ),
    "foster_age": Provision(
        "PP 44/2017 Pasal 19 ayat (1) huruf b", _("A foster parent is aged 30 to 55."), VERIFIED
    ),
    "foster_healthy": Provision(
        "PP 44/2017 Pasal 19 ayat (1) huruf c",
        _("A foster parent is healthy (certificate from a government hospital)."),
        VERIFIED,
    ),
    "foster_same_religion": Provision(
        "PP 44/2017; Permensos 1/2020",
        _("A foster parent shares the child's religion."),
        PARTLY,
    ),
    "foster_conduct": Provision(
        "PP 44/2017; Permensos 1/2020",
        _("Good conduct, passed selection, and a signed statement of no violence known to the RT/RW."),
        PARTLY,
    ),
    "foster_monitoring": Provision(
        "—",
        _(
            "The placement is visited on a schedule set by the rules "
            "(a service standard: no regulation was found)."
        ),
        UNVERIFIED,
    ),
    "guardian_court_order": Provision(
        "PP 29/2019",
        _("A guardian is appointed only by a court order."),
        PARTLY,
    ),
    "gatekeeping": Provision(
        "Permensos 30/HUK/2011 (SNPA)",
        _("A child is placed in an LKSA only on an assessment, as the last resort."),
        PARTLY,
    ),
}
