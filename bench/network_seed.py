"""Seed (once) the scratch database of the network benchmark (issue 21: follow the money and the people).

    uv run python bench/network_seed.py [DATABASE_URL] [--again]
    # default database pantau_bench_network, or PANTAU_BENCH_DATABASE_URL; --again reseeds

Fills only the existing source models, at national scale, straight into the tables (bulk inserts, COPY
for the posts): the regions and the national agencies with their staff (as ``seed_demo`` makes them),
10,000 homes with their legal records, bank accounts, social accounts, staff (board members, some with
a NIK) and about 100,000 children in care; 15,000 monitored accounts and 1,000,000 posts with their
identifiers; 100,000 cases with their alleged persons, 50,000 concerns, 5,000 family-care files and the
barred persons. Into this it plants a synthetic network (accounts collecting for several homes, appeals
into personal accounts, staff alleged in another home's case or barred after another home, phones shared
between an appeal and an adoption intermediary, homes claiming "yatim piatu" while most of their children
have a living parent) and near-misses that must not be found, and writes what it planted to
``var/bench-network-planted.json``. Then VACUUM ANALYZE. A second run finds the data and exits.
"""

from __future__ import annotations

import io
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import recreate_database, setup_django
from network_world import (
    ACCOUNTS,
    BOARD,
    CHILDREN,
    HOMES,
    POSITIONS,
    POSTS,
    Account,
    Home,
    Staff,
    World,
    ascii_slug,
    bank_row,
    e164,
    holder_name,
)

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/pantau_bench_network"
TRUTH = Path(__file__).resolve().parent.parent / "var" / "bench-network-planted.json"
LINKED_SHARE = 0.7
SEED = 21


class Steps:
    """Prints one line per step with its time."""

    def __init__(self) -> None:
        self.started = time.perf_counter()

    def __call__(self, label: str, function: Any, *args: Any) -> Any:
        began = time.perf_counter()
        result = function(*args)
        note = f"  ({result})" if isinstance(result, str) else ""
        print(f"{label:<44} {time.perf_counter() - began:7.1f} s{note}", flush=True)
        return result

    def total(self) -> None:
        print(f"{'total':<44} {time.perf_counter() - self.started:7.1f} s", flush=True)


def seeded() -> bool:
    from django.db import OperationalError, connection

    try:
        if "monitoring_post" not in connection.introspection.table_names():
            return False
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM (SELECT 1 FROM monitoring_post LIMIT %s) p", [POSTS])
            return cursor.fetchone()[0] >= POSTS and TRUTH.exists()
    except OperationalError:  # no database yet
        return False


def seed(url: str, *, again: bool = False) -> None:
    setup_django(url)
    from django.core.management import call_command
    from django.db import connection

    if seeded() and not again:
        call_command("migrate", verbosity=0)
        print(f"already seeded ({TRUTH.name} present); nothing to do")
        return
    steps = Steps()
    connection.close()
    steps("database recreated, migrated", _fresh, url)
    import network_plant

    world = World(rng=random.Random(SEED), today=date.today())  # noqa: S311, DTZ011  (synthetic; dates from today)
    steps("regions, agencies and their staff", _agencies)
    steps("homes and their records", _homes, world)
    steps("legality computed", _legality)
    plan = network_plant.Plan(world)
    steps("staff", _staff, world, plan)
    steps("children in care", _children, world)
    steps("monitored accounts", _accounts, world)
    steps("posts and identifiers (COPY)", network_plant.posts, world, plan)
    steps("cases and alleged persons", network_plant.cases, world, plan)
    steps("concerns", network_plant.concerns, world, plan)
    steps("family-care files", network_plant.care_files, world, plan)
    steps("barred persons and their matches", network_plant.bars, world, plan)
    steps("VACUUM ANALYZE", _vacuum)
    steps("planted truth checked and written", network_plant.write_truth, world, plan, TRUTH)
    steps.total()
    _counts()


def _fresh(url: str) -> None:
    from django.core.management import call_command

    recreate_database(url)
    call_command("migrate", verbosity=0)


def _agencies() -> str:
    from pantau.accounts.seed import seed_organisations_and_users
    from pantau.lib.seeding import SeedContext
    from pantau.regions.services import regions_load

    regions_load()
    seed_organisations_and_users(SeedContext(scale="national", seed=SEED, stdout=io.StringIO()))
    from pantau.accounts.models import Organisation

    return f"{Organisation.objects.count():,} organisations"


def _legality() -> str:
    from pantau.registry.services import legality_refresh_all

    return f"{legality_refresh_all():,} homes with a status"


