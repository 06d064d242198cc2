"""Deterministic synthetic Indonesian children and families: the demo's names and the linkage benchmark.

It lives in lib because both the children app's demo seed and the linkage app use it.

Every person here is invented. The generator builds a population of children in families, gives each child
1-3 records in different homes, and corrupts every record with the kinds of noise seen in Indonesian
registers (typos, old spelling, Muhammad abbreviations, placeholder dates, NIK typos, place-name variants).
Because the truth is known (``true_id``), precision and recall of a linkage engine can be measured.

Hard negatives are deliberate: popular full names recur among unrelated children, some unrelated children
share name and birth year, and twins share parents, birth date and place but are different children.
"""

from __future__ import annotations

import csv
import os
import random
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate, zip_longest

COLUMNS = (
    "record_id",
    "full_name",
    "sex",
    "birth_date",
    "birth_place",
    "nik",
    "mother_name",
    "father_name",
    "lksa_id",
)

# --- Population (truth) --------------------------------------------------------------------------------
YEAR_MIN, YEAR_MAX = 2005, 2025
FAMILY_SIZE_WEIGHTS = (0.45, 0.30, 0.17, 0.08)  # families of 1, 2, 3, 4 children
TWIN_FAMILY_RATE = 0.03
SIBLING_SAME_PLACE = 0.80  # otherwise the family had moved before this child was born
SIBLING_SPLIT_HOME = 0.10  # siblings placed in different homes
FAMILY_HOME_IN_REGION = 0.75  # children are mostly placed near where they were born
FATHER_UNKNOWN_RATE = 0.15
MOTHER_UNKNOWN_RATE = 0.03
PARENT_OLD_SPELLING_RATE = 0.10  # parents born before 1972 are often registered in the old spelling
NO_NIK_RATE = 0.40
TRUE_JAN1_RATE = 0.03  # real population has many "1 January" births (registered late, date guessed)
MONONYM_RATE = 0.26  # tuned so that about 20 % of all children (all styles) have a one-word name
POPULAR_NAME_RATE = 0.05  # child gets one of the very common full names -> hard negatives
BIN_IN_TRUE_NAME_RATE = 0.065  # only possible with a known father and no family name: ~5 % overall
THREE_PART_RATE = 0.35
BORROW_RATE = 0.4
SAME_NAME_YEAR_RATE = 0.005  # of all children: unrelated child with the same name and birth year
RECORDS_PER_ENTITY_WEIGHTS = (0.71, 0.25, 0.04)  # 1, 2 or 3 records per child
DUP_SAME_REGION = 0.60  # a duplicate record is more often in a home of the same region
RECORDS_PER_HOME = 50
TWIN_ALIKE_NAMES = 0.35  # Hasan/Husein, Rizki/Rizka ...
TWIN_SHARED_WORD = 0.35  # Siti Aisyah / Siti Aminah

# --- Per-record noise (applied to every record, the first one included) -----------------------------
NAME_NICKNAME = 0.005
NAME_MUHAMMAD_VARIANT = 0.40  # of records whose name contains "Muhammad"
NAME_OLD_SPELLING = 0.08  # not for Chinese-Indonesian names (Kevin, Jessica): no old form exists
NAME_DOUBLE_LETTER = 0.06
NAME_DROP_PART = 0.06
NAME_ADD_BIN = 0.04  # only possible when the father is known
NAME_SWAP = 0.02
NAME_TYPO = 0.08
CAPS_RATE = 0.30  # decided per record: a clerk with caps lock types child, mother and father in capitals
NAME_LOWER = 0.05
NAME_EXTRA_SPACES = 0.05
DATE_MISSING = 0.05
DATE_PLACEHOLDER = 0.05
DATE_SWAP = 0.04
DATE_DIGIT_TYPO = 0.04
DATE_YEAR_OFF = 0.02
NIK_MISSING = 0.30
NIK_ONE_DIGIT = 0.08
NIK_TWO_DIGITS = 0.02
NIK_TRANSPOSE = 0.02
MOTHER_MISSING = 0.12
MOTHER_TYPO = 0.08
MOTHER_SPELLING = 0.05
MOTHER_DROP = 0.08
FATHER_MISSING = 0.25
FATHER_TYPO = 0.08
FATHER_DROP = 0.08
PLACE_MISSING = 0.15
PLACE_VARIANT = 0.25
PLACE_TYPO = 0.05
SEX_FLIP = 0.005


def _words(s: str) -> list[str]:
    return s.split()


class _Pool:
    """Words with Zipf-like weights by position, so the first words of each list dominate like real names."""

    __slots__ = ("cum", "items", "total")

    def __init__(self, words: list[str], s: float = 0.6) -> None:
        self.items = words
        self.cum = list(accumulate(1.0 / (i + 1) ** s for i in range(len(words))))
        self.total = self.cum[-1]

    def pick(self, rng: random.Random) -> str:
        return self.items[min(bisect_right(self.cum, rng.random() * self.total), len(self.items) - 1)]


