"""Demo data for family-based care: families in Kabupaten Tangerang (and two in Kota Medan, so that the
national figures have a second province) with adoption and foster files at every stage, a kinship
placement and a guardianship, the early warnings the services raise, and the adoption licence the
showcase home needs. All names are synthetic.

Everything goes through familycare.services and children.services with past dates, so the rules are
the ones the pages enforce: a file only reaches a stage it could reach by hand. Runs after the children
and cases seeders and before the home picture (core/seed.py, order 80)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import F, QuerySet
from django.utils import timezone

from pantau.accounts.models import User
from pantau.children.models import Child, Placement
from pantau.children.services import placement_end
from pantau.familycare.models import (
    CareFile,
    DocumentKind,
    EarlyWarning,
    Family,
    FamilyDocument,
    Kind,
    MonitoringVisit,
    Stage,
)
from pantau.familycare.rules import DEFAULTS, add_months, add_years
from pantau.familycare.services import (
    document_add,
    family_register,
    file_close,
    file_open,
    red_flags_update,
    step_record,
    visit_add,
)
from pantau.familycare.workflow import FLOWS, NOT_RECOMMENDED, RECOMMENDED
from pantau.lib.seeding import SeedContext, seeder
from pantau.registry.models import AdoptionLicence, Lksa, Registration
from pantau.registry.selectors import valid_on
from pantau.registry.services import legality_refresh_all

SHOWCASE = "LKSA Kasih Bunda Tigaraksa"  # licensed for adoption; its operator has a demo login
FAR_HOME = "Panti Asuhan Harapan Sunggal"
SUPERVISOR = "pengawas@dinsos-kabtangerang.pantau.test"
OPERATOR = "operator@lksa-kasihbunda.pantau.test"
FAR_SUPERVISOR = "pengawas@dinsos-medan.pantau.test"
SOCIAL_WORKER = "Sri Wahyuni, S.Tr.Sos. (pekerja sosial Dinas Sosial)"
SHARED_PHONE = "0813-7788-2211"


@dataclass
class Cast:
    """Who records and where: the Tangerang office and homes, and (optionally) Medan's."""

    supervisor: User  # Dinas Sosial Kabupaten Tangerang
    operator: User  # works at ``home``
    home: Lksa  # gets the Minister's adoption licence; every adoption file is from here
    foster_home: Lksa  # a registered Tangerang home: foster, kinship and guardianship files
    infant_home: Lksa  # where an infant leaves within 90 days
    far_supervisor: User | None = None
    far_home: Lksa | None = None
    made: dict[str, Any] = field(default_factory=dict)  # what was made, by key (for tests and the log)


@seeder(order=58)
def seed_family_care(ctx: SeedContext) -> None:
    cast = _cast()
    if cast is None:
        ctx.log("  family care: the demo homes or logins are missing, skipped")
        return
    build(cast, timezone.localdate())
    ctx.log(
        f"  family care: {Family.objects.count()} families, {CareFile.objects.count()} files, "
        f"{EarlyWarning.objects.count()} early warnings, licence for {cast.home.name}"
    )


def _cast() -> Cast | None:
    users = {u.email: u for u in User.objects.filter(email__in=[SUPERVISOR, OPERATOR, FAR_SUPERVISOR])}
    home = Lksa.objects.filter(name=SHOWCASE).first()
    if home is None or SUPERVISOR not in users or OPERATOR not in users:
        return None
    today = timezone.localdate()
    registered = (
        Lksa.objects.filter(region_code__startswith=home.region_code[:6], is_active=True)
        .filter(registrations__in=_valid_registrations(today))
        .exclude(pk=home.pk)
        .distinct()
        .order_by("pk")
    )
    others = list(registered[:2])
    foster_home = others[0] if others else home
    return Cast(
        supervisor=users[SUPERVISOR],
        operator=users[OPERATOR],
        home=home,
        foster_home=foster_home,
        infant_home=others[1] if len(others) > 1 else foster_home,
        far_supervisor=users.get(FAR_SUPERVISOR),
        far_home=Lksa.objects.filter(name=FAR_HOME).first(),
    )


