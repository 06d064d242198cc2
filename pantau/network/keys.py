"""One normalised key per identifier, whatever record it was written in, and what may be shown of it.

* phone: E.164 (``phonenumbers``, Indonesia by default). An e-wallet number (DANA, OVO, GoPay...) is a
  phone number and is indexed as one, its role saying which wallet: the same number as a home's
  WhatsApp contact and as an intermediary's DANA account is one entity.
* bank: the bank's code and the digits of the number ("014:1234567890"). A number at an unknown bank
  keeps the bank's name folded instead of a code.
* qris: the national merchant id (NMID, "ID" and 13 digits) printed under a QRIS code.
* handle: the handle without "@", URL or case. Not split per platform: a post or a concern that
  mentions "@panti.kasih" seldom says where, and operators keep one handle across platforms; each place
  found says its platform.
* person: adults only (staff, board, alleged persons, barred persons, intermediaries): "nik:<keyed hash of
  the NIK>" when a NIK is known, and "nb:<name key>|<date of birth>" when both are known. A record with
  both is indexed under both. A name alone is never a key: namesakes are too common to link on.

The entity's ``digest`` is a keyed hash of "kind:key" (``lib/crypto.blind_index``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from pantau.lib.crypto import blind_index
from pantau.lib.names import fold, name_tokens
from pantau.lib.normalise import normalise_account_number, normalise_handle
from pantau.monitoring.crosscheck import mask
from pantau.monitoring.screening.entities import BANKS, e164

CONTEXT = "network.entity"

# Bank Indonesia's three-digit bank codes (kode bank, used for interbank transfers), for the banks the
# post screener recognises (``monitoring/screening/entities.BANKS``). Source: the codes as published by
# the banks and Bank Indonesia's SKNBI/BI-FAST participant lists; unverified against BI's current list
# (a wrong code only changes the key's prefix: both sides of a link go through this same table).
BANK_CODES = {
    "BRI": "002",
    "Mandiri": "008",
    "BNI": "009",
    "Danamon": "011",
    "Permata": "013",
    "BCA": "014",
    "CIMB Niaga": "022",
    "BJB": "110",
    "Bank DKI": "111",
    "Bank Jateng": "113",
    "Bank Jatim": "114",
    "Bank Aceh": "116",
    "Bank Sumut": "117",
    "Bank Nagari": "118",
    "Bank Kalbar": "123",
    "Bank NTT": "130",
    "Bank Papua": "132",
    "Muamalat": "147",
    "BTN": "200",
    "BTPN": "213",
    "Mega": "426",
    "BSI": "451",
    "SeaBank": "535",
    "Jago": "542",
}
# Banks written out in full ("Bank Central Asia") are the same banks as their short names.
FULL_NAMES = {
    "bank central asia": "BCA",
    "bank rakyat indonesia": "BRI",
    "bank negara indonesia": "BNI",
    "bank tabungan negara": "BTN",
    "bank syariah indonesia": "BSI",
    "bank muamalat indonesia": "Muamalat",
    "bank pembangunan daerah jawa barat": "BJB",
}
_BANK_WORDS = sorted(BANKS, key=len, reverse=True)


@dataclass(frozen=True)
class Key:
    kind: str
    key: str  # the normalised value (never stored in clear: see Entity)
    label: str

    @property
    def digest(self) -> str:
        return blind_index(f"{self.kind}:{self.key}", context=CONTEXT)


def _masked(value: str, *, keep_start: int = 0) -> str:
    """The last four characters (and ``keep_start`` first ones) shown: enough to compare two records,
    not to call or transfer."""
    return value[:keep_start] + mask(value[keep_start:])


def bank_name(raw: str) -> str:
    """The canonical name of a bank written freely ("Bank Central Asia (BCA)", "bca", "BRI Unit X")."""
    text = f" {fold(raw or '')} "
    for full, name in FULL_NAMES.items():
        if f" {full} " in text:
            return name
    for word in _BANK_WORDS:
        if f" {word} " in text:
            return BANKS[word]
    return " ".join(text.split()).upper()


def written_in_full(kind: str, value: str) -> str:
    """The normalised value as a bank or operator reads it: "BCA (014) 7012334455" for a bank key."""
    if kind != "bank" or ":" not in value:
        return value
    code, digits = value.split(":", 1)
    name = next((n for n, c in BANK_CODES.items() if c == code), "")
    return f"{name} ({code}) {digits}" if name else f"{code} {digits}"


def phone(raw: str) -> Key | None:
    number = e164(raw or "")
    if number is None:
        return None
    return Key("phone", number, _masked(number, keep_start=5))


def bank(bank_raw: str, number_raw: str) -> Key | None:
    digits = normalise_account_number(number_raw)
    if not 6 <= len(digits) <= 20:
        return None
    name = bank_name(bank_raw)
    code = BANK_CODES.get(name, name)
    return Key("bank", f"{code}:{digits}", f"{name} {_masked(digits)}")


QRIS_ID = re.compile(r"^ID\d{13}$")


def qris(nmid_raw: str) -> Key | None:
    nmid = re.sub(r"[\s.\-]", "", nmid_raw or "").upper()
    if not QRIS_ID.match(nmid):
        return None
    return Key("qris", nmid, f"QRIS {_masked(nmid, keep_start=2)}")


def handle(raw: str) -> Key | None:
    value = normalise_handle(raw or "")
    if not re.fullmatch(r"[a-z0-9_.]{2,100}", value):
        return None
    return Key("handle", value, f"@{value}")


def _initials(name: str) -> str:
    return " ".join(f"{t[0].upper()}." for t in name_tokens(name) if t) or "?"


def persons(*, name: str, name_key: str, birth_date: date | None, nik_hash: str) -> list[Key]:
    """The keys of an adult: by NIK (its keyed hash: no clear NIK here) and by name and date of birth."""
    found = []
    initials = _initials(name)
    if nik_hash:
        found.append(Key("person", f"nik:{nik_hash}", f"{initials} (NIK)"))
    if name_key and birth_date is not None:
        found.append(
            Key("person", f"nb:{name_key}|{birth_date.isoformat()}", f"{initials}, {birth_date.year}")
        )
    return found
