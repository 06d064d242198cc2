"""Synthetic LKSA with the realistic mix of legality problems the registry exists to expose."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, cast

from django.utils import timezone

from pantau.accounts.models import Organisation, User
from pantau.accounts.roles import OrgKind
from pantau.lib.names import name_key
from pantau.lib.seeding import SeedContext, seeder
from pantau.regions.models import Region
from pantau.registry.models import (
    Accreditation,
    BankAccount,
    ChangeRequest,
    FundraisingPermit,
    LegalEntity,
    Lksa,
    Registration,
    SocialAccount,
    StaffMember,
)
from pantau.registry.services import legality_refresh_all

NAME_PREFIXES = ["Panti Asuhan", "LKSA", "Panti Asuhan Anak", "Rumah Asuh", "Panti Sosial Asuhan Anak"]
NAME_CORES = [
    "Kasih Bunda",
    "Al-Ikhlas",
    "Harapan Bangsa",
    "Nurul Iman",
    "Bina Insani",
    "Pelita Kasih",
    "Darul Aitam",
    "Budi Mulia",
    "Aisyiyah",
    "Muhammadiyah",
    "Santa Maria",
    "Bethesda",
    "Tunas Harapan",
    "Mutiara Hati",
    "Al-Hikmah",
    "Sayap Ibu",
    "Putra Harapan",
    "Darussalam",
    "Nurul Huda",
    "Kasih Agape",
    "Hati Suci",
    "Miftahul Jannah",
    "Yatim Mandiri",
    "Bunda Pertiwi",
    "Anak Bangsa",
    "Rahmatan Lil Alamin",
    "Pondok Kasih",
]
BANKS = ["BRI", "BNI", "Bank Mandiri", "BSI", "BCA", "Bank Jateng", "Bank Sumut", "Bank BJB"]
STAFF_FIRST = ["Siti", "Ahmad", "Dewi", "Yohana", "Rudi", "Sri", "Nur", "Agus", "Maria", "Hasan", "Lina"]
STAFF_LAST = ["Aminah", "Hidayat", "Lestari", "Simanjuntak", "Wibowo", "Rahayu", "Fauzi", "Nainggolan"]

# (profile, weight): what kind of problem, if any, a home has.
PROFILES = [
    ("sound", 40),
    ("expiring", 8),
    ("expired", 10),
    ("entity_only", 12),
    ("unregistered", 10),
    ("personal_account", 8),
    ("no_permit_fundraising", 7),
    ("over_capacity", 5),
]


def _pick_profile(ctx: SeedContext) -> str:
    return ctx.rng.choices([p for p, _ in PROFILES], weights=[w for _, w in PROFILES])[0]


@seeder(order=30)
def seed_registry(ctx: SeedContext) -> None:
    today = date.today()  # noqa: DTZ011  (calendar dates relative to the day the demo is generated)
    count = 10_000 if ctx.national else 300
    provinces = None if ctx.national else ("36", "12", "31")
    villages = list(
        Region.objects.filter(level=4, is_active=True).values_list("code", "name").order_by("code")
    )
    if provinces:
        villages = [v for v in villages if v[0][:2] in provinces]
    # The LKSA organisations created for the demo logins get registry records too.
    existing = list(Organisation.objects.filter(kind=OrgKind.LKSA, lksa__isnull=True))
    organisations: list[Organisation] = []
    taken: set[tuple[str, str]] = set()
    homes: list[Lksa] = []
    profiles: list[str] = []
    for i in range(count):
        if i < len(existing):
            organisation = existing[i]
            code = organisation.region_id or ""
            name = organisation.name
            profile = "sound" if i == 0 else "no_permit_fundraising"
        else:
            code, village = ctx.rng.choice(villages)
            name = f"{ctx.rng.choice(NAME_PREFIXES)} {ctx.rng.choice(NAME_CORES)} {village}"
            while (name, code) in taken:  # one village, one name
                name += " II"
            taken.add((name, code))
            organisation = Organisation(name=name, kind=OrgKind.LKSA, region_id=code)
            organisations.append(organisation)
            profile = _pick_profile(ctx)
        capacity = ctx.rng.choice([20, 30, 40, 50, 60, 80, 100])
        children = (
            ctx.rng.randint(capacity // 3, capacity)
            if profile != "over_capacity"
            else capacity + ctx.rng.randint(5, 40)
        )
        homes.append(
            Lksa(
                organisation=organisation,
                name=name,
                region_code=code,
                capacity=capacity,
                children_count=children,
                address=f"Jl. {ctx.rng.choice(NAME_CORES)} No. {ctx.rng.randint(1, 200)}",
                phone=f"08{ctx.rng.randint(11, 59)}{ctx.rng.randint(10_000_000, 99_999_999)}",
                solicits_donations=profile in ("no_permit_fundraising", "entity_only", "personal_account")
                or ctx.rng.random() < 0.2,
            )
        )
        profiles.append(profile)
    Organisation.objects.bulk_create(organisations, batch_size=2000)
    for home in homes:
        home.organisation_id = home.organisation.pk
    Lksa.objects.bulk_create(homes, batch_size=2000)
    _seed_records(ctx, homes, profiles, today)
    changed = legality_refresh_all()
    _seed_proposals(homes[: len(existing)])
    ctx.log(f"  {len(homes):,} LKSA ({changed:,} with a computed legality status)")


def _seed_proposals(demo_homes: list[Lksa]) -> None:
    """Proposals waiting for Dinas Sosial, from the homes whose operators have demo logins."""
    for home in demo_homes:
        operator = User.objects.filter(memberships__organisation=home.organisation_id).first()
        if operator is None:
            continue
        ChangeRequest.objects.create(
            lksa=home,
            kind="staff",
            submitted_by=operator,
            data={
                "full_name": "Rina Marlina",
                "position": "Pengasuh",
                "police_clearance_on": "2026-01-15",
                "is_social_worker": "on",
                "is_active": "on",
            },
        )
        ChangeRequest.objects.create(
            lksa=home,
            kind="profile",
            submitted_by=operator,
            data={
                "name": home.name,
                "region_code": home.region_code,
                "capacity": str((home.capacity or 30) + 10),
                "is_active": "on",
            },
        )


def _seed_records(ctx: SeedContext, homes: list[Lksa], profiles: list[str], today: date) -> None:
    rng = ctx.rng
    entities: list[LegalEntity] = []
    registrations: list[Registration] = []
    accreditations: list[Accreditation] = []
    permits: list[FundraisingPermit] = []
    accounts: list[BankAccount] = []
    socials: list[SocialAccount] = []
    staff: list[StaffMember] = []
    for index, (home, profile) in enumerate(zip(homes, profiles, strict=True)):
        has_entity = profile != "unregistered"
        if has_entity:
            deed = today - timedelta(days=rng.randint(400, 9000))
            entities.append(
                LegalEntity(
                    lksa=home,
                    form=LegalEntity.Form.YAYASAN,
                    name=f"Yayasan {home.name}",
                    deed_number=f"{rng.randint(1, 99)}",
                    deed_date=deed,
                    notary=f"Notaris {rng.choice(STAFF_LAST)}, S.H., M.Kn.",
                    ahu_number=f"AHU-{rng.randint(1000, 9999)}.AH.01.04.Tahun {deed.year}",
                    ahu_date=deed + timedelta(days=30),
                )
            )
        if profile not in ("entity_only", "unregistered"):
            if profile == "expired":
                issued = today - timedelta(days=rng.randint(1200, 1800))
            elif profile == "expiring":
                issued = today - timedelta(days=3 * 365 - rng.randint(5, 55))
            else:
                issued = today - timedelta(days=rng.randint(10, 900))
            registrations.append(
                Registration(
                    lksa=home,
                    number=f"{home.region_code[:5]}/TD-LKS/{issued.year}/{index:05d}",
                    issuer=f"Dinas Sosial {home.region_code[:5]}",
                    issued_on=issued,
                    valid_until=issued + timedelta(days=3 * 365),
                )
            )
            if rng.random() < (0.85 if profile == "sound" else 0.4):
                grade = rng.choice("ABC")
                given = today - timedelta(days=rng.randint(30, 1500))
                years = {"A": 5, "B": 3, "C": 2}[grade]
                accreditations.append(
                    Accreditation(
                        lksa=home,
                        grade=grade,
                        number=f"BALKS/{given.year}/{index:05d}",
                        issuer="BALKS",
                        issued_on=given,
                        valid_until=given + timedelta(days=365 * years),
                    )
                )
        holder_is_person = profile == "personal_account"
        account = BankAccount(
            lksa=home,
            bank=rng.choice(BANKS),
            number=f"{rng.randint(100, 999)}-{rng.randint(10**8, 10**9 - 1)}",
            holder_name=(
                f"{rng.choice(STAFF_FIRST)} {rng.choice(STAFF_LAST)}"
                if holder_is_person
                else f"Yayasan {home.name}"
            ),
            holder_kind=BankAccount.Holder.PERSON if holder_is_person else BankAccount.Holder.FOUNDATION,
        )
        account.number_digits = "".join(ch for ch in account.number if ch.isdigit())
        accounts.append(account)
        if home.solicits_donations and profile == "sound" and has_entity:
            start = today - timedelta(days=rng.randint(0, 60))
            permits.append(
                FundraisingPermit(
                    lksa=home,
                    number=f"PUB/{start.year}/{index:05d}",
                    issuer="Dinas Sosial",
                    level=FundraisingPermit.Level.REGENCY,
                    issued_on=start,
                    valid_until=start + timedelta(days=90),
                    bank_account=account,
                )
            )
        if rng.random() < 0.6:
            handle = home.name.lower().replace(" ", ".")[:28]
            socials.append(
                SocialAccount(
                    lksa=home,
                    platform=rng.choice(["tiktok", "instagram", "facebook"]),
                    handle=handle,
                    handle_normalised=handle,
                )
            )
        for position in ("Ketua", "Pengasuh", "Pengasuh", "Pekerja Sosial")[
            : 4 if profile == "sound" else rng.randint(1, 4)
        ]:
            screened = profile == "sound" or rng.random() < 0.6
            full_name = f"{rng.choice(STAFF_FIRST)} {rng.choice(STAFF_LAST)}"
            staff.append(
                StaffMember(
                    lksa=home,
                    full_name=full_name,
                    name_key=name_key(full_name),  # bulk_create skips save(), which fills it
                    position=position,
                    police_clearance_on=today - timedelta(days=rng.randint(30, 700)) if screened else None,
                    # A sound home's staff have had child-protection training (SNPA D23) too; set
                    # without drawing from ``rng``, so the rest of the demo stays as it was.
                    protection_training_on=today - timedelta(days=20) if profile == "sound" else None,
                    is_social_worker=position == "Pekerja Sosial",
                )
            )
    groups: list[list[Any]] = [entities, registrations, accreditations, accounts, socials, staff]
    for rows in groups:
        if rows:
            type(rows[0])._default_manager.bulk_create(rows, batch_size=2000)
    for permit in permits:
        permit.bank_account_id = cast(BankAccount, permit.bank_account).pk
    FundraisingPermit.objects.bulk_create(permits, batch_size=2000)


@seeder(order=31)
def seed_home_work(ctx: SeedContext) -> None:
    """Work for the home pages' queues of the demo homes (those with operator logins): the registration
    runs out in six weeks, a proposal came back from Dinas Sosial, a new carer has no police clearance."""
    today = date.today()  # noqa: DTZ011  (a calendar date, as the registry's records)
    for home in Lksa.objects.filter(organisation__memberships__isnull=False).distinct().order_by("pk"):
        operator = User.objects.filter(memberships__organisation=home.organisation_id).first()
        registration = Registration.objects.filter(lksa=home).order_by("-issued_on").first()
        if registration is not None and registration.valid_until is not None:
            Registration.objects.filter(pk=registration.pk).update(valid_until=today + timedelta(days=40))
        if operator is not None:
            ChangeRequest.objects.create(
                lksa=home,
                kind="profile",
                submitted_by=operator,
                status=ChangeRequest.Status.REJECTED,
                decided_at=timezone.now() - timedelta(days=3),
                decision_note="Lampirkan surat keputusan pengurus yayasan yang baru.",
                data={"name": home.name, "region_code": home.region_code, "is_active": "on"},
            )
        StaffMember.objects.create(lksa=home, full_name="Dewi Anggraini", position="Pengasuh baru")
        legality_refresh_all(ids=[home.pk])