def _valid_registrations(today: date) -> QuerySet[Registration]:
    """Registrations valid today and for the whole time the demo's foster placements go back (a foster
    placement from a home without one raises an early warning: not the story these files tell)."""
    return Registration.objects.filter(valid_on(today), issued_on__lte=today - timedelta(days=400))


# Synthetic children's names (no real child): each demo child takes the next one.
CHILD_NAMES = (
    "Aisyah Putri Ramadhani, Muhammad Fikri Alamsyah, Nayla Azzahra, Rafa Pratama, "
    "Keisha Anindya, Bima Arya Saputra, Zahira Nur Safitri, Dafa Maulana, Alya Khairunnisa, "
    "Gilang Ramadhan, Citra Ayu Lestari, Yosua Manurung, Kadek Ayu Wulandari, "
    "Wayan Surya Dharma, Salsabila Rahma, Komang Gede Putra, Tiara Oktaviani, Arkan Habibi, "
    "Putri Melati, Clara Situmorang, Hafiz Alfarizi, Rizal Firmansyah, Naufal Hakim, "
    "Jessica Sinaga, Samuel Hutabarat"
).split(", ")

# --- Building blocks ------------------------------------------------------------------------------


def _child(home: Lksa, name: str, sex: str, born: date, admitted: date) -> Child:
    """A synthetic child in ``home``'s care since ``admitted`` (as the children seeder makes them)."""
    child = Child.objects.create(
        lksa=home,
        region_code=home.region_code,
        full_name=name,
        sex=sex,
        birth_date=born,
        referral_source="dinsos",
        referral_reason="Ditemukan terlantar, dirujuk Dinas Sosial (data sintetis).",
        admitted_on=admitted,
    )
    Placement.objects.create(child=child, kind=Placement.Kind.LKSA, lksa=home, started_on=admitted)
    Lksa.objects.filter(pk=home.pk).update(children_count=F("children_count") + 1)
    return child


def _family(actor: User, region: str, spec: dict[str, Any]) -> Family:
    family = Family(region_code=region, **spec)
    family.address = family.address or "Jl. Kenanga No. 7, Tigaraksa (data sintetis)"
    return family_register(actor=actor, family=family)


def _documents(
    actor: User,
    family: Family,
    kinds: list[str],
    issued: date,
    *,
    expiring: dict[str, date] | None = None,
) -> None:
    """``kinds`` issued on ``issued``; ``expiring`` gives some a last valid day."""
    for index, kind in enumerate(kinds):
        until = (expiring or {}).get(kind)
        document_add(
            actor=actor,
            family=family,
            document=FamilyDocument(kind=kind, issued_on=issued, valid_until=until),
            number=f"DEMO-{kind.upper()}-{family.pk:04d}{index:02d}",
        )


def _walk(actor: User, file: CareFile, steps: list[tuple[str, date, dict[str, Any]]]) -> CareFile:
    for stage, done_on, data in steps:
        file = step_record(actor=actor, file=file, stage=stage, done_on=done_on, data=data)
    return file


def _issued(number: str, by: str, **extra: Any) -> dict[str, Any]:
    return {"document_number": number, "issued_by": by, **extra}


# --- Adoption -------------------------------------------------------------------------------------

ADOPTION_ORDER: list[str] = [step.stage for step in FLOWS[Kind.ADOPTION][1:]]


def adoption_dates(opened: date) -> dict[str, date]:
    """A plausible date for each step of a file applied for on ``opened`` (trial care six months)."""
    trial = opened + timedelta(days=50)
    visit_2 = add_months(trial, 6) + timedelta(days=7)
    pipa = visit_2 + timedelta(days=21)
    permit = pipa + timedelta(days=20)
    court = permit + timedelta(days=45)
    return {
        Stage.HOME_VISIT_1: opened + timedelta(days=21),
        Stage.TRIAL_CARE: trial,
        Stage.HOME_VISIT_2: visit_2,
        Stage.PIPA_REVIEW: pipa,
        Stage.PERMIT_DECREE: permit,
        Stage.COURT_ORDER: court,
        Stage.REGISTERED: court + timedelta(days=30),
    }


