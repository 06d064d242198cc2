"""What waits for a duplicate reviewer: possible duplicate pairs to decide, the likeliest first.

Built on ``candidate_pairs_visible_to``, as the pair list (the "see all" page) is. Items name no child
and no home (the other child's home may lie outside the reader's registry scope): the pair's number,
its likelihood and when it was found."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pantau.accounts.access import UserLike
from pantau.children.selectors import children_visible_to
from pantau.lib.queues import Queue, QueueItem, queue_of
from pantau.linkage.models import CandidatePair
from pantau.linkage.selectors import candidate_pairs_visible_to


def pairs_to_review(user: UserLike) -> Queue:
    # The scope is "a child on either side in the jurisdiction"; written as that OR over two joins,
    # PostgreSQL scans the pairs (60 ms for a kabupaten at national scale). The same pairs, narrowed
    # first by a union of the two indexed sides (the person's children), cost 10 ms.
    children = children_visible_to(user).values("pk")
    pending = CandidatePair.objects.pending()
    # No ORDER BY inside the union: SQLite (the demo) refuses one in a compound statement's parts.
    sides = (
        pending.filter(child_a__in=children)
        .values("pk")
        .order_by()
        .union(pending.filter(child_b__in=children).values("pk").order_by())
    )
    rows = (
        candidate_pairs_visible_to(user).pending().filter(pk__in=sides).order_by("-match_probability", "pk")
    )

    def item(pair: CandidatePair) -> QueueItem:
        return QueueItem(
            label=_("Pair no. %(pk)s · likelihood %(pct)s%%")
            % {"pk": pair.pk, "pct": round(pair.match_probability * 100)},
            detail=_("found %(day)s") % {"day": timezone.localtime(pair.created_at).strftime("%d-%m-%Y")},
            url=reverse("linkage:pair_detail", args=[pair.pk]),
        )

    return queue_of(
        "pairs_to_review",
        _("Possible duplicate children to review"),
        rows,
        item,
        see_all=reverse("linkage:pair_list") + "?status=pending",
        one_read=True,  # the scope is the dear part: read it once for the rows and their number
    )
