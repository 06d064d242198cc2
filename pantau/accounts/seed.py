"""Synthetic organisations and staff accounts, one demo login per role."""

from __future__ import annotations

from base64 import b32decode

from django.contrib.auth.hashers import make_password
from django_otp.plugins.otp_totp.models import TOTPDevice

from pantau.accounts.models import Membership, Organisation, User
from pantau.accounts.roles import OrgKind, Role
from pantau.accounts.services import api_token_create
from pantau.lib.seeding import DEMO_PASSWORD, DemoLogin, SeedContext, seeder
from pantau.regions.models import Region

FIRST_NAMES = [
    "Siti",
    "Dewi",
    "Agus",
    "Budi",
    "Rina",
    "Wahyu",
    "Putu",
    "Made",
    "Ni Luh",
    "Andi",
    "Yohanes",
    "Maria",
    "Hendra",
    "Lestari",
    "Rizky",
    "Nur",
    "Fajar",
    "Ratna",
    "Teguh",
    "Intan",
    "Dimas",
    "Sari",
    "Yusuf",
    "Ayu",
]
LAST_NAMES = [
    "Rahmawati",
    "Santoso",
    "Siregar",
    "Hutapea",
    "Wijaya",
    "Nasution",
    "Saputra",
    "Lubis",
    "Pratama",
    "Kurniawan",
    "Setiawan",
    "Simanjuntak",
    "Handayani",
    "Gunawan",
    "Tanjung",
    "Sitompul",
    "Halim",
    "Purba",
]

# Every demo account's authenticator uses this published key (base32, as authenticator apps take it), so
# one entry in a phone's app, or `manage.py demo_otp`, gives the code for all of them. Demo data only:
# seed_demo and demo_otp refuse to run in production.
DEMO_TOTP_SECRET = "PANTAUDEMOTOTPKEYFORALLDEMOUSERS"  # noqa: S105  (synthetic demo accounts only)
DEMO_TOTP_KEY_HEX = b32decode(DEMO_TOTP_SECRET).hex()

# (key, name, kind, region code or None, parent key)
DEMO_ORGANISATIONS: list[tuple[str, str, str, str | None, str | None]] = [
    ("kpai", "Komisi Perlindungan Anak Indonesia (KPAI)", OrgKind.KPAI, None, None),
    ("kemensos", "Kementerian Sosial RI", OrgKind.KEMENSOS, None, None),
    ("bareskrim", "Direktorat Tipid PPA-PPO Bareskrim Polri", OrgKind.BARESKRIM, None, None),
    ("lpai", "Lembaga Perlindungan Anak Indonesia (LPAI)", OrgKind.CSO, None, None),
    ("dinsos_banten", "Dinas Sosial Provinsi Banten", OrgKind.DINSOS_PROVINCE, "36", None),
    ("dinsos_kabtng", "Dinas Sosial Kabupaten Tangerang", OrgKind.DINSOS_REGENCY, "36.03", None),
    ("dinsos_medan", "Dinas Sosial Kota Medan", OrgKind.DINSOS_REGENCY, "12.71", None),
    ("dinsos_sumut", "Dinas Sosial Provinsi Sumatera Utara", OrgKind.DINSOS_PROVINCE, "12", None),
    ("uptd_kabtng", "UPTD PPA Kabupaten Tangerang", OrgKind.UPTD_PPA, "36.03", None),
    ("polda_banten", "Polda Banten", OrgKind.POLDA, "36", None),
    ("siber_banten", "Unit Siber Anak Polda Banten", OrgKind.POLICE_CYBER_UNIT, "36", "polda_banten"),
    ("polres_kabtng", "Polresta Tangerang", OrgKind.POLRES, "36.03", None),
    ("ppa_kabtng", "Unit PPA Polresta Tangerang", OrgKind.POLICE_PPA_UNIT, "36.03", "polres_kabtng"),
    ("lksa_kabtng", "LKSA Kasih Bunda Tigaraksa", OrgKind.LKSA, "36.03.03", None),
    ("lksa_medan", "Panti Asuhan Harapan Sunggal", OrgKind.LKSA, "12.71.02", None),
]

