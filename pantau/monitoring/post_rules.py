"""The rules a home's post is checked against before publishing, as a reviewed table: each rule with what
it asks of the home and the provisions it rests on, each provision with its source and a status.

Statuses follow pantau/familycare/law.py: "verified" (article checked against the official text),
"partly" (the wording and article come from the research notes' secondary sources — news, law-firm
summaries — and were not checked against the text), "unverified" (the notes mark it so), and "policy"
(a check Pantau applies that follows from a record, not an article). Nothing here is checked against
peraturan.bpk.go.id / JDIH yet, so nothing is "verified". Sources: shared/domain/rules-and-data.md
§4, §5, §8 and online-risk.md ("Legal anchors").
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

VERIFIED = "verified"
PARTLY = "partly"
UNVERIFIED = "unverified"
POLICY = "policy"

STATUS_LABELS = {
    VERIFIED: _("article checked against the text"),
    PARTLY: _("from secondary sources, article not checked against the text"),
    UNVERIFIED: _("not verified"),
    POLICY: _("a check Pantau applies (policy), not an article"),
}


@dataclass(frozen=True)
class Provision:
    citation: str | Promise
    says: Promise
    source: str
    status: str

    @property
    def status_label(self) -> Promise:
        return STATUS_LABELS[self.status]


PROVISIONS: dict[str, Provision] = {
    "exploitation": Provision(
        "UU 35/2014 Pasal 76I jo. Pasal 88",
        _(
            "No one may place, allow, commit, order or take part in the economic or sexual exploitation "
            "of a child; up to 10 years and/or Rp200 million."
        ),
        "rules-and-data.md §4; online-risk.md (KPAI on the Medan 2023 case)",
        PARTLY,
    ),
    "begging_circular": Provision(
        "SE Mensos No. 2/2023 (16 January 2023)",
        _(
            "Regional governments prevent offline and online begging that exploits children and other "
            "vulnerable groups, and report it to the police or Satpol PP."
        ),
        "rules-and-data.md §8 (detik, Kompas)",
        PARTLY,
    ),
    "child_data": Provision(
        "UU 27/2022 Pasal 4 ayat (2), Pasal 25",
        _(
            "A child's data (a face included) is specific personal data; processing it needs the consent "
            "of the parent or guardian."
        ),
        "rules-and-data.md §4 (siplawfirm.id; Kompas, 14 March 2023)",
        PARTLY,
    ),
    "reporting_principles": Provision(
        "UNICEF, principles for reporting on children",
        _(
            "Never publish a story or an image that could put a child at risk, even with the identity "
            "obscured; the child's interest comes before fundraising."
        ),
        "online-risk.md (guidance, not law)",
        PARTLY,
    ),
    "pub_permit": Provision(
        "UU 9/1961; PP 29/1980; Permensos 8/2021",
        _(
            "A public fundraising appeal (PUB) needs a permit from the bupati/wali kota, the governor or "
            "the Minister, according to its reach; at most 3 months, extendable by 1. Zakat, collections "
            "inside places of worship and small spontaneous collections are exempt."
        ),
        "rules-and-data.md §5 (Kompas 2022; Kemensos)",
        PARTLY,
    ),
    "legal_entity": Provision(
        "Permensos 8/2021 Pasal 3",
        _(
            "Only an organisation with legal personality (a yayasan or perkumpulan) may hold a permit, so "
            "the money goes to the foundation's account, not a person's."
        ),
        "rules-and-data.md §5; online-risk.md",
        PARTLY,
    ),
    "permit_account": Provision(
        _("The permit's collection account"),
        _(
            "The permit names the bank account for the collection: the account shown in the appeal "
            "should be that account."
        ),
        "rules-and-data.md §5 (documents of the permit; how to verify an appeal, step 3)",
        POLICY,
    ),
}


@dataclass(frozen=True)
class Rule:
    code: str
    title: Promise
    asks: Promise
    provisions: tuple[str, ...]


RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in (
        Rule(
            "no_faces_in_appeals",
            _("No children's faces in donation appeals"),
            _("Do not show recognisable children (faces, names) in a post that asks for money or gifts."),
            ("exploitation", "begging_circular", "child_data", "reporting_principles"),
        ),
        Rule(
            "no_live_with_children_for_gifts",
            _("No live streams with children for gifts"),
            _("Do not put children on a live stream that asks viewers for gifts, coins or transfers."),
            ("exploitation", "begging_circular"),
        ),
        Rule(
            "permit_for_public_appeal",
            _("A public appeal needs a valid PUB permit"),
            _("Ask the public for money only under a fundraising permit valid on the day of the post."),
            ("pub_permit",),
        ),
        Rule(
            "permit_account_shown",
            _("The account shown is the permit's account"),
            _("Show only the collection account named in your permit."),
            ("permit_account", "pub_permit"),
        ),
        Rule(
            "foundation_account",
            _("The account is held by the foundation"),
            _("Ask for transfers to the foundation's own account, never a person's account or e-wallet."),
            ("legal_entity",),
        ),
    )
}


def provisions_of(rule: Rule) -> list[Provision]:
    return [PROVISIONS[code] for code in rule.provisions]