# "<group>.<part>: words", several per line separated by " | "; an indented line continues the previous
# list. Parts: m1/m2 = first/later words of boys' names, mm = boys' one-word names, f1/f2/fm the same for
# girls, sur = family names shared by siblings and father (Batak marga, eastern family names,
# Chinese-Indonesian surnames). Earlier words are more frequent, so "Muhammad Rizki" recurs.
_NAME_SPEC = """
jav.m1: Budi Eko Agus Joko Wahyu Dwi Bayu Teguh Heru Yudi Bagus Arif Tri Hadi Rudi Gilang Anton Andi Yoga
jav.m2: Santoso Prasetyo Nugroho Setiawan Wibowo Saputro Susanto Purnomo Hartono Kurniawan Utomo Raharjo
  Pratomo Sulistyo Prabowo Handoko Cahyono Haryanto Triyono Wijayanto Widodo Santosa Prakoso Nugraha
jav.mm: Sutrisno Suparman Sugiono Slamet Purwanto Supriyadi Sumarno Sukirno Mulyono Suyanto Paijo Widodo
jav.f1: Dwi Sri Endang Rina Dewi Wulan Ratna Yuli Indah Tri Ayu Rini Sari Puspita Kartika Ika Nanik Yeni
jav.f2: Lestari Wahyuni Rahayu Utami Handayani Astuti Ningsih Wulandari Anggraini Susanti Pratiwi Yuliani
jav.fm: Sumarni Suryani Sulastri Suwarni Sumiati Ngatini Surtini Kasmini Wagiyem Parmi Sarinah Sumini
sun.m1: Asep Ujang Dede Cecep Dadang Aep Encep Jajang Deden Yayan Iwan Aceng Oman Yana | sun.mm: Asep Ujang
  Dede Cecep Dadang Aep Jajang Deden Yayan Engkos Entis Ade
sun.m2: Saepudin Sunandar Sopian Hidayat Suherman Kurnia Permana Sopandi Mulyana Supriatna Nugraha Ruhiyat
sun.f1: Neng Euis Iis Imas Ai Enung Nining Lilis Tati Eulis Cucu Entin Nenden | sun.fm: Neng Euis Iis Imas
  Enung Nining Lilis Eulis Cucu Entin Nenden Yati
sun.f2: Nurhayati Rosita Komalasari Sumiati Kurniasih Rohaeni Hartini Nengsih Rostika Marlina Sukaesih
mus.m1: Muhammad Ahmad Abdul Fajar Rizki Ilham Hasan Yusuf Ali Umar Ibrahim Faisal Iqbal Ridwan Taufik
mus.m2: Rizki Fauzi Hidayat Ramadhan Maulana Firmansyah Akbar Fadillah Rasyid Arifin Fikri Habibi Hanif
  Rahman Hakim Alfian Faturrahman Nurhadi Hidayatullah Rifai
mus.mm: Ilham Yusuf Hasan Ridwan Fauzan Hamzah Ismail Ikhsan Luqman Zaki Rasyid Syahrul Taufik Sulaiman
mus.f1: Siti Nur Nurul Fatimah Aisyah Annisa Zahra Aminah Fitri Rahma Khadijah Halimah Maryam Syifa Laila
mus.f2: Nurhaliza Aminah Hidayah Azzahra Aisyah Rahmawati Khairunnisa Fadilah Hasanah Nuraini Zulaikha
  Maulida Sholihah Mardiyah Nurjanah Rohmah
mus.fm: Fatimah Aisyah Nurhayati Khadijah Aminah Halimah Maryam Zainab Rahmawati Nurjanah Hasanah Jamilah
mod.m1: Aditya Rizky Dimas Muhammad Fajar Bagas Raka Rafi Farel Gilang Zidan Daffa Naufal Arkan Galang Reza
mod.m2: Pratama Ramadhan Saputra Putra Maulana Alfarizi Nugraha Prasetya Syahputra Pradana Mahendra
  Firmansyah Aditama Anugrah Wicaksono Permana
mod.mm: Dimas Bagas Rafi Farel Zidan Daffa Naufal Kenzo Arka Rehan Bima Rangga Alvin
mod.f1: Putri Nabila Alya Dinda Aulia Salsabila Keisha Nayla Syifa Citra Amelia Tiara Kirana Adinda Intan
mod.f2: Ayu Lestari Azzahra Khairunnisa Ramadhani Aprilia Maharani Safitri Anggraini Permatasari Kirana
  Oktaviani Febriani Cahyani Rahmadani Puspitasari
mod.fm: Nabila Dinda Keisha Nayla Salsabila Aurel Tiara Kirana Cahya Intan Rara Bunga
bat.m1: Togar Parlindungan Maruli Hotman Sahat Binsar Tigor Poltak Martua Daniel Samuel Andreas Ahmad
bat.m2: Parulian Halomoan Tua Pardamean Jonathan Rizki Fernando Rinaldi
bat.f1: Rotua Tiurma Lasmaria Rosmawati Debora Monika Sarah Sondang Ruth Grace Yohana Nurhayati
bat.f2: Natalia Maria Rosa Dameria Uli | chi.m2: Christopher Alexander Gabriel Nathaniel
bat.sur: Siregar Nasution Simanjuntak Sitompul Hutapea Lubis Harahap Sinaga Simatupang Panjaitan
  Situmorang Pardede Sihombing Manurung Hutagalung Tambunan Sitorus Napitupulu Pasaribu Ginting Sembiring
min.m1: Rahmat Afrizal Zulfikar Fadli Yusril Hendri Syafrizal Rizal Irwan Afdhal Yondri Desrizal
min.m2: Hidayat Putra Saputra Effendi Amri Syahputra Fikri Aulia Gusman | bug.f1: Andi Besse Sitti Nurul
  Hasna Rahmatia Nurhaeda
min.mm: Afrizal Zulfikar Syafrizal Yondri Desrizal Afdhal Rahmat Irwan | chi.f2: Valencia Clarissa Cynthia
min.f1: Novriyanti Febrianti Yelni Rahmi Desi Yulia Elvira Fitri Vivi Rahmadani Mardiana
min.f2: Rahmadani Putri Yanti Wahyuni Sari Fitriani Yulianti Oktavia Syafitri
min.fm: Novriyanti Febrianti Yelni Rahmi Elvira Mardiana Yulianti Nofri Desmawati
bug.m1: Andi Muhammad Baso Abdul Arman Syamsul Amir Ansar Irfan | abdul: Rahman Aziz Rahim Malik Karim
  Hakim Majid Latif Gani Wahab
bug.m2: Baharuddin Syamsuddin Jamaluddin Nasaruddin Kamaruddin Saharuddin Arsyad Amir Rahim
bug.mm: Baharuddin Syamsuddin Jamaluddin Saharuddin Arman Ansar Jumadi Rusdi Mappa
bug.f2: Nurhaeda Rahmatia Hasnawati Jumriani Hartati Sukmawati Ramlah Kasmawati Darmawati
bug.fm: Nurhaeda Rahmatia Hasnawati Jumriani Sukmawati Ramlah Kasmawati Hasnah
chr.m1: Yohanes Yosef Agustinus Fransiskus Petrus Paulus Markus Yakobus Stefanus Dominikus Kornelius
chr.m2: Aloysius Gabriel Mikael Frederik Yulius Oktavianus Simon Marthen Yunus
chr.f1: Maria Fransiska Elisabeth Yohana Theresia Agustina Katarina Margaretha Veronika Yuliana Paulina
chr.f2: Magdalena Anastasia Regina Kristina Florentina Adriana Yosefina Imaculata Martha
chr.sur: Lende Tefa Wenda Mandagi Ndun Benu Manafe Kase Nope Kogoya Tabuni Wonda Murib Rumbiak Karubaba
  Worotikan Sumampouw Rondonuwu Tumbelaka Pattinama Latumahina Pattiasina Lawalata
chi.m1: Kevin Michael Vincent Steven Felix Calvin Jason Hendra Wilson Jonathan William Ryan
chi.f1: Jessica Michelle Angela Stephanie Cindy Grace Natalia Vanessa Jennifer Felicia Olivia Audrey
chi.sur: Wijaya Tanoto Halim Gunawan Santoso Salim Kurniawan Hartono Setiawan Sutanto Lim Tan Lukito
old.m1: Bambang Slamet Agus Joko Sugeng Suparno Darmawan Hasan Syamsul Rahmat Dedi Herman Suyono Sukardi
old.m2: Susilo Salim Santoso Hidayat Effendi Rahman Gunawan Setiawan Wibowo Sulaiman Sudrajat Kusuma
old.f1: Siti Sri Dewi Nurhayati Sumarni Rina Tuti Endang Yuni Yanti Ratna Kartini Sulastri Rohani Aminah
old.f2: Aminah Wahyuni Marlina Rahayu Hartati Lestari Handayani Susanti Kurniasih Nurjanah Rohmah
pop.m: Muhammad_Rizki Ahmad_Fauzi Dimas_Saputra Muhammad_Ilham Rizky_Ramadhan Aditya_Pratama
  Muhammad_Fajar Budi_Santoso Eko_Prasetyo Abdul_Rahman Muhammad_Akbar Wahyu_Nugroho Muhammad_Ridwan
pop.f: Siti_Nurhaliza Putri_Ayu Nurul_Hidayah Dwi_Lestari Siti_Aisyah Nabila_Azzahra Putri_Ayu_Lestari
  Fatimah_Azzahra Alya_Khairunnisa Siti_Aminah Nur_Aini Dewi_Lestari Aulia_Rahma Salsabila_Putri
"""
_POOLS: dict[str, _Pool] = {}
for _entry in _NAME_SPEC.replace("\n  ", " ").replace(" | ", "\n").strip().splitlines():
    _key, _text = _entry.split(":", 1)
    _POOLS[_key] = _Pool(_words(_text))