# (email, role, organisation key): at least one login per role, plus out-of-region colleagues.
DEMO_USERS: list[tuple[str, str, str]] = [
    ("sysadmin@pantau.test", Role.SYSTEM_ADMIN, "kpai"),
    ("pengawas@kpai.pantau.test", Role.SUPERVISOR, "kpai"),
    ("auditor@kpai.pantau.test", Role.AUDITOR, "kpai"),
    ("pengamat@kemensos.pantau.test", Role.VIEWER, "kemensos"),
    ("admin@dinsos-banten.pantau.test", Role.ORG_ADMIN, "dinsos_banten"),
    ("admin@dinsos-kabtangerang.pantau.test", Role.ORG_ADMIN, "dinsos_kabtng"),
    ("pengawas@dinsos-kabtangerang.pantau.test", Role.SUPERVISOR, "dinsos_kabtng"),
    ("pengawas@dinsos-medan.pantau.test", Role.SUPERVISOR, "dinsos_medan"),
    ("pekerjasosial@uptdppa-kabtangerang.pantau.test", Role.CASE_WORKER, "uptd_kabtng"),
    ("penyidik@ppa-polrestatangerang.pantau.test", Role.INVESTIGATOR, "ppa_kabtng"),
    ("penyidik@siber-poldabanten.pantau.test", Role.INVESTIGATOR, "siber_banten"),
    ("auditor@dinsos-banten.pantau.test", Role.AUDITOR, "dinsos_banten"),
    ("operator@lksa-kasihbunda.pantau.test", Role.LKSA_OPERATOR, "lksa_kabtng"),
    ("operator@panti-harapansunggal.pantau.test", Role.LKSA_OPERATOR, "lksa_medan"),
]


# Demo logins made by later seeders (their organisations are not in DEMO_ORGANISATIONS), printed again by
# ``demo_logins`` after the demo's users: the Dinas Sosial Kota Kupang case worker, who receives a child's
# return (cases/seed_intake.py), and the TPPO task force's viewer (cases/seed_taskforce.py).
KUPANG_DEMO_LOGIN = "pekerjasosial@dinsos-kupang.pantau.test"
TASK_FORCE_DEMO_LOGIN = "gugustugas@tppo-kabtangerang.pantau.test"
LATER_DEMO_LOGINS: list[str] = [KUPANG_DEMO_LOGIN, TASK_FORCE_DEMO_LOGIN]


def demo_second_factor_help() -> str:
    """How a demo user gets past the code step, printed after the logins."""
    key = " ".join(DEMO_TOTP_SECRET[i : i + 4] for i in range(0, len(DEMO_TOTP_SECRET), 4))
    return (
        "\nSecond step of sign-in (every account): a 6-digit code. Either add this key once to an\n"
        f"authenticator app on your phone (time-based, one entry serves every demo account): {key}\n"
        "or print the current code in another terminal:\n"
        "  PANTAU_ENV=demo python3 -m uv run --frozen --no-sync python manage.py demo_otp\n"
    )


def demo_logins_recorded() -> list[DemoLogin]:
    """The demo logins of a database seeded before (``bin/demo`` keeping its data prints them again):
    each demo account that still exists, with its first membership."""
    emails = [email for email, _role, _org in DEMO_USERS] + LATER_DEMO_LOGINS
    order = {email: index for index, email in enumerate(emails)}
    memberships = (
        Membership.objects.filter(user__email__in=order)
        .select_related("user", "organisation__region")
        .order_by("user__email", "pk")
    )
    logins: dict[str, DemoLogin] = {}
    for membership in memberships:
        organisation = membership.organisation
        logins.setdefault(
            membership.user.email,
            DemoLogin(
                role=str(Role(membership.role).label),
                email=membership.user.email,
                organisation=organisation.name,
                jurisdiction=organisation.region.name if organisation.region else "Nasional",
            ),
        )
    return sorted(logins.values(), key=lambda login: order[login.email])


def _name(ctx: SeedContext) -> str:
    return f"{ctx.rng.choice(FIRST_NAMES)} {ctx.rng.choice(LAST_NAMES)}"


