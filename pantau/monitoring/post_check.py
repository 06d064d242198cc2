"""Check a post before publishing: the screener's explanation of a caption, and the rules of
``post_rules`` applied to what the home says about the post (live, children shown, asks for money) and to
its own records in the registry (fundraising permits, bank accounts).

Nothing here writes: the caption is screened in memory. Keeping a check is a separate, explicit step
(``services.post_check_keep``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from pantau.lib.normalise import normalise_account_number
from pantau.monitoring.crosscheck import mask
from pantau.monitoring.post_rules import RULES, provisions_of
from pantau.monitoring.screening.indicators import FAMILIES, describe
from pantau.monitoring.screening.model import load
from pantau.monitoring.screening.screener import PostInput, Result, screen
from pantau.registry.models import BankAccount, FundraisingPermit, Lksa

MAX_CAPTION = 10_000  # characters: longer than any platform's caption (TikTok 4,000, Instagram 2,200)
CHECKS_PER_HOUR = 120  # a home checks a few posts a day; hundreds are someone probing the screener

FLAGGED = "flagged"
OK = "ok"
NOT_APPLICABLE = "not_applicable"
CHILD_FAMILIES = frozenset({"live_gift", "donation_child", "pity", "identity"})
MONEY_FAMILIES = frozenset({"donation_child", "fundraising_gap"})


def _dotted(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def caption_problem(caption: str) -> str | None:
    """Why a caption cannot be checked (too long, empty), in the user's language; None when it can."""
    if len(caption) > MAX_CAPTION:
        return _("The caption has %(n)s characters; at most %(max)s can be checked. Check it in parts.") % {
            "n": _dotted(len(caption)),
            "max": _dotted(MAX_CAPTION),
        }
    if not caption.strip():
        return _("Paste the caption to check.")
    return None


@dataclass(frozen=True)
class Declared:
    is_live: bool = False
    children_shown: bool = False
    asks_money: bool = False


@dataclass
class RuleResult:
    code: str
    outcome: str  # flagged / ok / not_applicable
    why: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        rule = RULES[self.code]
        return {
            "code": self.code,
            "title": str(rule.title),
            "asks": str(rule.asks),
            "outcome": self.outcome,
            "why": self.why,
            "legal_basis": [
                {
                    "citation": str(p.citation),
                    "says": str(p.says),
                    "source": p.source,
                    "status": p.status,
                    "status_label": str(p.status_label),
                }
                for p in provisions_of(rule)
            ],
        }


@dataclass
class CheckResult:
    screening: Result
    rules: list[RuleResult]
    home: str | None

    @property
    def flagged(self) -> list[RuleResult]:
        return [r for r in self.rules if r.outcome == FLAGGED]

    def as_dict(self) -> dict[str, Any]:
        s = self.screening
        return {
            "home": self.home,
            "would_be_flagged": s.flagged or bool(self.flagged),
            "screening": {
                "tier": s.tier,
                "score_percent": round(s.score * 100),
                "flagged": s.flagged,
                "reasons": [
                    {
                        "code": r.code,
                        "label": str(describe(r.code)["label"]),
                        "family": str(FAMILIES.get(r.info["family"], "")),
                        "evidence": r.evidence,
                        "legal_basis": r.info["legal_basis"],
                        "points": round(r.points, 2),
                    }
                    for r in s.indicators
                    if r.info["family"] not in ("context", "registry")
                ],
                "notes": s.notes,
            },
            "rules": [r.as_dict() for r in self.rules],
        }


def _families(result: Result) -> set[str]:
    """The risk families that fired. By family, not by points: an indicator whose weight the stack left at
    0 (another reason already carries it) still says what the caption does."""
    return {r.info["family"] for r in result.indicators} - {"context", "registry"}


def post_check(caption: str, declared: Declared, *, home: Lksa | None, today: date) -> CheckResult:
    """Screen ``caption`` and apply the rules. ``home``: the home whose permits and accounts count (an
    operator's own; staff may name one they see, or none)."""
    result = screen(PostInput(id="-", text=caption[:MAX_CAPTION], is_live=declared.is_live), model=load())
    families = _families(result)
    entities = result.entities
    children = declared.children_shown or bool(families & CHILD_FAMILIES)
    money = (
        declared.asks_money
        or bool(families & MONEY_FAMILIES)
        or bool(
            entities.bank_accounts
            or entities.wallets
            or any("saweria" in x or "kitabisa" in x for x in entities.links)
        )
    )
    rules = [
        _faces(declared, children, money),
        _live(declared, families, children, money),
        *_fundraising(entities.bank_accounts, entities.wallets, money, home=home, today=today),
    ]
    return CheckResult(result, rules, home.name if home else None)


