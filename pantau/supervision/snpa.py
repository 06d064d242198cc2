# ruff: noqa: E501  (checklist text, one item per string)
"""The supervision checklist shipped with Pantau: Standar Nasional Pengasuhan Anak (Permensos 30/HUK/2011)
in 48 items and 8 areas, the last four added for exploitation and trafficking (rules-and-data.md §1).

Checklist content is data, edited by administrators as new template versions; it is written in Bahasa
Indonesia (the language of the standard) with an English rendering for English-language users.
Item 34 (staffing ratio) has no confirmed numeric standard: it asks for the ratio the home keeps.
"""

from __future__ import annotations

SNPA = "Permensos 30/HUK/2011 (SNPA)"

# (code, Indonesian area title, English area title)
AREAS = [
    ("A", "Pendekatan awal dan penerimaan rujukan", "Gatekeeping and admission"),
    ("B", "Rencana pengasuhan dan prioritas pengasuhan berbasis keluarga", "Care planning, family first"),
    ("C", "Pengasuhan sehari-hari berbasis hak anak", "Rights-based daily care"),
    ("D", "Kebijakan perlindungan anak", "Child-protection policy"),
    ("E", "Pelaksana pengasuhan", "Staff"),
    ("F", "Sarana dan prasarana", "Facilities"),
    ("G", "Kelembagaan, legalitas dan tata kelola", "Institution, legality and governance"),
    ("H", "Pencegahan eksploitasi dan TPPO", "Exploitation and trafficking"),
]

