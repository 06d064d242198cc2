"""What each kind of application needs, as a reviewed table: the documents, the rules they rest on and
where each comes from (../shared/domain/rules-and-data.md §2 and §5), with a status like
pantau/familycare/law.py. The document lists are not national law: they are taken from the published
SOPs of a few Dinas Sosial (Magelang, Semarang, Cilegon, Sumut, Kalsel) and the press's reading of
Permensos 8/2021, and they vary by region; the pages say so next to each one. Nothing here should bind
anyone before a legal reviewer has checked it against the official texts and the local SOP.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

VERIFIED = "verified"
PARTLY = "partly"
UNVERIFIED = "unverified"

STATUS_LABELS = {
    VERIFIED: _("checked against the text"),
    PARTLY: _("wording from a secondary source, article not confirmed"),
    UNVERIFIED: _("not verified"),
}

REGISTRATION = "registration"
RENEWAL = "renewal"
PUB_RECOMMENDATION = "pub_recommendation"

LOCAL_SOPS = _("from local SOPs (Magelang, Semarang, Cilegon, Sumut, Kalsel) — varies by region")
PUB_SOURCES = _("Permensos 8/2021 as reported (Kompas Jan 2022, Kemensos PPSDBS) — check the local SOP")


@dataclass(frozen=True)
class Requirement:
    key: str
    label: Promise
    source: Promise | str
    status: str
    required: bool = True  # False: attach it if the home has it (e.g. an accreditation certificate)


@dataclass(frozen=True)
class Provision:
    citation: str
    rule: Promise
    status: str


_REGISTRATION_DOCUMENTS = [
    Requirement("deed", _("Founding deed (akta pendirian)"), LOCAL_SOPS, PARTLY),
    Requirement(
        "legal_entity",
        _(
            "Kemenkumham decree ratifying the foundation (SK AHU); a home without a legal entity: its "
            "founding note legalised by the lurah, camat or bupati"
        ),
        LOCAL_SOPS,
        PARTLY,
    ),
    Requirement("statutes", _("Statutes (AD/ART)"), LOCAL_SOPS, PARTLY),
    Requirement("structure", _("Organisation structure and the board's KTPs"), LOCAL_SOPS, PARTLY),
    Requirement("domicile", _("Domicile letter, or the location in the NIB from OSS"), LOCAL_SOPS, PARTLY),
    Requirement("npwp", _("Tax number (NPWP)"), LOCAL_SOPS, PARTLY),
    Requirement("bank_account", _("Bank account in the LKS's name"), LOCAL_SOPS, PARTLY),
    Requirement("programme", _("Service programme and working capital"), LOCAL_SOPS, PARTLY),
    Requirement("facilities", _("List of facilities, site plan and asset inventory"), LOCAL_SOPS, PARTLY),
    Requirement("clients_staff", _("List of clients (beneficiaries) and staff"), LOCAL_SOPS, PARTLY),
    Requirement(
        "recommendation", _("Recommendation letter (kelurahan, kecamatan, LKKS)"), LOCAL_SOPS, PARTLY
    ),
    Requirement("statement", _("Signed statement (bermaterai) that the data is true"), LOCAL_SOPS, PARTLY),
    Requirement("accreditation", _("Accreditation certificate"), LOCAL_SOPS, PARTLY, required=False),
]

DOCUMENTS: dict[str, list[Requirement]] = {
    REGISTRATION: _REGISTRATION_DOCUMENTS,
    RENEWAL: [
        *_REGISTRATION_DOCUMENTS,
        Requirement("activity_reports", _("Activity reports for the last 3 years"), LOCAL_SOPS, PARTLY),
    ],
    PUB_RECOMMENDATION: [
        Requirement(
            "kemenkumham", _("Kemenkumham registration of the organisation (SK AHU)"), PUB_SOURCES, PARTLY
        ),
        Requirement("domicile", _("Domicile letter or NIB"), PUB_SOURCES, PARTLY),
        Requirement("npwp", _("Tax number (NPWP)"), PUB_SOURCES, PARTLY),
        Requirement("pbb_lease", _("Land and building tax (PBB) receipt or the lease"), PUB_SOURCES, PARTLY),
        Requirement(
            "collection_account", _("The collection bank account (a bank's statement)"), PUB_SOURCES, PARTLY
        ),
        Requirement("chair_ktp", _("The chair's KTP"), PUB_SOURCES, PARTLY),
        Requirement("authenticity", _("Statement that the documents are authentic"), PUB_SOURCES, PARTLY),
        Requirement(
            "use_statement",
            _(
                "Signed statement that the proceeds will not be channelled to certain activities (the "
                "source breaks off; probably radicalism or terrorism)"
            ),
            PUB_SOURCES,
            UNVERIFIED,
        ),
    ],
}

# The rules the forms and the legal checks apply, each with its basis and status.
PROVISIONS: dict[str, Provision] = {
    "registration_required": Provision(
        "UU 11/2009 Pasal 38; Permensos 184/2011",
        _(
            "An LKS registers with the Dinas Sosial of its kabupaten/kota (the province if it works "
            "across them)."
        ),
        PARTLY,
    ),
    "registration_validity": Provision(
        "Perda / local policy (setting PANTAU_REGISTRATION_VALIDITY_YEARS)",
        _("A Tanda Daftar is commonly valid for 3 years; the period varies by local regulation."),
        UNVERIFIED,
    ),
    "processing_time": Provision(
        "SOP Dinas Sosial (Magelang, Semarang, Cilegon, Sumut, Kalsel)",
        _(
            "File check, field verification, then the Tanda Daftar: 1 week to 14 working days, free of "
            "charge."
        ),
        PARTLY,
    ),
    "pub_legal_entity": Provision(
        "Permensos 8/2021 Pasal 3",
        _(
            "Only an organisation with legal personality (yayasan or perkumpulan) may raise funds from "
            "the public."
        ),
        PARTLY,
    ),
    "pub_issuer": Provision(
        "Permensos 8/2021",
        _(
            "The permit is issued by the bupati/wali kota (one kabupaten/kota), the governor (one province) "
            "or the Minister (national); Dinas Sosial gives the recommendation, and national appeals go to "
            "Kemensos with a Dinas Sosial recommendation."
        ),
        PARTLY,
    ),
    "pub_period": Provision(
        "Permensos 8/2021",
        _("A permit runs for at most 3 months and can be extended once by 1 month."),
        PARTLY,
    ),
    "pub_account": Provision(
        "Permensos 8/2021",
        _("The collection account is held in the organisation's name, not a person's."),
        PARTLY,
    ),
}

PUB_MAX_MONTHS = 3
PUB_EXTENSION_MONTHS = 1


def documents_for(kind: str) -> list[Requirement]:
    return DOCUMENTS.get(kind, [])


def requirement(kind: str, key: str) -> Requirement | None:
    return next((r for r in documents_for(kind) if r.key == key), None)