for _g in "mf":  # every later name part of the non-family-name styles, top words of each list first
    _mixed = zip_longest(*(_POOLS[f"{k}.{_g}2"].items for k in _words("mus mod jav sun min bug")))
    _POOLS[f"any.{_g}2"] = _Pool(list(dict.fromkeys(w for row in _mixed for w in row if w)), 0.3)


_SURNAME_STYLES = frozenset(_words("bat chr chi"))  # styles whose children carry the family name
# Region of the birth place -> naming styles of the families born there (weights).
_REGION_STYLES = {
    "jkt": "mus:30 mod:25 jav:15 sun:8 bat:6 chi:6 chr:4 min:6",
    "jabar": "sun:40 mus:30 mod:22 jav:8",
    "banten": "sun:25 mus:35 mod:25 jav:10 chi:5",
    "jawa": "jav:50 mus:25 mod:22 chi:3",
    "sumut": "bat:55 mus:25 mod:12 chi:8",
    "sumbar": "min:55 mus:30 mod:15",
    "sulsel": "bug:50 mus:35 mod:15",
    "east": "chr:75 mus:10 mod:15",
    "other": "mus:40 mod:30 jav:20 chi:5 bat:5",
}
_PARENT_STYLES, _PARENT_CUM = _words("mus jav sun"), (0.5, 0.8, 1.0)
_G = {"L": "m", "P": "f"}  # sex code -> pool suffix
_NAME_PREFIXES = frozenset(_words("Muhammad Ahmad Abdul Siti Nur Nurul Andi Sitti"))
_TWIN_PAIRS = [
    p.split("/")
    for p in _words(
        "Hasan/Husein/L/L Hasan/Husain/L/L Rizki/Rizka/L/P Putra/Putri/L/P Fitra/Fitri/L/P Wahyu/Wahyuni/L/P"
        " Ikhwan/Ikhsan/L/L Aldi/Aldo/L/L Rian/Rio/L/L Salsa/Salwa/P/P Dewa/Dewi/L/P"
    )
]
_NICKNAMES = dict(
    p.split(":", 1)
    for p in _words(
        "Rizki:Kiki Rizky:Kiki Muhammad:Mamat Ahmad:Amat Siti:Titi Nurul:Nunung Agus:Gus Fitri:Pipit Dewi:Uwi"
        " Putri:Uti Wahyu:Yayu Yohanes:Anis Elisabeth:Lisa Fransiska:Siska Agustinus:Agus Nabila:Bila"
        " Salsabila:Caca Aditya:Adit Fajar:Jay Khairunnisa:Nisa Annisa:Nisa Aisyah:Ica Fatimah:Ima Abdul:Dul"
        " Slamet:Memet Hasan:Acan Yusuf:Ucup Jessica:Jess Michael:Mike Parlindungan:Ucok Rotua:Butet"
    )
)
_GENERIC_NICK = {"L": _words("Ucok Ujang Adek Otong"), "P": _words("Butet Neng Dede Ade")}
_MUHAMMAD_VARIANTS = _words("Muhamad Mohammad Mohamad Mochammad Moh. Muh. M. Mhd. Moch.")
_OLD_MARKERS = ("oe", "dj", "tj", "sj", "ch")
_VOWELS = frozenset("aeiou")
_NEIGHBOURS = {
    r[i]: r[max(0, i - 1) : i] + r[i + 1 : i + 2]
    for r in _words("qwertyuiop asdfghjkl zxcvbnm")
    for i in range(len(r))
}
_VOWEL_SWAP = {"a": "e", "e": "ai", "i": "e", "o": "u", "u": "o"}

