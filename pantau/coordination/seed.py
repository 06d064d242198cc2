"""Demo data: KPAI's rakor of 24 April 2024 at Gedung Dinas Sosial Kabupaten Tangerang on protecting
children from exploitation and trafficking (TPPO) in LKSA, with its participants and the recommendations
as KPAI's press release states them (../shared/domain/seed-kpai-press-release-2024.txt: the unnumbered
Kemensos one and the eight numbered ones, in Indonesian as agreed, with an English summary), assigned to
the matching demo organisations, some progress reported (with one evidence file), and one overdue item.

Also a few Polsek in Kabupaten Tangerang, one of them with a Unit PPA, so that the "Unit PPA at Polsek
level" indicator has something to count. Runs through coordination.services (the rules of the pages)
after the other seeders that make the organisations and homes; due dates are set from today so the demo
always has items due soon, one overdue and some done. The same at --scale demo and national."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from pantau.accounts.models import Organisation, User
from pantau.accounts.roles import OrgKind
from pantau.coordination import services
from pantau.coordination.models import ComputedIndicator, Meeting, Status, Theme
from pantau.lib.seeding import SeedContext, seeder
from pantau.regions.models import Region

HELD_ON = date(2024, 4, 24)
KPAI_LOGIN = "pengawas@kpai.pantau.test"
# A one-pixel PNG: a photo of the home's updated registration board, say.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)

# (key, name, kind, region, parent key): made when the demo has no such organisation.
EXTRA_ORGANISATIONS = [
    (
        "kemenpppa",
        "Kementerian Pemberdayaan Perempuan dan Perlindungan Anak (KemenPPPA)",
        OrgKind.KEMENPPPA,
        None,
        None,
    ),
    ("dinaspppa_kabtng", "Dinas PPPA Kabupaten Tangerang", OrgKind.DINAS_PPPA, "36.03", None),
]

NAMES = {
    "kpai": "Komisi Perlindungan Anak Indonesia (KPAI)",
    "kemensos": "Kementerian Sosial RI",
    "bareskrim": "Direktorat Tipid PPA-PPO Bareskrim Polri",
    "lpai": "Lembaga Perlindungan Anak Indonesia (LPAI)",
    "dinsos_banten": "Dinas Sosial Provinsi Banten",
    "dinsos_kabtng": "Dinas Sosial Kabupaten Tangerang",
    "polda_banten": "Polda Banten",
    "polres_kabtng": "Polresta Tangerang",
    "ppa_kabtng": "Unit PPA Polresta Tangerang",
    "uptd_kabtng": "UPTD PPA Kabupaten Tangerang",
    "lksa_kabtng": "LKSA Kasih Bunda Tigaraksa",
}
PARTICIPANTS = [
    "bareskrim",
    "kemensos",
    "kemenpppa",
    "polda_banten",
    "dinaspppa_kabtng",
    "dinsos_kabtng",
    "dinsos_banten",
    "polres_kabtng",
    "lksa_kabtng",
    "lpai",
]
OTHERS = "Panti asuhan di Kabupaten Tangerang\nLKKNU\nNasyiatul Aisyiyah"

# (number, theme, published, Indonesian text, English summary, [(org key, indicator, computed, target,
# days from today to the due date, [(days ago, status, narrative, reason, evidence?)])])
Report = tuple[int, str, str, str, bool]  # days ago, status, narrative, blocked reason, with evidence
Assign = tuple[str, str, str, str, int, list[Report]]  # org key, indicator, computed, target, due in days
RECOMMENDATIONS: list[tuple[int | None, str, bool, str, str, list[Assign]]] = [
    (
        None,
        Theme.DATA_LEGALITY,
        True,
        "Kementerian Sosial meningkatkan pemenuhan hak anak melalui dukungan pada LKSA agar lebih "
        "memperhatikan "
        "akurasi data; pendayagunaan data legalitas LKSA demi kepentingan terbaik bagi anak dan peningkatan "
        "SDM LKSA;",
        "Kemensos supports LKSA on data accuracy, uses LKSA legality data in the child's best interest and "
        "raises LKSA staff capacity.",
        [
            (
                "kemensos",
                "Persentase LKSA yang legalitasnya lengkap",
                ComputedIndicator.LKSA_LEGALITY,
                "80 % LKSA terdaftar lengkap",
                60,
                [],
            )
        ],
    ),
    (
        1,
        Theme.SUPERVISION,
        True,
        "Dinsos Provinsi harus meningkatkan jumlah SDM pengawas untuk LKSA di daerah, termasuk lebih "
        "menguatkan dalam "
        "sosialisasi proses adopsi anak secara legal agar dilakukan pembinaan secara berkala terhadap SDM "
        "di LKSA, juga "
        "dilakukan sosialisasi pengangkatan atau adopsi anak di tingkat pemangku kepentingan perlindungan "
        "anak, selain "
        "itu diperlukan peningkatan atau penambahan jumlah bantuan sosial di LKSA;",
        "The provincial social affairs office increases LKSA supervisors, promotes legal adoption, trains "
        "LKSA "
        "staff regularly and increases social assistance to LKSA.",
        [
            (
                "dinsos_banten",
                "LKSA per pengawas",
                ComputedIndicator.SUPERVISORS,
                "paling banyak 10 LKSA per pengawas",
                45,
                [
                    (
                        30,
                        Status.IN_PROGRESS,
                        "Usulan formasi pengawas LKSA disampaikan ke BKD Provinsi Banten.",
                        "",
                        False,
                    ),
                    (
                        5,
                        Status.BLOCKED,
                        "Formasi belum disetujui.",
                        "Menunggu anggaran perubahan (APBD-P) untuk formasi pengawas baru.",
                        False,
                    ),
                ],
            )
        ],
    ),
    (
        2,
        Theme.COORDINATION,
        True,
        "Dinsos Tangerang agar meningkatkan pola koordinasi lintas sektoral dan agar melakukan survei untuk "
        "operasional "
        "LKSA serta mengoptimalkan calon orang tua asuh dalam perlengkapan jaminan administrasi;",
        "Dinas Sosial Kabupaten Tangerang strengthens cross-sector coordination, surveys LKSA operations and "
        "checks prospective foster parents' administrative guarantees.",
        [
            (
                "dinsos_kabtng",
                "Survei operasional LKSA se-Kabupaten Tangerang",
                "",
                "seluruh LKSA disurvei",
                10,
                [
                    (
                        20,
                        Status.IN_PROGRESS,
                        "Survei operasional dimulai; 12 LKSA sudah dikunjungi.",
                        "",
                        False,
                    )
                ],
            )
        ],
    ),
    (
        3,
        Theme.PREVENTION,
        True,
        "Mengoptimalkan society awarness untuk meningkatkan kesadaran masyarakat demi terwujudnya "
        "perlindungan anak "
        "juga agar dilakukan sosialisasi terkait melek digital supaya orang tua dapat meningkatkan "
        "kesadaran terhadap "
        "potensi kejahatan terhadap anak serta meningkatkan metode trashing dan mengutamakan keluarga "
        "alternatif;",
        "Raise public awareness, digital literacy for parents about crimes against children, strengthen "
        "tracing "
        "and put alternative family care first.",
        [
            (
                "dinaspppa_kabtng",
                "Jumlah kegiatan sosialisasi melek digital",
                "",
                "12 kegiatan per tahun",
                90,
                [],
            ),
            ("lpai", "Jumlah kegiatan penyuluhan masyarakat", "", "6 kegiatan", 90, []),
        ],
    ),
    (
        4,
        Theme.LAW_ENFORCEMENT,
        True,
        "Kepolisian RI agar membentuk Unit PPA dan menyiapkan SDM nya di tingkat Polsek-Polsek, selain itu "
        "agar "
        "dilakukan upaya penguatan gugus tugas TPPO serta mendorong terbentuknya unit siber anak di Polda "
        "Banten;",
        "The police form Unit PPA with staff at Polsek level, strengthen the TPPO task force and set up a "
        "children's cyber unit at Polda Banten.",
        [
            (
                "polda_banten",
                "Polsek yang memiliki Unit PPA",
                ComputedIndicator.POLSEK_PPA,
                "seluruh Polsek",
                120,
                [],
            ),
            ("bareskrim", "Pedoman pembentukan Unit PPA tingkat Polsek", "", "pedoman terbit", -20, []),
        ],
    ),
    (
        5,
        Theme.DATA_LEGALITY,
        True,
        "Di tingkat LKSA harus mengoptimalkan akurasi data dan legalitas yang berlaku melalui kolaborasi "
        "lintas sektor "
        "dalam rangka penguatan perlindungan anak dan pembinaan SDM LKSA, hal ini meminimalisir "
        "penyalahgunaan LKSA "
        "menjadi kedok eksploitasi dan TPPO pada anak;",
        "LKSA keep their data accurate and their legal papers in order, working with other sectors, so that "
        "no "
        "home can be a front for exploitation or trafficking.",
        [
            (
                "lksa_kabtng",
                "Legalitas LKSA lengkap dan data anak mutakhir",
                ComputedIndicator.LKSA_LEGALITY,
                "tanda daftar berlaku",
                30,
                [
                    (
                        40,
                        Status.IN_PROGRESS,
                        "Berkas perpanjangan tanda daftar diajukan ke Dinas Sosial.",
                        "",
                        False,
                    ),
                    (
                        8,
                        Status.DONE,
                        "Tanda daftar baru terbit; papan nama dan data anak diperbarui.",
                        "",
                        True,
                    ),
                ],
            )
        ],
    ),
    (
        6,
        Theme.LAW_ENFORCEMENT,
        False,
        "Mendorong monetisasi hasil eksploitasi terhadap anak adalah usur pidana TPPO sehingga perlu tindak "
        "lanjut "
        "pencegahan sebagai upaya preventif di tingkat daerah;",
        "Treat monetising the exploitation of children as an element of the TPPO offence and follow up with "
        "prevention in the regions.",
        [
            (
                "ppa_kabtng",
                "Patroli siber konten panti yang meminta donasi",
                "",
                "laporan bulanan",
                3,
                [
                    (
                        12,
                        Status.IN_PROGRESS,
                        "Patroli siber bersama Dinas Sosial berjalan setiap bulan.",
                        "",
                        False,
                    )
                ],
            )
        ],
    ),
    (
        7,
        Theme.FAMILY_CARE,
        True,
        "Mendorong diupayakan pengasuhan anak melalui panti atau LKSA menjadi alternatif terakhir dan "
        "diutamakan "
        "pengasuhan berbasis keluarga;",
        "Care in a home (LKSA) is the last resort; family-based care comes first.",
        [
            (
                "dinsos_kabtng",
                "Persentase anak dalam pengasuhan berbasis keluarga",
                ComputedIndicator.FAMILY_CARE,
                "naik setiap tahun",
                180,
                [
                    (
                        15,
                        Status.IN_PROGRESS,
                        "Penelusuran keluarga untuk anak yang masih memiliki orang tua berjalan.",
                        "",
                        False,
                    )
                ],
            )
        ],
    ),
    (
        8,
        Theme.COORDINATION,
        True,
        "Memperkuat koordinasi dan kolaborasi antar pemangku kepentingan dalam menangani urusan perempuan "
        "dan anak "
        "terutama penanganan rehabilitasi sosial.",
        "Strengthen coordination between stakeholders on women's and children's affairs, especially social "
        "rehabilitation.",
        [
            ("uptd_kabtng", "Rapat koordinasi rujukan rehabilitasi sosial", "", "rapat triwulanan", 150, []),
            (
                "dinaspppa_kabtng",
                "Rapat koordinasi rujukan rehabilitasi sosial",
                "",
                "rapat triwulanan",
                150,
                [],
            ),
        ],
    ),
]


def _organisations() -> dict[str, Organisation]:
    found = {key: Organisation.objects.filter(name=name).first() for key, name in NAMES.items()}
    for key, name, kind, region, _parent in EXTRA_ORGANISATIONS:
        found[key], _ = Organisation.objects.get_or_create(name=name, kind=kind, region_id=region)
    return {key: org for key, org in found.items() if org is not None}


def _polsek() -> None:
    """Three Polsek of Kabupaten Tangerang's first kecamatan; the first has a Unit PPA."""
    for index, region in enumerate(Region.objects.filter(parent_id="36.03").order_by("code")[:3]):
        polsek, _ = Organisation.objects.get_or_create(
            name=f"Polsek {region.name}", kind=OrgKind.POLSEK, region=region
        )
        if index == 0:
            Organisation.objects.get_or_create(
                name=f"Unit PPA Polsek {region.name}",
                kind=OrgKind.POLICE_PPA_UNIT,
                region=region,
                parent=polsek,
            )


