"""Indonesian names, places, dates and NIKs reduced to comparable keys for record linkage.

The keys are for blocking and comparison only, never for display: they fold spelling reforms
(Van Ophuijsen 1901, Soewandi 1947, EYD 1972), the many spellings of Muhammad and of other
Arabic-derived names, titles, *bin/binti* and doubled letters into one form, so that "Moch. Rizky
bin Slamet" and "MUHAMAD RIZKI" give the same key.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import lru_cache

# Titles and honorifics are not part of a child's name as other records write it (Raden, Teuku, Cut,
# Gusti, Haji, ananda...). "An." is how some homes prefix a child ("An. Budi").
_TITLES = frozenset(
    "h hj haji hajah hajjah raden r rr rara teuku tengku tgk cut sdr sdri an ananda alm almh "
    "almarhum almarhumah bpk bapak ibu ny nyonya tn tuan nn nona dr drs dra ir prof".split()
)
# Balinese titles (Ida Bagus, I Gusti Ngurah) are kept: Ida and Bagus are also given names. A name made
# only of titles keeps them (see name_tokens).
_PATRONYMIC = frozenset({"bin", "binti", "bt", "bte", "b"})

# Canonical keys for families of spellings that rules alone do not fold. Keys here are already
# reduced by _token_key's rules (doubled letters collapsed, ch→h, final h dropped...).
_FAMILIES = {
    **dict.fromkeys(
        "m mh mhd md moh mohd mu muh muhd muhamad mohamad mohamed muhamed muhamat mohamat muhmad muamad "
        "moamad mamad mhmd".split(),
        "muhamad",
    ),
    **dict.fromkeys("ahmad ahmat amad akmad".split(), "ahmad"),
    **dict.fromkeys("abd abdul abdoel".split(), "abdul"),
    **dict.fromkeys("nur nor nurul".split(), "nur"),
    **dict.fromkeys("st siti sitti".split(), "siti"),
}

_OLD_MARKERS = ("oe", "dj", "tj", "sj", "nj")


def fold(text: str) -> str:
    """Lower case ASCII letters, digits and single spaces: accents, punctuation and case removed."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    # An apostrophe inside a word ("Ma'ruf", "Qur'an") is silent; other punctuation separates words.
    text = re.sub(r"(?<=[a-z])['`](?=[a-z])", "", text)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


@lru_cache(maxsize=200_000)
def _token_key(token: str) -> str:
    """One word in modern spelling, reduced to the sounds that distinguish Indonesian names."""
    if any(marker in token for marker in _OLD_MARKERS):
        # Old spelling: its j is today's y ("Soejono" = "Suyono"). Only then, because Joko and Yoko are
        # different names.
        token = re.sub(r"(?<![dtsn])j", "y", token)
        token = token.replace("oe", "u").replace("dj", "j").replace("tj", "c").replace("sj", "sy")
        token = token.replace("nj", "ny")
    # ch, kh and h are one sound in Arabic-derived names (Achmad, Akhmad, Ahmad; Chadidjah, Hadijah).
    token = token.replace("ch", "h").replace("kh", "h")
    # Common transliteration pairs: dh/d (Ramadhan), th/t (Luthfi), q/k (Rizqi), ph/f, z/dz.
    token = token.replace("dh", "d").replace("th", "t").replace("ph", "f").replace("dz", "z")
    token = token.replace("q", "k")
    token = re.sub(r"(.)\1+", r"\1", token)  # Nurrul, Annisa, Muhammad
    if token in _FAMILIES:
        return _FAMILIES[token]
    if len(token) > 2:
        token = re.sub(r"(?<=[aeiou])h$", "", token)  # Aisyah/Aisya, Fatimah/Fatima
        token = re.sub(r"(ie|y)$", "i", token)  # Rizky/Rizki, Yanie/Yani
    return _FAMILIES.get(token, token)


def name_tokens(raw: str | None) -> list[str]:
    """The words of a person's name as comparable keys, titles and patronymic removed."""
    if not raw:
        return []
    # Degrees follow a comma ("Siti Aminah, S.Pd."); nothing after the first comma is the name.
    text = fold(raw.split(",", 1)[0])
    words = [w for w in text.split() if not w.isdigit()]
    for i, word in enumerate(words):
        if i > 0 and word in _PATRONYMIC and len(words) > i + 1:
            words = words[:i]  # "bin Slamet", "binti Ahmad": the father's name is not the child's
            break
    kept = [w for w in words if w not in _TITLES]
    return [_token_key(w) for w in (kept or words)]


def name_key(raw: str | None) -> str:
    return " ".join(name_tokens(raw))


