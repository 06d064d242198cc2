"""What the public may know about an LKSA: the one projection that pages and the public API both use.

Only registry facts leave this module — never staff, phone numbers of people, children or case data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from django.db.models import Prefetch
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pantau.familycare.law import PROVISIONS, STATUS_LABELS
from pantau.lib.normalise import normalise_account_number, normalise_handle
from pantau.regions.models import Region
from pantau.registry.legality import RULES
from pantau.registry.models import (
    Accreditation,
    AdoptionLicence,
    BankAccount,
    FundraisingPermit,
    Lksa,
    LksaQuerySet,
    Registration,
    SocialAccount,
)
from pantau.registry.selectors import valid_on


@dataclass
class PublicPermit:
    number: str
    valid_until: date
    bank: str
    account_number: str
    account_holder: str


# The law behind the fundraising sentences: the legality rule's basis (registry/legality.py). The articles
# that exempt some collections from a permit are not verified (../shared/domain/rules-and-data.md §5 cites
# a "Pasal 4" without saying of which text), so the page names the laws and says so.
FUNDRAISING_BASIS = RULES["fundraising_without_permit"].legal_basis
# Only a home holding the Minister's licence may process adoptions: the reviewed provision, shown with
# whether its article was checked against the text (familycare/law.py).
ADOPTION_BASIS = PROVISIONS["licensed_lksa"]


@dataclass
class PublicLksa:
    """What the public may read about a home. Every sentence says what Pantau has on record, not a legal
    conclusion: a home can be lawful and missing from Pantau, or its papers can be late in reaching it."""

    id: int
    name: str
    region_code: str
    region_path: str
    registered: bool
    registration_valid_until: date | None
    registration_expired_on: date | None
    accreditation_grade: str | None
    accreditation_valid_until: date | None
    # The registry's own flag: the home declared (or a supervisor recorded) that it raises funds from
    # the public, so it needs a permit.
    solicits_donations: bool = False
    permits: list[PublicPermit] = field(default_factory=list)
    social_accounts: list[str] = field(default_factory=list)
    # The Minister's licence to process adoptions, valid today (the latest end date when several).
    adoption_licensed: bool = False
    adoption_licence_valid_until: date | None = None

    @property
    def adoption_verdict(self) -> str:
        if not self.adoption_licensed:
            return _(
                "Licence from the Minister to process adoptions: none recorded in Pantau. This home may not "
                "process adoptions."
            )
        if self.adoption_licence_valid_until is None:
            return _("Licence from the Minister to process adoptions: held, with no end date recorded.")
        return _("Licence from the Minister to process adoptions: held, valid until %(date)s.") % {
            "date": date_format(self.adoption_licence_valid_until, "j F Y")
        }

    @property
    def adoption_basis(self) -> str:
        """The citation, and whether its article was checked against the text."""
        return f"{ADOPTION_BASIS.citation} ({STATUS_LABELS[ADOPTION_BASIS.status]})"

    @property
    def verdict(self) -> str:
        if not self.registered:
            if self.registration_expired_on:
                return _("The Dinas Sosial registration recorded in Pantau expired on %(date)s.") % {
                    "date": date_format(self.registration_expired_on, "j F Y")
                }
            return _("No Dinas Sosial registration is recorded in Pantau.")
        until = date_format(self.registration_valid_until, "j F Y") if self.registration_valid_until else None
        return (
            (_("A Dinas Sosial registration valid until %(date)s is recorded in Pantau.") % {"date": until})
            if until
            else _("A valid Dinas Sosial registration is recorded in Pantau.")
        )

    @property
    def fundraising_verdict(self) -> str:
        if not self.permits:
            return _("No fundraising permit (izin pengumpulan uang dan barang) is recorded in Pantau.")
        latest = max(permit.valid_until for permit in self.permits)
        return _(
            "A fundraising permit valid until %(date)s is recorded in Pantau, for the account(s) listed only."
        ) % {"date": date_format(latest, "j F Y")}

    @property
    def fundraising_note_short(self) -> str:
        """The list's one line for the same: the home's page gives the whole of it."""
        if self.permits:
            return ""
        if self.solicits_donations:
            return _("The registry records that this home raises funds from the public.")
        return _(
            "The home has not declared that it raises funds from the public; some collections need no "
            "permit (see the home's page)."
        )

    @property
    def fundraising_notes(self) -> list[str]:
        """What the home's declaration adds when no permit is recorded."""
        if self.permits:
            return []
        if self.solicits_donations:
            return [
                _(
                    "The registry records that this home raises funds from the public. Ask to see its "
                    "permit before you give, and give only into an account in the foundation's name."
                )
            ]
        return [
            _(
                "The home has not declared that it raises funds from the public. Some collections need no "
                "permit: zakat and infak paid through an authorised zakat body, collections in places of "
                "worship, and collections within a closed circle. (Fundraising permits: %(basis)s; the "
                "articles on these exemptions have not been verified.)"
            )
            % {"basis": FUNDRAISING_BASIS}
        ]


def public_lksa_queryset(day: date) -> LksaQuerySet:
    valid = valid_on(day)
    return (
        Lksa.objects.public()
        .only("pk", "name", "region_code", "solicits_donations")
        .prefetch_related(
            Prefetch("registrations", queryset=Registration.objects.order_by("-valid_until")),
            Prefetch(
                "accreditations", queryset=Accreditation.objects.filter(valid), to_attr="valid_accreditations"
            ),
            Prefetch(
                "fundraising_permits",
                queryset=FundraisingPermit.objects.filter(valid).select_related("bank_account"),
                to_attr="valid_permits",
            ),
            Prefetch("social_accounts", queryset=SocialAccount.objects.order_by("platform")),
            Prefetch(
                "adoption_licences",
                queryset=AdoptionLicence.objects.filter(valid).only("lksa_id", "valid_until"),
                to_attr="valid_adoption_licences",
            ),
        )
    )