def _adoption_step(stage: str, n: int, court: str, outcome: str = RECOMMENDED) -> dict[str, Any]:
    data: dict[str, dict[str, Any]] = {
        Stage.HOME_VISIT_1: _issued(f"LS-{n:03d}/KV1/Dinsos", SOCIAL_WORKER),
        Stage.TRIAL_CARE: _issued(f"460/IPS-{n:03d}/Dinsos", "Kepala Dinas Sosial Kabupaten Tangerang"),
        Stage.HOME_VISIT_2: _issued(f"LS-{n:03d}/KV2/Dinsos", SOCIAL_WORKER),
        Stage.PIPA_REVIEW: _issued(f"REK-{n:03d}/PIPA", "Tim PIPA Provinsi Banten", outcome=outcome),
        Stage.PERMIT_DECREE: _issued(f"SK-{n:03d}/HUK/Dinsos Banten", "Kepala Dinas Sosial Provinsi Banten"),
        Stage.COURT_ORDER: _issued(f"{n:04d}/Pdt.P/PN", court),
        Stage.REGISTERED: _issued(f"AKTA-CATATAN-{n:04d}", "Disdukcapil Kabupaten Tangerang"),
    }
    return data[stage]


# (applicant, spouse, religion, years the applicant is old at application, stage reached, days ago)
ADOPTERS: list[tuple[str, str, str, int, str, int]] = [
    ("Hendra Wijaya", "Lestari Handayani", "islam", 38, Stage.APPLIED, 10),
    ("Agus Saputra", "Ratna Kurniawati", "islam", 41, Stage.HOME_VISIT_1, 19),
    ("Yohanes Simanjuntak", "Maria Sitompul", "protestant", 36, Stage.TRIAL_CARE, 0),  # trial over: due
    ("Teguh Setiawan", "Intan Permatasari", "islam", 44, Stage.HOME_VISIT_2, 21),
    ("Fajar Nugroho", "Dewi Anggraeni", "islam", 39, Stage.PIPA_REVIEW, 20),
    ("Dimas Pratama", "Sari Wulandari", "islam", 35, Stage.PERMIT_DECREE, 20),
    ("Andreas Halim", "Veronika Tanjung", "catholic", 42, Stage.COURT_ORDER, 25),
    ("Rizky Ramadhan", "Nur Aisyah", "islam", 40, Stage.REGISTERED, 65),
    ("Wahyu Kurniawan", "Ayu Lestari", "islam", 47, "refused", 40),
    ("Yusuf Hidayat", "Siti Rahmawati", "islam", 37, "withdrawn", 60),
]


