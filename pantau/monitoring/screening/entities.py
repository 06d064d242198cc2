"""Identifiers in a post: phone numbers (E.164), bank accounts with their holders, e-wallets, handles,
fundraising links, permit numbers and prices.

High recall on the identifiers is what lets a reviewer see that the same number or account appears
behind several homes (online-risk.md §4). Obfuscation is undone only inside digit-dominated runs:
"O812-3456-789O" is a phone number, but "BRI" must never become "BR1".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import phonenumbers

BANKS = {
    "bri": "BRI",
    "bca": "BCA",
    "bni": "BNI",
    "mandiri": "Mandiri",
    "bsi": "BSI",
    "bank syariah indonesia": "BSI",
    "btn": "BTN",
    "cimb": "CIMB Niaga",
    "cimb niaga": "CIMB Niaga",
    "danamon": "Danamon",
    "permata": "Permata",
    "muamalat": "Muamalat",
    "jago": "Jago",
    "seabank": "SeaBank",
    "btpn": "BTPN",
    "jenius": "BTPN",
    "mega": "Mega",
    "bank sumut": "Bank Sumut",
    "bank jatim": "Bank Jatim",
    "bank jateng": "Bank Jateng",
    "bank dki": "Bank DKI",
    "bjb": "BJB",
    "bank ntt": "Bank NTT",
    "bank nagari": "Bank Nagari",
    "bank aceh": "Bank Aceh",
    "bank kalbar": "Bank Kalbar",
    "bank papua": "Bank Papua",
    "bpd": "BPD",
}
WALLETS = {
    "dana": "DANA",
    "ovo": "OVO",
    "gopay": "GoPay",
    "go-pay": "GoPay",
    "shopeepay": "ShopeePay",
    "shopee pay": "ShopeePay",
    "linkaja": "LinkAja",
    "link aja": "LinkAja",
}
# A holder name that is an organisation rather than a person (a PUB permit can only cover those).
ORGANISATION_HOLDER = re.compile(
    r"^(?:yayasan|yys|yay\.|ypa|panti|lksa|lks|perkumpulan|lembaga|pondok|ponpes|pp\.|masjid|"
    r"pesantren|rumah yatim|rumah singgah|badan|baznas|laz|lazis)",
    re.IGNORECASE,
)

_SEP = r"[\s.\-\u2013]"
_DIGITISH = r"[0-9oOlI]"
_BANK_NAMES = "|".join(sorted((re.escape(b) for b in BANKS), key=len, reverse=True))
_WALLET_NAMES = "|".join(sorted((re.escape(w) for w in WALLETS), key=len, reverse=True))
# Bank name, then within ~25 characters a run of 8-16 digits (spaces, dots and dashes allowed),
# then optionally the holder after "a.n." / "an" / "atas nama". The holder is read ahead without being
# consumed: "BCA 123... a.n. Yayasan X atau BRI 456... a.n. Budi" holds two accounts, and a consumed
# holder would swallow the second.
BANK_ACCOUNT = re.compile(
    rf"\b(?P<bank>{_BANK_NAMES})\b[^0-9\n]{{0,25}}?(?P<number>\d(?:{_SEP}?\d){{7,17}})"
    r"(?=(?:[^\n]{0,12}?\b(?:a\.?\s?n\.?|atas\s+nama)\s*:?\s*(?P<holder>[^\n,;|()]{2,60}))?)",
    re.IGNORECASE,
)
WALLET = re.compile(
    rf"\b(?P<wallet>{_WALLET_NAMES})\b[^0-9+\n]{{0,20}}?(?P<number>(?:\+?62|[0oO])(?:{_SEP}?(?:{_DIGITISH}|nol)){{8,14}})",
    re.IGNORECASE,
)
# A phone candidate: starts like an Indonesian number (0 / O / +62 / 62), then 8-14 digit-ish chars
# with separators. "nol" written out after digits counts as 0.
PHONE = re.compile(
    rf"(?<![\w/])(?P<number>(?:\+\s?62|62|\(0\d{{2,3}}\)|[0oO])(?:[\s.\-\u2013]?(?:{_DIGITISH}|nol)){{7,14}})(?!\d)",
    re.IGNORECASE,
)
WA_LINK = re.compile(r"(?:wa\.me|api\.whatsapp\.com/send\?phone=)/?(?P<number>\+?\d{9,15})", re.IGNORECASE)
HANDLE = re.compile(r"(?<![\w@.])@(?P<handle>[a-z0-9_](?:[a-z0-9_.]{1,28}[a-z0-9_]))", re.IGNORECASE)
FUND_LINK = re.compile(
    r"\b(?P<site>saweria\.co|trakteer\.id|kitabisa\.com|sociabuzz\.com|bagibagi\.co)/(?P<page>[\w.\-]+)",
    re.IGNORECASE,
)
PERMIT = re.compile(
    r"\b(?P<kind>izin\s+(?:pub|pengumpulan\s+uang\s+(?:dan|&)\s+barang|undian)|no\.?\s*izin|"
    r"sk\s+(?:izin\s+)?(?:pub|kemensos|mensos|dinsos|gubernur|bupati|wali\s?kota))\b[^0-9\n]{0,20}"
    r"(?P<number>[0-9][0-9A-Za-z./\-]{3,40})",
    re.IGNORECASE,
)
# The national merchant id printed under a QRIS code ("NMID: ID1020012345678"), and the merchant's name.
QRIS_NMID = re.compile(r"\bNMID\s*[:.]?\s*(?P<nmid>ID\s?\d{13})\b", re.IGNORECASE)
QRIS_MERCHANT = re.compile(
    r"\bQRIS\b[^\n]{0,20}?\b(?:a\.?\s?n\.?|atas\s+nama|merchant)\s*:?\s*"
    r"(?P<merchant>[A-Za-z][A-Za-z .'\u2019]{1,58}?)(?=\s+(?:NMID|atau|or)\b|\s*\d|[\n,;|()]|$)",
    re.IGNORECASE,
)
AHU = re.compile(r"\bAHU[-\s.]?(?P<number>[0-9][0-9A-Za-z.\-]{4,30})", re.IGNORECASE)
# Bounded digit runs: an unbounded one is quadratic on a 10,000-digit "price" and overflows a float.
PRICE = re.compile(
    r"(?:rp\.?\s?)?(?<![\d.,])(?P<amount>\d{1,3}(?:[.,]\d{1,3}){0,3}|\d{1,9})\s?(?P<unit>jt|juta|jeti|rb|ribu|k)\b",
    re.IGNORECASE,
)


@dataclass
class Entities:
    phones: list[str] = field(default_factory=list)
    bank_accounts: list[dict[str, str]] = field(default_factory=list)
    wallets: list[dict[str, str]] = field(default_factory=list)
    handles: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    permits: list[str] = field(default_factory=list)
    ahu_numbers: list[str] = field(default_factory=list)
    prices_idr: list[int] = field(default_factory=list)
    qris: list[dict[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "phones": self.phones,
            "bank_accounts": self.bank_accounts,
            "wallets": self.wallets,
            "handles": self.handles,
            "links": self.links,
            "permits": self.permits,
            "ahu_numbers": self.ahu_numbers,
            "prices_idr": self.prices_idr,
            "qris": self.qris,
        }

    @property
    def personal_accounts(self) -> list[dict[str, str]]:
        return [a for a in self.bank_accounts if a.get("holder_kind") == "person"]


_DIGIT_LOOKALIKES = str.maketrans("oOlI", "0011")


def _deobfuscate(raw: str) -> str:
    raw = re.sub(r"nol", "0", raw, flags=re.IGNORECASE)
    return raw.translate(_DIGIT_LOOKALIKES)


def e164(raw: str) -> str | None:
    """The E.164 form of an Indonesian phone number written in any usual way, or None."""
    digits = re.sub(r"[^\d+]", "", _deobfuscate(raw))
    if digits.startswith("62"):
        digits = "+" + digits
    try:
        number = phonenumbers.parse(digits, "ID")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _holder(raw: str | None) -> tuple[str, str]:
    if not raw:
        return "", ""
    # The name ends where the sentence goes on: a line break, punctuation, an emoji or a lower-case
    # word after a capitalised name ("a.n. Siti Aminah untuk adik2").
    words = []
    for word in raw.strip().split():
        clean = word.strip(".:-\u2013")
        if not clean or not (clean[0].isupper() or clean.lower() in {"bin", "binti", "yys", "yayasan"}):
            break
        words.append(clean)
        if len(words) == 6 or (word.endswith(".") and len(clean) > 3):  # "Bpk." goes on, "Cahaya." ends
            break
    name = " ".join(words)
    if not name:
        return "", ""
    return name, "organisation" if ORGANISATION_HOLDER.match(name) else "person"


def _digits(raw: str) -> str:
    return re.sub(r"\D", "", raw)


def _price(amount: str, unit: str) -> int | None:
    unit = unit.lower()
    multiplier = 1_000_000 if unit in {"jt", "juta", "jeti"} else 1_000
    value = (
        amount.replace(".", "").replace(",", ".") if unit in {"rb", "ribu", "k"} else amount.replace(",", ".")
    )
    try:
        number = float(value) if value.count(".") <= 1 else float(value.replace(".", ""))
    except ValueError:
        return None
    return int(number * multiplier)


def extract(text: str) -> Entities:
    found = Entities()
    account_spans: list[tuple[int, int]] = []
    for match in BANK_ACCOUNT.finditer(text):
        holder, kind = _holder(match.group("holder"))
        number = _digits(match.group("number"))
        if not 8 <= len(number) <= 18 or (e164(match.group("number")) and number.startswith(("08", "628"))):
            continue  # a phone number next to a bank's name ("BRI ... hub 0812...") is not an account
        account = {"bank": BANKS[match.group("bank").lower()], "number": number, "holder": holder}
        account["holder_kind"] = kind
        if account not in found.bank_accounts:
            found.bank_accounts.append(account)
        account_spans.append(match.span("number"))
    for match in WALLET.finditer(text):
        phone = e164(match.group("number"))
        if phone:
            wallet = {"wallet": WALLETS[match.group("wallet").lower()], "number": phone}
            if wallet not in found.wallets:
                found.wallets.append(wallet)
    phones = [m.group("number") for m in WA_LINK.finditer(text)]
    for match in PHONE.finditer(text):
        if any(start <= match.start("number") < end for start, end in account_spans):
            continue
        raw = match.group("number")
        letters = sum(c.isalpha() for c in raw.lower().replace("nol", "0"))
        if letters > 3:  # digit-dominated runs only
            continue
        phones.append(raw)
    for raw in phones:
        phone = e164(raw)
        if phone and phone not in found.phones:
            found.phones.append(phone)
    for match in HANDLE.finditer(text):
        handle = match.group("handle").lower().rstrip(".")
        if handle not in found.handles:
            found.handles.append(handle)
    for match in FUND_LINK.finditer(text):
        link = f"{match.group('site').lower()}/{match.group('page')}"
        if link not in found.links:
            found.links.append(link)
    found.permits = list(dict.fromkeys(m.group("number").rstrip(".") for m in PERMIT.finditer(text)))
    found.ahu_numbers = list(dict.fromkeys(m.group("number").rstrip(".") for m in AHU.finditer(text)))
    merchant = QRIS_MERCHANT.search(text)
    for match in QRIS_NMID.finditer(text):
        code = {"nmid": match.group("nmid").replace(" ", "").upper(), "merchant": ""}
        if merchant:
            code["merchant"] = merchant.group("merchant").strip()
        if code not in found.qris:
            found.qris.append(code)
    for match in PRICE.finditer(text):
        amount = _price(match.group("amount"), match.group("unit"))
        if amount and amount not in found.prices_idr:
            found.prices_idr.append(amount)
    return found
