"""Reads of families and files, scoped by the rules of pantau.accounts.access."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Q, QuerySet

from pantau.accounts.access import Perm, UserLike, care_file_scope, family_scope, get_scoped
from pantau.familycare.models import CareFile, CareFileQuerySet, Family, FamilyQuerySet, Kind

DUE_AHEAD_DAYS = 14  # steps and visits are listed two weeks before they fall due


def families_visible_to(user: UserLike) -> FamilyQuerySet:
    return family_scope(user, Family.objects.all())


def get_family_for(user: UserLike, pk: int | str, *, need: Perm = Perm.FAMILY_CARE_VIEW) -> Family:
    visible = families_visible_to(user).prefetch_related("documents")
    return get_scoped(user, visible, pk, need=need, view=Perm.FAMILY_CARE_VIEW)


def files_visible_to(user: UserLike) -> CareFileQuerySet:
    return care_file_scope(user, CareFile.objects.all())


def get_file_for(user: UserLike, pk: int | str, *, need: Perm = Perm.FAMILY_CARE_VIEW) -> CareFile:
    visible = files_visible_to(user).select_related("family", "child", "lksa", "rules", "placement")
    return get_scoped(user, visible, pk, need=need, view=Perm.FAMILY_CARE_VIEW)


def for_list(files: QuerySet[CareFile]) -> QuerySet[CareFile]:
    """What a list row shows: the family's name, the home's, never the child's."""
    return files.select_related("family", "lksa").only(
        "id",
        "kind",
        "stage",
        "stage_on",
        "due_on",
        "next_visit_on",
        "opened_on",
        "closed_on",
        "region_code",
        "family__applicant_name",
        "family__spouse_name",
        "lksa__name",
        "child_id",
    )


def waiting(files: CareFileQuerySet, *, today: date, ahead: int = DUE_AHEAD_DAYS) -> CareFileQuerySet:
    """Open files with a step or a monitoring visit due within ``ahead`` days or overdue."""
    soon = today + timedelta(days=ahead)
    return files.open().filter(Q(due_on__lte=soon) | Q(next_visit_on__lte=soon))


def steps_waiting(files: CareFileQuerySet, *, today: date, ahead: int = DUE_AHEAD_DAYS) -> CareFileQuerySet:
    """Open files whose next step is due within ``ahead`` days or overdue (the home page's steps card)."""
    return files.open().filter(due_on__lte=today + timedelta(days=ahead))


def visits_waiting(files: CareFileQuerySet, *, today: date, ahead: int = DUE_AHEAD_DAYS) -> CareFileQuerySet:
    """Open files whose monitoring visit is due within ``ahead`` days or overdue (the visits card)."""
    return files.open().filter(next_visit_on__lte=today + timedelta(days=ahead))


def overdue(files: CareFileQuerySet, *, today: date) -> CareFileQuerySet:
    return files.open().filter(Q(due_on__lt=today) | Q(next_visit_on__lt=today))


def filter_files(
    files: CareFileQuerySet, *, kind: str = "", stage: str = "", state: str = "", today: date
) -> CareFileQuerySet:
    """The file list's filters: kind, stage, and open / due / overdue / closed (and step_due, visit_due:
    the home page's cards)."""
    if kind in Kind.values:
        files = files.filter(kind=kind)
    if stage:
        files = files.filter(stage=stage)
    if state == "open":
        files = files.open()
    elif state == "closed":
        files = files.filter(closed_on__isnull=False)
    elif state == "due":
        files = waiting(files, today=today)
    elif state == "overdue":
        files = overdue(files, today=today)
    elif state == "step_due":  # the home page's cards: exactly what each counts
        files = steps_waiting(files, today=today)
    elif state == "visit_due":
        files = visits_waiting(files, today=today)
    return files