@seeder(order=20)
def seed_organisations_and_users(ctx: SeedContext) -> None:
    organisations: dict[str, Organisation] = {}
    for key, name, kind, region, parent in DEMO_ORGANISATIONS:
        organisations[key] = Organisation.objects.create(
            name=name, kind=kind, region_id=region, parent=organisations[parent] if parent else None
        )
    # One hash for every synthetic account: hashing thousands of passwords would dominate seeding time.
    password_hash = make_password(DEMO_PASSWORD)
    for email, role, org_key in DEMO_USERS:
        organisation = organisations[org_key]
        user = User.objects.create(email=email, full_name=_name(ctx), password=password_hash)
        Membership.objects.create(user=user, organisation=organisation, role=role)
        ctx.logins.append(
            DemoLogin(
                role=str(Role(role).label),
                email=email,
                organisation=organisation.name,
                jurisdiction=organisation.region.name if organisation.region else "Nasional",
            )
        )
    ctx.shared["organisations"] = organisations
    if ctx.national:
        _seed_national_agencies(ctx, password_hash)
    # Pre-enrolled second factor, so that a demo sign-in needs no set-up (the key is printed).
    TOTPDevice.objects.bulk_create(
        [
            TOTPDevice(user_id=pk, name="demo", key=DEMO_TOTP_KEY_HEX, confirmed=True)
            for pk in User.objects.values_list("pk", flat=True)
        ],
        batch_size=2000,
    )
    ctx.log(f"  {Organisation.objects.count():,} organisations, {User.objects.count():,} users")


def _seed_national_agencies(ctx: SeedContext, password_hash: str) -> None:
    """A Dinas Sosial, UPTD PPA and police command for every province and kabupaten/kota, with staff:
    about 5,000 accounts, the design point for a national deployment."""
    existing = set(Organisation.objects.values_list("region_id", "kind"))
    new_orgs: list[Organisation] = []
    for region in Region.objects.filter(level__in=[1, 2], is_active=True).order_by("code"):
        kinds = (
            [OrgKind.DINSOS_PROVINCE, OrgKind.POLDA, OrgKind.UPTD_PPA]
            if region.level == 1
            else [OrgKind.DINSOS_REGENCY, OrgKind.POLRES, OrgKind.UPTD_PPA]
        )
        for kind in kinds:
            if (region.code, kind) in existing:
                continue
            prefix = {
                OrgKind.DINSOS_PROVINCE: "Dinas Sosial Provinsi",
                OrgKind.DINSOS_REGENCY: "Dinas Sosial",
                OrgKind.POLDA: "Polda",
                OrgKind.POLRES: "Polres",
                OrgKind.UPTD_PPA: "UPTD PPA",
            }[kind]
            new_orgs.append(Organisation(name=f"{prefix} {region.name}", kind=kind, region=region))
    Organisation.objects.bulk_create(new_orgs, batch_size=2000)
    staffing: dict[str, list[str]] = {
        OrgKind.DINSOS_PROVINCE: [
            Role.ORG_ADMIN,
            Role.SUPERVISOR,
            Role.SUPERVISOR,
            Role.VIEWER,
            Role.AUDITOR,
        ],
        OrgKind.DINSOS_REGENCY: [
            Role.ORG_ADMIN,
            Role.SUPERVISOR,
            Role.SUPERVISOR,
            Role.SUPERVISOR,
            Role.CASE_WORKER,
        ],
        OrgKind.UPTD_PPA: [Role.CASE_WORKER, Role.CASE_WORKER],
        OrgKind.POLDA: [Role.INVESTIGATOR],
        OrgKind.POLRES: [Role.INVESTIGATOR],
    }
    users: list[User] = []
    roles: list[tuple[int, str]] = []
    # bulk_create returns primary keys on PostgreSQL and SQLite >= 3.35.
    for organisation in new_orgs:
        for index, role in enumerate(staffing[organisation.kind]):
            users.append(
                User(
                    email=f"{role}.{index}.{organisation.pk}@staf.pantau.test",
                    full_name=_name(ctx),
                    password=password_hash,
                )
            )
            roles.append((organisation.pk, role))
    User.objects.bulk_create(users, batch_size=2000)
    by_email = dict(User.objects.filter(email__endswith="@staf.pantau.test").values_list("email", "pk"))
    Membership.objects.bulk_create(
        [
            Membership(user_id=by_email[user.email], organisation_id=org_pk, role=role)
            for user, (org_pk, role) in zip(users, roles, strict=True)
        ],
        batch_size=2000,
    )


@seeder(order=21)
def seed_tokens_expiring(ctx: SeedContext) -> None:
    """Work for the administrators' home pages: API tokens of two offices that run out within days."""
    for email, name, days in (
        ("pengawas@dinsos-kabtangerang.pantau.test", "Sinkronisasi SIMFONI-PPA", 6),
        ("auditor@dinsos-banten.pantau.test", "Ekspor jejak audit", 10),
    ):
        user = User.objects.filter(email=email).first()
        if user is not None:
            api_token_create(user=user, name=name, days=days)