# Birth places "name|kab/kota code (4 digits, approximate)|kab, kota or both|region|weight|other written
# forms seen in registers", separated by ";".
_PLACES_SPEC = """
Jakarta|3171|kota|jkt|10|Jkt,DKI Jakarta,Jakarta Selatan,Jakarta Timur,Jakarta Barat,Jakarta Utara;
Bandung|3273|both|jabar|8|Bdg; Bogor|3201|both|jabar|7|Bgr; Bekasi|3275|both|jabar|6|Bks;
Tangerang|3603|both|banten|6|Tng; Surabaya|3578|kota|jawa|6|Sby; Medan|1271|kota|sumut|5|Mdn;
Garut|3205|kab|jabar|4|; Cianjur|3203|kab|jabar|4|; Sukabumi|3202|both|jabar|4|Smi;
Semarang|3374|both|jawa|4|Smg; Malang|3573|both|jawa|4|Mlg; Depok|3276|kota|jabar|4|;
Makassar|7371|kota|sulsel|4|Mks,Ujung Pandang,Ujungpandang; Serang|3604|both|banten|3|Srg;
Tasikmalaya|3206|both|jabar|3|Tasik; Cirebon|3209|both|jabar|3|Crb; Karawang|3215|kab|jabar|3|Krw;
Jember|3509|kab|jawa|3|; Banyumas|3302|kab|jawa|3|Purwokerto; Palembang|1671|kota|other|3|Plg;
Yogyakarta|3471|kota|jawa|3|Jogja,Jogjakarta,Djokjakarta,Yogya,DIY; Deli Serdang|1207|kab|sumut|3|Deliserdang;
Surakarta|3372|kota|jawa|2|Solo; Sleman|3404|kab|jawa|2|; Banyuwangi|3510|kab|jawa|2|Bwi;
Kediri|3506|both|jawa|2|Kdr; Padang|1371|kota|sumbar|2|Pdg; Pekanbaru|1471|kota|other|2|Pku;
Bandar Lampung|1871|kota|other|2|B. Lampung,Lampung; Pontianak|6171|kota|other|2|Ptk;
Banjarmasin|6371|kota|other|2|Bjm; Denpasar|5171|kota|other|2|Dps; Lombok Timur|5203|kab|other|2|Lotim;
Bone|7308|kab|sulsel|2|Watampone; Gowa|7306|kab|sulsel|2|; Kupang|5371|both|east|2|Kpg;
Jayapura|9171|both|east|2|Jpr; Manado|7171|kota|east|2|Mdo; Bukittinggi|1375|kota|sumbar|1|Bukit Tinggi;
Tapanuli Utara|1205|kab|sumut|1|Taput; Samarinda|6472|kota|other|1|Smd; Mataram|5271|kota|other|1|Mtr;
Minahasa|7102|kab|east|1|; Timor Tengah Selatan|5304|kab|east|1|TTS,Soe; Ambon|8171|kota|east|1|;
Sumba Barat Daya|5318|kab|east|1|SBD; Jayawijaya|9102|kab|east|1|Wamena
"""


@dataclass(frozen=True, slots=True)
class _Place:
    name: str
    code: str
    region: str
    forms: tuple[str, ...]  # written variants besides the plain name


def _place(entry: str) -> tuple[_Place, float]:
    name, code, kind, region, weight, extra = (f.strip() for f in entry.split("|"))
    up = name.upper()
    forms = [up]
    if kind in ("kab", "both"):
        forms += [f"Kab. {name}", f"Kabupaten {name}", f"KAB {up}", f"KAB. {up}"]
    if kind in ("kota", "both"):
        forms += [f"Kota {name}", f"KOTA {up}"]
    # Abbreviations and colloquial names are what clerks type most, so weigh them up.
    forms += [e for e in extra.split(",") if e] * 3
    return _Place(name, code, region, tuple(forms)), float(weight)


_PLACES, _PLACE_WEIGHTS = zip(*(_place(e) for e in _PLACES_SPEC.replace("\n", " ").split(";")), strict=True)
_PLACE_CUM = list(accumulate(_PLACE_WEIGHTS))
_STYLE_CHOICE = {
    r: ([s.split(":")[0] for s in _words(v)], list(accumulate(float(s.split(":")[1]) for s in _words(v))))
    for r, v in _REGION_STYLES.items()
}
_MOTHER_RATES = (MOTHER_MISSING, MOTHER_TYPO, MOTHER_SPELLING, MOTHER_DROP)
_FATHER_RATES = (FATHER_MISSING, FATHER_TYPO, 0.0, FATHER_DROP)
_FAMILY_SIZE_CUM = list(accumulate(FAMILY_SIZE_WEIGHTS))
_RECORDS_CUM = list(accumulate(RECORDS_PER_ENTITY_WEIGHTS))
# SAME_NAME_YEAR_RATE is over all children; it is applied to only-children, so scale it by their share.
_MEAN_FAMILY = sum((i + 1) * w for i, w in enumerate(FAMILY_SIZE_WEIGHTS)) / sum(FAMILY_SIZE_WEIGHTS)
_SAME_NAME_YEAR_SINGLETON = (
    SAME_NAME_YEAR_RATE * _MEAN_FAMILY / (FAMILY_SIZE_WEIGHTS[0] / _FAMILY_SIZE_CUM[-1])
)


@dataclass(slots=True)
class _Child:
    true_id: str
    name: str
    sex: str
    birth: date
    place: int
    nik: str
    mother: str
    father: str
    home: int
    old_ok: bool


def _pick_cum(rng: random.Random, cum: Sequence[float]) -> int:
    return min(bisect_right(cum, rng.random() * cum[-1]), len(cum) - 1)


# --- Names ---------------------------------------------------------------------------------------------


# Many Indonesian given names are coined by the parents ("Rafandra", "Azkia", "Nadhira"): without them
# a few hundred list words would make most unrelated children namesakes, which real lists are not.
INVENTED_RATE = 0.4
_ONSETS = _words("b d f g h k l m n r s t y z ny sy kh r n d")
_VOWEL_SEQ = "aaaiiuueo"
_ENDINGS = {
    "L": _words("an an ra o di fan ar ka al ino ndra"),
    "P": _words("a a ia ya ni ra na sha la ti rin"),
}


