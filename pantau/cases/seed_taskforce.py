"""Demo: the TPPO task force of Kabupaten Tangerang with its member agencies and a viewer login, and the
SIMFONI terms (place of the event, the children's education) on the area's demo cases."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django_otp.plugins.otp_totp.models import TOTPDevice

from pantau.accounts.models import Membership, Organisation, User
from pantau.accounts.roles import OrgKind, Role
from pantau.accounts.seed import DEMO_TOTP_KEY_HEX, FIRST_NAMES, LAST_NAMES, TASK_FORCE_DEMO_LOGIN
from pantau.cases.models import Case, CaseChild, CaseSubject, PlaceOfViolence
from pantau.lib.seeding import DEMO_PASSWORD, DemoLogin, SeedContext, seeder

TASK_FORCE_NAME = "Gugus Tugas PP-TPPO Kabupaten Tangerang"
TASK_FORCE_LOGIN = TASK_FORCE_DEMO_LOGIN
MEMBER_NAMES = [
    "Dinas Sosial Kabupaten Tangerang",
    "UPTD PPA Kabupaten Tangerang",
    "Polresta Tangerang",
    "Unit PPA Polresta Tangerang",
]
DINAS_PPPA_NAME = "Dinas PPPA Kabupaten Tangerang"


@seeder(order=90)
def seed_task_force(ctx: SeedContext) -> None:
    region = "36.03"
    pppa, _ = Organisation.objects.get_or_create(
        name=DINAS_PPPA_NAME, kind=OrgKind.DINAS_PPPA, defaults={"region_id": region}
    )
    task_force, _ = Organisation.objects.get_or_create(
        name=TASK_FORCE_NAME, kind=OrgKind.TASK_FORCE, defaults={"region_id": region}
    )
    members = [*Organisation.objects.filter(name__in=MEMBER_NAMES, region_id=region), pppa]
    task_force.member_agencies.set(members)
    user, created = User.objects.get_or_create(
        email=TASK_FORCE_LOGIN,
        defaults={"full_name": "Sekretariat Gugus Tugas", "password": make_password(DEMO_PASSWORD)},
    )
    if created:
        Membership.objects.create(user=user, organisation=task_force, role=Role.VIEWER)
        TOTPDevice.objects.create(user=user, name="demo", key=DEMO_TOTP_KEY_HEX, confirmed=True)
    ctx.logins.append(
        DemoLogin(
            role=str(Role(Role.VIEWER).label),
            email=TASK_FORCE_LOGIN,
            organisation=task_force.name,
            jurisdiction="Kabupaten Tangerang",
        )
    )
    _simfoni_terms(ctx, region)
    ctx.log(f"  task force with {len(members)} member agencies; login {TASK_FORCE_LOGIN}")


def _simfoni_terms(ctx: SeedContext, region: str) -> None:
    """The place of the event, the children's sex and education, and an alleged person with a relation to
    the child on the area's demo cases that lack them, so that every SIMFONI table has figures."""
    places = [PlaceOfViolence.OTHER, PlaceOfViolence.HOUSEHOLD, PlaceOfViolence.PUBLIC]
    cases = list(Case.objects.in_region(region).filter(place="").order_by("pk"))
    for case in cases:
        case.place = ctx.rng.choice(places)
    Case.objects.bulk_update(cases, ["place"])
    children = list(CaseChild.objects.filter(case__in=cases, education="").order_by("pk"))
    for child in children:
        age = child.age if child.age is not None else 10
        child.education = (
            CaseChild.Education.PAUD
            if age < 6
            else CaseChild.Education.SD
            if age < 13
            else CaseChild.Education.SLTP
            if age < 16
            else CaseChild.Education.SLTA
        )
    CaseChild.objects.bulk_update(children, ["education"])
    unsexed = list(CaseChild.objects.filter(case__in=Case.objects.in_region(region), sex="").order_by("pk"))
    for child in unsexed:
        child.sex = ctx.rng.choice(["L", "P"])
    CaseChild.objects.bulk_update(unsexed, ["sex"])
    relations = [
        CaseSubject.Relation.PARENT,
        CaseSubject.Relation.NEIGHBOUR,
        CaseSubject.Relation.EMPLOYER,
        CaseSubject.Relation.FAMILY,
        CaseSubject.Relation.FRIEND,
        CaseSubject.Relation.TEACHER,
    ]
    alone = Case.objects.in_region(region).filter(subjects__isnull=True).order_by("pk")[: len(relations) * 2]
    for index, case in enumerate(alone):
        name = f"{ctx.rng.choice(FIRST_NAMES)} {ctx.rng.choice(LAST_NAMES)}"
        CaseSubject.objects.create(case=case, name=name, relation=relations[index % len(relations)])