def _homes(world: World) -> str:
    from pantau.accounts.models import Organisation
    from pantau.accounts.roles import OrgKind
    from pantau.regions.models import Region
    from pantau.registry.models import FundraisingPermit, LegalEntity, Lksa, Registration, SocialAccount
    from pantau.registry.seed import NAME_CORES

    rng, today = world.rng, world.today
    villages = list(
        Region.objects.filter(level=4, is_active=True).values_list("code", "name").order_by("code")
    )
    # The demo LKSA organisations (operators' logins) get homes too, as seed_demo does.
    organisations = list(Organisation.objects.filter(kind=OrgKind.LKSA, lksa__isnull=True).order_by("pk"))
    homes: list[Lksa] = []
    taken: set[tuple[str, str]] = set()
    for i in range(HOMES):
        if i < len(organisations):
            organisation, code = organisations[i], organisations[i].region_id or ""
            code = next((v for v in villages if v[0].startswith(code)), villages[0])[0]
            name = organisation.name
        else:
            code, village = rng.choice(villages)
            name = f"{rng.choice(['Panti Asuhan', 'LKSA', 'Rumah Asuh'])} {rng.choice(NAME_CORES)} {village}"
            while (name, code) in taken:  # one village, one name
                name += " II"
            taken.add((name, code))
            organisation = Organisation(name=name, kind=OrgKind.LKSA, region_id=code)
            organisations.append(organisation)
        phone = world.phone()
        foundation = holder_name(f"Yayasan {name.split(' ', 1)[1].removeprefix('Asuhan ')}")
        banks = [world.bank_account(foundation) for _ in range(rng.choice((1, 1, 1, 2)))]
        slug = ascii_slug(name)[:24] + str(i)
        handles = [
            (platform, f"{slug[:20]}.{i}" if n == 0 else f"{slug[:18]}_{platform[:2]}{i}")
            for n, platform in enumerate(
                rng.sample(["tiktok", "instagram", "facebook"], rng.choice((0, 1, 1, 2)))
            )
        ]
        home = Home(
            index=i,
            region=code,
            name=name,
            phone=phone,
            e164=e164(phone),
            banks=banks,
            handles=handles,
            wallet={"wallet": rng.choice(["DANA", "OVO", "GoPay"]), "number": e164(phone)}
            if rng.random() < 0.4
            else None,
            qris={"nmid": world.nmid(), "merchant": foundation.upper()} if rng.random() < 0.35 else None,
            permit=f"460/{i:05d}/Dinsos/{today.year}" if rng.random() < 0.15 else "",
            ahu=f"{rng.randint(1, 99999):07d}.AH.01.04" if rng.random() < 0.85 else "",
            children=max(1, round(rng.gauss(CHILDREN / HOMES, 4))),
            link=f"kitabisa.com/{slug}" if rng.random() < 0.2 else "",
        )
        world.homes.append(home)
        homes.append(
            Lksa(
                organisation=organisation,
                name=name,
                region_code=code,
                capacity=max(home.children + rng.randint(-3, 15), 1),
                children_count=home.children,
                address=f"Jl. {rng.choice(NAME_CORES)} No. {rng.randint(1, 200)}",
                phone=phone,
                solicits_donations=rng.random() < 0.5,
            )
        )
    Organisation.objects.bulk_create([o for o in organisations if o.pk is None], batch_size=5000)
    for row in homes:
        row.organisation_id = row.organisation.pk
    Lksa.objects.bulk_create(homes, batch_size=5000)
    entities: list[Any] = []
    registrations: list[Any] = []
    permits: list[Any] = []
    accounts: list[Any] = []
    socials: list[Any] = []
    for home, row in zip(world.homes, homes, strict=True):
        home.pk = row.pk
        if home.ahu:
            deed = today - timedelta(days=rng.randint(400, 9000))
            entities.append(
                LegalEntity(
                    lksa=row,
                    form=LegalEntity.Form.YAYASAN,
                    name=home.banks[0]["holder"],
                    deed_number=str(rng.randint(1, 99)),
                    deed_date=deed,
                    ahu_number=f"AHU-{home.ahu} Tahun {deed.year}",
                    ahu_date=deed + timedelta(days=30),
                )
            )
            if rng.random() < 0.8:
                issued = today - timedelta(days=rng.randint(10, 1400))
                registrations.append(
                    Registration(
                        lksa=row,
                        number=f"{home.region[:5]}/TD-LKS/{issued.year}/{home.index:05d}",
                        issuer=f"Dinas Sosial {home.region[:5]}",
                        issued_on=issued,
                        valid_until=issued + timedelta(days=3 * 365),
                    )
                )
        for bank in home.banks:
            accounts.append(bank_row(row.pk, bank))
        for platform, handle in home.handles:
            socials.append(
                SocialAccount(lksa=row, platform=platform, handle=handle, handle_normalised=handle)
            )
        if rng.random() < 0.02:  # a personal account on the registry, never used in an appeal (context)
            holder = world.person_name()
            world.truth.setdefault("registry_personal_accounts", []).append(
                {"home_id": row.pk, "number": (extra := world.bank_account(holder, "person"))["number"]}
            )
            accounts.append(bank_row(row.pk, extra))
    for rows in (entities, registrations, accounts, socials):
        type(rows[0])._default_manager.bulk_create(rows, batch_size=5000)
    first_account = {a.lksa_id: a for a in reversed(accounts)}
    for home in world.homes:
        if home.permit:
            start = today - timedelta(days=rng.randint(0, 60))
            permits.append(
                FundraisingPermit(
                    lksa_id=home.pk,
                    number=home.permit,
                    issuer="Dinas Sosial",
                    level=FundraisingPermit.Level.REGENCY,
                    issued_on=start,
                    valid_until=start + timedelta(days=90),
                    bank_account=first_account[home.pk],
                )
            )
    FundraisingPermit.objects.bulk_create(permits, batch_size=5000)
    return f"{len(homes):,} homes, {len(accounts):,} bank accounts, {len(socials):,} social accounts"