def _invented(rng: random.Random, sex: str) -> str:
    syllables = "".join(rng.choice(_ONSETS) + rng.choice(_VOWEL_SEQ) for _ in range(rng.randint(1, 2)))
    start = rng.choice(("", "", "a", "i", "e")) if rng.random() < 0.3 else ""
    return (start + syllables + rng.choice(_ENDINGS[sex])).capitalize()


def _given(rng: random.Random, style: str, sex: str, mono: bool) -> list[str]:
    g = f"{style}.{_G[sex]}"
    if mono and rng.random() < INVENTED_RATE:
        return [_invented(rng, sex)]
    if mono:  # mostly a dedicated one-word name, else any name word that can stand alone (not "Siti")
        parts = "m12" if g + "m" in _POOLS else "12"  # family-name styles have no one-word names
        w = "Siti"
        while w in _NAME_PREFIXES:
            w = _POOLS[g + (parts[0] if rng.random() < 0.5 else rng.choice(parts))].pick(rng)
        return [w]
    words = [_POOLS[g + "1"].pick(rng)]
    for _ in range(2 if rng.random() < THREE_PART_RATE else 1):  # Putri Ayu Lestari
        # Later parts are often borrowed across traditions ("Asep Saputra", "Budi Ramadhan"): that is
        # what makes real full names far more varied than their first words.
        borrow = style not in _SURNAME_STYLES and rng.random() < BORROW_RATE
        pool = "abdul" if words[-1] == "Abdul" else f"any.{_G[sex]}2" if borrow else g + "2"
        invented = pool != "abdul" and style not in _SURNAME_STYLES and rng.random() < INVENTED_RATE
        words.append(_invented(rng, sex) if invented else _POOLS[pool].pick(rng))
    return list(dict.fromkeys(words))  # no accidental "Aisyah Aisyah"


def _child_name(rng: random.Random, style: str, sex: str, surname: str) -> list[str]:
    if surname:  # family-name styles: one or two given names plus the family name, never a mononym
        return [*_given(rng, style, sex, rng.random() < 0.6)[:2], surname]
    if rng.random() < POPULAR_NAME_RATE:
        return _POOLS[f"pop.{_G[sex]}"].pick(rng).split("_")
    return _given(rng, style, sex, rng.random() < MONONYM_RATE)


def _parent_name(rng: random.Random, style: str, sex: str, surname: str) -> str:
    g = _G[sex]
    if surname:
        return f"{_POOLS[f'{style}.{g}1'].pick(rng)} {surname}"
    n = _pick_cum(rng, (0.35, 0.85, 1.0)) + 1  # Dewi / Sri Wahyuni / Siti Nur Aminah
    parts = ["m"] if n == 1 else ["1"] + ["2"] * (n - 1)
    # Parents were born 1965-2005, so half of their name words come from older-generation lists.
    words = [
        _invented(rng, sex)
        if p == "2" and rng.random() < INVENTED_RATE / 2
        else _POOLS[f"old.{g}{'2' if p == '2' else '1'}" if rng.random() < 0.5 else f"{style}.{g}{p}"].pick(
            rng
        )
        for p in parts
    ]
    name = " ".join(dict.fromkeys(words))
    if style != "chi" and rng.random() < PARENT_OLD_SPELLING_RATE:  # registered before the 1972 reform
        name = " ".join(_respell(None, w) for w in name.split())
    return name


def _father_first(father: str) -> str:
    # "bin Muhammad Yusuf" rather than "bin Muhammad": the prefix alone is not how a father is called.
    w = father.split()
    return " ".join(w[:2]) if w[0] in _NAME_PREFIXES and len(w) > 1 else w[0]


# --- Word-level noise ---------------------------------------------------------------------------------


def _respell(_rng: random.Random | None, word: str) -> str:
    """Toggle one word between old (pre-1972, Dutch-influenced) and modern spelling.

    j<->y is only changed inside a word that carries another old marker: a modern "j" is a real j
    ("Joko" must never become "Yoko"), while the bare j in old "Djojo" is a modern y. ``_rng`` is unused;
    it keeps the signature of the other word mutators.
    """
    lw, out, i, marked = word.lower(), [], 0, False
    if any(m in lw for m in _OLD_MARKERS):
        pairs = {"dj": "j", "tj": "c", "sj": "sy", "nj": "ny", "oe": "u", "ch": "kh"}
        while i < len(lw):
            two = lw[i : i + 2]
            out.append(pairs.get(two) or ("y" if lw[i] == "j" else lw[i]))
            i += 2 if two in pairs else 1
    else:
        pairs = {"kh": "ch", "sy": "sj", "ny": "nj", "j": "dj", "c": "tj"}
        while i < len(lw):
            two, c = lw[i : i + 2], lw[i]
            if two in pairs or c in pairs:
                out.append(pairs[two] if two in pairs else pairs[c])
                marked, i = True, i + (2 if two in pairs else 1)
                continue
            if c == "u" and (i == 0 or lw[i - 1] not in _VOWELS):
                out.append("oe")
                marked = True
            else:
                # y becomes j only if the word gets another marker, and never after t/d where "tj"/"dj"
                # would read back as c/j (Sulistyo stays Soelistyo).
                out.append("\0" if c == "y" and lw[i - 1 : i] not in ("t", "d") else c)
            i += 1
    new = "".join(out).replace("\0", "j" if marked else "y")
    return new.capitalize() if word[:1].isupper() else new


