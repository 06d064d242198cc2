"""The health check a load balancer polls (is this app server able to serve?) and the metrics the
monitoring system scrapes (is the background work keeping up?)."""

from __future__ import annotations

import hmac
import logging
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection, models
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 when it does not. No session, no data, nothing personal: a
    load balancer takes a server out of rotation on 503 and puts it back when it answers again."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.warning("health check: the database does not answer")
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def _metric_lines() -> list[str]:
    """Counts only: nothing here names a person, a child or a home."""
    from django.contrib.sessions.models import Session
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    lines = ["# TYPE pantau_up gauge", "pantau_up 1"]
    lines.append("# HELP pantau_tasks Background jobs in the database queue, by status.")
    lines.append("# TYPE pantau_tasks gauge")
    by_status = dict(
        DBTaskResult.objects.order_by()
        .values_list("status")
        .annotate(n=models.Count("id"))
        .values_list("status", "n")
    )
    for status in ("READY", "RUNNING", "FAILED", "SUCCESSFUL"):
        lines.append(f'pantau_tasks{{status="{status.lower()}"}} {by_status.get(status, 0)}')
    oldest = DBTaskResult.objects.filter(status="READY").aggregate(t=models.Min("enqueued_at"))["t"]
    waited = (now - oldest).total_seconds() if oldest else 0
    lines.append("# HELP pantau_tasks_oldest_ready_seconds How long the oldest waiting job has waited.")
    lines.append("# TYPE pantau_tasks_oldest_ready_seconds gauge")
    lines.append(f"pantau_tasks_oldest_ready_seconds {waited:.0f}")
    failed = DBTaskResult.objects.filter(status="FAILED", finished_at__gte=now - timedelta(days=1)).count()
    lines.append("# TYPE pantau_tasks_failed_last_day gauge")
    lines.append(f"pantau_tasks_failed_last_day {failed}")
    lines.append("# HELP pantau_sessions_active Signed-in sessions not yet expired.")
    lines.append("# TYPE pantau_sessions_active gauge")
    lines.append(f"pantau_sessions_active {Session.objects.filter(expire_date__gt=now).count()}")
    return lines


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus text format for the monitoring system, behind ``PANTAU_METRICS_TOKEN``."""
    token = settings.PANTAU_METRICS_TOKEN
    if not token:
        raise Http404
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), token.encode()):
        return HttpResponse("unauthorised\n", status=401, content_type="text/plain; charset=utf-8")
    body = "\n".join(_metric_lines()) + "\n"
    return HttpResponse(body, content_type="text/plain; version=0.0.4; charset=utf-8")
