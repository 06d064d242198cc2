"""Indonesian names, places, dates and NIKs reduced to comparable keys for record linkage.

The keys are for blocking and comparison only, never for display. Personal names are folded by
``pantau.lib.names`` (shared with the registry's staff and the persons alleged in cases) and re-exported
here; places, dates, NIKs and sex are linkage's own.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from pantau.lib.names import fold, name_key, name_tokens
from pantau.lib.names import token_key as _token_key

__all__ = [
    "clean_nik",
    "clean_sex",
    "fold",
    "is_placeholder_date",
    "name_key",
    "name_tokens",
    "parse_birth_date",
    "place_key",
]

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