def _typo(rng: random.Random, word: str) -> str:
    """One insert, delete, substitution (keyboard neighbour or vowel) or adjacent transposition."""
    if len(word) < 2:
        return word
    i, op = rng.randrange(len(word)), rng.random()
    c = word[i]
    if op < 0.35:
        lc = c.lower()
        cands = (_VOWEL_SWAP.get(lc, "") if rng.random() < 0.5 else "") or _NEIGHBOURS.get(lc, "") or "a"
        r = rng.choice(cands)
        return word[:i] + (r.upper() if c.isupper() else r) + word[i + 1 :]
    if op < 0.6 and len(word) > 2:
        return word[:i] + word[i + 1 :]
    if op < 0.8:
        extra = rng.choice(_NEIGHBOURS.get(c.lower(), "") or c.lower()) if rng.random() < 0.5 else c.lower()
        return word[: i + 1] + extra + word[i + 1 :]
    i = min(i, len(word) - 2)
    a, b = word[i], word[i + 1]
    if i == 0 and a.isupper():  # keep the capital at the front
        a, b = a.lower(), b.upper()
    return word[:i] + b + a + word[i + 2 :]


def _double_letter(rng: random.Random, word: str) -> str:
    """Nurul->Nurrul, Aisyah->Aisya, Annisa->Anisa (and back): the commonest spelling hesitations."""
    lw = word.lower()
    opts = [
        word[:i] + word[i + 1 :] for i in range(1, len(lw)) if lw[i] == lw[i - 1] and lw[i] not in _VOWELS
    ]
    if lw.endswith("ah") and len(lw) > 3:
        opts.append(word[:-1])
    elif lw.endswith("a") and len(lw) > 2:
        opts.append(word + "h")
    opts += [
        word[: i + 1] + word[i:]
        for i in range(1, len(lw) - 1)
        if lw[i] not in _VOWELS and lw[i] != "y" and lw[i - 1] in _VOWELS and lw[i + 1] in _VOWELS
    ]
    return rng.choice(opts) if opts else word


def _split_bin(words: list[str]) -> tuple[list[str], list[str]]:
    for i, w in enumerate(words):
        if i > 0 and w.lower() in ("bin", "binti"):
            return words[:i], words[i:]
    return words, []


def _drop_part(rng: random.Random, words: list[str]) -> list[str]:
    core, tail = _split_bin(words)
    if tail and (len(core) < 2 or rng.random() < 0.5):
        return core
    if len(core) < 2:
        return words
    j = rng.randrange(len(core))
    return core[:j] + core[j + 1 :] + tail


def _mutate(rng: random.Random, words: list[str], fn: Callable[[random.Random, str], str]) -> list[str]:
    # Only the child's own name parts are mutated; "bin X" is dropped or added as a whole.
    core, tail = _split_bin(words)
    j = rng.randrange(len(core))
    return [*core[:j], fn(rng, core[j]), *core[j + 1 :], *tail]


def _finish(rng: random.Random, s: str, caps: bool, lower: float = 0.0, spaces: float = 0.0) -> str:
    if caps:
        s = s.upper()
    elif lower and rng.random() < lower / (1.0 - CAPS_RATE):  # conditional, so the overall rate is `lower`
        s = s.lower()
    if spaces and rng.random() < spaces:
        gaps = [i for i, ch in enumerate(s) if ch == " "]
        r = rng.random()
        if gaps and r < 0.6:
            g = rng.choice(gaps)
            s = s[:g] + " " + s[g:]
        else:
            s = " " + s if r < 0.8 else s + " "
    return s


def _nickname(rng: random.Random, words: list[str], sex: str) -> str:
    known = [_NICKNAMES[w] for w in words if w in _NICKNAMES]
    if known:
        return rng.choice(known)
    longest = max(words, key=len)
    if len(longest) >= 5 and rng.random() < 0.8:  # Aditya->Adit, Nabila->Bila
        return longest[:4] if rng.random() < 0.5 else longest[-4:].capitalize()
    return rng.choice(_GENERIC_NICK[sex])


def _noisy_child_name(rng: random.Random, ch: _Child, caps: bool) -> str:
    words = ch.name.split()
    if rng.random() < NAME_NICKNAME:
        return _finish(rng, _nickname(rng, words, ch.sex), caps, NAME_LOWER)
    if "Muhammad" in words and rng.random() < NAME_MUHAMMAD_VARIANT:
        words = [rng.choice(_MUHAMMAD_VARIANTS) if w == "Muhammad" else w for w in words]
    if ch.old_ok and rng.random() < NAME_OLD_SPELLING:
        words = _mutate(rng, words, _respell)
    if rng.random() < NAME_DOUBLE_LETTER:
        words = _mutate(rng, words, _double_letter)
    if rng.random() < NAME_DROP_PART:
        words = _drop_part(rng, words)
    if ch.father and rng.random() < NAME_ADD_BIN and not _split_bin(words)[1]:
        words = [*words, "bin" if ch.sex == "L" else "binti", _father_first(ch.father)]
    if rng.random() < NAME_SWAP:
        core, tail = _split_bin(words)
        if len(core) >= 2:
            j = rng.randrange(len(core) - 1)
            words = [*core[:j], core[j + 1], core[j], *core[j + 2 :], *tail]
    if rng.random() < NAME_TYPO:
        words = _mutate(rng, words, _typo)
    return _finish(rng, " ".join(words), caps, NAME_LOWER, NAME_EXTRA_SPACES)


def _noisy_parent(rng: random.Random, name: str, caps: bool, rates: tuple[float, float, float, float]) -> str:
    missing, typo, spelling, drop = rates
    if not name or rng.random() < missing:
        return ""
    words = name.split()
    if rng.random() < typo:
        words = _mutate(rng, words, _typo)
    if rng.random() < spelling:
        words = _mutate(rng, words, _respell)
    if rng.random() < drop:
        words = _drop_part(rng, words)
    return _finish(rng, " ".join(words), caps)


