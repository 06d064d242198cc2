"""Screen one post: indicators + facts + text model → a score, a tier and the reasons.

The score is a probability that a reviewer will judge the post as needing action; it only orders
the review queue. Tiers: *pantau* (keep an eye on), *tinjau* (Dinas Sosial / KPAI review),
*rujuk* (refer to police / KPAI now: flagged, with a hard trigger such as a baby for sale, sexual
cues with minors or recruitment of children).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pantau.monitoring.screening import indicators as table
from pantau.monitoring.screening.entities import Entities, extract
from pantau.monitoring.screening.model import TextModel, load, sigmoid
from pantau.monitoring.screening.text import MAX_SCREENED_CHARS, is_only_symbols, normalise

TIERS = ("none", "pantau", "tinjau", "rujuk")
FLAGGED_TIERS = frozenset({"tinjau", "rujuk"})
_CHILD = re.compile(table.CHILD, re.IGNORECASE)
_CARE_OR_MINOR = re.compile(table.CARE_OR_MINOR, re.IGNORECASE)
NIGHT_HOURS = frozenset({22, 23, 0, 1, 2, 3})


@dataclass(frozen=True)
class PostInput:
    id: str
    text: str
    platform: str = ""
    account: str = ""
    posted_at: datetime | None = None
    is_live: bool = False
    gift_count: int | None = None
    url: str = ""


@dataclass(frozen=True)
class Fired:
    code: str
    evidence: list[str]
    points: float  # contribution to the log-odds: what this reason added to (or took from) the score

    @property
    def info(self) -> dict[str, Any]:
        return table.describe(self.code)

    def as_dict(self) -> dict[str, Any]:
        info = self.info
        return {
            "code": self.code,
            "family": info["family"],
            "evidence": self.evidence,
            "legal_basis": info["legal_basis"],
            "points": round(self.points, 2),
        }


@dataclass
class Result:
    score: float
    tier: str
    indicators: list[Fired]
    entities: Entities
    model_probability: float
    model_terms: list[str]
    notes: list[str] = field(default_factory=list)
    version: str = ""

    @property
    def flagged(self) -> bool:
        return self.tier in FLAGGED_TIERS

    @property
    def hard(self) -> bool:
        return any(table.BY_CODE[f.code].hard for f in self.indicators if f.code in table.BY_CODE)


def facts(post: PostInput, normalised: str, entities: Entities) -> dict[str, list[str]]:
    """Indicators from what was captured rather than what was written."""
    found: dict[str, list[str]] = {}
    child = _CHILD.search(normalised)
    if post.is_live and child:
        if post.posted_at is not None and post.posted_at.hour in NIGHT_HOURS:
            found["live_at_night"] = [f"live {post.posted_at:%H:%M}", child.group(0)]
        if post.gift_count:
            found["gifts_received"] = [f"{post.gift_count} gift", child.group(0)]
    # Evidence shows the last digits only; the full numbers are in the entities, for investigators.
    personal = [f"{a['bank']} …{a['number'][-4:]} a.n. {a['holder']}" for a in entities.personal_accounts]
    personal += [f"{w['wallet']} …{w['number'][-4:]}" for w in entities.wallets]
    if personal:
        found["personal_account"] = personal
    foundation = [
        f"{a['bank']} …{a['number'][-4:]} a.n. {a['holder']}"
        for a in entities.bank_accounts
        if a["holder_kind"] == "organisation"
    ]
    if foundation:
        found["foundation_account"] = foundation
    if entities.permits:
        found["permit_number"] = list(entities.permits)
    if normalised and not _CARE_OR_MINOR.search(normalised):
        found["no_child_mentioned"] = []
    return found


def features(post: PostInput) -> tuple[str, dict[str, list[str]], Entities]:
    """The normalised text, every indicator and fact that fired (with evidence), and the entities."""
    normalised = normalise(post.text)
    entities = extract(post.text[: MAX_SCREENED_CHARS * 2])
    fired = table.match(normalised)
    fired.update(facts(post, normalised, entities))
    return normalised, fired, entities


def tier_for(score: float, hard: bool, thresholds: dict[str, float]) -> str:
    if score >= thresholds["flag"]:
        return "rujuk" if hard else "tinjau"
    return "pantau" if score >= thresholds["watch"] else "none"


def screen(
    post: PostInput,
    *,
    model: TextModel | None = None,
    crosscheck: Callable[[Entities], list[Fired]] | None = None,
) -> Result:
    """Screen a post. ``crosscheck`` turns the post's identifiers into reasons found outside the text
    (the registry), each with its points already set; they move the score, they add no hard trigger."""
    model = model or load()
    notes: list[str] = []
    if not post.text.strip():
        notes.append("empty_text")
    elif is_only_symbols(post.text):
        notes.append("no_words")
    if len(post.text) > MAX_SCREENED_CHARS:
        notes.append("clipped")
    normalised, fired, entities = features(post)
    text_logit, terms = model.text_terms(normalised)
    logit = model.combine(text_logit, set(fired))
    reasons = [Fired(code, evidence, model.stack_weights.get(code, 0.0)) for code, evidence in fired.items()]
    for reason in crosscheck(entities) if crosscheck else []:
        logit += reason.points
        reasons.append(reason)
    reasons.sort(key=lambda r: -r.points)
    score = sigmoid(logit)
    hard = any(table.BY_CODE[code].hard for code in fired if code in table.BY_CODE)
    tier = tier_for(score, hard, model.thresholds)
    if notes and notes[0] in ("empty_text", "no_words") and tier in FLAGGED_TIERS:
        tier = "pantau"  # emoji alone are no evidence a reviewer could weigh: watch, do not flag
    return Result(
        score=score,
        tier=tier,
        indicators=reasons,
        entities=entities,
        model_probability=sigmoid(text_logit),
        model_terms=[word for word, _ in terms],
        notes=notes,
        version=f"{table.INDICATORS_VERSION}/{model.version}",
    )


def as_output(post_id: str, result: Result) -> dict[str, Any]:
    """The file command's output line (and the API's screening block)."""
    return {
        "id": post_id,
        "score": round(result.score, 4),
        "tier": result.tier,
        "flagged": result.flagged,
        "indicators": [
            r.as_dict() for r in result.indicators if r.points > 0 or r.info["family"] != "context"
        ],
        "context": [
            r.as_dict() for r in result.indicators if r.points <= 0 and r.info["family"] == "context"
        ],
        "model": {"probability": round(result.model_probability, 4), "terms": result.model_terms},
        "entities": result.entities.as_dict(),
        "notes": result.notes,
        "version": result.version,
    }
