"""The children list template: its columns, the spellings each accepts, and what they fill."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from pantau.children.models import DatePrecision, ParentStatus, ReferralSource, Sex
from pantau.lib.spreadsheets import Column

PARENT = {
    "hidup": ParentStatus.ALIVE,
    "alive": ParentStatus.ALIVE,
    "meninggal": ParentStatus.DECEASED,
    "meninggal dunia": ParentStatus.DECEASED,
    "deceased": ParentStatus.DECEASED,
    "tidak diketahui": ParentStatus.UNKNOWN,
    "unknown": ParentStatus.UNKNOWN,
}
PARENT_ERROR = gettext_lazy("Write 'hidup', 'meninggal' or 'tidak diketahui'.")

REFERRAL = {
    "keluarga": ReferralSource.FAMILY,
    "masyarakat": ReferralSource.COMMUNITY,
    "polisi": ReferralSource.POLICE,
    "kepolisian": ReferralSource.POLICE,
    "dinsos": ReferralSource.DINSOS,
    "dinas sosial": ReferralSource.DINSOS,
    "rpsa": ReferralSource.RPSA,
    "layanan": ReferralSource.SERVICE,
    "sendiri": ReferralSource.SELF,
    "lainnya": ReferralSource.OTHER,
    **{value: value for value in ReferralSource.values},
}

COLUMNS = [
    Column(
        "id_lksa",
        "int",
        help=gettext_lazy(
            "Pantau number of the LKSA (on its page), or give no_tanda_daftar_lksa; "
            "an LKSA's own staff may leave both empty"
        ),
    ),
    Column("no_tanda_daftar_lksa", "text", help=gettext_lazy("Dinas Sosial registration number of the LKSA")),
    Column("nama_lengkap", "text", True, gettext_lazy("Child's full name"), max_length=150),
    Column("nama_lain", "text", help=gettext_lazy("Other names and nicknames"), max_length=300),
    Column(
        "jenis_kelamin",
        "choice",
        True,
        gettext_lazy("L (male) or P (female)"),
        choices={"l": Sex.MALE, "laki laki": Sex.MALE, "p": Sex.FEMALE, "perempuan": Sex.FEMALE},
        choice_error=gettext_lazy("Write L (male) or P (female)."),
    ),
    Column("tanggal_lahir", "date", help=gettext_lazy("Date of birth (or the best estimate)")),
    Column(
        "tanggal_lahir_status",
        "choice",
        help=gettext_lazy("pasti, perkiraan (estimated) or tidak diketahui (unknown: leave the date empty)"),
        choices={
            "pasti": DatePrecision.EXACT,
            "exact": DatePrecision.EXACT,
            "perkiraan": DatePrecision.ESTIMATED,
            "estimated": DatePrecision.ESTIMATED,
            "tidak diketahui": DatePrecision.UNKNOWN,
            "unknown": DatePrecision.UNKNOWN,
        },
        choice_error=gettext_lazy("Write 'pasti', 'perkiraan' or 'tidak diketahui'."),
    ),
    Column("tempat_lahir", "text", help=gettext_lazy("Place of birth"), max_length=100),
    Column("nik", "nik", help=gettext_lazy("NIK, 16 digits")),
    Column("no_kk", "kk", help=gettext_lazy("Family card (KK) number, 16 digits")),
    Column("no_akta_kelahiran", "text", help=gettext_lazy("Birth certificate number"), max_length=60),
    Column("nama_ibu", "text", help=gettext_lazy("Mother's name (nama ibu kandung)"), max_length=150),
    Column("nama_ayah", "text", help=gettext_lazy("Father's name"), max_length=150),
    Column("status_ibu", "choice", help=PARENT_ERROR, choices=PARENT, choice_error=PARENT_ERROR),
    Column("status_ayah", "choice", help=PARENT_ERROR, choices=PARENT, choice_error=PARENT_ERROR),
    Column("keberadaan_keluarga", "text", help=gettext_lazy("Where the family lives"), max_length=300),
    Column("nama_wali", "text", help=gettext_lazy("Legal guardian"), max_length=150),
    Column(
        "sumber_rujukan",
        "choice",
        True,
        gettext_lazy("keluarga, masyarakat, polisi, dinsos, rpsa, layanan, sendiri or lainnya"),
        choices=REFERRAL,
        choice_error=gettext_lazy(
            "Write keluarga, masyarakat, polisi, dinsos, rpsa, layanan, sendiri or lainnya."
        ),
    ),
    Column("alasan_rujukan", "text", True, gettext_lazy("Reason for referral"), max_length=2000),
    Column("tanggal_masuk", "date", True, gettext_lazy("Date of admission")),
    Column(
        "darurat",
        "yesno",
        help=gettext_lazy("ya if admitted as an emergency, before the gatekeeping assessment"),
    ),
    Column("tanggal_asesmen", "date", help=gettext_lazy("Date of the gatekeeping assessment")),
    Column("asesor", "text", help=gettext_lazy("Assessed by (name, role)"), max_length=150),
    Column(
        "alasan_tidak_bersama_keluarga",
        "text",
        help=gettext_lazy("Why the child cannot stay with the family (the assessment's conclusion)"),
        max_length=4000,
    ),
    Column("kesepakatan_ditandatangani", "yesno", help=gettext_lazy("ya if the written agreement is signed")),
]
COLUMN_NAMES = [c.name for c in COLUMNS]

# Spreadsheet column -> Child field, for the facts a re-import may correct.
PROFILE = {
    "nama_lengkap": "full_name",
    "nama_lain": "aliases",
    "jenis_kelamin": "sex",
    "tanggal_lahir": "birth_date",
    "tanggal_lahir_status": "birth_date_precision",
    "tempat_lahir": "birth_place",
    "nama_ibu": "mother_name",
    "nama_ayah": "father_name",
    "status_ibu": "mother_status",
    "status_ayah": "father_status",
    "keberadaan_keluarga": "family_whereabouts",
    "nama_wali": "guardian_name",
    "sumber_rujukan": "referral_source",
    "alasan_rujukan": "referral_reason",
}
PROFILE_COLUMN = {field: column for column, field in PROFILE.items()}
IDENTIFIER_COLUMNS = {"nik": "nik", "no_kk": "kk", "no_akta_kelahiran": "birth_certificate"}

# Spreadsheet column -> the admission rule's argument of the same meaning (children/admission.py).
ADMISSION_ARGUMENTS = {
    "tanggal_lahir": "birth_date",
    "tanggal_lahir_status": "birth_date_precision",
    "jenis_kelamin": "sex",
    "tanggal_masuk": "admitted_on",
    "nik": "nik",
    "no_kk": "kk",
    "tanggal_asesmen": "assessed_on",
    "asesor": "assessor",
    "alasan_tidak_bersama_keluarga": "assessment_reasons",
    "darurat": "emergency_admission",
}
# Where an admission problem with each field is reported. A missing assessment is reported where the
# assessment would be written, and a full home at the column naming the home.
PROBLEM_COLUMN = {field: column for column, field in ADMISSION_ARGUMENTS.items()} | {
    "emergency_admission": "tanggal_asesmen",
    "lksa": "id_lksa",
}

# The template's example row; it passes the checks itself (tests/test_import.py).
EXAMPLE = [
    "",
    "",
    "Siti Nurhaliza",
    "Ica",
    "P",
    "2014-05-17",
    "pasti",
    "Tangerang",
    "3603015705140002",
    "3603011203100011",
    "AL.123.0045678",
    "Siti Aminah",
    "Slamet Riyadi",
    "hidup",
    "meninggal",
    "Kec. Cikupa, Kab. Tangerang",
    "",
    "dinsos",
    "Ibu tidak mampu merawat setelah ayah meninggal; dirujuk Dinas Sosial.",
    "2023-07-10",
    "tidak",
    "2023-07-03",
    "Rina Wulandari, pekerja sosial",
    "Ibu sakit berat dan tidak ada kerabat yang dapat merawat; penelusuran keluarga berlanjut.",
    "ya",
]
