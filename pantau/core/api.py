"""/api/v1/lksa/{id}/overview: the connected picture of a home (core/lksa_overview.py), scoped like the
LKSA page: each part is null when the reader's rights do not include it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db.models import Count
from django.http import HttpRequest
from ninja import Router, Schema

from pantau.accounts.access import Perm, UserLike, api_permission, may_count_cases
from pantau.accounts.http import user_of
from pantau.audit.models import AuditEvent
from pantau.cases.selectors import case_counts_for_home
from pantau.core.lksa_overview import Overview, Part, lksa_overview
from pantau.registry.legality import reason_text
from pantau.registry.models import Lksa
from pantau.registry.selectors import get_lksa_for

router = Router(tags=["lksa overview"])


class Counted(Schema):
    total: int
    items: list[dict[str, Any]]


class LegalityOut(Schema):
    status: str
    reasons: list[dict[str, Any]]
    checked_at: datetime | None
    history: list[dict[str, Any]]


class FundraisingOut(Schema):
    declared: bool
    observed_at: datetime | None
    observed_by: str
    observed_post_id: int | None


class RiskOut(Schema):
    score: int
    reasons: list[dict[str, Any]]


class OverviewOut(Schema):
    id: int
    name: str
    region_code: str
    legality: LegalityOut
    fundraising: FundraisingOut
    children: dict[str, int] | None
    children_in_care: Counted | None
    care_plans: dict[str, int] | None
    care_plans_due: Counted | None
    visits: Counted | None
    open_findings: Counted | None
    open_findings_overdue: int | None
    risk: RiskOut | None
    concerns: Counted | None
    cases: Counted | None
    case_counts: list[dict[str, Any]] | None
    monitored_accounts: Counted | None
    flagged_posts: Counted | None
    duplicate_pairs: Counted | None
    shared_identifiers: list[dict[str, Any]] | None
    network_signals: Counted | None


def _counted(part: Part | None, row: Any) -> dict[str, Any] | None:
    return None if part is None else {"total": part.total, "items": [row(item) for item in part.rows]}


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


@router.get(
    "/{lksa_id}/overview",
    response=OverviewOut,
    summary="Everything about one home that you may see: legality, children, visits, cases, monitoring…",
)
@api_permission(Perm.REGISTRY_VIEW)
def lksa_overview_api(request: HttpRequest, lksa_id: int) -> dict[str, Any]:
    user = user_of(request)
    lksa = Lksa.objects.select_related("donations_observed_by").get(pk=get_lksa_for(user, lksa_id).pk)
    return overview_dict(lksa_overview(user, lksa), user)


def overview_dict(p: Overview, user: UserLike) -> dict[str, Any]:
    lksa = p.lksa
    history = (
        AuditEvent.objects.filter(target_type="registry.lksa", target_id=str(lksa.pk))
        .exclude(action="lksa.document_viewed")
        .order_by("-occurred_at")
        .values("action", "occurred_at")[:20]
    )
    case_counts = None
    if may_count_cases(user):
        case_counts = list(
            case_counts_for_home(user, lksa)
            .values("form_of_violence", "status")
            .annotate(n=Count("pk"))
            .order_by("form_of_violence", "status")
        )
    return {
        "id": lksa.pk,
        "name": lksa.name,
        "region_code": lksa.region_code,
        "legality": {
            "status": lksa.legality_status,
            "reasons": [{**reason, "text": reason_text(reason)} for reason in lksa.legality_reasons],
            "checked_at": lksa.legality_checked_at,
            "history": list(history),
        },
        "fundraising": {
            "declared": p.fundraising["declared"],
            "observed_at": p.fundraising["observed_at"],
            "observed_by": p.fundraising["observed_by"],
            "observed_post_id": p.fundraising["observed_post"] if p.accounts is not None else None,
        },
        "children": p.children,
        "children_in_care": _counted(p.children_named, lambda c: {"id": c.pk, "name": c.full_name}),
        "care_plans": p.care_plans,
        "care_plans_due": _counted(
            p.care_plans_named,
            lambda c: {"id": c.pk, "name": c.full_name, "review_due": _day(getattr(c, "review_due", None))},
        ),
        "visits": _counted(
            p.visits,
            lambda v: {
                "id": v.pk,
                "kind": v.kind,
                "status": v.status,
                "planned_on": _day(v.planned_on),
                "visited_on": _day(v.visited_on),
                "office": v.organisation.name,
            },
        ),
        "open_findings": _counted(
            p.findings,
            lambda f: {
                "id": f.pk,
                "item": f.item.code if f.item else None,
                "severity": f.severity,
                "status": f.status,
                "due_on": _day(f.due_on),
            },
        ),
        "open_findings_overdue": p.findings_overdue if p.findings is not None else None,
        "risk": None
        if p.risk is None
        else {
            "score": p.risk.score,
            "reasons": [
                {"code": r.code, "label": str(r.label), "points": r.points, "detail": r.detail}
                for r in p.risk.reasons
            ],
        },
        "concerns": _counted(
            p.concerns,
            lambda c: {
                "id": c.pk,
                "tracking_code": c.tracking_code,
                "category": c.category,
                "status": c.status,
            },
        ),
        "cases": _counted(
            p.cases, lambda c: {"id": c.pk, "number": c.number, "title": c.title, "lead_agency": c.owner.name}
        ),
        "case_counts": case_counts,
        "monitored_accounts": _counted(
            p.accounts, lambda a: {"id": a.pk, "platform": a.platform, "handle": a.handle_normalised}
        ),
        "flagged_posts": _counted(
            p.flagged_posts,
            lambda post: {
                "id": post.pk,
                "account_id": post.account_id,
                "tier": post.tier,
                "captured_at": post.captured_at.isoformat(),
                "decision": post.decision,
            },
        ),
        "duplicate_pairs": _counted(
            p.pairs,
            lambda row: {
                "id": row["pair"].pk,
                "same_home": row["same_home"],
                # A child the reader may not see is masked: no id, no name (the pairs API does the same).
                "children": [
                    {
                        "id": c["id"] if c["name"] else None,
                        "in_this_home": c["here"],
                        "name": c["name"] or None,
                    }
                    for c in row["children"]
                ],
            },
        ),
        "shared_identifiers": None
        if p.shared is None
        else [
            {
                "kind": row["kind"],
                "value": row["value"],
                "homes": [{"id": home["pk"], "name": home["name"]} for home in row["homes"]],
                "more": row["more"],
            }
            for row in p.shared
        ],
        "network_signals": _counted(
            p.network,
            lambda s: {
                "id": s.pk,
                "code": s.code,
                "status": s.status,
                "identifier": s.entity.label if s.entity else None,
            },
        ),
    }
