"""Indonesian personal names reduced to comparable keys: spelling reforms (Van Ophuijsen 1901, Soewandi
1947, EYD 1972), the many spellings of Muhammad and of other Arabic-derived names, titles, *bin/binti* and
doubled letters folded into one form, so that "Moch. Rizky bin Slamet" and "MUHAMAD RIZKI" give the same
key. Pure functions, in ``lib`` so that every app may use them (record linkage, the registry's staff, the
persons alleged in cases); the keys are for comparison only, never for display.
"""

from __future__ import annotations

import re
import unicodedata
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
# reduced by token_key's rules (doubled letters collapsed, ch→h, final h dropped...).
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
def token_key(token: str) -> str:
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
    return [token_key(w) for w in (kept or words)]


def name_key(raw: str | None) -> str:
    return " ".join(name_tokens(raw))
