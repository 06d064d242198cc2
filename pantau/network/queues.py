"""What waits in the network: signals about the homes of one's jurisdiction that hold and nobody has acted
on yet, person-related ones first (a staff member alleged or barred elsewhere is with children now),
then the newest. For those who open concerns from them (``may_act_on_signal``)."""

from __future__ import annotations

from django.db.models import Case, IntegerField, Value, When
from django.urls import reverse
from django.utils.translation import gettext as _

from pantau.accounts.access import UserLike
from pantau.lib.queues import Queue, QueueItem, queue_of
from pantau.network.models import Signal
from pantau.network.selectors import signals_visible_to

URGENT = (Signal.Code.PERSON_OF_CONCERN, Signal.Code.INTERMEDIARY_CONTACT)


def signals_to_review(user: UserLike) -> Queue:
    first = Case(
        *(When(code=code, then=Value(0)) for code in URGENT), default=Value(1), output_field=IntegerField()
    )
    rows = (
        signals_visible_to(user)
        .filter(holds=True, status=Signal.Status.OPEN)
        .select_related("lksa")
        .order_by(first, "-raised_at", "-pk")
    )

    def item(signal: Signal) -> QueueItem:
        return QueueItem(
            label=f"{signal.get_code_display()} · {signal.lksa.name}",
            url=reverse("network:signal", args=[signal.pk]),
            urgent=signal.code in URGENT,
        )

    return queue_of(
        "network_signals", _("Links across records to review"), rows, item, see_all=reverse("network:index")
    )
