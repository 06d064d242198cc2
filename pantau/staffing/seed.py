"""Demo data for staff vetting in Kabupaten Tangerang: Dinas Sosial's six-month SKCK policy, verified
police clearances for the staff of its homes (most current, two of the showcase home's expiring within
the month and one expired), one clearance the home recorded waiting for Dinas Sosial's check, a pembinaan
session on child protection with attendance (those present get the training on record), and a person
barred after a supervision finding at one home who works at another (same NIK). Synthetic data only;
runs through the services, after the other seeders."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from pantau.accounts.models import User
from pantau.lib.persons import set_nik
from pantau.lib.seeding import SeedContext, seeder
from pantau.registry.models import Lksa, StaffMember
from pantau.staffing import services
from pantau.staffing.models import Bar, TrainingSession
from pantau.supervision.models import Finding

SUPERVISOR = "pengawas@dinsos-kabtangerang.pantau.test"
OPERATOR = "operator@lksa-kasihbunda.pantau.test"
SHOWCASE = "LKSA Kasih Bunda Tigaraksa"
# A synthetic NIK (region 36.03.03, born 02-08-1980) of the barred person.
BARRED_NIK = "3603030208800002"
BARRED_BIRTH = date(1980, 8, 2)
HOMES = 12  # the Kabupaten Tangerang homes whose staff get clearances (bounded at the national scale)


@seeder(order=85)
def seed_staffing(ctx: SeedContext) -> None:
    supervisor = User.objects.filter(email=SUPERVISOR).first()
    showcase = Lksa.objects.filter(name=SHOWCASE).first()
    if supervisor is None or showcase is None:
        return
    office = supervisor.memberships.get(is_active=True).organisation
    services.policy_save(actor=supervisor, office=office, months=6)
    today = timezone.localdate()
    homes = [
        showcase,
        *Lksa.objects.filter(region_code__startswith="36.03.", is_active=True)
        .exclude(pk=showcase.pk)
        .order_by("pk")[: HOMES - 1],
    ]

    # Clearances: the showcase's first carer expires in 9 days, its second in 25, its third expired
    # 12 days ago; everyone else's were issued one to four months ago.
    special = {0: 6 * 30 - 9, 1: 6 * 30 - 25, 2: 6 * 30 + 15}
    for home in homes:
        staff = list(home.staff.filter(is_active=True, police_clearance_on__isnull=False).order_by("pk"))
        for index, member in enumerate(staff):
            days = (
                special.get(index, ctx.rng.randint(30, 120)) if home == showcase else ctx.rng.randint(30, 120)
            )
            issued = today - timedelta(days=days)
            services.clearance_record(
                actor=supervisor,
                staff=member,
                number=f"SKCK/{issued:%m}/{issued.year}/Polresta Tangerang/{member.pk:05d}",
                issued_on=issued,
                document=None,
            )
    # The new carer's SKCK, recorded by the home: waits for Dinas Sosial's check.
    operator = User.objects.filter(email=OPERATOR).first()
    newcomer = showcase.staff.filter(police_clearance_on__isnull=True, is_active=True).order_by("pk").first()
    if operator is not None and newcomer is not None:
        services.clearance_record(
            actor=operator,
            staff=newcomer,
            number=f"SKCK/{today:%m}/{today.year}/Polsek Tigaraksa/{newcomer.pk:05d}",
            issued_on=today - timedelta(days=5),
            document=None,
        )

    session = services.session_create(
        actor=supervisor,
        session=TrainingSession(
            held_on=today - timedelta(days=21),
            place="Aula Dinas Sosial Kabupaten Tangerang, Tigaraksa",
            topic="Pembinaan SDM LKSA: perlindungan anak, pengasuhan tanpa kekerasan dan pencegahan TPPO",
            counts_as_protection=True,
        ),
        homes=homes[:4],
    )
    invited = StaffMember.objects.filter(lksa__in=homes[:4], is_active=True).order_by("pk")
    # Everyone attended but every fourth person.
    marks = {member.pk: index % 4 != 3 for index, member in enumerate(invited)}
    if marks:
        services.attendance_record(actor=supervisor, session=session, attended=marks)

    _barred_elsewhere(supervisor, homes, today)
    ctx.log(f"staffing: {len(homes)} homes vetted, 1 pembinaan session, {len(marks)} staff invited, 1 bar")


def _barred_elsewhere(supervisor: User, homes: list[Lksa], today: date) -> None:
    """A carer barred after a finding at one home, now on the board of another home (same NIK)."""
    finding = Finding.objects.filter(lksa__region_code__startswith="36.03.").order_by("pk").first()
    elsewhere = next((h for h in homes if finding is None or h.pk != finding.lksa_id), None)
    if finding is None or elsewhere is None:
        return
    bar = Bar(
        full_name="Rudi Hartono",
        birth_date=BARRED_BIRTH,
        reason=(
            "Temuan pengawasan: hukuman fisik terhadap anak asuh (SNPA D28). Diberhentikan dari tugas "
            "pengasuhan; dilarang bekerja dengan anak (data sintetis)."
        ),
        finding=finding,
        from_on=today - timedelta(days=120),
    )
    services.bar_create(actor=supervisor, bar=bar, nik=BARRED_NIK)
    member = StaffMember(
        lksa=elsewhere,
        full_name="Rudi Hartono",
        position="Pengasuh",
        birth_date=BARRED_BIRTH,
        police_clearance_on=today - timedelta(days=60),
    )
    set_nik(member, BARRED_NIK, context=StaffMember.NIK_CONTEXT)
    member.save()  # the bar check runs on the save (staffing.signals)