# (number, Indonesian text, English text, legal basis, severity when not met)
ITEMS: list[tuple[int, str, str, str, str]] = [
    (
        1,
        "Penjangkauan LKSA mendukung pengasuhan keluarga dan tidak merekrut anak.",
        "Outreach supports family care and does not recruit children.",
        SNPA,
        "high",
    ),
    (
        2,
        "Setiap rujukan tercatat: perujuk, wali sah, alasan rujukan dan kronologi kasus.",
        "Every referral is recorded: who referred, the legal guardian, the reason and the chronology.",
        SNPA,
        "medium",
    ),
    (
        3,
        "Rujukan berasal dari sumber yang sah (keluarga, masyarakat, polisi, RPSA, Dinsos, lembaga layanan, anak/keluarga sendiri).",
        "The referral came from an accepted source.",
        SNPA,
        "medium",
    ),
    (
        4,
        "Asesmen awal dilakukan sebelum penerimaan dan menyatakan apakah anak dapat tinggal bersama keluarga.",
        "An initial assessment before admission states whether the child can stay with the family.",
        SNPA,
        "high",
    ),
    (
        5,
        "Keputusan penempatan dibuat bersama anak dan keluarga berdasarkan asesmen.",
        "The placement was decided with the child and family, based on the assessment.",
        SNPA,
        "medium",
    ),
    (
        6,
        "Ada kesepakatan tertulis yang ditandatangani anak, orang tua/wali dan LKSA (Dinsos bila keluarga tidak diketahui).",
        "A written agreement signed by the child, parent or guardian and the LKSA (Dinsos if the family is unknown).",
        SNPA,
        "medium",
    ),
    (
        7,
        "Bila orang tua tidak diketahui, dilakukan pencarian dan penelusuran keluarga bersama peksos dan Dinsos.",
        "If the parents are unknown, the family is searched for and traced with the social worker and Dinsos.",
        SNPA,
        "high",
    ),
    (
        8,
        "Anak yang kebutuhannya tidak dapat dipenuhi dirujuk lebih lanjut melalui Dinsos.",
        "Children whose needs the LKSA cannot meet are referred onward through Dinsos.",
        SNPA,
        "medium",
    ),
    (9, "Anak bersaudara diasuh bersama.", "Siblings are kept together.", SNPA, "medium"),
    (
        10,
        "Asesmen lanjutan mencakup situasi pengasuhan keluarga dan risiko seperti eksploitasi ekonomi.",
        "A further assessment covers the family's situation and risks such as economic exploitation.",
        SNPA,
        "medium",
    ),
    (
        11,
        "Setiap anak memiliki rencana pengasuhan tertulis.",
        "Each child has a written individual care plan.",
        SNPA,
        "high",
    ),
    (
        12,
        "LKSA aktif mendukung reunifikasi dan pengasuhan berbasis keluarga dan menempatkan diri sebagai pilihan terakhir.",
        "The LKSA actively supports reunification and family-based care and acts as the last resort.",
        SNPA,
        "high",
    ),
    (
        13,
        "Anak tetap berhubungan dengan keluarga dan LKSA melakukan penguatan keluarga.",
        "The child keeps contact with the family and the LKSA strengthens the family.",
        SNPA,
        "medium",
    ),
    (
        14,
        "Terminasi dan reintegrasi direncanakan dan ditindaklanjuti setelah anak keluar.",
        "Termination and reintegration are planned and followed up after the child leaves.",
        SNPA,
        "medium",
    ),
    (
        15,
        "LKSA berperan sebagai pengganti orang tua sementara dan memenuhi seluruh hak anak.",
        "The LKSA acts as a temporary substitute parent and fulfils all rights.",
        SNPA,
        "medium",
    ),
    (
        16,
        "Martabat, identitas (nama, dokumen, asal-usul), hubungan, serta makanan dan pakaian yang layak terpenuhi.",
        "Dignity, identity, relationships and adequate food and clothing are ensured.",
        SNPA,
        "medium",
    ),
    (
        17,
        "Semua anak mendapat akses pendidikan formal dan layanan kesehatan.",
        "All children have access to formal education and health services.",
        SNPA,
        "high",
    ),
    (
        18,
        "Privasi dan kerahasiaan data pribadi anak terjaga.",
        "Children's privacy and the confidentiality of their personal data are protected.",
        "UU 27/2022 (PDP)",
        "medium",
    ),
    (
        19,
        "Anak punya waktu istirahat dan bermain; tidak ada pekerjaan untuk penggalangan dana atau keuntungan.",
        "Children have time to rest and play; no work serves fundraising or profit.",
        SNPA,
        "high",
    ),
    (
        20,
        "Ada tata tertib tertulis tanpa hukuman fisik atau yang merendahkan.",
        "Written house rules with no corporal or degrading punishment.",
        SNPA,
        "high",
    ),
    (
        21,
        "Anak ikut serta dalam keputusan tentang pengasuhannya dan memberi masukan tentang pengasuh.",
        "Children take part in decisions about their care and give feedback on staff.",
        SNPA,
        "low",
    ),
    (
        22,
        "Pengurus, staf dan relawan diseleksi: tanpa catatan pidana atau riwayat kekerasan terhadap anak.",
        "Board, staff and volunteers are screened: no criminal record or history of violence against children.",
        SNPA,
        "critical",
    ),
    (
        23,
        "Pengurus, staf dan relawan mendapat pelatihan perlindungan anak.",
        "Board, staff and volunteers are trained in child protection.",
        SNPA,
        "medium",
    ),
    (
        24,
        "Penilaian kinerja staf memperhatikan masukan anak.",
        "Staff reviews include the children's feedback.",
        SNPA,
        "low",
    ),
    (
        25,
        "Ada prosedur disiplin, termasuk penonaktifan selama pemeriksaan.",
        "A disciplinary procedure, with suspension during an investigation.",
        SNPA,
        "medium",
    ),
    (
        26,
        "Setiap dugaan atau kasus dicatat dan dilaporkan ke Dinsos; perkara pidana ke polisi dan Kemensos.",
        "Every suspicion or case is recorded and reported to Dinsos; crimes to the police and Kemensos.",
        SNPA,
        "high",
    ),
    (
        27,
        "Sanksi berjenjang: teguran tertulis, dibebastugaskan, diberhentikan.",
        "Graduated sanctions: written warning, barred from duty, dismissal.",
        SNPA,
        "low",
    ),
    (
        28,
        "Lingkungan aman dari kekerasan dan hukuman fisik, dengan pengawasan masyarakat.",
        "A setting safe from violence and physical punishment, with community monitoring.",
        SNPA,
        "high",
    ),
    (
        29,
        "Pengasuhan berlangsung 24 jam dengan jadwal tertulis dan pengasuh yang tinggal di LKSA.",
        "Care runs 24 hours with written rosters and resident caregivers.",
        SNPA,
        "medium",
    ),
    (
        30,
        "Kinerja pengasuh ditinjau setiap enam bulan.",
        "Caregivers' work is reviewed every six months.",
        SNPA,
        "low",
    ),
    (
        31,
        "Pengasuh yang membahayakan anak segera diberhentikan dari tugas pengasuhan.",
        "A caregiver who endangers children is removed from care at once.",
        SNPA,
        "critical",
    ),
    (
        32,
        "Pergantian pengasuh direncanakan dan catatan pengasuhan diserahterimakan.",
        "A change of caregiver is planned and care notes are handed over.",
        SNPA,
        "low",
    ),
    (
        33,
        "Pekerja sosial profesional melakukan manajemen kasus.",
        "A professional social worker does case management.",
        SNPA,
        "medium",
    ),
    (
        34,
        "Rasio pengasuh dan anak dicatat dan memadai (angka standar belum terverifikasi).",
        "The caregiver-to-child ratio is recorded and adequate (the numeric standard is unverified).",
        SNPA,
        "medium",
    ),
    (
        35,
        "Lokasi tidak terisolasi, dekat fasilitas umum, dan masyarakat terlibat.",
        "The location is not isolated, is near public facilities, and the community takes part.",
        SNPA,
        "low",
    ),
    (
        36,
        "Bangunan memenuhi standar keselamatan dan keamanan.",
        "Buildings meet safety and security standards.",
        SNPA,
        "high",
    ),
    (
        37,
        "Kamar tidur 9 m² untuk 2 anak, dengan lemari pribadi.",
        "Bedrooms of 9 m² for 2 children, with a locker each.",
        SNPA,
        "medium",
    ),
    (
        38,
        "Kamar mandi terpisah untuk anak laki-laki dan perempuan.",
        "Separate bathrooms for boys and girls.",
        SNPA,
        "medium",
    ),
    (
        39,
        "Toilet aman, bersih, menjaga privasi, dan terpisah menurut jenis kelamin.",
        "Toilets are safe, clean, private and separated by sex.",
        SNPA,
        "medium",
    ),
    (
        40,
        "Visi, misi dan tujuan tertulis menyatakan LKSA sebagai pilihan terakhir pengasuhan.",
        "Written vision and mission state that the LKSA is the last resort.",
        SNPA,
        "low",
    ),
    (
        41,
        "Pendirian diberitahukan kepada Dinsos, dinilai kebutuhannya, dan disetujui masyarakat.",
        "Establishment was notified to Dinsos, assessed, and approved by the community.",
        "Permensos 184/2011",
        "medium",
    ),
    (
        42,
        "Tanda Daftar / izin operasional dari Dinsos masih berlaku.",
        "A valid Dinsos registration or operating licence.",
        "UU 11/2009; Permensos 184/2011",
        "high",
    ),
    (
        43,
        "Status akreditasi (BALKS) jelas dan berlaku.",
        "Accreditation (BALKS) is clear and current.",
        "Permensos 8/2025",
        "medium",
    ),
    (
        44,
        "Ada indikator untuk mengukur tercapainya tujuan layanan.",
        "Indicators measure whether service goals are met.",
        SNPA,
        "low",
    ),
    (
        45,
        'Anak tidak dilibatkan dalam penggalangan dana atau siaran langsung, tidak ada "ngemis online".',
        'Children are not used in fundraising or live streams; no "ngemis online".',
        "SE Mensos 2/2023; UU 35/2014 Pasal 76I jo. 88",
        "critical",
    ),
    (
        46,
        "Identitas dan gambar anak dilindungi dalam publikasi.",
        "Children's identities and images are protected in publications.",
        "UU 35/2014 Pasal 64; UU 27/2022",
        "high",
    ),
    (
        47,
        "Setiap pengumpulan uang atau barang dari masyarakat memiliki izin PUB.",
        "Any public fundraising has a PUB permit.",
        "UU 9/1961; PP 29/1980",
        "high",
    ),
    (
        48,
        "LKSA tidak menjadi perantara pengangkatan anak (hanya LKSA berizin Menteri yang boleh memproses).",
        "The LKSA does no adoption brokering (only homes licensed by the Minister may process adoptions).",
        "PP 54/2007 Pasal 1 angka 5; UU 21/2007 Pasal 5",
        "critical",
    ),
]

