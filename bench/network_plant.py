"""The synthetic network planted into the bench data, and the truth file written about it.

Every planted link uses identifiers made for it (never one a background row holds), so a link the
indexer finds is either in the truth file or listed there as incidental (found by the checks at the end:
background names that happen to agree). Homes taking part in one planted pattern take part in no other.

The truth file (ids are primary keys; phones E.164 as in posts' entities; bank numbers digits only):

    signals:
      shared_bank_account:  [{bank, number, holder, holder_kind, homes: [{home_id, via: ["post"|"registry"],
                              post_ids, bank_account_id (the registry row, or null)}]}]   # 3 homes each
      shared_wallet:        [{wallet, number, homes: [{home_id, post_ids}]}]  # number also in posts' phones
      shared_qris:          [{nmid, merchant, homes: [{home_id, post_ids}]}]
      personal_account_appeal: [{home_id, bank, number, holder, holder_kind: "person", post_ids}]
      staff_in_case_elsewhere: [{staff_id, home_id, case_id, subject_id, case_home_id,
                                 match: "nik"|"name_birth"}]
      staff_barred_elsewhere:  [{staff_id, home_id, bar_id, bar_origin_home_id, match: "nik"|"name_birth"}]
      phone_appeal_and_care_file: [{phone, home_id, post_ids, care_file_id, care_file_home_id,
                                    intermediary_phone (as written on the file), appeal: true}]
      paper_orphans:        [{home_id, children_in_care, with_living_parent, claim_post_ids}]
    near_misses:            (must not be signals)
      staff_case_same_name_other_birth / staff_bar_same_name_other_birth: as above, match "near"
      phone_in_non_appeal_post_and_care_file: as phone_appeal_and_care_file, appeal: false (the posts ask
                              for nothing: no bank account, e-wallet, QRIS or link)
      orphan_claim_true_orphans: as paper_orphans (most children have no living parent)
      hub_handles:          handles mentioned by hundreds of homes
    context:                registry_personal_accounts [{home_id, number}] (never in a post),
                            concerns_mentioning_shared_accounts [{concern_id, number}]
    incidental:             per pattern, links the checks found that were not planted ([] expected), the
                            count of staff/alleged-person pairs with the same name and a missing date of
                            birth, and how many sampled posts' text disagrees with their entities (0)

An appeal is a post whose entities hold a bank account, e-wallet, QRIS code or fundraising link. Only
the planted homes' posts say "yatim piatu"; no background post says "yatim".
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from network_posts import Injection, PostWriter
from network_sources import bars, care_files, cases, concerns  # noqa: F401  (steps of the seed)
from network_world import HUB_HANDLES, World, bank_row, e164

SHARED_BANKS = 50  # accounts collecting for three homes each
SHARED_WALLETS = 30
SHARED_QRIS = 20
PERSONAL = 50  # homes whose appeals pay into a personal account
STAFF_IN_CASE = 50  # half by NIK, half by name and date of birth
STAFF_IN_CASE_NEAR = 20  # same name, other date of birth
STAFF_BARRED = 30
STAFF_BARRED_NEAR = 15
PHONES = 30  # a phone in a home's appeal and in a care file's intermediary
PHONES_NEAR = 15  # the same, but the phone is only in posts that ask for nothing
PAPER_ORPHANS = 50
TRUE_ORPHANS = 20  # claim "yatim piatu" and most children really have no living parent: near-miss
MIN_POSTS = 24  # an account with planted posts posts at least this many


class Plan:
    def __init__(self, world: World) -> None:
        self.world = world
        rng = world.rng
        self.pool = rng.sample(range(len(world.homes)), len(world.homes))
        self.shared_banks = [self.take(3) for _ in range(SHARED_BANKS)]
        self.shared_wallets = [self.take(3) for _ in range(SHARED_WALLETS)]
        self.shared_qris = [self.take(3) for _ in range(SHARED_QRIS)]
        self.personal = self.take(PERSONAL)
        self.phones = self.take(PHONES)
        self.phones_near = self.take(PHONES_NEAR)
        self.paper = self.take(PAPER_ORPHANS, children=12)
        self.orphans = self.take(TRUE_ORPHANS, children=12)
        for index in self.paper:
            world.homes[index].orphan_mode = "paper"
        for index in self.orphans:
            world.homes[index].orphan_mode = "orphans"
        # Filled by people(): (staff index, other home index, match) and the near-misses.
        self.in_case: list[dict[str, Any]] = []
        self.barred: list[dict[str, Any]] = []
        self.posts: dict[str, list[int]] = {}
        self.registry_rows: dict[tuple[int, int], int] = {}  # (shared account, home index) -> BankAccount id
        self.bank_modes: list[list[list[str]]] = []
        self.bank_accounts: list[dict[str, str]] = []
        self.wallets: list[dict[str, str]] = []
        self.qris: list[dict[str, str]] = []
        self.personal_accounts: list[dict[str, str]] = []
        self.phone_numbers: list[str] = []  # local form, PHONES then PHONES_NEAR

    def take(self, count: int, children: int = 0) -> list[int]:
        picked: list[int] = []
        while len(picked) < count:
            index = self.pool.pop()
            if self.world.homes[index].children >= children:
                picked.append(index)
            else:
                self.pool.insert(0, index)
        return picked

    def people(self, world: World) -> None:
        """Choose the planted staff (board members and carers of homes outside the other patterns) and
        give them what their match needs: a NIK, or a date of birth."""
        rng = world.rng

        def staff_of(home: int) -> int:
            members = [
                s
                for s in world.homes[home].staff
                if world.staff[s].is_board or world.staff[s].position == "Pengasuh"
            ]
            return rng.choice(members or world.homes[home].staff)

        def other(home: int) -> int:
            while (index := rng.randrange(len(world.homes))) == home:
                pass
            return index

        for total, near, target in (
            (STAFF_IN_CASE, STAFF_IN_CASE_NEAR, self.in_case),
            (STAFF_BARRED, STAFF_BARRED_NEAR, self.barred),
        ):
            for n in range(total + near):
                home = self.take(1)[0]
                person = world.staff[index := staff_of(home)]
                person.birth_date = person.birth_date or world.adult_birth()
                match = "near" if n >= total else ("nik" if n < total // 2 else "name_birth")
                if match == "nik" and not person.nik:
                    person.nik = world.nik(world.homes[home].region, person.birth_date, rng.random() < 0.5)
                target.append({"staff": index, "home": home, "other": other(home), "match": match})

    def injections(self) -> dict[int, list[Injection]]:
        world, rng = self.world, self.world.rng
        out: dict[int, list[Injection]] = {}

        def inject(home: int, injection: Injection) -> None:
            account = world.accounts[world.homes[home].accounts[0]]
            out.setdefault(account.index, []).append(injection)

        for k, homes in enumerate(self.shared_banks):
            account = world.bank_account(f"Yayasan Peduli Anak {world.person_name().split()[-1]}")
            self.bank_accounts.append(account)
            modes = [["post"]] + [
                rng.choice((["post"], ["registry"], ["post", "registry"])) for _ in homes[1:]
            ]
            self.bank_modes.append(modes)
            for home, via in zip(homes, modes, strict=True):
                if "post" in via:
                    inject(home, Injection("bank", account, rng.randint(3, 8), f"bank:{k}:{home}"))
        for k, homes in enumerate(self.shared_wallets):
            wallet = {"wallet": rng.choice(["DANA", "OVO", "GoPay"]), "number": e164(world.phone())}
            self.wallets.append(wallet)
            for home in homes:
                inject(home, Injection("wallet", wallet, rng.randint(3, 6), f"wallet:{k}:{home}"))
        for k, homes in enumerate(self.shared_qris):
            code = {"nmid": world.nmid(), "merchant": f"TOKO AMANAH BERSAMA {k + 1}"}
            self.qris.append(code)
            for home in homes:
                inject(home, Injection("qris", code, rng.randint(3, 6), f"qris:{k}:{home}"))
        for home in self.personal:
            account = world.bank_account(world.person_name(), "person")
            self.personal_accounts.append(account)
            inject(home, Injection("personal", account, rng.randint(4, 10), f"personal:{home}"))
        for n, home in enumerate(self.phones + self.phones_near):
            phone = world.phone()
            self.phone_numbers.append(phone)
            appeal = n < len(self.phones)
            inject(
                home, Injection("phone", e164(phone), rng.randint(2, 4), f"phone:{n}:{home}", appeal=appeal)
            )
        for home in self.paper + self.orphans:
            inject(home, Injection("claim", None, rng.randint(4, 10), f"claim:{home}"))
        return out


def posts(world: World, plan: Plan) -> str:
    from django.contrib.auth import get_user_model

    from pantau.registry.models import BankAccount

    injections = plan.injections()
    _room(world, injections)
    rows = []
    for k, homes in enumerate(plan.shared_banks):
        for home, via in zip(homes, plan.bank_modes[k], strict=True):
            if "registry" in via:
                rows.append(((k, home), bank_row(world.homes[home].pk, plan.bank_accounts[k])))
    BankAccount.objects.bulk_create([row for _, row in rows])
    plan.registry_rows = {key: row.pk for key, row in rows}
    officer = get_user_model().objects.get(email="pengawas@dinsos-kabtangerang.pantau.test")
    writer = PostWriter(world, officer.pk)
    written = writer.write(injections, first_id=1)
    plan.posts = dict(writer.tagged)
    return f"{written:,} posts, {writer.identifiers:,} identifiers"


def _room(world: World, injections: dict[int, list[Injection]]) -> None:
    """Accounts with planted posts post at least MIN_POSTS; the busiest account gives up the difference."""
    added = 0
    for index in injections:
        account = world.accounts[index]
        if account.posts < MIN_POSTS:
            added += MIN_POSTS - account.posts
            account.posts = MIN_POSTS
    busiest = max((a for a in world.accounts if a.index not in injections), key=lambda a: a.posts)
    busiest.posts -= added


def write_truth(world: World, plan: Plan, path: Path) -> str:
    import network_checks

    homes = world.homes
    pk = {h.index: h.pk for h in homes}
    tagged = plan.posts
    signals: dict[str, list[dict[str, Any]]] = {
        "shared_bank_account": [
            {
                "bank": account["bank"],
                "number": account["number"],
                "holder": account["holder"],
                "holder_kind": account["holder_kind"],
                "homes": [
                    {
                        "home_id": pk[home],
                        "via": via,
                        "post_ids": tagged.get(f"bank:{k}:{home}", []),
                        "bank_account_id": plan.registry_rows.get((k, home)),
                    }
                    for home, via in zip(plan.shared_banks[k], plan.bank_modes[k], strict=True)
                ],
            }
            for k, account in enumerate(plan.bank_accounts)
        ],
        "shared_wallet": [
            {
                **wallet,
                "homes": [
                    {"home_id": pk[h], "post_ids": tagged.get(f"wallet:{k}:{h}", [])}
                    for h in plan.shared_wallets[k]
                ],
            }
            for k, wallet in enumerate(plan.wallets)
        ],
        "shared_qris": [
            {
                **code,
                "homes": [
                    {"home_id": pk[h], "post_ids": tagged.get(f"qris:{k}:{h}", [])}
                    for h in plan.shared_qris[k]
                ],
            }
            for k, code in enumerate(plan.qris)
        ],
        "personal_account_appeal": [
            {"home_id": pk[home], **account, "post_ids": tagged.get(f"personal:{home}", [])}
            for home, account in zip(plan.personal, plan.personal_accounts, strict=True)
        ],
        "staff_in_case_elsewhere": [p["truth"] for p in plan.in_case if p["match"] != "near"],
        "staff_barred_elsewhere": [p["truth"] for p in plan.barred if p["match"] != "near"],
        "phone_appeal_and_care_file": [p for p in world.truth.get("phones", []) if p["appeal"]],
        "paper_orphans": [_orphans(world, plan, h) for h in plan.paper],
    }
    near = {
        "staff_case_same_name_other_birth": [p["truth"] for p in plan.in_case if p["match"] == "near"],
        "staff_bar_same_name_other_birth": [p["truth"] for p in plan.barred if p["match"] == "near"],
        "phone_in_non_appeal_post_and_care_file": [
            p for p in world.truth.get("phones", []) if not p["appeal"]
        ],
        "orphan_claim_true_orphans": [_orphans(world, plan, h) for h in plan.orphans],
        "hub_handles": HUB_HANDLES,
    }
    incidental = network_checks.run(signals, near)
    truth = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "format": 1,
        "signals": signals,
        "near_misses": near,
        "context": {
            "registry_personal_accounts": world.truth.get("registry_personal_accounts", []),
            "concerns_mentioning_shared_accounts": world.truth.get("concerns", []),
        },
        "incidental": incidental,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(truth, indent=1))
    found = sum(len(v) for v in incidental.values() if isinstance(v, list))
    return f"{sum(len(v) for v in signals.values())} planted signals, {found} incidental"


def _orphans(world: World, plan: Plan, home: int) -> dict[str, Any]:
    from pantau.children.models import Child

    children = Child.objects.filter(lksa_id=world.homes[home].pk, status=Child.Status.IN_CARE)
    living = children.filter(models_q_living()).count()
    return {
        "home_id": world.homes[home].pk,
        "children_in_care": children.count(),
        "with_living_parent": living,
        "claim_post_ids": plan.posts.get(f"claim:{home}", []),
    }


def models_q_living() -> Any:
    from django.db.models import Q

    return Q(mother_status="alive") | Q(father_status="alive")