# --- Dates, NIK, places -------------------------------------------------------------------------------


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _noisy_date(rng: random.Random, d: date) -> str:
    r = rng.random()
    if r < DATE_MISSING:
        return ""
    if (r := r - DATE_MISSING) < DATE_PLACEHOLDER:
        return date(d.year, 1 if rng.random() < 0.7 else 7, 1).isoformat()
    if (r := r - DATE_PLACEHOLDER) < DATE_SWAP:
        return date(d.year, d.day, d.month).isoformat() if d.day <= 12 and d.day != d.month else d.isoformat()
    if (r := r - DATE_SWAP) < DATE_DIGIT_TYPO:
        for _ in range(10):  # retry until the typo still gives a valid date
            part, pos = rng.randrange(3), rng.randrange(2)
            digits = list(f"{(d.day, d.month, d.year % 100)[part]:02d}")
            digits[pos] = rng.choice([c for c in "0123456789" if c != digits[pos]])
            v = int("".join(digits))
            cand = _safe_date(*((d.year, d.month, v), (d.year, v, d.day), (2000 + v, d.month, d.day))[part])
            if cand is not None and cand.year <= 2029:  # registers reject far-future years
                return cand.isoformat()
        return d.isoformat()
    if r - DATE_DIGIT_TYPO < DATE_YEAR_OFF:
        y = d.year + rng.choice((-1, 1))
        return (_safe_date(y, d.month, d.day) or date(y, d.month, 28)).isoformat()
    return d.isoformat()


def _noisy_nik(rng: random.Random, nik: str) -> str:
    r = rng.random()
    if not nik or r < NIK_MISSING:
        return ""
    r -= NIK_MISSING
    digits = list(nik)
    if r < NIK_ONE_DIGIT + NIK_TWO_DIGITS:
        for pos in rng.sample(range(16), 1 if r < NIK_ONE_DIGIT else 2):
            digits[pos] = rng.choice([c for c in "0123456789" if c != digits[pos]])
    elif r < NIK_ONE_DIGIT + NIK_TWO_DIGITS + NIK_TRANSPOSE:
        cands = [i for i in range(15) if digits[i] != digits[i + 1]]
        if cands:
            i = rng.choice(cands)
            digits[i], digits[i + 1] = digits[i + 1], digits[i]
    return "".join(digits)


def _noisy_place(rng: random.Random, place: _Place) -> str:
    if rng.random() < PLACE_MISSING:
        return ""
    s = rng.choice(place.forms) if rng.random() < PLACE_VARIANT else place.name
    if rng.random() < PLACE_TYPO:
        s = " ".join(_mutate(rng, s.split(), _typo))
    return s


# --- Population ---------------------------------------------------------------------------------------


def _family_dates(rng: random.Random, size: int, twin_at: int) -> list[date]:
    gaps = [0 if i == twin_at else rng.randint(365, 6 * 365) for i in range(1, size)]
    start, end = date(YEAR_MIN, 1, 1), date(YEAR_MAX, 12, 31)
    dates = [start + timedelta(days=rng.randrange((end - start).days - sum(gaps) + 1))]
    for g in gaps:
        dates.append(dates[-1] + timedelta(days=g))
    for i in range(size):
        if i == twin_at:
            dates[i] = dates[i - 1]
        elif rng.random() < TRUE_JAN1_RATE:
            dates[i] = date(dates[i].year, 1, 1)
    return dates


@dataclass(frozen=True)
class Family:
    """Names for one synthetic family, as the demo seed uses them: a naming style, parents, a place."""

    style: str
    surname: str
    mother: str
    father: str
    birth_place: str

    def child_name(self, rng: random.Random, sex: str) -> str:
        return " ".join(_child_name(rng, self.style, sex, self.surname))


def family(rng: random.Random) -> Family:
    place = _pick_cum(rng, _PLACE_CUM)
    names, cum = _STYLE_CHOICE[_PLACES[place].region]
    style = names[_pick_cum(rng, cum)]
    surname = _POOLS[f"{style}.sur"].pick(rng) if style in _SURNAME_STYLES else ""
    p_style = _PARENT_STYLES[_pick_cum(rng, _PARENT_CUM)] if style == "mod" else style
    mother_sur = _POOLS[f"{style}.sur"].pick(rng) if surname else ""
    return Family(
        style=style,
        surname=surname,
        mother=_parent_name(rng, p_style, "P", mother_sur),
        father=_parent_name(rng, p_style, "L", surname),
        birth_place=_PLACES[place].name,
    )


def _sibling_names(rng: random.Random, style: str, surname: str, size: int) -> list[tuple[list[str], str]]:
    """Parents do not give two of their children the same first name."""
    kids: list[tuple[list[str], str]] = []
    for _ in range(size):
        sex = rng.choice("LP")
        name = _child_name(rng, style, sex, surname)
        for _attempt in range(20):
            if name[0] not in {k[0][0] for k in kids}:
                break
            name = _child_name(rng, style, sex, surname)
        kids.append((name, sex))
    return kids


def _twin_names(rng: random.Random, style: str, surname: str) -> list[tuple[list[str], str]]:
    r = rng.random()
    if r < TWIN_ALIKE_NAMES:  # Hasan/Husein, Rizki/Rizka, optionally with a second word
        a, b, sa, sb = rng.choice(_TWIN_PAIRS)
        wa, wb = [a], [b]
        if surname:
            wa, wb = [a, surname], [b, surname]
        elif rng.random() < 0.5:
            wa.append(_POOLS[f"mod.{_G[sa]}2"].pick(rng))
            wb.append(wa[-1] if sa == sb else _POOLS[f"mod.{_G[sb]}2"].pick(rng))
        return [(wa, sa), (wb, sb)]
    sa, sb = rng.choice("LP"), rng.choice("LP")
    wa = _child_name(rng, style, sa, surname)
    wb = wa
    if r < TWIN_ALIKE_NAMES + TWIN_SHARED_WORD:  # Siti Aisyah / Siti Aminah
        sb = sa
        j = 1 if len(wa) - (1 if surname else 0) >= 2 else 0  # keep the first word unless it is all there is
        for _ in range(5):
            cand = wa.copy()
            cand[j] = _POOLS[f"{style}.{_G[sa]}{'2' if j else '1'}"].pick(rng)
            if cand != wa and len(set(cand)) == len(cand):
                return [(wa, sa), (cand, sb)]
    for _ in range(5):
        wb = _child_name(rng, style, sb, surname)
        if wb != wa:
            break
    return [(wa, sa), (wb, sb)]


