"""What waits for Dinas Sosial about family-based care: steps of files falling due, monitoring visits
due to families caring for a child, and children who left a home for a family without papers.

Built on ``files_visible_to`` (the file list's scope); each file card's "see all" opens the file list
filtered to exactly what the card counts (``?state=step_due`` / ``?state=visit_due``, the selectors'
``steps_waiting`` / ``visits_waiting``). Items name no child: the file number, the step and dates."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pantau.accounts.access import UserLike
from pantau.cases.models import Concern
from pantau.cases.selectors import concerns_for_triage
from pantau.familycare.models import CareFile, EarlyWarning, Stage
from pantau.familycare.selectors import files_visible_to, steps_waiting, visits_waiting
from pantau.familycare.workflow import next_step
from pantau.lib.queues import Queue, QueueItem, queue_of


def _day(day: date) -> str:
    return date_format(day, "j M Y")


def _file_url(file: CareFile) -> str:
    return reverse("familycare:file_detail", args=[file.pk])


def _see_all(state: str) -> str:
    return reverse("familycare:file_list") + f"?state={state}"


def steps_due(user: UserLike, *, today: date) -> Queue:
    """Open files whose next step is due within two weeks or overdue, the most overdue first."""

    def item(file: CareFile) -> QueueItem:
        step = next_step(file)
        label = dict(Stage.choices).get(step.stage, step.stage) if step else ""
        due = file.due_on
        return QueueItem(
            label=_("File %(number)s") % {"number": file.number},
            detail=_("next step: %(step)s") % {"step": label},
            url=_file_url(file),
            due_on=due,
            urgent=due is not None and due < today,
        )

    rows = (
        steps_waiting(files_visible_to(user), today=today)
        .only("pk", "kind", "stage", "due_on", "closed_on")
        .order_by("due_on", "pk")
    )
    return queue_of(
        "familycare_steps_due",
        _("Family-care steps due"),
        rows,
        item,
        see_all=_see_all("step_due"),
        one_read=True,
    )


def visits_due(user: UserLike, *, today: date) -> Queue:
    """Foster and kinship placements whose monitoring visit is due within two weeks or overdue."""

    def item(file: CareFile) -> QueueItem:
        due = file.next_visit_on
        return QueueItem(
            label=_("File %(number)s") % {"number": file.number},
            detail=_("monitoring visit to the family"),
            url=_file_url(file),
            due_on=due,
            urgent=due is not None and due < today,
        )

    rows = (
        visits_waiting(files_visible_to(user), today=today)
        .only("pk", "kind", "next_visit_on", "closed_on")
        .order_by("next_visit_on", "pk")
    )
    return queue_of(
        "familycare_visits_due",
        _("Monitoring visits due"),
        rows,
        item,
        see_all=_see_all("visit_due"),
        one_read=True,
    )


def exits_without_papers(user: UserLike) -> Queue:
    """Concerns opened by an "unverified exit" early warning (a child reported gone to a family without
    a file or court order) that nobody has triaged yet, oldest first: a child may have been handed
    over. Read through the triage scope, so each item opens a concern the reader may triage."""
    concern_ids = EarlyWarning.objects.filter(
        code=EarlyWarning.Code.UNVERIFIED_EXIT, concern__isnull=False
    ).values("concern_id")
    rows = (
        concerns_for_triage(user)
        .filter(pk__in=concern_ids, status=Concern.Status.RECEIVED, case__isnull=True)
        .select_related("lksa")
        .order_by("created_at", "pk")
    )

    def item(concern: Concern) -> QueueItem:
        return QueueItem(
            label=concern.tracking_code,
            detail=_("%(home)s, reported %(day)s")
            % {
                "home": concern.lksa.name if concern.lksa else "—",
                "day": _day(timezone.localtime(concern.created_at).date()),
            },
            url=reverse("cases:concern_detail", args=[concern.pk]),
            urgent=True,
        )

    # The triage list, filtered to exactly these concerns.
    return queue_of(
        "familycare_exits_unverified",
        _("Exits without papers"),
        rows,
        item,
        see_all=reverse("cases:triage") + "?warning=unverified_exit",
        one_read=True,
    )
