"""Registry cross-check of a post's identifiers: is the home registered, does a current fundraising
permit cover the bank account, do the same phone or account appear behind other homes or in posts
already flagged?

These facts move the score by fixed points (they are not in the training data, so they cannot be
fitted). A registry match lowers only the fundraising-legality side; it never cancels a hard trigger.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone

from pantau.lib.crypto import blind_index
from pantau.monitoring.models import MonitoredAccount, Post, PostIdentifier, Tier
from pantau.monitoring.screening.screener import Fired
from pantau.registry.models import BankAccount, FundraisingPermit
from pantau.registry.models.lksa import LegalityStatus

POINTS = {
    "lksa_unregistered": 1.0,
    "account_not_permitted": 0.75,
    "shared_identifier": 1.5,
    "earlier_flagged": 1.0,
    "account_permitted": -0.5,
}
_CONTEXT = "monitoring-identifier"


def digest(kind: str, value: str) -> str:
    return blind_index(f"{kind}:{value}", context=_CONTEXT)


def identifiers_of(entities: dict[str, Any], account: MonitoredAccount) -> list[tuple[str, str, str]]:
    """(kind, raw value, digest) for every identifier in the post, the account's own handle included."""
    found = [("phone", phone, digest("phone", phone)) for phone in entities.get("phones", [])]
    found += [("bank", a["number"], digest("bank", a["number"])) for a in entities.get("bank_accounts", [])]
    found += [("wallet", w["number"], digest("phone", w["number"])) for w in entities.get("wallets", [])]
    handles = {h for h in entities.get("handles", []) if h != account.handle_normalised}
    found += [("handle", h, digest("handle", h)) for h in sorted(handles)]
    return found


def mask(value: str) -> str:
    """Last four characters only: enough for a reviewer to compare, not to call or transfer."""
    return "•" * max(0, len(value) - 4) + value[-4:]


def masked_entities(entities: dict[str, Any]) -> dict[str, Any]:
    """The identifiers with numbers cut to their last four digits (the API's default view)."""
    return {
        **entities,
        "phones": [mask(p) for p in entities.get("phones", [])],
        "bank_accounts": [{**a, "number": mask(a["number"])} for a in entities.get("bank_accounts", [])],
        "wallets": [{**w, "number": mask(w["number"])} for w in entities.get("wallets", [])],
    }


@dataclass
class CrossCheck:
    facts: list[Fired] = field(default_factory=list)
    lksa: dict[str, Any] | None = None
    accounts: list[dict[str, Any]] = field(default_factory=list)
    shared_with: list[str] = field(default_factory=list)  # other homes / accounts using the same identifiers
    earlier_flagged: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "lksa": self.lksa,
            "bank_accounts": self.accounts,
            "shared_with": self.shared_with,
            "earlier_flagged_posts": self.earlier_flagged,
        }


def _fact(check: CrossCheck, code: str, evidence: list[str]) -> None:
    check.facts.append(Fired(code, evidence, POINTS[code]))


def run(entities: dict[str, Any], account: MonitoredAccount, *, exclude: int | None = None) -> CrossCheck:
    check = CrossCheck()
    asks_money = bool(entities.get("bank_accounts") or entities.get("wallets") or entities.get("links"))
    lksa = account.lksa
    if lksa is not None:
        registered = lksa.legality_status != LegalityStatus.NOT_REGISTERED
        check.lksa = {"id": lksa.pk, "name": lksa.name, "legality_status": lksa.legality_status}
        if not registered and asks_money:
            _fact(check, "lksa_unregistered", [lksa.name])

    today = timezone.localdate()
    numbers = [a["number"] for a in entities.get("bank_accounts", [])]
    registry = {
        b.number_digits: b
        for b in BankAccount.objects.filter(number_digits__in=numbers).select_related("lksa")
    }
    permits = {
        p.bank_account_id: p
        for p in FundraisingPermit.objects.filter(bank_account__number_digits__in=numbers)
        if p.is_valid_on(today)
    }
    for found in entities.get("bank_accounts", []):
        known = registry.get(found["number"])
        permit = permits.get(known.pk) if known else None
        check.accounts.append(
            {
                "bank": found["bank"],
                "number": mask(found["number"]),
                "holder": found["holder"],
                "registered_to": known.lksa.name if known else None,
                "permit": permit.number if permit else None,
                "permit_until": permit.valid_until.isoformat() if permit and permit.valid_until else None,
            }
        )
        if permit is not None and known is not None and (lksa is None or known.lksa_id == lksa.pk):
            _fact(check, "account_permitted", [f"{found['bank']} {mask(found['number'])} · {permit.number}"])
        else:
            _fact(check, "account_not_permitted", [f"{found['bank']} {mask(found['number'])}"])
        if known is not None and lksa is not None and known.lksa_id != lksa.pk:
            check.shared_with.append(known.lksa.name)

    digests = [d for _, _, d in identifiers_of(entities, account)]
    if digests:
        others = (
            PostIdentifier.objects.filter(digest__in=digests)
            .exclude(post__account=account)
            .exclude(post_id=exclude or 0)
        )
        homes = others.values_list("post__account__handle_normalised", "post__account__lksa__name").distinct()
        for handle, home in homes[:200]:
            label = home or f"@{handle}"
            if label not in check.shared_with and (home is None or lksa is None or home != lksa.name):
                check.shared_with.append(label)
        # Posts flagged and not dismissed by a reviewer.
        check.earlier_flagged = (
            others.filter(post__tier__in=[Tier.TINJAU, Tier.RUJUK])
            .exclude(post__decision=Post.Decision.NO_ACTION)
            .values("post_id")
            .distinct()
            .count()
        )
    if check.shared_with:
        _fact(check, "shared_identifier", check.shared_with[:5])
    if check.earlier_flagged:
        _fact(check, "earlier_flagged", [str(check.earlier_flagged)])
    return check


def posts_sharing(post: Post) -> Q:
    """Other posts with any identifier of this one (for the detail page's 'linked posts')."""
    digests = PostIdentifier.objects.filter(post=post).values("digest")
    return Q(identifiers__digest__in=digests) & ~Q(pk=post.pk)
