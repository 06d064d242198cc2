"""The people and papers around the homes in the network seed: cases with their alleged persons, concerns,
family-care files with their intermediaries, and barred persons, each with its planted part."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from network_world import BARS, CARE_FILES, CASES, CONCERNS, World, display

RELATIONS = [
    "orang_tua",
    "keluarga",
    "pengasuh",
    "pengurus",
    "tetangga",
    "teman",
    "guru",
    "majikan",
    "lainnya",
]
FORMS = ["fisik", "psikis", "seksual", "eksploitasi", "trafficking", "penelantaran", "lainnya"]


class Offices:
    """The Dinas Sosial of each kabupaten/kota (or province) and one of its people, to own what is made."""

    def __init__(self) -> None:
        from pantau.accounts.models import Membership
        from pantau.accounts.roles import OrgKind

        self.by_region: dict[str, tuple[int, int]] = {}
        rows = Membership.objects.filter(
            organisation__kind__in=[OrgKind.DINSOS_REGENCY, OrgKind.DINSOS_PROVINCE], is_active=True
        ).values_list("organisation__region_id", "organisation_id", "user_id")
        for region, organisation, user in rows.order_by("user_id"):
            self.by_region.setdefault(region or "", (organisation, user))
        self.fallback = next(iter(self.by_region.values()))

    def of(self, region: str) -> tuple[int, int]:
        return self.by_region.get(region[:5]) or self.by_region.get(region[:2]) or self.fallback


def _when(world: World, days: int) -> datetime:
    day = world.today - timedelta(days=world.rng.randint(0, days))
    return datetime.combine(day, time(9), tzinfo=datetime.now().astimezone().tzinfo)


def cases(world: World, plan: Any) -> str:
    from django.db.models import F

    from pantau.cases.models import Case, CaseSubject
    from pantau.lib.names import name_key
    from pantau.lib.persons import set_nik

    rng, offices, homes = world.rng, Offices(), world.homes
    planted = plan.in_case
    rows: list[Case] = []
    about: list[int | None] = []
    for n in range(CASES):
        home = (
            planted[n]["other"]
            if n < len(planted)
            else (rng.randrange(len(homes)) if rng.random() < 0.6 else None)
        )
        region = homes[home].region[:5] if home is not None else rng.choice(list(offices.by_region))
        owner, user = offices.of(region)
        rows.append(
            Case(
                number=f"KS-NET-{n + 1:07d}",
                title=f"Dugaan {rng.choice(FORMS)} terhadap anak",
                owner_id=owner,
                region_code=region,
                lksa_id=homes[home].pk if home is not None else None,
                form_of_violence=rng.choice(FORMS),
                cluster="pka",
                summary="Data sintetis untuk pengukuran jaringan.",
                status="open" if rng.random() < 0.5 else "closed",
                opened_by_id=user,
            )
        )
        about.append(home)
    Case.objects.bulk_create(rows, batch_size=5000)
    subjects: list[CaseSubject] = []
    plants: list[tuple[dict[str, Any], CaseSubject]] = []
    for n, case in enumerate(rows):
        if n < len(planted):
            plant = planted[n]
            person = world.staff[plant["staff"]]
            born = person.birth_date
            if plant["match"] == "near":  # same name, another date of birth: another person
                born = born.replace(year=born.year - rng.randint(1, 6)) if born else None
            subject = CaseSubject(
                case=case,
                name=person.full_name,
                name_key=name_key(person.full_name)[:150],
                relation="pengurus" if person.is_board else "pengasuh",
                birth_date=born,
            )
            if plant["match"] == "nik":
                set_nik(subject, person.nik, context=CaseSubject.NIK_CONTEXT)
            subjects.append(subject)
            plants.append((plant, subject))
        for _ in range(rng.choice((1, 1, 2, 3)) - (1 if n < len(planted) else 0)):
            name = world.person_name()
            born = world.adult_birth() if rng.random() < 0.5 else None
            subject = CaseSubject(
                case=case,
                name=name,
                name_key=name_key(name)[:150],
                relation=rng.choice(RELATIONS),
                birth_date=born,
            )
            if rng.random() < 0.2:
                home = about[n]
                region = homes[home].region if home is not None else case.region_code
                set_nik(subject, world.nik(region, born, rng.random() < 0.5), context=CaseSubject.NIK_CONTEXT)
            subjects.append(subject)
    CaseSubject.objects.bulk_create(subjects, batch_size=5000)
    for plant, subject in plants:
        person = world.staff[plant["staff"]]
        plant["truth"] = {
            "staff_id": person.pk,
            "home_id": homes[plant["home"]].pk,
            "case_id": subject.case.pk,
            "subject_id": subject.pk,
            "case_home_id": homes[plant["other"]].pk,
            "match": plant["match"],
        }
    # Opened over the last two years; closed ones closed a few weeks later.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cases_case SET opened_at = now() - random() * interval '730 days'"
            " WHERE number LIKE 'KS-NET-%%'"
        )
    Case.objects.filter(status="closed").update(closed_at=F("opened_at") + timedelta(days=40))
    return f"{len(rows):,} cases, {len(subjects):,} alleged persons"


def concerns(world: World, plan: Any) -> str:
    from pantau.cases.models import Concern

    rng, homes = world.rng, world.homes
    rows = []
    for _ in range(CONCERNS):
        home = homes[rng.randrange(len(homes))] if rng.random() < 0.6 else None
        subject = ""
        roll = rng.random()
        if home is not None and roll < 0.45:
            subject = rng.choice(
                [display(home.phone, rng), f"{home.banks[0]['bank']} {home.banks[0]['number']}"]
                + [f"@{handle}" for _, handle in home.handles]
            )
        elif roll < 0.6:
            subject = world.person_name()
        rows.append(
            Concern(
                source=rng.choice(["public", "public", "staff", "monitoring"]),
                lksa_id=home.pk if home else None,
                region_code=home.region if home else "",
                category=rng.choice(
                    ["livestream", "fundraising", "abuse", "work", "adoption", "unlicensed", "other"]
                ),
                description="Laporan sintetis untuk pengukuran jaringan.",
                subject_text=subject,
                status="received" if rng.random() < 0.2 else "closed",
            )
        )
    # Reports naming one of the planted collecting accounts (context, not a signal by itself).
    for account in plan.bank_accounts[:20]:
        rows.append(
            Concern(
                source="public",
                category="fundraising",
                description="Rekening ini dipakai beberapa panti untuk minta donasi (data sintetis).",
                subject_text=f"{account['bank']} {account['number']}",
            )
        )
    Concern.objects.bulk_create(rows, batch_size=5000)
    world.truth["concerns"] = [
        {"concern_id": c.pk, "number": c.subject_text.split()[-1]} for c in rows[CONCERNS:]
    ]
    return f"{len(rows):,} concerns"


def care_files(world: World, plan: Any) -> str:
    from pantau.familycare.models import CareFile, Family, RuleSet
    from pantau.lib.normalise import normalise_account_number

    rng, homes, offices = world.rng, world.homes, Offices()
    rules = {r.kind: r for r in RuleSet.objects.order_by("kind", "version")}
    children: dict[int, list[int]] = world.truth.pop("_children")
    planted = [(n, home) for n, home in enumerate(plan.phones + plan.phones_near)]
    families, files = [], []
    for n in range(CARE_FILES):
        if n < len(planted):  # the file's home: the appeal's own home for half, another home for the rest
            index = planted[n][1] if n % 2 == 0 else rng.randrange(len(homes))
        else:
            index = rng.randrange(len(homes))
        home = homes[index]
        while not children[home.pk]:
            home = homes[rng.randrange(len(homes))]
        child = children[home.pk].pop()
        region = home.region[:5]
        user = offices.of(region)[1]
        opened = world.today - timedelta(days=rng.randint(10, 700))
        families.append(
            Family(
                region_code=region,
                applicant_name=world.person_name(),
                applicant_sex=rng.choice("LP"),
                applicant_birth_date=world.adult_birth(),
                applicant_religion="islam",
                marital_status="married",
                address="Alamat sintetis",
                registered_by_id=user,
            )
        )
        phone = account = name = ""
        if n < len(planted):
            phone, name = display(plan.phone_numbers[n], rng), world.person_name()
        elif rng.random() < 0.2:
            phone, name = display(world.phone(), rng), world.person_name()
            account = world.bank_account(name, "person")["number"] if rng.random() < 0.5 else ""
        kind = rng.choice(["adoption", "adoption", "foster", "kinship", "guardianship"])
        files.append(
            CareFile(
                kind=kind,
                lksa_id=home.pk,
                child_id=child,
                child_region_code=home.region,
                region_code=region,
                stage="applied",
                stage_on=opened,
                opened_on=opened,
                rules=rules[kind],
                opened_by_id=user,
                intermediary_name=name,
                intermediary_phone=phone,
                intermediary_phone_digits=normalise_account_number(phone),
                intermediary_account=account,
                intermediary_account_digits=account,
            )
        )
    Family.objects.bulk_create(families, batch_size=5000)
    for family, file in zip(families, files, strict=True):
        file.family = family
    CareFile.objects.bulk_create(files, batch_size=5000)
    world.truth["phones"] = [
        {
            "phone": "+62" + plan.phone_numbers[n][1:],
            "home_id": homes[home].pk,
            "post_ids": plan.posts.get(f"phone:{n}:{home}", []),
            "care_file_id": files[n].pk,
            "care_file_home_id": files[n].lksa_id,
            "intermediary_phone": files[n].intermediary_phone,
            "appeal": n < len(plan.phones),
        }
        for n, home in planted
    ]
    return (
        f"{len(files):,} care files ({sum(1 for f in files if f.intermediary_phone):,} with an intermediary)"
    )


def bars(world: World, plan: Any) -> str:
    from pantau.lib.names import name_key
    from pantau.lib.persons import nik_hash
    from pantau.staffing.models import Bar, BarMatch
    from pantau.staffing.services import matches_refresh_for_bar

    rng, homes, offices = world.rng, world.homes, Offices()

    def bar(name: str, born: Any, nik: str, origin: int) -> Bar:
        organisation, user = offices.of(homes[origin].region)
        return Bar(
            organisation_id=organisation,
            region_code=homes[origin].region[:5],
            full_name=name,
            name_key=name_key(name)[:150],
            nik_hash=nik_hash(nik),
            birth_date=born,
            reason="Temuan pengawasan: kekerasan terhadap anak asuh (data sintetis).",
            origin_id=homes[origin].pk,
            from_on=world.today - timedelta(days=rng.randint(10, 900)),
            created_by_id=user,
        )

    rows = []
    for plant in plan.barred:
        person = world.staff[plant["staff"]]
        born = person.birth_date
        if plant["match"] == "near":
            born = born.replace(year=born.year - rng.randint(1, 6))
        rows.append(
            bar(person.full_name, born, person.nik if plant["match"] == "nik" else "", plant["other"])
        )
    for _ in range(BARS):
        born = world.adult_birth()
        origin = rng.randrange(len(homes))
        nik = world.nik(homes[origin].region, born, rng.random() < 0.5) if rng.random() < 0.5 else ""
        rows.append(bar(world.person_name(), born, nik, origin))
    Bar.objects.bulk_create(rows)
    for row in rows:
        matches_refresh_for_bar(row)
    for plant, row in zip(plan.barred, rows, strict=False):
        plant["truth"] = {
            "staff_id": world.staff[plant["staff"]].pk,
            "home_id": homes[plant["home"]].pk,
            "bar_id": row.pk,
            "bar_origin_home_id": homes[plant["other"]].pk,
            "match": plant["match"],
        }
    return f"{len(rows):,} bars, {BarMatch.objects.count():,} matches"
