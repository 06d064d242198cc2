"""What waits for a reviewer of online monitoring: undecided posts of the tiers *rujuk* (to refer) and
*tinjau* (to review), riskiest first, as the review queue (the "see all" page) orders them."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from pantau.accounts.access import UserLike
from pantau.lib.queues import SHOWN, Queue, QueueItem, capped_count
from pantau.monitoring.models import TIER_RANK, Tier
from pantau.monitoring.selectors import posts_visible_to


def posts_to_review(user: UserLike, tiers: tuple[Tier, ...]) -> Queue:
    """Undecided posts of ``tiers`` in the person's jurisdiction (one query for the first few, one
    capped count: the review queue itself never counts to the end)."""
    rows = posts_visible_to(user).queue().filter(tier_rank__in=[TIER_RANK[t] for t in tiers])
    items = [
        QueueItem(
            label=f"{post.account.get_platform_display()} @{post.account.handle_normalised}",
            detail=_("%(tier)s, risk score %(score)s%%")
            % {"tier": post.tier_short, "score": post.score_percent},
            url=reverse("monitoring:post_detail", args=[post.pk]),
            urgent=post.tier == Tier.RUJUK,
        )
        for post in rows.select_related("account")[:SHOWN]
    ]
    if tiers == (Tier.RUJUK,):
        key, title, view = "posts_rujuk", _("Flagged posts to refer (rujuk)"), "rujuk"
    else:
        key, title, view = "posts_review", _("Flagged posts to refer or review (rujuk, tinjau)"), "review"
    return Queue(
        key=key,
        title=title,
        count=capped_count(rows),
        items=items,
        see_all=reverse("monitoring:queue") + f"?view={view}",
        urgent=any(i.urgent for i in items),
    )
