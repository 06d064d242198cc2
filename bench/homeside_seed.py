"""Data for bench_homeside.py: the demo world at national scale, then issue 19's rows at the mission's
design point (DESIGN, for 10,000 LKSA; a smaller world gets them in proportion to its homes), made with
bulk_create. Synthetic data only; no child is named anywhere."""

from __future__ import annotations

import io
import random
import time
from datetime import date, timedelta
from functools import cache
from typing import Any

SKIPPED_SEEDERS = ("pantau.linkage.seed.",)  # the national linkage run: minutes, read by no page here
# Rows at the design point (10,000 LKSA).
DESIGN = {
    "staff_per_home": 8,
    "incidents": 20_000,
    "applications": 5_000,
    "aid": 20_000,
    "clearances": 80_000,
    "trainings": 80_000,
    "sessions": 2_000,
    "bars": 50,
    "activities": 5_000,
    "pairs": 5_000,  # possible duplicate children, about 1% of the records: a fifth decided "same child"
}
LATE_SHARE = 0.15  # incident reports that came in after their deadline
Home = tuple[int, str, int | None]  # pk, region code, children count of the registry


@cache  # read once the registry is seeded; it does not change afterwards
def largest_kabupaten() -> str:
    from django.db.models import Count
    from django.db.models.functions import Substr

    from pantau.accounts.models import Membership
    from pantau.accounts.roles import OrgKind, Role
    from pantau.registry.models import Lksa

    # Among the kabupaten/kota whose Dinas Sosial has a supervisor: all at national scale.
    staffed = Membership.objects.filter(
        is_active=True, role=Role.SUPERVISOR, organisation__kind=OrgKind.DINSOS_REGENCY
    ).values("organisation__region_id")
    row = (
        Lksa.objects.annotate(kab=Substr("region_code", 1, 5))
        .filter(kab__in=staffed)
        .values("kab")
        .annotate(n=Count("pk"))
        .order_by("-n", "kab")
        .first()
    )
    assert row is not None, "no LKSA"
    return str(row["kab"])


def seed_world(scale: str, children_everywhere: bool) -> None:
    """The demo seeders in order (as seed_demo runs them), each timed, in its own transaction."""
    from django.db import connection, transaction
    from django.utils.module_loading import autodiscover_modules

    from pantau.children import seed as children_seed
    from pantau.lib import seeding
    from pantau.registry.models import Lksa

    autodiscover_modules("seed")
    ctx = seeding.SeedContext(scale=scale, seed=2024, stdout=io.StringIO())
    for order, name, function in sorted(seeding._SEEDERS, key=lambda item: (item[0], item[1])):
        if name.startswith(SKIPPED_SEEDERS):
            continue
        if name == "pantau.children.seed.seed_children" and not children_everywhere:
            kab = largest_kabupaten()

            class OneKabupaten:  # what the children seeder reads as ``Lksa``: the kabupaten's homes only
                objects = Lksa.objects.filter(region_code__startswith=kab + ".")

            setattr(children_seed, "Lksa", OneKabupaten)  # noqa: B010
        began = time.perf_counter()
        with transaction.atomic():
            function(ctx)
        setattr(children_seed, "Lksa", Lksa)  # noqa: B010
        elapsed = time.perf_counter() - began
        if elapsed > 5:
            print(f"  seeder {order:>3} {name:<55} {elapsed:6.1f} s")
        if order in (31, 35):  # planner statistics after the big loads, before the seeders that read them
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")


