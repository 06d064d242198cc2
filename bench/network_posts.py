"""The million captured posts of the network seed and their identifier rows, written with COPY.

Each post gets a short synthetic Indonesian text and the ``entities`` the screening would have found in it
(pantau.monitoring.screening.entities.Entities.as_dict(), plus "qris" on posts that show a QRIS code), and
the PostIdentifier rows pantau.monitoring.crosscheck.identifiers_of gives for those entities. Identifiers
are the account's own (its home's phone, bank account, e-wallet, QRIS, handles), one-off numbers of other
people, a few hub handles many homes mention, and whatever the plan injects into chosen posts.
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from network_world import HUB_HANDLES, World, display

OPENERS = [
    "Assalamualaikum kakak-kakak dermawan, adik-adik panti kami butuh bantuan untuk biaya sekolah.",
    "Mohon doa dan bantuannya, kebutuhan beras dan susu anak-anak asuh bulan ini belum tercukupi.",
    "Bantu renovasi asrama anak-anak kami yang atapnya bocor setiap hujan.",
    "Sedekah terbaik untuk adik-adik panti, sekecil apa pun sangat berarti.",
    "Anak-anak asuh kami butuh seragam dan buku baru untuk tahun ajaran ini.",
    "Ayo berbagi berkah Jumat bersama anak-anak panti asuhan kami.",
]
CLAIM_OPENERS = [
    "Bantu anak-anak yatim piatu kami yang sudah tidak punya siapa-siapa lagi.",
    "Adik-adik yatim piatu di panti kami butuh uluran tangan kakak semua.",
    "Mereka yatim piatu, tidak ada ayah dan ibu; mohon bantu biaya makan dan sekolah mereka.",
]
CONTACT = [
    "Info kunjungan dan kegiatan panti, silakan hubungi",
    "Untuk jadwal berkunjung atau menjadi relawan, hubungi",
    "Pengurus panti dapat dihubungi di",
]
PLAIN = [
    "Alhamdulillah adik-adik selesai ujian semester dengan nilai baik.",
    "Kegiatan mengaji bersama sore ini di aula panti.",
    "Terima kasih para donatur atas kunjungan dan kebersamaannya hari ini.",
    "Lomba tujuh belasan di halaman panti, anak-anak sangat gembira.",
    "Kerja bakti membersihkan lingkungan panti bersama warga.",
    "Syukuran khatam Al-Quran adik-adik kami.",
]
CLOSINGS = ["Terima kasih orang baik.", "Jazakumullah khairan.", "Semoga berkah.", "Tuhan memberkati.", ""]
COLUMNS = (
    "id, external_id, text, posted_at, is_live, gift_count, earnings_idr, url, screenshot, source, "
    "region_code, captured_at, score, tier, tier_rank, reasons, entities, screening_version, decision, "
    "decision_note, decided_at, version, account_id, captured_by_id, concern_id, decided_by_id, "
    "opened_concern_id"
)
CHUNK = 100_000  # posts per COPY


@dataclass
class Injection:
    """Put ``payload`` into ``count`` posts of one account: appeal posts unless ``appeal`` is False.

    kind: bank / personal (replace the post's bank accounts), phone (add), wallet / qris (replace),
    claim (the text says "yatim piatu")."""

    kind: str
    payload: Any
    count: int
    tag: str
    appeal: bool = True


def _reasons() -> dict[str, list[dict[str, Any]]]:
    """Reason lists as the screener writes them (pantau.monitoring.screening.screener.Fired.as_dict)."""
    from pantau.monitoring.screening.screener import Fired

    def fired(*codes: tuple[str, float]) -> list[dict[str, Any]]:
        return [Fired(code, ["(sintetis)"], points).as_dict() for code, points in codes]

    return {
        "appeal": fired(("donation_using_children", 1.2), ("account_not_permitted", 0.75)),
        "personal": fired(("personal_account", 1.5), ("donation_using_children", 1.2)),
        "live": fired(("live_at_night", 1.8), ("gifts_received", 1.4)),
        "context": fired(("foundation_account", -0.5)),
    }


class PostWriter:
    def __init__(self, world: World, officer_id: int) -> None:
        from pantau.monitoring.crosscheck import digest
        from pantau.monitoring.screening.indicators import INDICATORS_VERSION
        from pantau.monitoring.screening.model import load

        self.world = world
        self.rng: random.Random = world.rng
        self.officer_id = officer_id
        self.digest = digest
        self.digests: dict[tuple[str, str], str] = {}
        self.reasons = {key: json.dumps(value) for key, value in _reasons().items()}
        self.version = f"{INDICATORS_VERSION}/{load().version}"
        self.tagged: dict[str, list[int]] = defaultdict(list)
        self.identifiers = 0
        self.now = datetime.now().astimezone()

    def _digest(self, kind: str, value: str) -> str:
        key = (kind, value)
        found = self.digests.get(key)
        if found is None:
            found = self.digests[key] = self.digest(kind, value)
        return found

    def write(self, injections: dict[int, list[Injection]], first_id: int) -> int:
        """Write every account's posts; returns the number written. ``self.tagged`` holds the ids of the
        posts each injection went into."""
        from django.db import connection

        connection.ensure_connection()
        raw = connection.connection
        posts: list[tuple[Any, ...]] = []
        found: list[tuple[str, str, int]] = []
        next_id, written = first_id, 0
        for account in self.world.accounts:
            for post, identifiers in self._account(account, injections.get(account.index, []), next_id):
                posts.append(post)
                found.extend(identifiers)
                next_id += 1
            if len(posts) >= CHUNK:
                written += self._copy(raw, posts, found)
                posts, found = [], []
        written += self._copy(raw, posts, found)
        with raw.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('monitoring_post', 'id'), %s)", [max(next_id - 1, 1)]
            )
        if not raw.autocommit:
            raw.commit()
        return written

    def _copy(self, raw: Any, posts: list[tuple[Any, ...]], found: list[tuple[str, str, int]]) -> int:
        if not posts:
            return 0
        with raw.cursor() as cursor:
            with cursor.copy(f"COPY monitoring_post ({COLUMNS}) FROM STDIN") as copy:
                for row in posts:
                    copy.write_row(row)
            with cursor.copy("COPY monitoring_postidentifier (kind, digest, post_id) FROM STDIN") as copy:
                for row in found:
                    copy.write_row(row)
        if not raw.autocommit:
            raw.commit()
        self.identifiers += len(found)
        return len(posts)

    def _account(self, account: Any, injections: list[Injection], first_id: int) -> Any:
        rng = self.rng
        n = account.posts
        kinds = rng.choices(["appeal", "contact", "plain"], weights=[45, 25, 30], k=n)
        mods: list[list[Injection]] = [[] for _ in range(n)]
        for injection in injections:
            wanted = "appeal" if injection.appeal else "contact"
            pool = [i for i, kind in enumerate(kinds) if kind == wanted and not mods[i]]
            if len(pool) < injection.count:  # too few of that kind: turn plain posts into it
                spare = [i for i, kind in enumerate(kinds) if kind == "plain"]
                for i in spare[: injection.count - len(pool)]:
                    kinds[i] = wanted
                pool = [i for i, kind in enumerate(kinds) if kind == wanted and not mods[i]]
            for i in rng.sample(pool, min(injection.count, len(pool))):
                mods[i].append(injection)
                self.tagged[injection.tag].append(first_id + i)
        home = self.world.homes[account.home] if account.home is not None else None
        for i in range(n):
            yield self._post(account, home, kinds[i], mods[i], first_id + i)

    def _post(self, account: Any, home: Any, kind: str, mods: list[Injection], pk: int) -> Any:
        rng = self.rng
        phones: list[str] = []
        banks: list[dict[str, str]] = []
        wallets: list[dict[str, str]] = []
        qris: list[dict[str, str]] = []
        handles: list[str] = []
        links: list[str] = []
        permits: list[str] = []
        ahu: list[str] = []
        prices: list[int] = []
        claim = False
        if kind == "appeal":
            if rng.random() < 0.75:
                banks.append(rng.choice(account.banks))
            if account.wallet and rng.random() < 0.3:
                wallets.append(account.wallet)
            if account.qris and rng.random() < 0.25:
                qris.append(account.qris)
            if home is not None and home.link and rng.random() < 0.1:
                links.append(home.link)
            if not (banks or wallets or qris or links):
                banks.append(account.banks[0])
            if rng.random() < 0.6:
                phones.append(account.phone)
            if rng.random() < 0.5:
                prices.append(rng.choice((1, 2, 5, 10, 25, 50)) * 1_000_000)
            if home is not None and home.permit and rng.random() < 0.4:
                permits.append(home.permit)
            if home is not None and home.ahu and rng.random() < 0.05:
                ahu.append(home.ahu)
        elif kind == "contact":
            # Mostly the account's own number; now and then a volunteer's, seen once and never again.
            phones.append(account.phone if rng.random() < 0.95 else "+62" + self.world.phone()[1:])
        if home is not None and rng.random() < 0.15:
            handles.append(rng.choice(home.handles)[1] if home.handles else account.handle)
        if rng.random() < 0.03:
            handles.append(rng.choice(HUB_HANDLES))
        for mod in mods:
            if mod.kind in ("bank", "personal"):
                banks = [mod.payload]
            elif mod.kind == "phone":
                phones.append(mod.payload)
            elif mod.kind == "wallet":
                wallets = [mod.payload]
            elif mod.kind == "qris":
                qris = [mod.payload]
            elif mod.kind == "claim":
                claim = True
        # An e-wallet's number is a phone number too: the screening finds it among the phones as well.
        phones = list(dict.fromkeys([w["number"] for w in wallets] + phones))
        handles = list(dict.fromkeys(handles))
        text = self._text(kind, claim, phones, banks, wallets, qris, handles, links, permits, ahu, prices)
        entities: dict[str, Any] = {
            "phones": phones,
            "bank_accounts": banks,
            "wallets": wallets,
            "handles": handles,
            "links": links,
            "permits": permits,
            "ahu_numbers": ahu,
            "prices_idr": prices,
        }
        if qris:
            entities["qris"] = qris
        identifiers = {("phone", self._digest("phone", p)) for p in phones}
        identifiers |= {("bank", self._digest("bank", b["number"])) for b in banks}
        identifiers |= {("wallet", self._digest("phone", w["number"])) for w in wallets}
        identifiers |= {("handle", self._digest("handle", h)) for h in handles if h != account.handle}
        tier, score, reasons = self._screening(kind, banks)
        decided = tier in ("tinjau", "rujuk") and rng.random() < 0.1
        posted = self.now - timedelta(seconds=rng.randint(3600, 730 * 86400))
        captured = min(self.now, posted + timedelta(seconds=rng.randint(60, 3 * 86400)))
        live = kind == "appeal" and rng.random() < 0.04
        row = (
            pk,
            f"{account.platform}-{pk}",
            text,
            posted,
            live,
            rng.randint(10, 4000) if live else None,
            None,
            "",
            "",
            "import",
            account.region,
            captured,
            score,
            tier,
            {"none": 0, "pantau": 1, "tinjau": 2, "rujuk": 3}[tier],
            self.reasons["live"] if live and tier != "none" else reasons,
            json.dumps(entities),
            self.version,
            rng.choice(("no_action", "education_letter", "request_permit")) if decided else "",
            "Ditinjau (data sintetis)." if decided else "",
            captured + timedelta(days=2) if decided else None,
            1,
            account.pk,
            None,
            None,
            self.officer_id if decided else None,
            None,
        )
        return row, [(kind_, value, pk) for kind_, value in sorted(identifiers)]

    def _screening(self, kind: str, banks: list[dict[str, str]]) -> tuple[str, float, str]:
        """A tier as the screening would give: about 5 % of posts tinjau or rujuk, appeals into a
        personal account far more often, posts that ask for nothing rarely."""
        rng = self.rng
        personal = any(b["holder_kind"] == "person" for b in banks)
        if personal:
            rujuk, tinjau, pantau = 0.05, 0.25, 0.45
        elif kind == "appeal":
            rujuk, tinjau, pantau = 0.015, 0.07, 0.2
        else:
            rujuk, tinjau, pantau = 0.002, 0.02, 0.07
        reasons = self.reasons["personal" if personal else "appeal"]
        roll = rng.random()
        if roll < rujuk:
            return "rujuk", round(rng.uniform(0.85, 0.99), 3), reasons
        if roll < tinjau:
            return "tinjau", round(rng.uniform(0.6, 0.85), 3), reasons
        if roll < pantau:
            return "pantau", round(rng.uniform(0.35, 0.6), 3), reasons
        return "none", round(rng.uniform(0.0, 0.35), 3), self.reasons["context"] if banks else "[]"

    def _text(
        self,
        kind: str,
        claim: bool,
        phones: list[str],
        banks: list[dict[str, str]],
        wallets: list[dict[str, str]],
        qris: list[dict[str, str]],
        handles: list[str],
        links: list[str],
        permits: list[str],
        ahu: list[str],
        prices: list[int],
    ) -> str:
        rng = self.rng
        if kind == "appeal":
            parts = [rng.choice(CLAIM_OPENERS if claim else OPENERS)]
            parts += [f"Target Rp {p // 1_000_000}jt." for p in prices]
            parts += [f"Transfer ke {b['bank']} {b['number']} a.n. {b['holder']}," for b in banks]
            parts += [f"{w['wallet']} {display('0' + w['number'][3:], rng)}," for w in wallets]
            parts += [f"scan QRIS NMID {q['nmid']} ({q['merchant']})," for q in qris]
            parts += [f"galang dana {link}" for link in links]
            said = {w["number"] for w in wallets}
            parts += [f"Konfirmasi WA {display('0' + p[3:], rng)}." for p in phones if p not in said]
            parts += [f"Izin PUB No. {p}." for p in permits]
            parts += [f"SK Kemenkumham AHU-{a} Tahun 2015." for a in ahu]
        elif kind == "contact":
            parts = [rng.choice(CONTACT)] + [display("0" + p[3:], rng) for p in phones]
            parts[-1] += "."
            if claim:
                parts.insert(0, rng.choice(CLAIM_OPENERS))
        else:
            parts = [rng.choice(PLAIN)]
            if claim:
                parts.insert(0, rng.choice(CLAIM_OPENERS))
        parts += [f"@{h}" for h in handles]
        parts.append(rng.choice(CLOSINGS))
        return " ".join(p for p in parts if p)