def _adoptions(cast: Cast, today: date) -> dict[str, CareFile]:
    files: dict[str, CareFile] = {}
    actor = cast.supervisor
    for n, (name, spouse, religion, age, target, ago) in enumerate(ADOPTERS, start=1):
        if target == Stage.TRIAL_CARE:
            # Six months of trial care ended 25 days ago: home visit 2 falls due within the fortnight.
            trial = add_months(today - timedelta(days=25), -6)
            opened = trial - timedelta(days=50)
        else:
            last = {"refused": Stage.PIPA_REVIEW, "withdrawn": Stage.HOME_VISIT_1}.get(target, target)
            span = (adoption_dates(today)[last] - today).days if last != Stage.APPLIED else 0
            opened = today - timedelta(days=ago + span)
        family = _family(
            actor,
            cast.home.region_code[:8],
            {
                "applicant_name": name,
                "applicant_sex": "L",
                "applicant_birth_date": add_years(opened, -age) - timedelta(days=40 + n),
                "applicant_religion": religion,
                "marital_status": "married",
                "married_on": add_years(opened, -(6 + n % 5)),
                "spouse_name": spouse,
                "spouse_sex": "P",
                "spouse_birth_date": add_years(opened, -(age - 3)) + timedelta(days=n),
                "spouse_religion": religion,
                "spouse_citizenship": "wni",
                "children_count": n % 2,
                "monthly_income": 6_000_000 + 750_000 * n,
                "phone": f"0812-{3300 + n:04d}-{4400 + n:04d}",
            },
        )
        kinds = list(DEFAULTS[Kind.ADOPTION]["required_documents"])
        expiring: dict[str, date] = {}
        if target == Stage.APPLIED:
            # What the family page shows: the police clearance still to come (missing) and a health
            # certificate that ran out after the application (failing today).
            kinds.remove(DocumentKind.SKCK)
            expiring[DocumentKind.HEALTH] = today - timedelta(days=3)
        _documents(actor, family, kinds, opened - timedelta(days=30), expiring=expiring)
        born = opened - timedelta(days=300 + 60 * n)
        child = _child(cast.home, CHILD_NAMES[n - 1], "LP"[n % 2], born, born + timedelta(days=20))
        file = file_open(
            actor=actor,
            family=family,
            child=child,
            kind=Kind.ADOPTION,
            opened_on=opened,
            child_religion=religion,
        )
        dates = adoption_dates(opened)
        if target == Stage.TRIAL_CARE:
            dates[Stage.TRIAL_CARE] = trial
        court = "Pengadilan Agama Tigaraksa" if religion == "islam" else "Pengadilan Negeri Tangerang"
        reach = {"refused": Stage.PIPA_REVIEW, "withdrawn": Stage.HOME_VISIT_1}.get(target, target)
        steps = ADOPTION_ORDER[: ADOPTION_ORDER.index(reach) + 1] if reach != Stage.APPLIED else []
        outcome = NOT_RECOMMENDED if target == "refused" else RECOMMENDED
        file = _walk(actor, file, [(s, dates[s], _adoption_step(s, n, court, outcome)) for s in steps])
        if target == "withdrawn":
            file = file_close(
                actor=actor,
                file=file,
                outcome=Stage.WITHDRAWN,
                on=today - timedelta(days=10),
                reason="Pasangan pindah tugas ke luar provinsi dan menarik permohonan (data sintetis).",
            )
        files[target] = file
    return files


# --- Foster, kinship, guardianship ----------------------------------------------------------------

# (applicant, religion, stage reached, days since the application)
FOSTERERS: list[tuple[str, str, str, int]] = [
    ("Made Suartini", "hindu", Stage.APPLIED, 8),
    ("Putu Arimbawa", "hindu", Stage.ASSESSED, 35),
    ("Ni Luh Sekarini", "hindu", Stage.TRAINED, 80),
    ("Budi Hartono", "islam", Stage.MATCHED, 120),
    ("Sri Mulyani", "islam", Stage.PLACED, 250),  # a monitoring visit overdue
    ("Andi Nasution", "islam", Stage.REVIEWED, 330),
    ("Lina Purba", "protestant", Stage.ENDED, 400),
]
FOSTER_SPOUSES = {
    2: "Ni Made Rai",
    4: "Endang Susilowati",
    5: "Bambang Suryadi",
    6: "Rahmah Lubis",
    7: "Marulitua Purba",
}
FOSTER_ORDER: list[str] = [step.stage for step in FLOWS[Kind.FOSTER][1:]]