def _staff(world: World, plan: Any) -> str:
    from pantau.lib.names import name_key
    from pantau.lib.persons import set_nik
    from pantau.registry.models import StaffMember

    rng = world.rng
    for home in world.homes:
        board = rng.choice((1, 2, 3))
        for n in range(rng.randint(3, 8)):
            is_board = n < board
            born = world.adult_birth() if rng.random() < 0.85 else None
            name = world.person_name()
            nik = world.nik(home.region, born, rng.random() < 0.5) if rng.random() < 0.3 else ""
            home.staff.append(len(world.staff))
            world.staff.append(
                Staff(home.index, name, BOARD[n] if is_board else rng.choice(POSITIONS), is_board, born, nik)
            )
    plan.people(world)  # the planted persons take their names, dates and NIKs before the rows are made
    rows = []
    for person in world.staff:
        row = StaffMember(
            lksa_id=world.homes[person.home].pk,
            full_name=person.full_name,
            name_key=name_key(person.full_name)[:150],
            position=person.position,
            is_board=person.is_board,
            birth_date=person.birth_date,
            police_clearance_on=world.today - timedelta(days=rng.randint(30, 700))
            if rng.random() < 0.6
            else None,
            is_social_worker=person.position == "Pekerja Sosial",
        )
        if person.nik:
            set_nik(row, person.nik, context=StaffMember.NIK_CONTEXT)
        rows.append(row)
    StaffMember.objects.bulk_create(rows, batch_size=5000)
    for person, row in zip(world.staff, rows, strict=True):
        person.pk = row.pk
    return f"{len(rows):,} staff"


def _children(world: World) -> str:
    from pantau.children.models import Child, ParentStatus, Placement

    rng, today = world.rng, world.today
    alive, dead, unknown = ParentStatus.ALIVE, ParentStatus.DECEASED, ParentStatus.UNKNOWN
    children: list[Child] = []
    for home in world.homes:
        # A home in a planted pattern gets an exact mix: "paper" orphans are 70-95 % children with a
        # living parent, true orphans at most 20 %; other homes 75 % on average, as the national data.
        share = {"paper": rng.uniform(0.7, 0.95), "orphans": rng.uniform(0.0, 0.2)}.get(home.orphan_mode)
        with_parent = round(share * home.children) if share is not None else -1
        for n in range(home.children):
            living = n < with_parent if share is not None else rng.random() < 0.75
            if living:
                mother, father = rng.choice(((alive, alive), (alive, dead), (alive, unknown), (dead, alive)))
            else:
                mother, father = rng.choice(
                    ((dead, dead), (dead, unknown), (unknown, dead), (unknown, unknown))
                )
            born = today - timedelta(days=rng.randint(365, 17 * 365))
            children.append(
                Child(
                    lksa_id=home.pk,
                    region_code=home.region,
                    full_name=world.person_name(),
                    sex=rng.choice("LP"),
                    birth_date=born,
                    mother_status=mother,
                    father_status=father,
                    referral_source=rng.choice(["family", "community", "dinsos", "police"]),
                    referral_reason="Data sintetis untuk pengukuran jaringan.",
                    admission_reason=rng.choice(["orphaned", "family_unable", "poverty", "protection"]),
                    admitted_on=max(born, today - timedelta(days=rng.randint(10, 2000))),
                )
            )
    Child.objects.bulk_create(children, batch_size=5000)
    Placement.objects.bulk_create(
        [
            Placement(child=c, kind=Placement.Kind.LKSA, lksa_id=c.lksa_id, started_on=c.admitted_on)
            for c in children
        ],
        batch_size=5000,
    )
    world.truth["_children"] = {h.pk: [] for h in world.homes}
    for child in children:
        world.truth["_children"][child.lksa_id].append(child.pk)
    return f"{len(children):,} children"