def _reporter(organisation: Organisation) -> User | None:
    from pantau.coordination.reminders import REPORTERS

    return User.objects.members_of(organisation, roles=REPORTERS).order_by("pk").first()


@seeder(order=62)
def seed_coordination(ctx: SeedContext) -> None:
    kpai = User.objects.filter(email=KPAI_LOGIN).first()
    if kpai is None or not Region.objects.filter(code="36.03").exists():
        ctx.log("  coordination: the KPAI login or Kabupaten Tangerang is missing, skipped")
        return
    orgs = _organisations()
    _polsek()
    meeting = build(kpai, orgs, timezone.localdate())
    ctx.log(
        f"  coordination: {meeting.title[:40]}…, {meeting.recommendations.count()} recommendations, "
        f"{sum(r.assignments.count() for r in meeting.recommendations.all())} assignments"
    )


def build(kpai: User, orgs: dict[str, Organisation], today: date) -> Meeting:
    meeting = services.meeting_record(
        actor=kpai,
        title="Rapat Koordinasi Perlindungan Anak dari Eksploitasi dan TPPO di LKSA",
        held_on=HELD_ON,
        place="Gedung Dinas Sosial Kabupaten Tangerang",
        organiser=orgs["kpai"],
        participants=[orgs[key] for key in PARTICIPANTS if key in orgs],
        other_participants=OTHERS,
        region=Region.objects.get(code="36.03"),
        minutes=(
            "Rakor membahas perlindungan anak dari eksploitasi dan TPPO di LKSA: diseminasi hasil "
            "pengawasan KPAI "
            "dan diskusi percepatan implementasi regulasi pencegahan. Disepakati rekomendasi berikut."
        ),
    )
    for number, theme, published, text, summary, assignments in RECOMMENDATIONS:
        recommendation = services.recommendation_add(
            actor=kpai,
            meeting=meeting,
            number=number,
            text=text,
            summary_en=summary,
            theme=theme,
            published=published,
        )
        for key, indicator, computed, target, due_in, reports in assignments:
            if key not in orgs:
                continue
            assignment = services.assignment_add(
                actor=kpai,
                recommendation=recommendation,
                organisation=orgs[key],
                actions=summary,
                due_on=today + timedelta(days=due_in),
                indicator=indicator,
                computed_indicator=computed,
                target=target,
            )
            reporter = _reporter(orgs[key])
            for days_ago, status, narrative, reason, evidence in reports if reporter else []:
                files = [SimpleUploadedFile("papan.png", PNG, content_type="image/png")] if evidence else []
                services.progress_report(
                    actor=reporter,  # type: ignore[arg-type]
                    assignment=assignment,
                    reported_on=today - timedelta(days=days_ago),
                    narrative=narrative,
                    status=status,
                    blocked_reason=reason,
                    files=files,
                )
    return meeting