# The concern a failed item opens is of this category (cases.models.Concern.Category; SIMFONI's forms of
# violence behind them, rules-and-data.md §6): every critical item has one (a test checks), as its
# finding opens a concern by itself; a few high items too, for a concern opened by hand. An item not
# listed here (one an administrator added) opens a concern of category "other".
CONCERN_CATEGORY: dict[int, str] = {
    19: "work",  # children's work serves fundraising or profit (Eksploitasi)
    20: "abuse",  # corporal or degrading punishment (Fisik / Psikis)
    22: "abuse",  # staff with a record of violence against children (Fisik / Seksual)
    28: "abuse",  # a setting not safe from violence
    31: "abuse",  # a caregiver who endangers children left in care
    42: "unlicensed",  # no valid registration or operating licence
    45: "livestream",  # children used in fundraising or live streams, "ngemis online" (Eksploitasi)
    47: "fundraising",  # public fundraising without a PUB permit
    48: "adoption",  # adoption brokering (Trafficking)
}


def concern_category(code: str) -> str:
    """The category for a checklist item's code ("H45"); "other" for an item not in the shipped list."""
    number = code[1:]
    if not number.isdigit() or AREA_OF.get(int(number)) != code[:1]:
        return "other"
    return CONCERN_CATEGORY.get(int(number), "other")


AREA_OF = {
    number: area
    for area, first, last in (
        ("A", 1, 9),
        ("B", 10, 14),
        ("C", 15, 21),
        ("D", 22, 28),
        ("E", 29, 34),
        ("F", 35, 39),
        ("G", 40, 44),
        ("H", 45, 48),
    )
    for number in range(first, last + 1)
}
