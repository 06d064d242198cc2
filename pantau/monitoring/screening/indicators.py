"""The indicator table: explainable patterns, each tied to the law it relates to.

Versioned: a result records ``INDICATORS_VERSION`` so a reviewer can tell which table flagged a post.
Patterns run on ``text.normalise`` output (lower case, leetspeak and stretched letters undone, emoji as
words). An indicator fires when *every* one of its pattern groups matches somewhere in the post; the
evidence is the text each group matched. Context indicators (news, campaigns, a permit shown, legal
adoption information) fire the same way and carry negative weight: they are how a report *about*
baby sales differs from a baby sale.

How much each indicator counts is not set here: the weights are fitted on the labelled training set
together with the text model (see ``model.py``) and stored with it, so they stay calibrated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

INDICATORS_VERSION = "2026.11-1"

LAW_EXPLOITATION = "UU 35/2014 Pasal 76I jo. 88"
LAW_BEGGING = "SE Mensos 2/2023"
LAW_PUB = "UU 9/1961; PP 29/1980; Permensos 8/2021"
LAW_IDENTITY = "UU 11/2012 Pasal 19; UU 35/2014 Pasal 64; UU 27/2022 Pasal 4(2), 25"
LAW_SALE = "UU 35/2014 Pasal 76F jo. 83; UU 21/2007 Pasal 5; PP 54/2007"
LAW_TRAFFICKING = "UU 21/2007 Pasal 2, 6; UU 35/2014 Pasal 76F jo. 83"
LAW_SNPA = "Permensos 30/HUK/2011 (SNPA)"

# Reusable vocabulary (normalised text).
CHILD = (
    r"\b(?:anak(?:[\s-]?anak|2)?|adik(?:[\s-]?adik|2)?|adek(?:2)?|dedek|bayi|baby|balita|bocah|bocil|"
    r"santri(?:wati)?|yatim|piatu|dhuafa|anak asuh|penghuni panti|krucil|si kecil)\b"
)
MONEY_ASK = (
    r"\b(?:donasi|donasikan|donatur|sedekah|infa[qk]|shodaqoh|sodaqoh|transfer|tf|trf|rek(?:ening)?|"
    r"qris|seikhlasnya|galang dana|open donasi|bantu(?:an)? dana|sumbangan|sumbang|uluran tangan|"
    r"saweran|sawer|amal jariyah|jariyah|dana|ovo|gopay|saweria|kitabisa)\b"
)
GIFT = (
    r"\b(?:gift|gif|gifts|hadiah|saweran|sawer|tap[\s-]?tap|tap layar|ketuk layar|koin|coin|"
    r"mawar|rose|singa|lion|paus|galaxy|universe|jedag[\s-]?jedug|like(?: dan| &)? share|subscribe)\b"
)
# Minors or a care setting: a post with none of these rarely concerns children in care.
CARE_OR_MINOR = (
    CHILD[:-3] + r"|abg|remaja|pelajar|siswi|siswa|sekolah|panti|yayasan|lksa|pesantren|ponpes|hamil|"
    r"kandungan|di ?bawah umur|(?:usia|umur) ?\d{1,2})2?\b"
)
LIVE = r"\b(?:live|siaran langsung|lagi live|on air|streaming|ngelive|tiktok live|live tiktok)\b"

_F = re.IGNORECASE


@dataclass(frozen=True)
class Indicator:
    code: str
    family: str
    label: Promise
    legal_basis: str
    patterns: tuple[str, ...] = ()
    hard: bool = False  # a hard trigger: when flagged at all, the tier is "rujuk"
    context: bool = False  # lowers the score (reports, campaigns, legality shown)


FAMILIES: dict[str, Promise] = {
    "live_gift": _("Children used for live streams and gifts"),
    "donation_child": _("Donation appeal using children"),
    "pity": _("Staged pity"),
    "identity": _("Child's identity exposed"),
    "tourism_work": _("Orphanage tourism, children made to perform or work"),
    "baby_sale": _("Baby sale or adoption outside the court"),
    "recruitment": _("Recruitment of children"),
    "sexual": _("Sexual-exploitation cues with minors"),
    "fundraising_gap": _("Fundraising without a permit or to a personal account"),
    "context": _("Context that lowers the risk"),
    "registry": _("Registry cross-check"),
}

INDICATORS: tuple[Indicator, ...] = (
    # --- A: live streams and gifts --------------------------------------------------------------
    Indicator(
        "live_gift_request",
        "live_gift",
        _("Asks for gifts, taps or coins while children are on stream"),
        f"{LAW_EXPLOITATION}; {LAW_BEGGING}",
        (GIFT, CHILD),
    ),
    Indicator(
        "live_children_on_air",
        "live_gift",
        _("Children put on a live stream to draw viewers"),
        f"{LAW_EXPLOITATION}; {LAW_BEGGING}",
        (
            LIVE,
            CHILD,
            r"\b(?:bilang|ucapkan|salam|sapa|nyanyi|joget|dance|tampil|makasih|terima ?kasih|say hi|dadah)\b",
        ),
    ),
    Indicator(
        "online_begging",
        "live_gift",
        _("Online begging (ngemis online)"),
        f"{LAW_BEGGING}; {LAW_EXPLOITATION}",
        (r"\b(?:ngemis|mengemis|minta[\s-]?minta)\s+(?:online|di live|di tiktok|lewat live)|mandi lumpur",),
    ),
    # --- B: donation appeals that use children ----------------------------------------------------
    Indicator(
        "donation_using_children",
        "donation_child",
        _("Money asked for with children as the reason to give"),
        f"{LAW_EXPLOITATION}; {LAW_BEGGING}",
        (
            MONEY_ASK,
            CHILD,
            r"\b(?:butuh|membutuhkan|bantu|bantulah|tolong|uluran|mohon|yuk|ayo|mari|kirim|no\.? ?rek|rek)\b",
        ),
    ),
    # --- C: staged pity --------------------------------------------------------------------------
    Indicator(
        "pity_hunger",
        "pity",
        _("Children shown hungry, crying or without food to raise money"),
        f"{LAW_EXPLOITATION}; {LAW_BEGGING}",
        (
            r"\b(?:belum makan|blm makan|gak makan|ga makan|tidak makan|kelaparan|lapar|tidak ada beras|"
            r"gak ada beras|ga ada beras|beras habis|kehabisan beras|habis beras|menangis|nangis|"
            r"kedinginan|tidur di lantai|makan sekali sehari|cuma makan|hanya makan|bubur)\b",
            CHILD,
        ),
    ),
    Indicator(
        "pity_urgency",
        "pity",
        _("Urgent, dramatised plea"),
        f"{LAW_EXPLOITATION}; {LAW_BEGGING}",
        (
            r"\b(?:hari ini juga|malam ini juga|sekarang juga|tolong kami|tolong kak|tolongin|darurat|"
            r"mendesak|tidak ada biaya|gak ada biaya|ga ada biaya|tak ada biaya|nunggak|diusir)\b",
            MONEY_ASK,
        ),
    ),
    # --- D: identity exposure --------------------------------------------------------------------
    Indicator(
        "identity_details",
        "identity",
        _("Name with age, school, village or family story of a child"),
        LAW_IDENTITY,
        (
            r"\b(?:nama(?:nya)?|namanya adik|adik kita|ini adalah)\b",
            r"\b(?:usia|umur|umurnya|usianya)\s*\d{1,2}|\(\d{1,2}\s*(?:th|thn|tahun)?\)|\d{1,2}\s*(?:th|thn|tahun)\b",
            r"\b(?:kelas \d|sd\b|smp\b|sekolah|desa|kampung|dusun|alamat|rt\s?\d|kecamatan|kec\.|"
            r"ayah(?:nya)?|ibu(?:nya)?|orang ?tua(?:nya)?|bapak(?:nya)?)",
        ),
    ),
    Indicator(
        "identity_age_place",
        "identity",
        _("A child's age given with a school, address or case"),
        LAW_IDENTITY,
        (
            r"\(\d{1,2}\s*(?:th|thn|tahun)?\)",
            r"\b(?:sd|sdn|smp|smpn|sma|mts|sekolah|jl|jalan|kel|kec|kp|kampung|desa|asal|korban|rs|rsud|raport|rapor|"
            r"nis|alamat|rumah sakit)\b",
        ),
    ),
    Indicator(
        "identity_tragedy",
        "identity",
        _("A child's family tragedy, abuse or illness made public"),
        LAW_IDENTITY,
        (
            r"\b(?:(?:ayah|ibu|bapak|mama|papa|orang ?tua)(?:nya)?\s+(?:sudah\s+|telah\s+)?"
            r"(?:meninggal|wafat|"
            r"cerai|dipenjara|kabur|membuang|pergi)|korban (?:kekerasan|pelecehan|pencabulan|perkosaan|kdrt)|"
            r"(?:kartu keluarga|akta kelahiran|foto kk)|gizi buruk|hiv|kanker|hidrosefalus|stunting)",
            CHILD,
        ),
    ),
    # --- E: orphanage tourism, performance, work ---------------------------------------------------
    Indicator(
        "orphanage_tourism",
        "tourism_work",
        _("Visits to the children sold as a package or open any time for donors"),
        f"{LAW_EXPLOITATION}; {LAW_SNPA}",
        (
            r"\b(?:paket (?:kunjungan|wisata|visit|berbagi)|tarif kunjungan|biaya kunjungan|open visit|"
            r"kunjungan (?:bebas|kapan saja|24 jam|donatur)|voluntour\w*|volunteer trip|"
            r"wisata (?:panti|religi|berbagi)|"
            r"orphanage (?:visit|tour)|meet the children|per ?pax|/pax|per kunjungan|kontribusi minimal)\b",
        ),
    ),
    Indicator(
        "children_perform_or_work",
        "tourism_work",
        _("Children made to perform, beg, sell or work"),
        f"{LAW_EXPLOITATION}; {LAW_BEGGING}",
        (
            CHILD,
            r"\b(?:akan menari|menari untuk|tampil untuk|menyambut tamu|disuruh|dipekerjakan|bekerja di|"
            r"jualan|berjualan|jual (?:kue|koran|tisu|tissue|stiker|gorengan)|ngamen|mengamen|mengemis|"
            r"lampu merah|perempatan|bagi(?:kan)? amplop|kotak amal|minta sumbangan di jalan|produksi|lapak|"
            r"dibangunin|cium tangan|rebana|perform|dance class|menyambut|tarian|sawer)\b",
        ),
    ),
    # --- F: baby sale / illegal adoption (hard trigger) ------------------------------------------
    Indicator(
        "baby_sale",
        "baby_sale",
        _("A baby offered for money or 'adoption' outside the court"),
        LAW_SALE,
        (
            r"\b(?:jual bayi|dijual bayi|bayi dijual|menjual bayi|jual anak|terima titipan bayi|titip bayi|"
            r"serah terima bayi|ganti (?:biaya )?(?:persalinan|lahiran|melahirkan|rs|rumah sakit|bidan)|"
            r"uang lahiran|biaya lahiran|mahar adopsi|adopsi (?:bayi )?(?:cepat|langsung|tanpa)|"
            r"tanpa (?:ribet|proses pengadilan|pengadilan|surat(?:-surat)?|syarat)|"
            r"(?:siap|bisa) (?:diadopsi|di adopsi|adopsi|diambil|dijemput)|"
            r"cari(?:kan)? (?:orang ?tua|ortu|ayah bunda) (?:baru|angkat|asuh)|"
            r"(?:tidak|gak|ga|belum) siap (?:merawat|mengurus|ngurus|ngerawat))\b",
        ),
        hard=True,
    ),
    Indicator(
        "baby_price",
        "baby_sale",
        _("A price attached to a baby"),
        LAW_SALE,
        (
            r"\b(?:bayi|baby|newborn|anak)\b",
            r"\b\d+(?:[.,]\d+)?\s?(?:jt|juta)\b|\bnego\b|\bmahar\b",
            r"\b(?:adopsi|adopt|diadopsi|lahir|lahiran|persalinan|hamil|usia kandungan|usg)\b",
        ),
        hard=True,
    ),
    # --- G: recruitment of children ----------------------------------------------------------------
    Indicator(
        "child_recruitment",
        "recruitment",
        _("Children recruited with promises (school, work, talent, money)"),
        LAW_TRAFFICKING,
        (
            r"\b(?:menerima anak (?:asuh|titipan|yatim)|terima anak|dicari anak|cari anak|mencari anak|"
            r"rekrut|direkrut|lowongan|casting|talent|model cilik|dijamin (?:sekolah|kerja|gaji|sukses)|"
            r"sekolah gratis|gaji besar|kerja (?:di|ke) (?:malaysia|singapura|hongkong|taiwan|arab|"
            r"jepang|korea|luar negeri|kalimantan|batam|bali)|uang (?:untuk|buat) orang ?tua|"
            r"orang ?tua (?:diberi|dapat|dikasih) uang)\b",
            r"\b(?:usia|umur)\s*1[0-7]|\b1[0-7]\s*-\s*1[0-9]\s*(?:th|thn|tahun)|\b(?:anak|remaja|abg|"
            r"lulusan (?:sd|smp)|tamat (?:sd|smp)|masih sekolah|putus sekolah|pelajar)\b",
        ),
        hard=True,
    ),
    # --- H: sexual exploitation cues (hard trigger) -------------------------------------------------
    Indicator(
        "sexual_minor",
        "sexual",
        _("Sexual services or content with minors"),
        f"{LAW_EXPLOITATION}; {LAW_TRAFFICKING}",
        (
            r"\b(?:open ?bo|bo|booking|vcs|video call (?:sex|seks|plus)|pijat plus|jasa plus|short ?time|"
            r"long ?time|st|lt|ons|sugar daddy|om2|om om|colmek|bugil|telanjang|konten dewasa|dewasa|"
            r"jual foto|foto pribadi|pap)\b",
            r"\b(?:abg|masih sekolah|dibawah umur|di bawah umur|anak sma|anak smp|pelajar|seragam|"
            r"fresh|belia|bocil|loli|perawan|umur 1[0-7]|1[0-7] ?(?:th|thn|tahun)|siswi)\b",
        ),
        hard=True,
    ),
    # --- I: fundraising legality gap ---------------------------------------------------------------
    Indicator(
        "personal_account_text",
        "fundraising_gap",
        _("Donations to a personal account"),
        LAW_PUB,
        (
            r"\b(?:rekening pribadi|rek(?:ening)? pribadi|"
            r"a\.? ?n\.? ?:? ?(?:bapak|ibu|bpk|bu|pak|sdr|saudara|"
            r"ustadz|ust|umi|abah)\b|atas nama (?:bapak|ibu|bpk|bu|pak|saya|pengurus|ketua))",
            MONEY_ASK,
        ),
    ),
    Indicator(
        "no_permit",
        "fundraising_gap",
        _("Says there is no fundraising permit, or offers a foundation deed instead"),
        LAW_PUB,
        (
            r"\b(?:tidak perlu izin|tanpa izin|belum (?:ada|punya) izin|izin menyusul|"
            r"tidak (?:ada|punya) izin|"
            r"(?:sk|akta|terdaftar (?:di )?)(?: ?kemenkumham| ?ahu| notaris)|ahu[-\s]?\d)",
            MONEY_ASK,
        ),
    ),
    # --- Context: lowers the score ----------------------------------------------------------------
    Indicator(
        "news_report",
        "context",
        _("Reads as a news report"),
        "",
        (
            r"\b(?:polisi|polda|polres|polsek|bareskrim|kapolres|kapolda|kasat|satreskrim|ditreskrimum|"
            r"ditangkap|menangkap|diamankan|mengamankan|tersangka|terdakwa|divonis|vonis|dibekuk|"
            r"diringkus|membongkar|dibongkar|mengungkap|ungkap|kejaksaan|jaksa|majelis hakim|sidang|pelaku|"
            r"dilaporkan|melaporkan|menurut|ujar|kata (?:kepala|ketua|kasat|komisioner)|wartawan|"
            r"dikutip|dilansir|reporter|redaksi|liputan|berita)\b",
        ),
        context=True,
    ),
    Indicator(
        "awareness_campaign",
        "context",
        _("Reads as a prevention or awareness message"),
        "",
        (
            r"\b(?:stop|hentikan|jangan (?:beri|kasih|kirim|memberi|mudah|tergiur|percaya|ikut|biarkan)|"
            r"laporkan|lapor|sapa ?129|waspada|hati[\s-]?hati|kenali|modus|edukasi|sosialisasi|"
            r"lindungi|cegah|pencegahan|tolak|bijak|ingat|kampanye|#\w*(?:stop|lindungi|cegah|save)\w*)\b",
        ),
        context=True,
    ),
    Indicator(
        "permit_shown",
        "context",
        _("Shows a fundraising permit or operating licence"),
        "",
        (
            r"\b(?:izin pub|izin pengumpulan uang|sk (?:izin )?(?:pub|kemensos|mensos|dinsos|gubernur|bupati|"
            r"wali ?kota)|no\.? ?izin|nomor izin|izin operasional|terdaftar (?:resmi )?di dinas sosial|"
            r"laporan keuangan|diaudit|akuntan publik)\b",
        ),
        context=True,
    ),
    Indicator(
        "legal_adoption_info",
        "context",
        _("Information on legal adoption or foster care"),
        "",
        (
            r"\b(?:pengadilan|penetapan|pp 54|pp no\.? 54|permensos 110|syarat (?:pengangkatan|adopsi|calon)|"
            r"calon orang ?tua angkat|cota|pengangkatan anak|prosedur|resmi|sah|legal|keluarga asuh|"
            r"orang ?tua asuh|foster|pengasuhan)\b",
        ),
        context=True,
    ),
)

BY_CODE = {indicator.code: indicator for indicator in INDICATORS}
_PATTERNS: dict[str, re.Pattern[str]] = {}
_COMPILED = [
    (indicator, tuple(_PATTERNS.setdefault(p, re.compile(p, _F)) for p in indicator.patterns))
    for indicator in INDICATORS
]

# Facts from the capture, not the text: they fire only with a child mentioned or on a live stream.
FACT_CODES = (
    "live_at_night",
    "gifts_received",
    "personal_account",
    "foundation_account",
    "permit_number",
    "no_child_mentioned",
)
FACT_LABELS: dict[str, tuple[str, Promise, str]] = {
    "live_at_night": ("live_gift", _("Live stream with children between 22:00 and 04:00"), LAW_BEGGING),
    "gifts_received": ("live_gift", _("Gifts received on a live stream with children"), LAW_EXPLOITATION),
    "personal_account": ("fundraising_gap", _("Bank account held by a person, not the foundation"), LAW_PUB),
    "foundation_account": ("context", _("Bank account held by the foundation"), ""),
    "permit_number": ("context", _("A permit number is given"), ""),
    "no_child_mentioned": ("context", _("No child, minor or care home is mentioned"), ""),
    # Registry cross-check (added in Pantau, not in the file command: it needs the registry).
    "lksa_unregistered": (
        "registry",
        _("The account's home has no valid Dinas Sosial registration"),
        LAW_SNPA,
    ),
    "account_not_permitted": (
        "registry",
        _("No current fundraising permit covers this bank account"),
        LAW_PUB,
    ),
    "shared_identifier": (
        "registry",
        _("The same phone or account appears behind another home"),
        LAW_TRAFFICKING,
    ),
    "earlier_flagged": ("registry", _("The same phone or account was in an earlier flagged post"), ""),
    "account_permitted": ("context", _("A current fundraising permit covers this bank account"), ""),
}
FEATURE_CODES: tuple[str, ...] = tuple(i.code for i in INDICATORS) + FACT_CODES


def match(normalised: str) -> dict[str, list[str]]:
    """Text indicators that fire: code → evidence (the words each pattern group matched)."""
    fired: dict[str, list[str]] = {}
    seen: dict[re.Pattern[str], str | None] = {}  # shared vocabulary (children, money) is searched once
    for indicator, patterns in _COMPILED:
        evidence: list[str] = []
        for pattern in patterns:
            if pattern not in seen:
                found = pattern.search(normalised)
                seen[pattern] = found.group(0).strip() if found else None
            text = seen[pattern]
            if text is None:
                break
            evidence.append(text)
        else:
            fired[indicator.code] = list(dict.fromkeys(evidence))
    return fired


def describe(code: str) -> dict[str, Any]:
    """Family, label and legal basis of a text indicator or a fact."""
    if code in BY_CODE:
        indicator = BY_CODE[code]
        return {"family": indicator.family, "label": indicator.label, "legal_basis": indicator.legal_basis}
    family, label, law = FACT_LABELS[code]
    return {"family": family, "label": label, "legal_basis": law}
