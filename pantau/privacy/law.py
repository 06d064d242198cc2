"""The record of processing (UU 27/2022 PDP) as a reviewed table, in the pattern of incidents/law.py.

Two tables: the provisions of UU 27/2022 Pantau relies on (each with its citation and how far it was
checked), and the data categories Pantau keeps (``CATEGORIES``), each with its purpose, its basis under
Pasal 20 ayat (2), who may see it, the tables it lives in, how long it is kept and what happens then.

What was checked, and against what (search of stored public pages, December 2026): the wording of
Pasal 4 ayat (2), Pasal 20 ayat (2), Pasal 25, Pasal 30 ayat (1), Pasal 32 ayat (1)-(2) and Pasal 33
was read in secondary copies that quote the statute (legal-information sites and news articles quoting
the text), not in the official gazette: they are ``PARTLY`` verified. The duty to end processing when
the retention period is reached was read in a copy without article numbers: ``UNVERIFIED`` as to the
article. Retention PERIODS are Pantau's policy settings (PANTAU_RETENTION_*_YEARS), not law: no
statute found sets them, and each row says so. Nothing here should bind anyone before a legal reviewer
has checked it against peraturan.go.id / JDIH.
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
    VERIFIED: _("checked against the official text"),
    PARTLY: _("wording checked in a copy quoting the statute, not the official gazette"),
    UNVERIFIED: _("not verified"),
    POLICY: _("policy setting, not from statute"),
}


# The status in a table cell; the full label is its title (hover) and in the provisions' table.
STATUS_SHORT = {
    VERIFIED: _("verified"),
    PARTLY: _("partly verified"),
    UNVERIFIED: _("not verified"),
    POLICY: _("policy"),
}


@dataclass(frozen=True)
class Provision:
    citation: str
    requires: Promise
    status: str

    @property
    def status_label(self) -> Promise:
        return STATUS_LABELS[self.status]


PROVISIONS: dict[str, Provision] = {
    "specific_data": Provision(
        "UU 27/2022 Pasal 4 ayat (2)",
        _(
            "Specific personal data include health data, biometric data, genetic data, criminal records, "
            "children's data and personal financial data."
        ),
        PARTLY,
    ),
    "bases": Provision(
        "UU 27/2022 Pasal 20 ayat (2)",
        _(
            "Processing needs a basis: (a) explicit consent, (b) a contract, (c) a legal obligation of the "
            "controller, (d) the data subject's vital interest, (e) a task in the public interest, a "
            "public service or an authority under law, (f) another legitimate interest, balanced against "
            "the data subject's rights."
        ),
        PARTLY,
    ),
    "children": Provision(
        "UU 27/2022 Pasal 25",
        _(
            "Children's personal data are processed in a special way and need the consent of the "
            "child's parent and/or guardian."
        ),
        PARTLY,
    ),
    "correction": Provision(
        "UU 27/2022 Pasal 30 ayat (1)",
        _("A correction or update asked for is made within 3 x 24 hours of receiving the request."),
        PARTLY,
    ),
    "access": Provision(
        "UU 27/2022 Pasal 32 ayat (1)-(2)",
        _(
            "The data subject is given access to their data and the record of its processing within "
            "3 x 24 hours of receiving the request."
        ),
        PARTLY,
    ),
    "access_refused": Provision(
        "UU 27/2022 Pasal 33",
        _(
            "Access is refused where it would endanger someone's safety or health, disclose another "
            "person's data, or go against national defence and security."
        ),
        PARTLY,
    ),
    "end_of_retention": Provision(
        "UU 27/2022 (Pasal ?)",
        _(
            "Processing ends when the retention period is reached or its purpose is met; data no longer "
            "needed are erased or destroyed."
        ),
        UNVERIFIED,
    ),
    "deletion_restriction_period": Provision(
        "UU 27/2022 (Pasal ?)",
        _(
            "Deletion and restriction asked for by the data subject: Pantau uses the same 3 x 24 hours; "
            "the articles were not checked."
        ),
        UNVERIFIED,
    ),
    "periods": Provision(
        "—",
        _(
            "How many years each kind of record is kept: Pantau's configuration "
            "(PANTAU_RETENTION_*_YEARS), not a period set by law."
        ),
        POLICY,
    ),
}

# Pasal 20 ayat (2) letters, as the table cites them.
BASES = {
    "a": _("(a) consent"),
    "b": _("(b) contract"),
    "c": _("(c) legal obligation"),
    "d": _("(d) vital interest"),
    "e": _("(e) public task / public service"),
    "f": _("(f) legitimate interest"),
}


@dataclass(frozen=True)
class Category:
    key: str
    name: Promise
    data: Promise  # what is kept
    specific: Promise | None  # the Pasal 4(2) kind of specific data, None for general data
    purpose: Promise
    bases: tuple[str, ...]  # letters of Pasal 20 ayat (2)
    basis_note: Promise
    who: Promise
    stored: str  # the tables (not translated: they are names in the database)
    retention: Promise
    setting: str  # the setting that holds the period, "" when no automatic rule exists
    at_end: Promise
    source: str
    status: str

    @property
    def status_label(self) -> Promise:
        return STATUS_LABELS[self.status]

    @property
    def status_short(self) -> Promise:
        return STATUS_SHORT[self.status]

    @property
    def basis_labels(self) -> list[Promise]:
        return [BASES[letter] for letter in self.bases]


_CHILD_CONSENT = _(
    "Agencies: (c) and (e), supervision of homes and child protection. Pasal 25 also asks for the "
    "parent's or guardian's consent; Pantau does not record it yet (the guardian may be the home itself)."
)
_NO_RULE = _("No automatic rule: kept until a retention rule is decided.")
_KEPT = _("Kept; nothing is removed automatically.")

CATEGORIES: tuple[Category, ...] = (
    Category(
        "child_identity",
        _("Children's identity"),
        _(
            "Name, other names, sex, date and place of birth, NIK, KK and birth-certificate numbers "
            "(encrypted, with keyed hashes), parents' names and status, guardian, family whereabouts."
        ),
        _("children's data (Pasal 4(2))"),
        _("Know which child is in which home; gatekeeping; find the same child in two homes."),
        ("c", "e"),
        _CHILD_CONSENT,
        _(
            "The child's home; Dinas Sosial and UPTD PPA of the area. Identifiers in clear only with "
            "the identity permission, each showing audited and rate-limited."
        ),
        "children_child, linkage_childkey, linkage_nameword",
        _("Identifiers (NIK, KK, birth certificate) removed after the set years since the child left care."),
        "PANTAU_RETENTION_CHILDREN_YEARS",
        _("Identifiers and their keyed hashes erased; the care record is kept without them."),
        "UU 27/2022 Pasal 4(2), 20(2), 25; rules-and-data.md §4",
        PARTLY,
    ),
    Category(
        "child_care",
        _("Children's care records"),
        _("Placements, gatekeeping assessments, care plans, family tracing and follow-up visits."),
        _("children's data (Pasal 4(2))"),
        _("Follow each child's care and return to a family (SNPA, Permensos 30/HUK/2011)."),
        ("c", "e"),
        _CHILD_CONSENT,
        _("The child's home; Dinas Sosial of the area."),
        "children_placement, children_gatekeepingassessment, children_careplan, children_tracingattempt, "
        "children_followupvisit",
        _NO_RULE,
        "",
        _KEPT,
        "UU 27/2022 Pasal 4(2), 25; rules-and-data.md §1, §4",
        PARTLY,
    ),
    Category(
        "health",
        _("Health information"),
        _(
            "Health services in case records (services, referrals for health care, rehabilitation "
            "plans) and the health and mental-health certificates of families applying to foster or adopt."
        ),
        _("health data (Pasal 4(2))"),
        _("Protect and rehabilitate the child; assess families applying for family-based care."),
        ("c", "e"),
        _("(e) child protection and family-based care (PP 54/2007, PP 44/2017); families apply themselves."),
        _("The case team and agencies a referral was accepted by; Dinas Sosial for family-care files."),
        "cases_service, cases_referral, cases_rehabplan, familycare_familydocument",
        _NO_RULE,
        "",
        _KEPT,
        "UU 27/2022 Pasal 4(2); rules-and-data.md §3",
        PARTLY,
    ),
    Category(
        "cases",
        _("Protection cases and concerns"),
        _(
            "Cases, the children in them (name or initials, age, outcome), events, referrals, recovery, "
            "restitution."
        ),
        _("children's data (Pasal 4(2))"),
        _("Handle reports of violence, exploitation and trafficking of children."),
        ("c", "d", "e"),
        _("(e) child protection (UU 35/2014); (d) where a child is in danger."),
        _(
            "The lead agency's case team and agencies that accepted a referral; police for cases "
            "referred to them."
        ),
        "cases_case, cases_casechild, cases_caseevent, cases_referral, cases_*",
        _NO_RULE,
        "",
        _("Case records are kept; see alleged persons for what is removed."),
        "UU 27/2022 Pasal 4(2), 20(2); rules-and-data.md §4",
        PARTLY,
    ),
    Category(
        "alleged_persons",
        _("Alleged persons and barred people"),
        _(
            "Name, relation to the child, date of birth, NIK (encrypted, keyed hash); bars on "
            "working with children."
        ),
        _("criminal records (Pasal 4(2))"),
        _("Investigate; find the same alleged person across cases and among homes' staff."),
        ("c", "e"),
        _("(c)/(e) investigation and child protection; no consent is asked of an alleged person."),
        _("The case team; links across cases for police only; bars for Dinas Sosial."),
        "cases_casesubject, staffing_bar, staffing_barmatch",
        _("NIK and date of birth removed after the set years since the case was closed."),
        "PANTAU_RETENTION_CASES_YEARS",
        _("NIK, its keyed hash and date of birth erased; the name stays in the closed case file."),
        "UU 27/2022 Pasal 4(2), 20(2)",
        PARTLY,
    ),
    Category(
        "staff",
        _("Homes' staff and their police clearances"),
        _("Name, role, date of birth, NIK (encrypted), police clearance (SKCK) and training records."),
        _("criminal records (Pasal 4(2)), for the police clearance"),
        _("Vet the people who care for children."),
        ("c", "e"),
        _("(e) supervision of homes; the home records its own staff."),
        _("The home; Dinas Sosial and KPAI of the area."),
        "registry_staffmember, staffing_policeclearance, staffing_training",
        _NO_RULE,
        "",
        _KEPT,
        "UU 27/2022 Pasal 4(2), 20(2); rules-and-data.md §1",
        PARTLY,
    ),
    Category(
        "reporters",
        _("Reporters and complainants"),
        _(
            "Name and contact given with a concern (optional), the names or accounts mentioned, "
            "the description."
        ),
        None,
        _("Triage concerns from the public, children, homes and monitoring."),
        ("a", "e"),
        _(
            "(a) the reporter chooses to give a name and contact (anonymous reports are "
            "accepted); (e) triage."
        ),
        _("Dinas Sosial, UPTD PPA and KPAI of the area (triage)."),
        "cases_concern",
        _("Closed concerns that did not become a case: redacted after the set years."),
        "PANTAU_RETENTION_CONCERNS_YEARS",
        _(
            "Reporter's name and contact, the names mentioned and the description erased; the "
            "tracking code and category stay."
        ),
        "UU 27/2022 Pasal 20(2)",
        PARTLY,
    ),
    Category(
        "families",
        _("Families applying for family-based care"),
        _(
            "Applicants' names, dates of birth, religion, marital status, address, phone, "
            "documents (numbers encrypted)."
        ),
        None,
        _("Assess adoption, foster, kinship and guardianship applications."),
        ("a", "e"),
        _("(a) the family applies; (e) PP 54/2007 and PP 44/2017."),
        _("Dinas Sosial of the area."),
        "familycare_family, familycare_familydocument, familycare_carefile",
        _NO_RULE,
        "",
        _KEPT,
        "UU 27/2022 Pasal 20(2); rules-and-data.md §3",
        UNVERIFIED,
    ),
    Category(
        "bank_accounts",
        _("Bank accounts"),
        _(
            "Homes' and their foundations' accounts (holder, number); intermediaries' accounts "
            "in family-care files; keyed hashes of accounts seen in posts."
        ),
        _("personal financial data (Pasal 4(2)), when a person holds the account"),
        _("Supervise public fundraising (PUB) and find money asked for children."),
        ("c", "e"),
        _("(e) supervision of fundraising (UU 9/1961, Permensos 8/2021)."),
        _("Dinas Sosial and KPAI of the area; the home its own."),
        "registry_bankaccount, familycare_carefile, monitoring_postidentifier",
        _NO_RULE,
        "",
        _KEPT,
        "UU 27/2022 Pasal 4(2); rules-and-data.md §5",
        UNVERIFIED,
    ),
    Category(
        "evidence",
        _("Uploaded evidence and captured posts"),
        _("Files attached to cases and visits, the chain of custody, posts captured in online monitoring."),
        _("may show children (Pasal 4(2))"),
        _("Prove what was found; refer to police and platforms."),
        ("c", "e"),
        _("(e) supervision and child protection; criminal procedure for evidence."),
        _("The case team or the visiting team; monitoring reviewers."),
        "cases_caseevidence, cases_custodyentry, supervision_evidence, monitoring_post",
        _NO_RULE,
        "",
        _KEPT,
        "UU 27/2022 Pasal 20(2)",
        UNVERIFIED,
    ),
    Category(
        "accounts",
        _("Officers' accounts and sessions"),
        _("E-mail, name, phone, organisation, role, second factor, API tokens, sign-in sessions."),
        None,
        _("Sign officers in and decide what each may see."),
        ("b", "e"),
        _("(b) the officer's employment; (e) the agencies' tasks."),
        _("The officer; the organisation's administrator; system administrators."),
        "accounts_user, accounts_membership, accounts_apitoken, django_session",
        _(
            "Expired sessions are deleted; accounts are deactivated, not deleted (the audit "
            "trail names them)."
        ),
        "",
        _("Expired sessions deleted."),
        "UU 27/2022 Pasal 20(2)",
        UNVERIFIED,
    ),
    Category(
        "audit",
        _("Audit trail"),
        _("Who did what and when, from which address; targets by number, never a child's name."),
        None,
        _("Accountability and security of processing; answer access requests with the processing record."),
        ("c", "f"),
        _(
            "(c) the controller must be able to show its processing (Pasal 32 names the record "
            "of processing)."
        ),
        _("Auditors and system administrators."),
        "audit_auditevent",
        _(
            "Append-only in the database: the app never deletes it. Events older than the set "
            "years are counted."
        ),
        "PANTAU_RETENTION_AUDIT_YEARS",
        _("Reported only; removal is a database administrator's decision outside the app."),
        "UU 27/2022 Pasal 32",
        UNVERIFIED,
    ),
    Category(
        "notifications",
        _("Notifications and kept caption checks"),
        _("Notices to officers (name cases and homes, never children); caption checks a home chose to keep."),
        None,
        _("Tell officers what waits for them; let a home keep its own checks."),
        ("e", "f"),
        _("(e) the agencies' work; (f) the home's own record."),
        _("The officer notified; the home's own members."),
        "notifications_notification, monitoring_keptpostcheck",
        _("Read notifications and kept checks deleted after the set years."),
        "PANTAU_RETENTION_NOTIFICATIONS_YEARS, PANTAU_RETENTION_POST_CHECKS_YEARS",
        _("Deleted."),
        "—",
        POLICY,
    ),
    Category(
        "subject_requests",
        _("Data-subject requests"),
        _(
            "The kind of request, the requester's relation to the person (no name needed), the "
            "record concerned, the answer."
        ),
        None,
        _("Answer requests for access and correction within the legal time."),
        ("c",),
        _("(c) Pasal 30 and 32 oblige the controller to answer."),
        _("The office that handles requests in its area."),
        "privacy_subjectrequest",
        _NO_RULE,
        "",
        _KEPT,
        "UU 27/2022 Pasal 30, 32",
        PARTLY,
    ),
)