def _faces(declared: Declared, children: bool, money: bool) -> RuleResult:
    if not money:
        return RuleResult("no_faces_in_appeals", NOT_APPLICABLE, [_("The post does not ask for money.")])
    if not children:
        return RuleResult("no_faces_in_appeals", OK, [_("No children shown or mentioned.")])
    why = [_("The post asks for money")]
    why.append(
        _("you said children are shown") if declared.children_shown else _("the caption is about children")
    )
    return RuleResult("no_faces_in_appeals", FLAGGED, [", ".join(str(w) for w in why) + "."])


def _live(declared: Declared, families: set[str], children: bool, money: bool) -> RuleResult:
    live = declared.is_live or "live_gift" in families
    if not live:
        return RuleResult("no_live_with_children_for_gifts", NOT_APPLICABLE, [_("Not a live stream.")])
    if children and (money or "live_gift" in families):
        return RuleResult(
            "no_live_with_children_for_gifts",
            FLAGGED,
            [_("A live stream with children that asks for gifts or money.")],
        )
    return RuleResult(
        "no_live_with_children_for_gifts", OK, [_("A live stream without children asking for gifts.")]
    )


def _fundraising(
    accounts: list[dict[str, str]],
    wallets: list[dict[str, str]],
    money: bool,
    *,
    home: Lksa | None,
    today: date,
) -> list[RuleResult]:
    if not money:
        reason = [_("The post does not ask for money.")]
        return [
            RuleResult("permit_for_public_appeal", NOT_APPLICABLE, reason),
            RuleResult("permit_account_shown", NOT_APPLICABLE, reason),
            RuleResult("foundation_account", NOT_APPLICABLE, reason),
        ]
    permits = []
    registered: dict[str, BankAccount] = {}
    if home is not None:
        permits = [
            p
            for p in FundraisingPermit.objects.filter(lksa=home).select_related("bank_account")
            if p.is_valid_on(today)
        ]
        registered = {b.number_digits: b for b in BankAccount.objects.filter(lksa=home)}
    results = []
    if home is None:
        results.append(
            RuleResult("permit_for_public_appeal", NOT_APPLICABLE, [_("No home chosen: no permit to check.")])
        )
    elif permits:
        permit = max(permits, key=lambda p: p.valid_until or date.max)
        until = permit.valid_until.isoformat() if permit.valid_until else "—"
        results.append(
            RuleResult(
                "permit_for_public_appeal",
                OK,
                [
                    _("Permit %(number)s is valid until %(until)s.")
                    % {"number": permit.number, "until": until}
                ],
            )
        )
    else:
        results.append(
            RuleResult(
                "permit_for_public_appeal",
                FLAGGED,
                [
                    _(
                        "No fundraising permit of %(home)s is valid today in the registry. Unless the appeal "
                        "is exempt (zakat, inside a place of worship, a small spontaneous collection), apply "
                        "through your Dinas Sosial first."
                    )
                    % {"home": home.name}
                ],
            )
        )
    shown = [(a["bank"], normalise_account_number(a["number"]), a.get("holder", "")) for a in accounts]
    permitted = {p.bank_account.number_digits for p in permits if p.bank_account is not None}
    if not shown:
        results.append(
            RuleResult("permit_account_shown", NOT_APPLICABLE, [_("No bank account in the caption.")])
        )
    elif not permits:
        results.append(
            RuleResult("permit_account_shown", NOT_APPLICABLE, [_("No valid permit to compare with.")])
        )
    else:
        wrong = [f"{bank} {mask(number)}" for bank, number, _holder in shown if number not in permitted]
        if wrong:
            results.append(
                RuleResult(
                    "permit_account_shown",
                    FLAGGED,
                    [_("Not the account of your permit: %(accounts)s.") % {"accounts": ", ".join(wrong)}],
                )
            )
        else:
            results.append(RuleResult("permit_account_shown", OK, [_("The account shown is the permit's.")]))
    personal = [
        f"{bank} {mask(number)}" + (f" a.n. {holder}" if holder else "")
        for (bank, number, holder), found in zip(shown, accounts, strict=True)
        if found.get("holder_kind") == "person"
        or (number in registered and registered[number].holder_kind == BankAccount.Holder.PERSON)
    ]
    personal += [f"{w['wallet']} {mask(w['number'])}" for w in wallets]
    if personal:
        results.append(
            RuleResult(
                "foundation_account",
                FLAGGED,
                [_("A person's account or an e-wallet: %(accounts)s.") % {"accounts": ", ".join(personal)}],
            )
        )
    elif shown:
        results.append(
            RuleResult("foundation_account", OK, [_("The account holder reads as the foundation.")])
        )
    else:
        results.append(RuleResult("foundation_account", NOT_APPLICABLE, [_("No account in the caption.")]))
    return results
