"""Pages: the review queue, one captured post (masked by default) with the reviewer's decision, and
how screening fares against decisions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pantau.accounts.access import Perm, has_perm, permission_required, police_referral_recipients
from pantau.accounts.http import user_of
from pantau.lib.downloads import serve_private_file
from pantau.lib.forms import posted_version, show_errors
from pantau.monitoring import crosscheck, evaluation, services
from pantau.monitoring.forms import DecisionForm
from pantau.monitoring.models import TIER_RANK, Post, Tier
from pantau.monitoring.redact import masked_words, redact, redact_words
from pantau.monitoring.screening.indicators import FAMILIES, describe
from pantau.monitoring.selectors import get_post_for, monitored_accounts_visible_to, posts_visible_to
from pantau.registry.selectors import home_filter

PAGE_SIZE = 50
# The queue's views: what needs a decision (tinjau and rujuk), each tier, and what was decided.
VIEWS = {
    "review": gettext_lazy("To review (rujuk and tinjau)"),
    "rujuk": Tier.RUJUK.label,
    "tinjau": Tier.TINJAU.label,
    "pantau": Tier.PANTAU.label,
    "none": Tier.NONE.label,
    "decided": gettext_lazy("Decided"),
}


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, min(int(request.GET.get("page", 1)), 10_000))
    except ValueError:
        return 1


@permission_required(Perm.MONITORING_WORK)
def queue(request: HttpRequest) -> HttpResponse:
    """Undecided posts, riskiest first. No total count: at a million posts it would cost more than the
    page; the queue is worked from the top."""
    view = request.GET.get("view", "review")
    view = view if view in VIEWS else "review"
    posts = posts_visible_to(request.user).select_related("account__lksa")
    if view == "decided":
        posts = posts.exclude(decision="").order_by("-decided_at", "-pk")
    else:
        tiers = ["rujuk", "tinjau"] if view == "review" else [view]
        posts = posts.queue().filter(tier_rank__in=[TIER_RANK[Tier(t)] for t in tiers])
    account = request.GET.get("account", "")
    if account.isdigit():
        posts = posts.filter(account_id=int(account))
    if home := home_filter(request.user, request.GET.get("lksa")):  # from the home's page
        posts = posts.filter(account__lksa=home)
    number = _page_number(request)
    rows = list(posts[(number - 1) * PAGE_SIZE : number * PAGE_SIZE + 1])
    items = [_row(post) for post in rows[:PAGE_SIZE]]
    return render(
        request,
        "monitoring/queue.html",
        {
            "items": items,
            "view": view,
            "views": VIEWS.items(),
            "number": number,
            "has_next": len(rows) > PAGE_SIZE,
            "account_filter": account,
            "home": home,
        },
    )


def _row(post: Post) -> dict[str, Any]:
    families = []
    for reason in post.reasons:
        family = reason.get("family")
        if reason.get("points", 0) > 0 and family not in families and family in FAMILIES:
            families.append(family)
    return {
        "post": post,
        "families": [FAMILIES[f] for f in families[:3]],
        "snippet": redact(post.text[:280]) + ("…" if len(post.text) > 280 else ""),
    }


def _reasons(post: Post, hidden: frozenset[str]) -> list[dict[str, Any]]:
    shown = []
    for reason in post.reasons:
        info = describe(reason["code"])
        evidence = [redact_words(e, hidden) for e in reason.get("evidence", [])]
        shown.append(
            {
                **reason,
                "evidence": evidence,
                "label": info["label"],
                "family_label": FAMILIES.get(info["family"], ""),
            }
        )
    return shown


def _check(post: Post, hidden: frozenset[str]) -> dict[str, Any]:
    """The registry cross-check as stored, with holders masked like the text and the home's legality
    in the reader's language."""
    check = dict(post.entities.get("crosscheck", {}))
    check["bank_accounts"] = [
        {**a, "holder": redact_words(a.get("holder", ""), hidden)} for a in check.get("bank_accounts", [])
    ]
    if post.account.lksa is not None:
        check["legality"] = post.account.lksa.get_legality_status_display()
    return check


def _detail(
    request: HttpRequest, post: Post, form: DecisionForm, *, revealed: bool, status: int = 200
) -> HttpResponse:
    linked = (
        posts_visible_to(request.user)
        .filter(crosscheck.posts_sharing(post))
        .select_related("account__lksa")
        .distinct()
        .order_by("-captured_at")[:10]
    )
    hidden = frozenset() if revealed else masked_words(post.text)
    return render(
        request,
        "monitoring/post_detail.html",
        {
            "post": post,
            "text": post.text if revealed else redact(post.text),
            "revealed": revealed,
            "reasons": _reasons(post, hidden),
            "entities": post.entities,
            "check": _check(post, hidden),
            "linked": linked,
            "form": form,
            "may_decide": has_perm(request.user, Perm.MONITORING_DECIDE),
        },
        status=status,
    )


def _load(request: HttpRequest, pk: int) -> Post:
    get_post_for(request.user, pk)
    return Post.objects.select_related("account__lksa", "decided_by", "opened_concern", "concern").get(pk=pk)


@permission_required(Perm.MONITORING_WORK)
def post_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    post = _load(request, pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        get_post_for(request.user, pk, need=Perm.MONITORING_DECIDE)
        if form.is_valid():
            try:
                services.post_decide(
                    actor=user_of(request),
                    post=post,
                    decision=form.cleaned_data["decision"],
                    note=form.cleaned_data["note"],
                    expected_version=posted_version(request),
                    appeal=form.cleaned_data["appeal"],
                )
            except ValidationError as error:
                show_errors(form, error)
            else:
                post.refresh_from_db()
                if post.opened_concern_id:
                    messages.success(
                        request,
                        _("Decision saved; concern %(code)s is in the triage queue.")
                        % {"code": post.opened_concern.tracking_code},  # type: ignore[union-attr]
                    )
                else:
                    messages.success(request, _("Decision saved."))
                _warn_unsent(request, post)
                return redirect("monitoring:post_detail", pk=post.pk)
        return _detail(request, post, form, revealed=False, status=400)
    services.post_open(actor=user_of(request), post=post)
    # Names, numbers and the screenshot: on request, audited (a link that can be reloaded or shared).
    revealed = request.GET.get("reveal") == "1"
    if revealed:
        services.post_reveal(actor=user_of(request), post=post)
    return _detail(request, post, form, revealed=revealed)


def _warn_unsent(request: HttpRequest, post: Post) -> None:
    """A decision whose notice reached nobody in Pantau: the reviewer must act outside it."""
    if (
        post.decision == Post.Decision.REFER_POLICE
        and not police_referral_recipients(post.region_code).exists()
    ):
        messages.warning(
            request,
            _("No police cyber or PPA unit in Pantau covers this region: contact the police directly."),
        )


@permission_required(Perm.MONITORING_WORK)
def post_screenshot(request: HttpRequest, pk: int) -> FileResponse:
    post = get_post_for(request.user, pk)
    if not post.screenshot:
        raise Http404
    services.post_reveal(actor=user_of(request), post=post)
    return serve_private_file(post.screenshot, f"post-{post.pk}")


@permission_required(Perm.MONITORING_WORK)
def outcomes(request: HttpRequest) -> HttpResponse:
    posts = posts_visible_to(request.user)
    indicators = evaluation.by_indicator(posts)
    return render(
        request,
        "monitoring/evaluation.html",
        {
            "tiers": evaluation.by_tier(posts),
            "indicators": [(o, describe(o.key)["label"]) for o in indicators],
            "accounts": monitored_accounts_visible_to(request.user).count(),
        },
    )