def _fosters(cast: Cast, today: date) -> dict[str, CareFile]:
    files: dict[str, CareFile] = {}
    actor = cast.supervisor
    for n, (name, religion, target, ago) in enumerate(FOSTERERS, start=1):
        opened = today - timedelta(days=ago)
        family = _family(
            actor,
            cast.foster_home.region_code[:8],
            {
                "applicant_name": name,
                "applicant_sex": "P" if n % 2 else "L",
                "applicant_birth_date": add_years(opened, -(34 + 2 * n)),
                "applicant_religion": religion,
                "marital_status": "widowed" if n == 1 else "single" if n == 3 else "married",
                "spouse_name": "" if n in (1, 3) else FOSTER_SPOUSES[n],
                "spouse_sex": "" if n in (1, 3) else ("L" if n % 2 else "P"),
                "spouse_birth_date": None if n in (1, 3) else add_years(opened, -(35 + 2 * n)),
                "spouse_religion": "" if n in (1, 3) else religion,
                "married_on": None if n in (1, 3) else add_years(opened, -10),
                "monthly_income": 5_000_000 + 400_000 * n,
                "address": f"Jl. Flamboyan No. {n}, Cikupa (data sintetis)",
            },
        )
        kinds = list(DEFAULTS[Kind.FOSTER]["required_documents"])
        if target == Stage.APPLIED:
            kinds.remove(DocumentKind.DOMICILE)  # missing: the family page shows what is still to come
        _documents(actor, family, kinds, opened - timedelta(days=20))
        born = today - timedelta(days=365 * (3 + n))
        child = _child(cast.foster_home, CHILD_NAMES[9 + n], "LP"[n % 2], born, opened - timedelta(days=200))
        file = file_open(
            actor=actor,
            family=family,
            child=child,
            kind=Kind.FOSTER,
            opened_on=opened,
            child_religion=religion,
        )
        placed = opened + timedelta(days=120)
        dates: dict[str, date] = {
            Stage.ASSESSED: opened + timedelta(days=20),
            Stage.TRAINED: opened + timedelta(days=60),
            Stage.MATCHED: opened + timedelta(days=100),
            Stage.PLACED: placed,
            Stage.REVIEWED: min(placed + timedelta(days=180), today - timedelta(days=30)),
            Stage.ENDED: today - timedelta(days=15),
        }
        steps = FOSTER_ORDER[: FOSTER_ORDER.index(target) + 1] if target != Stage.APPLIED else []
        data: dict[str, dict[str, Any]] = {
            Stage.ASSESSED: _issued(f"ASM-{n:03d}/Dinsos", SOCIAL_WORKER),
            Stage.TRAINED: _issued(f"SRT-{n:03d}/PELATIHAN", "Balai Pelatihan Kesejahteraan Sosial"),
            Stage.MATCHED: _issued(f"MCH-{n:03d}/Dinsos", "Kepala Bidang Rehabilitasi Sosial"),
            Stage.PLACED: _issued(f"SK-PA-{n:03d}/Dinsos", "Kepala Dinas Sosial Kabupaten Tangerang"),
            Stage.REVIEWED: _issued(f"RVW-{n:03d}/Dinsos", SOCIAL_WORKER),
            Stage.ENDED: {
                "outcome": "reunification",
                "notes": "Anak kembali diasuh ibunya setelah asesmen reunifikasi (data sintetis).",
            },
        }
        for stage in steps:
            file = step_record(actor=actor, file=file, stage=stage, done_on=dates[stage], data=data[stage])
            if stage == Stage.PLACED:
                # Visits every 90 days; the placed file's last one was 110 days ago (one overdue).
                visits = [placed + timedelta(days=20)]
                if target != Stage.PLACED:
                    visits.append(dates[Stage.REVIEWED] - timedelta(days=30))
                for day in visits:
                    _visit(actor, file, day)
        files[target] = file
    return files


def _visit(actor: User, file: CareFile, day: date, finding: str = MonitoringVisit.Finding.WELL) -> None:
    visit_add(
        actor=actor,
        file=file,
        visit=MonitoringVisit(
            visited_on=day, by=SOCIAL_WORKER, finding=finding, notes="Anak sehat, bersekolah."
        ),
    )


