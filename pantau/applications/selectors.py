"""Reads of applications, scoped by pantau.accounts.access (the home its own, Dinas Sosial its area)."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from pantau.accounts.access import Perm, UserLike, application_scope, get_scoped, has_perm
from pantau.applications.models import WAITING, Application
from pantau.registry.models import Lksa
from pantau.registry.selectors import lksa_visible_to


def applications_visible_to(user: UserLike) -> QuerySet[Application]:
    return application_scope(
        user,
        Application.objects.select_related("lksa", "submitted_by"),
        homes_visible=lksa_visible_to(user).values("pk"),
    )


def get_application_for(user: UserLike, pk: int | str, *, need: Perm = Perm.REGISTRY_VIEW) -> Application:
    """The application ``pk`` if the person sees it (404 otherwise, audited); 403 if ``need`` is lacking."""
    return get_scoped(user, applications_visible_to(user), pk, need=need, view=Perm.REGISTRY_VIEW)


def waiting(rows: QuerySet[Application]) -> QuerySet[Application]:
    """Waiting for Dinas Sosial, the oldest submission first."""
    return rows.filter(status__in=WAITING).order_by("submitted_at", "pk")


def own_home(user: UserLike) -> Lksa | None:
    """The home an LKSA's person applies for, or None. APPLICATION_SUBMIT is held in LKSA organisations
    only, where the registry shows exactly the person's own home."""
    return lksa_visible_to(user).order_by("pk").first() if has_perm(user, Perm.APPLICATION_SUBMIT) else None


def add_working_days(start: date, days: int) -> date:
    """``days`` working days (Monday to Friday) after ``start``. Public holidays are not known to Pantau,
    so the due date can be a day or two early around them: it errs towards flagging."""
    day = start
    while days > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end`` is not after ``start``)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += day.weekday() < 5
    return count


def sop_due_on(application: Application) -> date | None:
    if application.submitted_at is None:
        return None
    submitted = timezone.localtime(application.submitted_at).date()
    return add_working_days(submitted, settings.PANTAU_APPLICATION_SOP_WORKING_DAYS)


def age_in_working_days(application: Application, *, today: date) -> int | None:
    if application.submitted_at is None:
        return None
    return working_days_between(timezone.localtime(application.submitted_at).date(), today)


def is_overdue(application: Application, *, today: date) -> bool:
    due = sop_due_on(application)
    return application.is_waiting and due is not None and today > due
