from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from pantau.accounts.http import user_of
from pantau.notifications.models import Notification


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    """One's own notifications, newest first; seeing them marks them read."""
    mine = Notification.objects.filter(user=user_of(request))
    page = Paginator(mine, 50).get_page(request.GET.get("page"))
    unread = [n.pk for n in page if n.read_at is None]
    # Marked read before the page is drawn, so the menu's unread count on it is already down; the list
    # still highlights the ones that were new.
    Notification.objects.filter(pk__in=unread).update(read_at=timezone.now())
    return render(request, "notifications/list.html", {"page": page, "unread": set(unread)})