def seed_homeside() -> None:
    """Issue 19's rows, with bulk_create, at the design point scaled to the number of homes."""
    from django.db import connection, transaction

    from pantau.registry.models import Lksa

    homes = list(Lksa.objects.order_by("pk").values_list("pk", "region_code", "children_count"))
    factor = len(homes) / 10_000
    rng = random.Random(19)  # noqa: S311  (reproducible synthetic data)
    steps = [
        ("staff", seed_staff),
        ("incident reports", seed_incidents),
        ("applications", seed_applications),
        ("aid records", seed_aid),
        ("clearances and trainings", seed_vetting),
        ("pembinaan sessions", seed_sessions),
        ("barred persons", seed_bars),
        ("awareness activities", seed_awareness),
        ("duplicate pairs of children", seed_pairs),
    ]
    for label, step in steps:
        began = time.perf_counter()
        with transaction.atomic():
            made = step(rng, homes, factor)
        print(f"  seed {label:<45} {made:>9,} rows  {time.perf_counter() - began:6.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def scaled(key: str, factor: float) -> int:
    return max(10, round(DESIGN[key] * factor))


def bench_user() -> Any:
    """Who the bulk rows are recorded by: the largest kabupaten's Dinas Sosial supervisor."""
    return reader_of_kabupaten(largest_kabupaten())


def regency_offices() -> dict[str, int]:
    from pantau.accounts.models import Organisation
    from pantau.accounts.roles import OrgKind

    return dict(
        Organisation.objects.filter(kind=OrgKind.DINSOS_REGENCY, is_active=True)
        .order_by("-pk")
        .values_list("region_id", "pk")
    )


def seed_staff(rng: random.Random, homes: list[Home], factor: float) -> int:
    from django.db.models import Count

    from pantau.lib.names import name_key
    from pantau.registry.models import StaffMember

    have = dict(StaffMember.objects.values("lksa_id").annotate(n=Count("pk")).values_list("lksa_id", "n"))
    today = date.today()  # noqa: DTZ011  (dates relative to the day the data is made)
    first = ["Siti", "Ahmad", "Dewi", "Budi", "Rina", "Agus", "Yuni", "Eko", "Maria", "Joko"]
    last = ["Susanti", "Hidayat", "Lestari", "Santoso", "Wijaya", "Rahmawati", "Saputra", "Nugroho"]
    positions = ["Pengasuh", "Pengasuh", "Pengasuh", "Juru masak", "Bendahara", "Sekretaris", "Pengurus"]
    rows = []
    for pk, _region, _children in homes:
        for _ in range(DESIGN["staff_per_home"] - have.get(pk, 0)):
            full_name = f"{rng.choice(first)} {rng.choice(last)}"
            screened = rng.random() < 0.75
            cleared = today - timedelta(days=rng.randint(1, 260)) if screened else None
            position = rng.choice(positions)
            rows.append(
                StaffMember(
                    lksa_id=pk,
                    full_name=full_name,
                    name_key=name_key(full_name),
                    position=position,
                    is_board=position == "Pengurus",
                    police_clearance_on=cleared,
                    police_clearance_until=cleared + timedelta(days=182) if cleared else None,
                    protection_training_on=today - timedelta(days=rng.randint(1, 700))
                    if rng.random() < 0.5
                    else None,
                    birth_date=date(rng.randint(1960, 2000), rng.randint(1, 12), rng.randint(1, 28)),
                )
            )
    StaffMember.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def seed_incidents(rng: random.Random, homes: list[Home], factor: float) -> int:
    from django.db import connection
    from django.utils import timezone

    from pantau.cases.models import Concern
    from pantau.incidents import deadlines
    from pantau.incidents.models import IncidentReport, Kind
    from pantau.incidents.services import CATEGORY, PRIORITY_KINDS

    hours = deadlines.report_hours()
    now = timezone.now()
    user = bench_user()
    reports, concerns = [], []
    for _ in range(scaled("incidents", factor)):
        pk, region, _children = rng.choice(homes)
        kind = rng.choice(Kind.values)
        learned = now - timedelta(hours=rng.randint(6, 365 * 24))
        happened = learned - timedelta(hours=rng.randint(0, 12))
        due = learned + timedelta(hours=hours[kind])
        late = rng.random() < LATE_SHARE
        reported = (
            due + timedelta(hours=rng.randint(1, 96)) if late else learned + (due - learned) * rng.random()
        )
        reported = min(reported, now)
        recent = now - reported < timedelta(days=14)
        status = (
            rng.choice([Concern.Status.RECEIVED, Concern.Status.IN_REVIEW])
            if recent
            else rng.choices([Concern.Status.CLOSED, Concern.Status.IN_REVIEW], weights=[8, 2])[0]
        )
        concerns.append(
            Concern(
                source=Concern.Source.INCIDENT,
                lksa_id=pk,
                region_code=region,
                category=CATEGORY[Kind(kind)],
                description="Laporan insiden dari panti (data sintetis untuk benchmark).",
                status=status,
                is_priority=kind in PRIORITY_KINDS,
                closed_reason="Ditangani (benchmark)." if status == Concern.Status.CLOSED else "",
            )
        )
        reports.append(
            IncidentReport(
                lksa_id=pk,
                region_code=region,
                kind=kind,
                happened_at=happened,
                learned_at=learned,
                description="Kejadian di panti (data sintetis untuk benchmark), tanpa nama anak.",
                action_taken="Pengasuh menangani dan melapor ke Dinas Sosial.",
                police_informed=rng.random() < 0.4,
                children_count=rng.randint(1, 4),
                reported_by=user,
                reported_at=reported,
                due_at=due,
            )
        )
    Concern.objects.bulk_create(concerns, batch_size=5000)
    for report, concern in zip(reports, concerns, strict=True):
        report.concern = concern
    IncidentReport.objects.bulk_create(reports, batch_size=5000)
    with connection.cursor() as cursor:  # the concern came in when the home reported
        cursor.execute(
            "UPDATE cases_concern c SET created_at = i.reported_at, updated_at = i.reported_at "
            "FROM incidents_incidentreport i WHERE i.concern_id = c.id"
        )
    return len(reports) * 2


def seed_applications(rng: random.Random, homes: list[Home], factor: float) -> int:
    from django.db import connection
    from django.utils import timezone

    from pantau.applications.models import Application, Event, Kind, Status

    now = timezone.now()
    user = bench_user()
    rows, created_on = [], []
    for _ in range(scaled("applications", factor)):
        pk, _region, _children = rng.choice(homes)
        status = rng.choice(Status.values)
        kind = rng.choice(Kind.values)
        created = now - timedelta(days=rng.randint(1, 365))
        submitted = created + timedelta(days=rng.randint(0, 10)) if status != Status.DRAFT else None
        submitted = min(submitted, now) if submitted else None
        created_on.append(created)
        decided = status in (Status.APPROVED, Status.REJECTED, Status.RETURNED)
        rows.append(
            Application(
                lksa_id=pk,
                kind=kind,
                status=status,
                summary="Permohonan (data sintetis untuk benchmark).",
                purpose="Biaya pendidikan anak asuh" if kind == Kind.PUB_RECOMMENDATION else "",
                created_by=user,
                submitted_by=user if submitted else None,
                submitted_at=submitted,
                decided_by=user if decided else None,
                decided_at=min(now, (submitted or created) + timedelta(days=15)) if decided else None,
                decision_note="Lengkapi dokumen." if status != Status.APPROVED and decided else "",
            )
        )
    Application.objects.bulk_create(rows, batch_size=5000)
    events = [Event(application=a, action=Event.Action.CREATED, actor=user) for a in rows]
    events += [
        Event(application=a, action=Event.Action.SUBMITTED, actor=user) for a in rows if a.submitted_at
    ]
    Event.objects.bulk_create(events, batch_size=5000)
    with connection.cursor() as cursor:  # created on the day drawn (auto_now_add set it to now)
        cursor.execute(
            "UPDATE applications_application a SET created_at = v.created "
            "FROM unnest(%s::bigint[], %s::timestamptz[]) AS v(id, created) WHERE a.id = v.id",
            [[a.pk for a in rows], created_on],
        )
    return len(rows) + len(events)


def seed_aid(rng: random.Random, homes: list[Home], factor: float) -> int:
    from django.db.models import Count

    from pantau.aid.models import AidRecord, Source
    from pantau.children.models import Child

    in_care = dict(
        Child.objects.in_care().values("lksa_id").annotate(n=Count("pk")).values_list("lksa_id", "n")
    )
    user = bench_user()
    office = user.active_membership.organisation
    today = date.today()  # noqa: DTZ011
    periods = [(today - timedelta(days=183 * (k + 1)), today - timedelta(days=183 * k + 1)) for k in range(2)]
    rows = []
    per_home = max(1, round(scaled("aid", factor) / len(homes)))
    for pk, _region, registered in homes:
        recorded = in_care.get(pk) or registered or 10
        for start, end in periods[:per_home]:
            source = rng.choice([Source.KEMENSOS, Source.REGENCY, Source.PROVINCE])
            basis = (
                recorded + rng.randint(5, 15) if rng.random() < 0.05 else max(1, recorded - rng.randint(0, 2))
            )
            per_child = rng.choice([900_000, 1_200_000, 1_800_000])
            rows.append(
                AidRecord(
                    lksa_id=pk,
                    source=source,
                    programme="ATENSI LKSA" if source == Source.KEMENSOS else "Bantuan permakanan",
                    reference=f"BENCH/{pk:05d}/{start:%Y%m}",
                    period_start=start,
                    period_end=end,
                    amount_per_child=per_child,
                    children_count=basis,
                    total_amount=per_child * basis,
                    recorded_by=user,
                    recorded_by_organisation=office,
                )
            )
    AidRecord.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def seed_vetting(rng: random.Random, homes: list[Home], factor: float) -> int:
    from pantau.registry.models import StaffMember
    from pantau.staffing.models import PoliceClearance, Review, Training

    user = bench_user()
    staff = list(StaffMember.objects.order_by("pk").values_list("pk", "police_clearance_on"))
    today = date.today()  # noqa: DTZ011
    clearances: list[PoliceClearance] = []
    want = scaled("clearances", factor)
    screened = [(pk, on) for pk, on in staff if on is not None]
    while len(clearances) < want and screened:
        for pk, on in screened:
            if len(clearances) >= want:
                break
            issued = (
                on if not clearances or rng.random() < 0.8 else on - timedelta(days=rng.randint(200, 400))
            )
            pending = rng.random() < 0.03
            clearances.append(
                PoliceClearance(
                    staff_id=pk,
                    number=f"SKCK/{issued:%m}/{issued.year}/BENCH/{pk:06d}",
                    issued_on=issued,
                    valid_until=issued + timedelta(days=182),
                    validity_months=6,
                    status=Review.PENDING if pending else Review.VERIFIED,
                    recorded_by=user,
                    verified_by=None if pending else user,
                )
            )
    PoliceClearance.objects.bulk_create(clearances, batch_size=5000)
    trainings = []
    for _ in range(scaled("trainings", factor)):
        pk, _on = rng.choice(staff)
        kind = rng.choice(Training.Kind.values)
        pending = rng.random() < 0.03
        trainings.append(
            Training(
                staff_id=pk,
                kind=kind,
                title="Perlindungan anak" if kind == Training.Kind.CHILD_PROTECTION else "Pengasuhan positif",
                provider="Dinas Sosial",
                held_on=today - timedelta(days=rng.randint(1, 700)),
                status=Review.PENDING if pending else Review.VERIFIED,
                recorded_by=user,
                verified_by=None if pending else user,
            )
        )
    Training.objects.bulk_create(trainings, batch_size=5000)
    return len(clearances) + len(trainings)


def seed_sessions(rng: random.Random, homes: list[Home], factor: float) -> int:
    from collections import defaultdict

    from pantau.registry.models import StaffMember
    from pantau.staffing.models import Attendance, Training, TrainingSession

    user = bench_user()
    offices = regency_offices()
    by_kab: dict[str, list[int]] = defaultdict(list)
    for pk, region, _children in homes:
        if region[:5] in offices:
            by_kab[region[:5]].append(pk)
    kabs = sorted(by_kab)
    staff_of: dict[int, list[int]] = defaultdict(list)
    for pk, home in StaffMember.objects.filter(is_active=True).values_list("pk", "lksa_id"):
        staff_of[home].append(pk)
    today = date.today()  # noqa: DTZ011
    sessions, invited = [], []
    for _ in range(scaled("sessions", factor)):
        kab = rng.choice(kabs)
        sessions.append(
            TrainingSession(
                organisation_id=offices[kab],
                region_code=kab,
                held_on=today - timedelta(days=rng.randint(1, 365)),
                place="Aula Dinas Sosial",
                topic="Pembinaan SDM LKSA: perlindungan anak",
                counts_as_protection=rng.random() < 0.5,
                created_by=user,
            )
        )
        invited.append(rng.sample(by_kab[kab], min(len(by_kab[kab]), rng.randint(2, 5))))
    TrainingSession.objects.bulk_create(sessions, batch_size=2000)
    links, marks, trainings = [], [], []
    through = TrainingSession.homes.through
    for session, session_homes in zip(sessions, invited, strict=True):
        for home in session_homes:
            links.append(through(trainingsession_id=session.pk, lksa_id=home))
            for staff in staff_of[home]:
                came = rng.random() < 0.75
                marks.append(Attendance(session=session, staff_id=staff, attended=came, recorded_by=user))
                if came:
                    trainings.append(
                        Training(
                            staff_id=staff,
                            kind=Training.Kind.CHILD_PROTECTION
                            if session.counts_as_protection
                            else Training.Kind.OTHER,
                            title=session.topic,
                            provider="Dinas Sosial",
                            held_on=session.held_on,
                            session=session,
                            status="verified",
                            recorded_by=user,
                            verified_by=user,
                        )
                    )
    through.objects.bulk_create(links, batch_size=5000)
    Attendance.objects.bulk_create(marks, batch_size=5000)
    Training.objects.bulk_create(trainings, batch_size=5000)
    return len(sessions) + len(links) + len(marks) + len(trainings)


def seed_bars(rng: random.Random, homes: list[Home], factor: float) -> int:
    from pantau.lib.names import name_key
    from pantau.registry.models import StaffMember
    from pantau.staffing.models import Bar, BarMatch

    user = bench_user()
    offices = regency_offices()
    kab = largest_kabupaten()
    today = date.today()  # noqa: DTZ011
    bars = []
    # The bars are national, as the policy means (a person barred anywhere is flagged at any home): one
    # in five found on the staff of a home in the largest kabupaten, so its pages show matches.
    candidates = list(
        StaffMember.objects.filter(lksa__region_code__startswith=kab + ".").values_list("pk", "full_name")
    )
    others = list(StaffMember.objects.order_by("?").values_list("pk", "full_name")[:200])
    found = []
    for i in range(DESIGN["bars"]):
        region = rng.choice(sorted(offices))
        staff, full_name = rng.choice(candidates if i % 5 == 0 and candidates else others)
        bars.append(
            Bar(
                organisation_id=offices[region],
                region_code=region,
                full_name=full_name,
                name_key=name_key(full_name),
                birth_date=date(1980, 1, 1 + i % 28),
                reason="Temuan pengawasan: kekerasan terhadap anak (data sintetis untuk benchmark).",
                from_on=today - timedelta(days=rng.randint(1, 700)),
                created_by=user,
            )
        )
        found.append(staff if i % 2 == 0 else None)
    Bar.objects.bulk_create(bars)
    matches = [
        BarMatch(bar=bar, staff_id=staff, strength=BarMatch.Strength.NAME_BIRTH)
        for bar, staff in zip(bars, found, strict=True)
        if staff is not None
    ]
    BarMatch.objects.bulk_create(matches)
    return len(bars) + len(matches)


def seed_awareness(rng: random.Random, homes: list[Home], factor: float) -> int:
    from pantau.awareness.models import ActivityAudience, Audience, AwarenessActivity, Topic

    user = bench_user()
    offices = regency_offices()
    kabs = sorted({region[:5] for _pk, region, _c in homes if region[:5] in offices})
    today = date.today()  # noqa: DTZ011
    activities = []
    for _ in range(scaled("activities", factor)):
        kab = rng.choice(kabs)
        attendance = rng.randint(15, 300)
        activities.append(
            AwarenessActivity(
                organisation_id=offices[kab],
                region_code=kab,
                held_on=today - timedelta(days=rng.randint(0, 540)),
                venue="Balai desa",
                title="Sosialisasi perlindungan anak",
                topics=rng.sample(Topic.values, rng.randint(1, 3)),
                attendance=attendance,
                attendance_women=attendance // 2,
                attendance_men=attendance - attendance // 2,
                created_by=user,
            )
        )
    AwarenessActivity.objects.bulk_create(activities, batch_size=5000)
    audiences = [
        ActivityAudience(activity=activity, kind=kind)
        for activity in activities
        for kind in rng.sample(Audience.values, rng.randint(1, 3))
    ]
    ActivityAudience.objects.bulk_create(audiences, batch_size=5000)
    return len(activities) + len(audiences)


def seed_pairs(rng: random.Random, homes: list[Home], factor: float) -> int:
    """Records that may be the same child: neighbouring records (the same home or the next one), as
    a linkage run finds them; the aid check counts a "same child" pair once and shows pending ones."""
    from django.utils import timezone

    from pantau.children.models import Child
    from pantau.linkage.models import CandidatePair

    user = bench_user()
    ids = list(Child.objects.order_by("pk").values_list("pk", flat=True))
    if len(ids) < 4:
        return 0
    want = min(scaled("pairs", factor), len(ids) // 4)
    starts = sorted(rng.sample(range(0, len(ids) - 1, 2), want))  # even positions: no record twice
    pairs = []
    for n, i in enumerate(starts):
        same = n % 5 == 0
        pairs.append(
            CandidatePair(
                child_a_id=ids[i],
                child_b_id=ids[i + 1],
                match_probability=rng.uniform(0.8, 0.99),
                match_weight=rng.uniform(8, 20),
                status=CandidatePair.Status.SAME if same else CandidatePair.Status.PENDING,
                decided_by=user if same else None,
                decided_at=timezone.now() if same else None,
            )
        )
    CandidatePair.objects.bulk_create(pairs, batch_size=5000)
    return len(pairs)


def refresh_summaries() -> None:
    """The stored summaries the dashboard and the visit plan read, as the nightly job leaves them."""
    from django.db import connection
    from django.utils import timezone

    from pantau.children import summary
    from pantau.supervision import plan_store

    today = timezone.localdate()
    for label, call in (
        ("children's figures, full refresh", summary.refresh_all),
        ("visit plan, full rescoring (with the aid check)", plan_store.refresh_all),
    ):
        began = time.perf_counter()
        made = call(today=today)
        print(f"  {label:<50} {made:>9,} rows  {time.perf_counter() - began:6.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def reader_of_kabupaten(kab: str) -> Any:
    """A Dinas Sosial supervisor of the kabupaten/kota (the demo login for Kab. Tangerang)."""
    from pantau.accounts.models import Membership
    from pantau.accounts.roles import OrgKind, Role

    membership = (
        Membership.objects.filter(
            is_active=True,
            role=Role.SUPERVISOR,
            organisation__kind=OrgKind.DINSOS_REGENCY,
            organisation__region_id=kab,
        )
        .select_related("user")
        .order_by("pk")
        .first()
    )
    assert membership is not None, f"no Dinas Sosial supervisor in {kab}"
    return membership.user