def _kinship_and_guardianship(cast: Cast, today: date) -> dict[str, CareFile]:
    actor = cast.supervisor
    region = cast.foster_home.region_code[:8]
    opened = today - timedelta(days=70)
    grandmother = _family(
        actor,
        region,
        {
            "applicant_name": "Ibu Suminah",
            "applicant_sex": "P",
            "applicant_birth_date": today - timedelta(days=365 * 61),
            "applicant_religion": "islam",
            "marital_status": "widowed",
            "relationship_to_child": "Nenek dari pihak ibu",
            "address": "Kp. Cirewed RT 02/03, Sukadiri (data sintetis)",
        },
    )
    _documents(
        actor, grandmother, list(DEFAULTS[Kind.KINSHIP]["required_documents"]), opened - timedelta(days=10)
    )
    child = _child(
        cast.foster_home, CHILD_NAMES[17], "L", today - timedelta(days=365 * 6), opened - timedelta(days=90)
    )
    kinship = file_open(actor=actor, family=grandmother, child=child, kind=Kind.KINSHIP, opened_on=opened)
    kinship = _walk(
        actor,
        kinship,
        [
            (Stage.ASSESSED, opened + timedelta(days=15), _issued("ASM-K01/Dinsos", SOCIAL_WORKER)),
            (Stage.PLACED, opened + timedelta(days=25), _issued("KSP-K01/Dinsos", "Kepala Dinas Sosial")),
        ],
    )
    _visit(actor, kinship, today - timedelta(days=10))

    uncle = _family(
        actor,
        region,
        {
            "applicant_name": "Bapak Slamet Riyadi",
            "applicant_sex": "L",
            "applicant_birth_date": today - timedelta(days=365 * 45),
            "applicant_religion": "islam",
            "marital_status": "married",
            "married_on": today - timedelta(days=365 * 15),
            "spouse_name": "Ibu Wartini",
            "spouse_sex": "P",
            "spouse_birth_date": today - timedelta(days=365 * 42),
            "spouse_religion": "islam",
            "spouse_citizenship": "wni",
            "relationship_to_child": "Paman (adik ayah)",
            "address": "Jl. Raya Serang Km 24, Balaraja (data sintetis)",
        },
    )
    opened = today - timedelta(days=60)
    _documents(
        actor, uncle, list(DEFAULTS[Kind.GUARDIANSHIP]["required_documents"]), opened - timedelta(days=5)
    )
    child = _child(
        cast.foster_home, CHILD_NAMES[18], "P", today - timedelta(days=365 * 9), opened - timedelta(days=400)
    )
    guardianship = file_open(
        actor=actor,
        family=uncle,
        child=child,
        kind=Kind.GUARDIANSHIP,
        opened_on=opened,
        court_order=_issued(
            "0456/Pdt.P/PA.Tgrs", "Pengadilan Agama Tigaraksa", done_on=today - timedelta(days=40)
        ),
    )
    return {"kinship": kinship, "guardianship": guardianship}


def _aged_out(cast: Cast, today: date) -> Family:
    """A couple whose applicant turned 56 today: a day too late for the adoption rules (at most 55)."""
    family = _family(
        cast.supervisor,
        cast.home.region_code[:8],
        {
            "applicant_name": "Gunawan Santoso",
            "applicant_sex": "L",
            "applicant_birth_date": add_years(today, -56),
            "applicant_religion": "buddhist",
            "marital_status": "married",
            "married_on": add_years(today, -25),
            "spouse_name": "Linda Halim",
            "spouse_sex": "P",
            "spouse_birth_date": add_years(today, -50),
            "spouse_religion": "buddhist",
            "spouse_citizenship": "wni",
            "monthly_income": 15_000_000,
        },
    )
    _documents(
        cast.supervisor,
        family,
        list(DEFAULTS[Kind.ADOPTION]["required_documents"]),
        today - timedelta(days=14),
    )
    return family


def _far(cast: Cast, today: date) -> dict[str, CareFile]:
    """Kota Medan: a foster family matched with a child and a grandmother caring for her grandchild, so
    the national figures have a second province."""
    if cast.far_supervisor is None or cast.far_home is None:
        return {}
    actor, home = cast.far_supervisor, cast.far_home
    made: dict[str, CareFile] = {}
    plans = [
        ("Rosmawati Siregar", Kind.FOSTER, "protestant", [Stage.ASSESSED, Stage.TRAINED, Stage.MATCHED]),
        ("Ompung Rumondang Lubis", Kind.KINSHIP, "islam", [Stage.ASSESSED, Stage.PLACED]),
    ]
    for n, (name, kind, religion, stages) in enumerate(plans, start=1):
        opened = today - timedelta(days=200)
        family = _family(
            actor,
            home.region_code[:8],
            {
                "applicant_name": name,
                "applicant_sex": "P",
                "applicant_birth_date": add_years(opened, -(40 + 15 * (n - 1))),
                "applicant_religion": religion,
                "marital_status": "widowed",
                "relationship_to_child": "Nenek (ompung)" if kind == Kind.KINSHIP else "",
                "address": f"Jl. Setia Budi No. {10 + n}, Medan Sunggal (data sintetis)",
            },
        )
        _documents(actor, family, list(DEFAULTS[kind]["required_documents"]), opened - timedelta(days=10))
        born = today - timedelta(days=365 * (5 + n))
        child = _child(home, CHILD_NAMES[22 + n], "LP"[n % 2], born, opened - timedelta(days=60))
        file = file_open(
            actor=actor,
            family=family,
            child=child,
            kind=kind,
            opened_on=opened,
            child_religion=religion if kind == Kind.FOSTER else "",
        )
        for i, stage in enumerate(stages, start=1):
            file = step_record(
                actor=actor,
                file=file,
                stage=stage,
                done_on=opened + timedelta(days=20 * i),
                data=_issued(f"MDN-{n}{i:02d}/Dinsos Medan", "Dinas Sosial Kota Medan"),
            )
        if file.stage == Stage.PLACED:
            _visit(actor, file, today - timedelta(days=30))
        made[f"far_{kind}"] = file
    return made


