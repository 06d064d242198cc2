"""/api/v1/monitoring: monitored accounts, captured posts (the review queue), decisions, bulk import,
screening a text without storing it, and a home's check of a caption before publishing."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from pantau.accounts.access import Perm, api_permission, refuse
from pantau.accounts.http import user_of
from pantau.lib.api import MAX_PAGE, ErrorOut
from pantau.lib.normalise import normalise_handle
from pantau.lib.ratelimit import allow
from pantau.monitoring import services
from pantau.monitoring.crosscheck import masked_entities
from pantau.monitoring.files import platform_of
from pantau.monitoring.models import TIER_RANK, KeptPostCheck, MonitoredAccount, Platform, Post, Tier
from pantau.monitoring.post_check import CHECKS_PER_HOUR, MAX_CAPTION, Declared, caption_problem, post_check
from pantau.monitoring.redact import redact
from pantau.monitoring.screening.model import load
from pantau.monitoring.screening.screener import PostInput, as_output, screen
from pantau.monitoring.selectors import get_post_for, monitored_accounts_visible_to, posts_visible_to
from pantau.monitoring.views_post_check import own_home
from pantau.registry.selectors import lksa_visible_to

router = Router(tags=["monitoring"])
SCREENS_PER_HOUR = 600
MAX_TEXT = 1_100_000  # a 1 MB caption fits; request bodies stop at 2.5 MB


class AccountIn(Schema):
    platform: str
    handle: str = Field(min_length=1, max_length=200)
    url: str = Field("", max_length=500)
    lksa_id: int | None = None
    note: str = Field("", max_length=2000)


class AccountOut(Schema):
    id: int
    platform: str
    handle: str = Field(alias="handle_normalised")
    url: str
    lksa_id: int | None
    region_code: str


class PostIn(Schema):
    account_id: int
    text: str = Field("", max_length=MAX_TEXT)
    external_id: str = Field("", max_length=200)
    posted_at: datetime | None = None
    is_live: bool = False
    gift_count: int | None = Field(None, ge=0)
    earnings_idr: int | None = Field(None, ge=0)
    url: str = Field("", max_length=500)


class PostOut(Schema):
    id: int
    account_id: int
    posted_at: datetime | None
    is_live: bool
    score: float = Field(description="Risk score from 0 to 1 (4 decimals)")
    score_percent: int = Field(description="The risk score as pages and concerns show it: 0-100 (%)")
    tier: str
    reasons: list[dict[str, Any]]
    decision: str
    version: int
    text_masked: str


class PostDetailOut(PostOut):
    entities: dict[str, Any]
    opened_concern: str | None
    text: str | None  # only with reveal=true (audited)


class PostDecisionIn(Schema):
    decision: str
    note: str = Field("", max_length=2000)
    version: int
    appeal: bool = Field(False, description="The post asks the public for donations (marks the home)")


class ImportIn(Schema):
    format: str = Field("jsonl", pattern="^(jsonl|csv)$")
    # Request bodies are limited to DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB); larger files: the import page.
    data: str = Field(min_length=1, max_length=2 * 1024 * 1024)
    account_id: int | None = None


class ImportOut(Schema):
    created: int
    duplicates: int
    flagged: int
    accounts_created: int
    problems: list[dict[str, Any]]
    warnings: list[dict[str, Any]]


class ScreenIn(Schema):
    text: str = Field("", max_length=MAX_TEXT)
    platform: str = ""
    posted_at: datetime | None = None
    is_live: bool = False
    gift_count: int | None = Field(None, ge=0)


def _post_out(post: Post) -> dict[str, Any]:
    return {
        "id": post.pk,
        "account_id": post.account_id,
        "posted_at": post.posted_at,
        "is_live": post.is_live,
        "score": round(post.score, 4),
        "score_percent": post.score_percent,
        "tier": post.tier,
        "reasons": post.reasons,
        "decision": post.decision,
        "version": post.version,
        "text_masked": redact(post.text[:2000]),
    }


@router.get("/accounts", response=list[AccountOut], summary="Monitored accounts in your jurisdiction")
@api_permission(Perm.MONITORING_WORK)
def accounts(request: HttpRequest) -> Any:
    return monitored_accounts_visible_to(request.user).order_by("platform", "handle_normalised")[:1000]


@router.post(
    "/accounts", response={201: AccountOut}, summary="Monitor an account (optionally linked to an LKSA)"
)
@api_permission(Perm.MONITORING_WORK)
def account_add(request: HttpRequest, payload: AccountIn) -> Status:
    platform = platform_of(payload.platform)
    if platform is None:
        raise ValidationError(
            {
                "platform": [
                    _("Unknown platform; use one of: %(names)s.") % {"names": ", ".join(Platform.values)}
                ]
            }
        )
    lksa = None
    if payload.lksa_id is not None:
        lksa = lksa_visible_to(request.user).filter(pk=payload.lksa_id).first()
        if lksa is None:
            refuse(
                request.user, reason="reference_out_of_scope", target_label=f"registry.lksa:{payload.lksa_id}"
            )
            raise ValidationError({"lksa_id": [_("No LKSA with this number in your jurisdiction.")]})
    handle = normalise_handle(payload.handle)
    if not handle:
        raise ValidationError({"handle": [_("Give the account's handle.")]})
    account = MonitoredAccount(
        platform=platform, handle=payload.handle, url=payload.url, lksa=lksa, note=payload.note
    )
    account.full_clean(exclude=["handle_normalised", "region_code", "added_by"])
    return Status(201, services.account_register(actor=user_of(request), account=account))


@router.get("/posts", response=list[PostOut], summary="The review queue: undecided posts, riskiest first")
@api_permission(Perm.MONITORING_WORK)
def posts(
    request: HttpRequest, tier: str = "", decided: bool = False, page: int = Query(1, ge=1, le=MAX_PAGE)
) -> list[dict[str, Any]]:
    found = posts_visible_to(request.user)
    found = found.exclude(decision="").order_by("-decided_at", "-pk") if decided else found.queue()
    if tier:
        if tier not in Tier.values:
            raise ValidationError({"tier": [_("Unknown tier; use none, pantau, tinjau or rujuk.")]})
        found = found.filter(tier_rank=TIER_RANK[Tier(tier)])
    return [_post_out(p) for p in found[(page - 1) * 100 : page * 100]]


@router.post(
    "/posts", response={201: PostDetailOut}, summary="Capture one post or live stream (screened at once)"
)
@api_permission(Perm.MONITORING_WORK)
def post_add(request: HttpRequest, payload: PostIn) -> Status:
    account = monitored_accounts_visible_to(request.user).filter(pk=payload.account_id).first()
    if account is None:
        raise ValidationError(
            {"account_id": [_("No monitored account with this number in your jurisdiction.")]}
        )
    post = Post(account=account, source=Post.Source.MANUAL, **payload.dict(exclude={"account_id"}))
    services.post_capture(actor=user_of(request), post=post)
    return Status(201, _detail(post))


def _detail(post: Post, *, revealed: bool = False) -> dict[str, Any]:
    return {
        **_post_out(post),
        "entities": post.entities if revealed else masked_entities(post.entities),
        "opened_concern": post.opened_concern.tracking_code if post.opened_concern else None,
        "text": post.text if revealed else None,
    }


@router.get(
    "/posts/{post_id}",
    response=PostDetailOut,
    summary="One captured post with its reasons (audited); reveal=true: full text and numbers (audited)",
)
@api_permission(Perm.MONITORING_WORK)
def post_detail(request: HttpRequest, post_id: int, reveal: bool = False) -> dict[str, Any]:
    post = get_post_for(request.user, post_id)
    actor = user_of(request)
    services.post_open(actor=actor, post=post)
    if reveal:
        services.post_reveal(actor=actor, post=post)
    return _detail(post, revealed=reveal)


@router.post("/posts/{post_id}/decision", response=PostDetailOut, summary="The reviewer's decision")
@api_permission(Perm.MONITORING_DECIDE)
def post_decision(request: HttpRequest, post_id: int, payload: PostDecisionIn) -> dict[str, Any]:
    post = get_post_for(request.user, post_id, need=Perm.MONITORING_DECIDE)
    post = services.post_decide(
        actor=user_of(request),
        post=post,
        decision=payload.decision,
        note=payload.note,
        expected_version=payload.version,
        appeal=payload.appeal,
    )
    return _detail(post)


@router.post("/import", response=ImportOut, summary="Bulk import of a JSON Lines or CSV export")
@api_permission(Perm.MONITORING_WORK)
def posts_import(request: HttpRequest, payload: ImportIn) -> dict[str, Any]:
    visible = monitored_accounts_visible_to(request.user)
    default = None
    if payload.account_id is not None:
        default = visible.filter(pk=payload.account_id).first()
        if default is None:
            raise ValidationError(
                {"account_id": [_("No monitored account with this number in your jurisdiction.")]}
            )
    report = services.posts_import(
        actor=user_of(request),
        name=f"api.{payload.format}",
        data=payload.data,
        default_account=default,
        visible=visible,
    )
    return {
        "created": report.created,
        "duplicates": report.duplicates,
        "flagged": report.flagged,
        "accounts_created": report.accounts_created,
        "problems": [{"line": p.number, "message": p.message} for p in report.problems],
        "warnings": [{"line": p.number, "message": p.message} for p in report.warnings],
    }


@router.post(
    "/screen",
    response={200: dict[str, Any], 429: ErrorOut},
    summary="Screen a text without storing it (same output as screen_posts)",
)
@api_permission(Perm.MONITORING_WORK)
def screen_text(request: HttpRequest, payload: ScreenIn) -> Any:
    if not allow(f"monitoring-screen:{request.user.pk}", limit=SCREENS_PER_HOUR, window_seconds=3600):
        return Status(429, {"detail": _("Too many screening requests in the last hour. Try again later.")})
    post = PostInput(
        id="-",
        text=payload.text,
        platform=platform_of(payload.platform) or "",
        posted_at=payload.posted_at,
        is_live=payload.is_live,
        gift_count=payload.gift_count,
    )
    return as_output("-", screen(post, model=load()))


class PostCheckIn(Schema):
    caption: str = Field(description=f"At most {MAX_CAPTION} characters")
    is_live: bool = False
    children_shown: bool = False
    asks_money: bool = False
    lksa_id: int | None = Field(None, description="Staff: a home you see whose permits are checked")
    keep: bool = Field(False, description="Keep this check in your organisation's records")


@router.post(
    "/post-check",
    response={200: dict[str, Any], 429: ErrorOut},
    summary="Check a caption before publishing: what would be flagged and why (stored only with keep)",
)
@api_permission(Perm.POST_CHECK)
def post_check_api(request: HttpRequest, payload: PostCheckIn) -> Any:
    if not allow(f"post-check:{request.user.pk}", limit=CHECKS_PER_HOUR, window_seconds=3600):
        return Status(429, {"detail": _("Too many checks in the last hour. Try again later.")})
    if problem := caption_problem(payload.caption):
        raise ValidationError({"caption": [problem]})
    home = own_home(request)
    if home is None and payload.lksa_id is not None:
        home = lksa_visible_to(request.user).filter(pk=payload.lksa_id).first()
        if home is None:
            raise ValidationError({"lksa_id": [_("No home with this number in your jurisdiction.")]})
    declared = Declared(payload.is_live, payload.children_shown, payload.asks_money)
    result = post_check(payload.caption, declared, home=home, today=timezone.localdate()).as_dict()
    kept = None
    if payload.keep:
        kept = KeptPostCheck(
            lksa=home,
            caption=payload.caption,
            is_live=payload.is_live,
            children_shown=payload.children_shown,
            asks_money=payload.asks_money,
            result=result,
        )
    services.post_check_record(actor=user_of(request), kept=kept)
    return {**result, "kept": kept is not None, "kept_id": kept.pk if kept else None}