def _region_paths(codes: set[str]) -> dict[str, str]:
    """ "Desa X, Kecamatan Y, Kabupaten Z, Province" for each code, in one query."""
    wanted: set[str] = set()
    for code in codes:
        parts = code.split(".")
        wanted.update(".".join(parts[: i + 1]) for i in range(len(parts)))
    names = dict(Region.objects.filter(code__in=wanted).values_list("code", "name"))
    paths = {}
    for code in codes:
        parts = code.split(".")
        chain = [names.get(".".join(parts[: i + 1]), "") for i in range(len(parts))]
        paths[code] = ", ".join(name for name in reversed(chain) if name)
    return paths


def to_public(homes: list[Lksa], day: date) -> list[PublicLksa]:
    paths = _region_paths({home.region_code for home in homes})
    result = []
    for home in homes:
        registrations = list(home.registrations.all())
        current = next((r for r in registrations if r.is_valid_on(day)), None)
        expired = next((r for r in registrations if r.valid_until and r.valid_until < day), None)
        # The best valid grade: "A" sorts first.
        accreditation = min(getattr(home, "valid_accreditations", []), key=lambda a: a.grade, default=None)
        # A permit only covers a foundation's account; a person's name and number never go public.
        permits: list[FundraisingPermit] = [
            p
            for p in getattr(home, "valid_permits", [])
            if p.bank_account is not None and p.bank_account.holder_kind == BankAccount.Holder.FOUNDATION
        ]
        licences: list[AdoptionLicence] = getattr(home, "valid_adoption_licences", [])
        open_ended = any(licence.valid_until is None for licence in licences)
        result.append(
            PublicLksa(
                id=home.pk,
                name=home.name,
                region_code=home.region_code,
                region_path=paths.get(home.region_code, ""),
                registered=current is not None,
                registration_valid_until=current.valid_until if current else None,
                registration_expired_on=expired.valid_until if current is None and expired else None,
                accreditation_grade=accreditation.grade if accreditation else None,
                accreditation_valid_until=accreditation.valid_until if accreditation else None,
                solicits_donations=home.solicits_donations,
                permits=[
                    PublicPermit(
                        number=p.number,
                        valid_until=p.valid_until,  # type: ignore[arg-type]
                        bank=cast(BankAccount, p.bank_account).bank,
                        account_number=cast(BankAccount, p.bank_account).number,
                        account_holder=cast(BankAccount, p.bank_account).holder_name,
                    )
                    for p in permits
                ],
                social_accounts=[str(account) for account in home.social_accounts.all()],
                adoption_licensed=bool(licences),
                adoption_licence_valid_until=None
                if open_ended
                else max((licence.valid_until for licence in licences if licence.valid_until), default=None),
            )
        )
    return result


@dataclass
class AccountMatch:
    lksa: PublicLksa
    kind: str  # "bank" or "social"
    permitted: bool  # a bank account covered by a fundraising permit valid today
    held_by_person: bool


def lookup(*, day: date, value: str) -> list[AccountMatch]:
    """Which registered homes a bank account number or social-media handle from an appeal belongs to."""
    digits = normalise_account_number(value)
    handle = normalise_handle(value)
    matches: list[tuple[int, str, bool, bool]] = []
    if len(digits) >= 6:
        for account in BankAccount.objects.filter(number_digits=digits).prefetch_related("permits"):
            permitted = any(p.is_valid_on(day) for p in account.permits.all())
            matches.append(
                (account.lksa_id, "bank", permitted, account.holder_kind == BankAccount.Holder.PERSON)
            )
    if handle and len(handle) >= 3:
        for lksa_id in SocialAccount.objects.filter(handle_normalised=handle).values_list(
            "lksa_id", flat=True
        ):
            matches.append((lksa_id, "social", False, False))
    homes = {
        home.id: home
        for home in to_public(list(public_lksa_queryset(day).filter(pk__in={m[0] for m in matches})), day)
    }
    return [
        AccountMatch(homes[i], kind, permitted, person)
        for i, kind, permitted, person in matches
        if i in homes
    ]


def public_detail(pk: int, day: date) -> PublicLksa | None:
    home = public_lksa_queryset(day).filter(pk=pk).first()
    return to_public([home], day)[0] if home else None


def as_dict(item: PublicLksa) -> dict[str, Any]:
    return {
        "id": item.id,
        "name": item.name,
        "region_code": item.region_code,
        "region": item.region_path,
        "registered": item.registered,
        "registration_valid_until": item.registration_valid_until,
        "accreditation_grade": item.accreditation_grade,
        "fundraising_permits": [vars(p) for p in item.permits],
        "social_accounts": item.social_accounts,
        "verdict": item.verdict,
        "fundraising_verdict": item.fundraising_verdict,
        "fundraising_notes": item.fundraising_notes,
        "adoption_licence": item.adoption_licensed,
        "adoption_licence_valid_until": item.adoption_licence_valid_until,
        "adoption_verdict": item.adoption_verdict,
        "adoption_basis": item.adoption_basis,
    }
