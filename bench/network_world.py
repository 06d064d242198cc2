"""The in-memory picture the network seed builds before writing: homes with their own identifiers, the
monitored accounts, and generators of synthetic identifiers that never repeat by accident (so every shared
phone, account or person in the data is one the seed planted on purpose and wrote into the truth file).

All data is synthetic: names are built from syllables, NIKs and phone numbers are random and unique.
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

# Volumes (the numbers). NETSEED_SCALE shrinks them for a quick trial run (0.2 is the smallest
# that leaves homes enough for every planted pattern); the bench itself always uses 1.
SCALE = float(os.environ.get("NETSEED_SCALE", "1"))
HOMES = round(10_000 * SCALE)
ACCOUNTS = round(15_000 * SCALE)
POSTS = round(1_000_000 * SCALE)
CHILDREN = round(100_000 * SCALE)
CASES = round(100_000 * SCALE)
CONCERNS = round(50_000 * SCALE)
CARE_FILES = round(5_000 * SCALE)
BARS = 300

FIRST = (
    "Siti Ahmad Dewi Yohana Rudi Sri Nur Agus Maria Hasan Lina Budi Wahyu Eko Andi Rina Yanti Hendra Joko "
    "Bambang Sinta Putri Rizky Fajar Dian Ayu Indah Teguh Yusuf Bayu Wayan Made Ketut Komang Kadek Gede Ni "
    "Yosua Samuel Ester Ruth Daniel Petrus Paulus Hadi Slamet Suryani Ratna Wulan Intan Fitri Rahmat Imam "
    "Arif Taufik Irfan Lukman Hamdan Zainal Ismail Farida Halimah Khadijah Aisyah Zahra Nabila Salsa Yuni "
    "Tri Dwi Eka Catur Panca Sapto Asep Ujang Cecep Dadang Euis Neneng Ucok Butet Tigor Poltak Martua"
).split()
SYLLABLES = (
    "su har to wi ra na ta ma di ja ya sa la ri ko no pu tra wa ti ni ga ba ha ka da se po lu mu ra jo "
    "ne ti ro ke do gu ar in an um"
).split()
POSITIONS = ["Pengasuh", "Pengasuh", "Pengasuh", "Pekerja Sosial", "Juru Masak", "Tenaga Administrasi"]
BOARD = ["Ketua Yayasan", "Sekretaris Yayasan", "Bendahara Yayasan"]
# Canonical bank names as pantau.monitoring.screening.entities writes them, with their number lengths.
BANKS = {"BCA": 10, "BRI": 15, "BNI": 10, "Mandiri": 13, "BSI": 10, "Bank Jateng": 10, "Bank Sumut": 11}
WALLETS = ["DANA", "OVO", "GoPay", "ShopeePay"]
MOBILE_PREFIXES = (
    "0811 0812 0813 0821 0822 0823 0851 0852 0853 0817 0818 0819 0859 0877 0878 0856 0857 0858 0895 "
    "0896 0897 0898 0899 0881 0882 0887 0888"
).split()
# Handles many homes mention (institutions, platforms): hubs of the graph, never a signal by themselves.
HUB_HANDLES = [
    "kemensos.ri",
    "kitabisa",
    "kpai_official",
    "baznasindonesia",
    "dompetdhuafaorg",
    "rumahzakat",
    "aksicepattanggap",
    "humaspolri",
    "dinsos.jateng",
    "sahabat.anak.id",
]


@dataclass
class Staff:
    home: int  # index into World.homes
    full_name: str
    position: str
    is_board: bool
    birth_date: date | None
    nik: str
    pk: int = 0


@dataclass
class Home:
    index: int
    region: str
    name: str
    phone: str  # as the registry writes it, local form
    e164: str
    banks: list[dict[str, str]]  # entity form: bank, number, holder, holder_kind
    handles: list[tuple[str, str]]  # (platform, handle) on the registry
    wallet: dict[str, str] | None
    qris: dict[str, str] | None
    permit: str
    ahu: str
    children: int
    link: str
    pk: int = 0
    accounts: list[int] = field(default_factory=list)  # indexes into World.accounts
    staff: list[int] = field(default_factory=list)  # indexes into World.staff
    # "normal", "paper" (claims yatim piatu, most children have a living parent), "orphans" (claims it,
    # and most children really have no living parent: a near-miss).
    orphan_mode: str = "normal"


@dataclass
class Account:
    index: int
    platform: str
    handle: str
    region: str
    home: int | None  # index into World.homes
    posts: int
    phone: str  # E.164: the account's own contact
    banks: list[dict[str, str]]
    wallet: dict[str, str] | None
    qris: dict[str, str] | None
    pk: int = 0


@dataclass
class World:
    rng: random.Random
    today: date
    homes: list[Home] = field(default_factory=list)
    accounts: list[Account] = field(default_factory=list)
    staff: list[Staff] = field(default_factory=list)
    used: set[str] = field(default_factory=set)
    truth: dict[str, Any] = field(default_factory=dict)

    def unique(self, make: Any) -> str:
        while True:
            value = make()
            if value not in self.used:
                self.used.add(value)
                return value

    def phone(self) -> str:
        """A new mobile number, local form "08xxxxxxxxxx" (12 digits)."""
        rng = self.rng
        return self.unique(lambda: rng.choice(MOBILE_PREFIXES) + f"{rng.randint(0, 99_999_999):08d}")

    def bank_account(self, holder: str, kind: str = "organisation", bank: str = "") -> dict[str, str]:
        rng = self.rng
        bank = bank or rng.choice(list(BANKS))
        length = BANKS[bank]
        # Never "62...": the screening reads a number that is also a valid +62 phone as a phone.
        first = "12345789"
        number = self.unique(lambda: rng.choice(first) + "".join(rng.choices("0123456789", k=length - 1)))
        return {"bank": bank, "number": number, "holder": holder, "holder_kind": kind}

    def nmid(self) -> str:
        return self.unique(lambda: "ID" + f"{self.rng.randint(0, 10**13 - 1):013d}")

    def person_name(self) -> str:
        """Two or three words: a common given name and one or two surnames built from syllables, so the
        space is large enough that unrelated people rarely share a whole name."""
        rng = self.rng

        def surname() -> str:
            return "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3, 3)))).capitalize()

        parts = [rng.choice(FIRST), surname()]
        if rng.random() < 0.6:
            parts.insert(1, surname())
        return " ".join(parts)

    def nik(self, region: str, born: date | None, female: bool) -> str:
        rng = self.rng
        born = born or date(1980, 1, 1)
        place = region.replace(".", "")[:6].ljust(6, "1")
        day = born.day + (40 if female else 0)
        stem = f"{place}{day:02d}{born.month:02d}{born.year % 100:02d}"
        return self.unique(lambda: stem + f"{rng.randint(1, 9999):04d}")

    def adult_birth(self) -> date:
        return self.today - timedelta(days=self.rng.randint(22 * 365, 65 * 365))


def holder_name(name: str) -> str:
    """The account holder as an appeal can write it and the screening read it back: capitalised words
    only, at most six (pantau.monitoring.screening.entities._holder stops there)."""
    words: list[str] = []
    for word in name.split():
        if not word[0].isupper() or len(words) == 6:
            break
        words.append(word.strip(".:-\u2013"))
    return " ".join(words)


def ascii_slug(text: str) -> str:
    """Lower-case ASCII letters and digits only: what a handle in a post can hold."""
    return "".join(ch for ch in text.lower() if ch in "abcdefghijklmnopqrstuvwxyz0123456789")


def e164(local: str) -> str:
    return "+62" + local[1:]


def display(local: str, rng: random.Random) -> str:
    """A phone as people write it: 0812-3456-7890, 0812 3456 7890 or 081234567890."""
    style = rng.random()
    if style < 0.4:
        return f"{local[:4]}-{local[4:8]}-{local[8:]}"
    if style < 0.7:
        return f"{local[:4]} {local[4:8]} {local[8:]}"
    return local


def bank_row(home_pk: int, bank: dict[str, str]) -> Any:
    """The registry's BankAccount for an account in entity form (number written with a dash when long)."""
    from pantau.registry.models import BankAccount

    number = bank["number"]
    return BankAccount(
        lksa_id=home_pk,
        bank=bank["bank"],
        number=f"{number[:3]}-{number[3:]}" if len(number) > 10 else number,
        number_digits=number,
        holder_name=bank["holder"],
        holder_kind=BankAccount.Holder.PERSON
        if bank["holder_kind"] == "person"
        else BankAccount.Holder.FOUNDATION,
    )