def _accounts(world: World) -> str:
    from pantau.monitoring.models import MonitoredAccount
    from pantau.regions.models import Region

    rng = world.rng
    regencies = list(Region.objects.filter(level=2, is_active=True).values_list("code", flat=True))
    linked = round(ACCOUNTS * LINKED_SHARE)
    owners = [h.index for h in world.homes] + rng.sample([h.index for h in world.homes], linked - HOMES)
    taken: set[tuple[str, str]] = set()
    for n in range(ACCOUNTS):
        home = world.homes[owners[n]] if n < linked else None
        if home is not None:
            known = [h for h in home.handles if h not in taken]
            platform, handle = (
                known[0]
                if known
                else (
                    rng.choice(["tiktok", "instagram", "facebook"]),
                    f"{ascii_slug(home.name.split()[-2])}.panti.{home.index}.{n}",
                )
            )
            phone, banks, wallet, qris, region = home.e164, home.banks, home.wallet, home.qris, home.region
        else:
            platform, handle = rng.choice(["tiktok", "instagram", "facebook"]), f"berbagi.kasih.{n}"
            person = world.person_name()
            phone = e164(world.phone())
            kind = "person" if rng.random() < 0.5 else "organisation"
            holder = person if kind == "person" else f"Yayasan Peduli {person.split()[-1]}"
            banks = [world.bank_account(holder, kind)]
            wallet = {"wallet": rng.choice(["DANA", "OVO"]), "number": phone} if rng.random() < 0.5 else None
            qris, region = None, rng.choice(regencies) if rng.random() < 0.5 else ""
        taken.add((platform, handle))
        world.accounts.append(
            Account(n, platform, handle, region, owners[n] if home else None, 0, phone, banks, wallet, qris)
        )
        if home is not None:
            home.accounts.append(n)
    _post_counts(world)
    rows = [
        MonitoredAccount(
            platform=a.platform,
            handle=a.handle,
            handle_normalised=a.handle,
            region_code=a.region,
            lksa_id=world.homes[a.home].pk if a.home is not None else None,
            note="Data sintetis",
        )
        for a in world.accounts
    ]
    MonitoredAccount.objects.bulk_create(rows, batch_size=5000)
    for account, row in zip(world.accounts, rows, strict=True):
        account.pk = row.pk
    return f"{len(rows):,} accounts ({linked:,} linked to a home)"


def _post_counts(world: World) -> None:
    """Skewed: one account in a hundred posts thousands, most post tens; the total is exactly POSTS."""
    rng = world.rng
    heavy = set(rng.sample(range(ACCOUNTS), ACCOUNTS // 100))
    counts = [
        rng.randint(1000, 5000) if a.index in heavy else max(5, round(rng.lognormvariate(3.4, 0.7)))
        for a in world.accounts
    ]
    light_total = sum(c for i, c in enumerate(counts) if i not in heavy)
    scale = (POSTS - sum(counts[i] for i in heavy)) / light_total
    for i, account in enumerate(world.accounts):
        account.posts = counts[i] if i in heavy else max(3, round(counts[i] * scale))
    world.accounts[0].posts += POSTS - sum(a.posts for a in world.accounts)


def _vacuum() -> None:
    from django.db import connection

    with connection.cursor() as cursor:  # VACUUM cannot run inside a transaction; autocommit here
        cursor.execute("VACUUM ANALYZE")


def _counts() -> None:
    from django.db import connection

    tables = [
        "registry_lksa",
        "registry_bankaccount",
        "registry_socialaccount",
        "registry_staffmember",
        "children_child",
        "monitoring_monitoredaccount",
        "monitoring_post",
        "monitoring_postidentifier",
        "cases_case",
        "cases_casesubject",
        "cases_concern",
        "familycare_carefile",
        "staffing_bar",
        "staffing_barmatch",
    ]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608  (fixed table names)
            print(f"  {table:<32} {cursor.fetchone()[0]:>10,}")


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if a != "--again"]
    url = arguments[0] if arguments else os.environ.get("PANTAU_BENCH_DATABASE_URL", DEFAULT_DB)
    seed(url, again="--again" in sys.argv)