def generate(n_records: int, *, seed: int = 7) -> list[dict[str, str]]:
    """Return ``n_records`` noisy records (all values str, missing = "") with ``true_id`` as the truth."""
    rng = random.Random(seed)  # noqa: S311 - reproducible benchmark data, not security
    n_homes = max(1, n_records // RECORDS_PER_HOME)
    homes_by_place: dict[int, list[int]] = {}
    homes_by_region: dict[str, list[int]] = {}
    for h in range(n_homes):
        p = _pick_cum(rng, _PLACE_CUM)
        homes_by_place.setdefault(p, []).append(h)
        homes_by_region.setdefault(_PLACES[p].region, []).append(h)
    home_ids = [f"L{h:0{max(5, len(str(n_homes)))}d}" for h in range(n_homes)]
    width = max(6, len(str(n_records)))

    def home_near(place: int, exclude: Sequence[int] = (), local: float = FAMILY_HOME_IN_REGION) -> int:
        near = homes_by_place.get(place) or homes_by_region.get(_PLACES[place].region) or []
        h = rng.choice(near) if near and rng.random() < local else rng.randrange(n_homes)
        if h in exclude and len(exclude) < n_homes:
            h = rng.choice(near) if near and rng.random() < local else rng.randrange(n_homes)
            while h in exclude:  # still the same home: step to the next id, which is somewhere else
                h = (h + 1) % n_homes
        return h

    used_nik: set[str] = set()
    seen: list[tuple[str, str, int]] = []  # (name, sex, birth year) of every child so far
    records: list[dict[str, str]] = []
    while len(records) < n_records:
        place = _pick_cum(rng, _PLACE_CUM)
        names, cum = _STYLE_CHOICE[_PLACES[place].region]
        style = names[_pick_cum(rng, cum)]
        has_sur = style in _SURNAME_STYLES
        size = _pick_cum(rng, _FAMILY_SIZE_CUM) + 1
        twin_at = -1
        if rng.random() < TWIN_FAMILY_RATE:
            size = max(size, 2)
            twin_at = rng.randrange(1, size)
        surname = _POOLS[f"{style}.sur"].pick(rng) if has_sur else ""
        # Parents were born 1965-2005: "modern" names are their children's fashion, not theirs.
        p_style = _PARENT_STYLES[_pick_cum(rng, _PARENT_CUM)] if style == "mod" else style
        father = "" if rng.random() < FATHER_UNKNOWN_RATE else _parent_name(rng, p_style, "L", surname)
        mother_sur = _POOLS[f"{style}.sur"].pick(rng) if has_sur else ""  # mothers keep their own marga
        mother = "" if rng.random() < MOTHER_UNKNOWN_RATE else _parent_name(rng, p_style, "P", mother_sur)
        kk_code = f"{_PLACES[place].code}{rng.randint(1, 30):02d}"  # family-card region, shared by NIKs
        home = home_near(place)
        dates = _family_dates(rng, size, twin_at)
        kids = _sibling_names(rng, style, surname, size)
        if twin_at > 0:
            kids[twin_at - 1 : twin_at + 1] = _twin_names(rng, style, surname)
        if size == 1 and seen and rng.random() < _SAME_NAME_YEAR_SINGLETON:
            other_name, other_sex, year = rng.choice(seen)  # unrelated namesake born the same year
            kids[0] = (other_name.split(), other_sex)
            dates[0] = date(year, rng.randint(1, 12), rng.randint(1, 28))
        kid_place = place
        for i, (words, sex) in enumerate(kids):
            if i > 0 and i != twin_at and rng.random() > SIBLING_SAME_PLACE:
                kid_place = _pick_cum(rng, _PLACE_CUM)
            if father and not surname and rng.random() < BIN_IN_TRUE_NAME_RATE and not _split_bin(words)[1]:
                words = [*words, "bin" if sex == "L" else "binti", _father_first(father)]
            nik = ""
            if rng.random() >= NO_NIK_RATE:
                # NIK = region (6) + DDMMYY, girls' day + 40 + serial (4); serials kept unique.
                body = f"{kk_code}{dates[i].day + (40 if sex == 'P' else 0):02d}{dates[i]:%m%y}"
                while not nik or nik in used_nik:
                    nik = f"{body}{rng.randint(1, 2000):04d}"
                used_nik.add(nik)
            split = rng.random() < SIBLING_SPLIT_HOME
            ch = _Child(
                f"e{len(seen):0{width}d}", " ".join(words), sex, dates[i], kid_place, nik, mother, father,
                home_near(kid_place, (home,)) if split else home, style != "chi",
            )  # fmt: skip
            seen.append((ch.name, sex, ch.birth.year))
            k = min(_pick_cum(rng, _RECORDS_CUM) + 1, n_records - len(records))
            used = [ch.home]
            for j in range(k):
                # Duplicates sit in other homes: a transfer nearby, or a registration far away.
                if j:
                    used.append(home_near(ch.place, used, DUP_SAME_REGION))
                records.append(_noisy_record(rng, ch, home_ids[used[-1]]))
            if len(records) >= n_records:
                break
    rng.shuffle(records)  # so that duplicates are not adjacent; ids follow the final order
    for i, rec in enumerate(records):
        rec["record_id"] = f"r{i:0{width}d}"
    return records


def _noisy_record(rng: random.Random, ch: _Child, lksa_id: str) -> dict[str, str]:
    caps = rng.random() < CAPS_RATE
    return {
        "record_id": "",
        "full_name": _noisy_child_name(rng, ch, caps),
        "sex": ch.sex if rng.random() >= SEX_FLIP else ("P" if ch.sex == "L" else "L"),
        "birth_date": _noisy_date(rng, ch.birth),
        "birth_place": _noisy_place(rng, _PLACES[ch.place]),
        "nik": _noisy_nik(rng, ch.nik),
        "mother_name": _noisy_parent(rng, ch.mother, caps, _MOTHER_RATES),
        "father_name": _noisy_parent(rng, ch.father, caps, _FATHER_RATES),
        "lksa_id": lksa_id,
        "true_id": ch.true_id,
    }


def write_csv(
    path: str | os.PathLike[str], records: Iterable[Mapping[str, str]], *, with_truth: bool = False
) -> None:
    """Write UTF-8 CSV with a header; ``true_id`` only ``with_truth`` (never hand it to the engine)."""
    fields = [*COLUMNS, "true_id"] if with_truth else list(COLUMNS)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(records)