# --- places ----------------------------------------------------------------------------------------

_PLACE_NOISE = frozenset(
    "kab kabupaten kota kodya kotamadya kot kec kecamatan kel kelurahan desa prov provinsi propinsi "
    "dki di daerah istimewa adm administrasi".split()
)
_PLACE_ALIASES = {
    "jkt": "jakarta",
    "jakpus": "jakarta",
    "jakbar": "jakarta",
    "jaktim": "jakarta",
    "jaksel": "jakarta",
    "jakut": "jakarta",
    "jogja": "yogyakarta",
    "yogya": "yogyakarta",
    "jogjakarta": "yogyakarta",
    "jogyakarta": "yogyakarta",
    "yogyakarta": "yogyakarta",
    "ngayogyakarta": "yogyakarta",
    "djokjakarta": "yogyakarta",
    "djogjakarta": "yogyakarta",
    "jokjakarta": "yogyakarta",
    "yk": "yogyakarta",
    "sby": "surabaya",
    "tng": "tangerang",
    "tgr": "tangerang",
    "smg": "semarang",
    "bdg": "bandung",
    "mdn": "medan",
    "mks": "makassar",
    "ujungpandang": "makassar",
    "plg": "palembang",
    "bpp": "balikpapan",
    "bks": "bekasi",
    "dps": "denpasar",
    "mlg": "malang",
    "bgr": "bogor",
    "pdg": "padang",
    "pku": "pekanbaru",
    "pekan baru": "pekanbaru",
}
_CITY_PARTS = frozenset({"pusat", "barat", "timur", "selatan", "utara"})


@lru_cache(maxsize=50_000)
def place_key(raw: str | None) -> str:
    """A birth place as a comparable key: "Kab. Bandung", "KABUPATEN BANDUNG" and "Bandung" agree."""
    if not raw:
        return ""
    text = fold(raw)
    text = _PLACE_ALIASES.get(text.replace(" ", ""), text)
    words = [w for w in text.split() if w not in _PLACE_NOISE]
    if words and words[0] == "jakarta":
        words = ["jakarta"]  # "Jakarta Selatan" is a birth place written as Jakarta elsewhere
    words = [_PLACE_ALIASES.get(w, w) for w in words]
    if len(words) > 1 and words[-1] in _CITY_PARTS and words[0] == "jakarta":
        words = words[:1]
    key = " ".join(_token_key(w) if w not in _PLACE_ALIASES.values() else w for w in words)
    return _PLACE_ALIASES.get(key.replace(" ", ""), key)


# --- identifiers, dates, sex -------------------------------------------------------------------------


def clean_nik(raw: str | None) -> tuple[str, str]:
    """(digits, problem): separators removed; a value with letters, or only zeros, is not usable.

    A number of another length is kept for comparison (a mistyped NIK still matches its 1-2-error
    twin) but reported, since a real NIK has 16 digits.
    """
    text = re.sub(r"[\s.\-/']", "", raw or "")
    if not text:
        return "", ""
    if not text.isdigit():
        return "", "letters"
    if set(text) == {"0"}:
        return "", "zeros"
    if len(text) != 16:
        return text, "length"
    return text, ""


_DATE_FORMATS = (
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"),
    re.compile(r"(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>\d{4})"),
)


def parse_birth_date(raw: str | None, *, today: date | None = None) -> tuple[date | None, str]:
    """(date, problem) from YYYY-MM-DD (also DD-MM-YYYY and DD/MM/YYYY, the Indonesian habit)."""
    text = (raw or "").strip()
    if not text:
        return None, ""
    for pattern in _DATE_FORMATS:
        match = pattern.fullmatch(text)
        if match:
            try:
                value = date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                return None, "impossible"
            if today and value > today:
                return None, "future"
            if value.year < 1900:
                return None, "impossible"
            return value, ""
    return None, "format"


def is_placeholder_date(value: date | None) -> bool:
    """1 January and 1 July stand in for unknown birth dates on Indonesian records."""
    return value is not None and value.day == 1 and value.month in (1, 7)


_SEXES = {"l": "L", "lk": "L", "laki": "L", "laki laki": "L", "m": "L", "male": "L", "pria": "L"}
_SEXES |= {"p": "P", "pr": "P", "perempuan": "P", "f": "P", "female": "P", "wanita": "P", "w": "P"}


def clean_sex(raw: str | None) -> tuple[str, str]:
    text = fold(raw or "")
    if not text:
        return "", ""
    sex = _SEXES.get(text, "")
    return sex, "" if sex else "unknown"