# --- Early warnings -------------------------------------------------------------------------------


def _warnings(cast: Cast, files: dict[str, CareFile], today: date) -> None:
    """A payment, an intermediary phone in two files, an exit without papers, an infant gone quickly."""
    actor = cast.supervisor
    red_flags_update(
        actor=actor,
        file=files[Stage.HOME_VISIT_2],
        data={
            "intermediary_name": "Ibu Yanti (bidan praktik)",
            "money_paid": 15_000_000,
            "money_paid_to": "Pengurus panti, sebagai 'biaya persalinan'",
        },
    )
    first = {"intermediary_name": "Pak Darto", "intermediary_phone": SHARED_PHONE}
    red_flags_update(actor=actor, file=files[Stage.PIPA_REVIEW], data=first)
    red_flags_update(
        actor=actor,
        file=files[Stage.HOME_VISIT_1],
        data={"intermediary_name": "Bu Ratmi", "intermediary_phone": SHARED_PHONE.replace("-", " ")},
    )
    # Seen again when the first file is next updated: both files now carry the warning.
    red_flags_update(actor=actor, file=files[Stage.PIPA_REVIEW], data=first)

    # The home's operator records a child gone "for adoption" with no file: kept as unverified, and a
    # concern opened for Dinas Sosial.
    gone = _child(
        cast.home, CHILD_NAMES[19], "P", today - timedelta(days=365 * 3), today - timedelta(days=300)
    )
    placement_end(
        actor=cast.operator,
        child=gone,
        kind=Placement.Kind.ADOPTION,
        started_on=today - timedelta(days=12),
        notes="Dijemput pasangan yang mengaku sudah mengurus izin (data sintetis).",
        confirm_unverified=True,
    )
    # A baby admitted at a month old leaves "to the parents" 50 days later (recorded by Dinas Sosial
    # on the home's report: that home has no demo login).
    baby = _child(
        cast.infant_home, CHILD_NAMES[20], "L", today - timedelta(days=100), today - timedelta(days=70)
    )
    placement_end(
        actor=actor,
        child=baby,
        kind=Placement.Kind.REUNIFICATION,
        started_on=today - timedelta(days=20),
        notes="Diserahkan kepada orang yang mengaku ayahnya (data sintetis).",
    )
    cast.made["unverified_child"], cast.made["infant"] = gone, baby


def _licence(home: Lksa, today: date) -> AdoptionLicence:
    licence = AdoptionLicence.objects.create(
        lksa=home,
        number="DEMO/ADP-036/MENSOS/2024",
        issuer="Menteri Sosial RI",
        issued_on=today - timedelta(days=3 * 365),
        valid_until=today + timedelta(days=2 * 365),
    )
    legality_refresh_all(ids=[home.pk])
    return licence


def build(cast: Cast, today: date) -> Cast:
    """Everything above, in an order the rules accept; ``cast.made`` holds the files by stage."""
    _licence(cast.home, today)
    files = _adoptions(cast, today)
    cast.made.update({f"adoption_{k}": v for k, v in files.items()})
    cast.made.update({f"foster_{k}": v for k, v in _fosters(cast, today).items()})
    cast.made.update(_kinship_and_guardianship(cast, today))
    cast.made.update(_far(cast, today))
    cast.made["aged_out"] = _aged_out(cast, today)
    _warnings(cast, files, today)
    return cast
