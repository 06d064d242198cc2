"""Reads of concerns, cases and referrals, scoped by the rules of pantau.accounts.access."""

from __future__ import annotations

from django.db.models import QuerySet

from pantau.accounts.access import (
    Perm,
    UserLike,
    case_count_scope,
    case_scope,
    get_scoped,
    may_count_cases,
    received_referral_scope,
    triage_scope,
)
from pantau.cases.models import Case, CaseQuerySet, Concern, Referral
from pantau.registry.models import Lksa


def concerns_for_triage(user: UserLike) -> QuerySet[Concern]:
    return triage_scope(user, Concern.objects.all())


def get_concern_for(user: UserLike, pk: int | str) -> Concern:
    return get_scoped(user, concerns_for_triage(user), pk, need=Perm.CONCERN_TRIAGE, view=Perm.CONCERN_TRIAGE)


def cases_visible_to(user: UserLike) -> CaseQuerySet:
    return case_scope(user, Case.objects.all(), referrals=Referral.objects.all())


def get_case_for(user: UserLike, pk: int | str) -> Case:
    """One case the user works on (404 otherwise), with its lead agency, home and TPPO reading joined
    (every page of a case names the first two; the case file reads the third)."""
    cases = cases_visible_to(user).select_related("owner", "lksa", "tppo")
    return get_scoped(user, cases, pk, need=Perm.CASE_WORK, view=Perm.CASE_WORK)


def referrals_received(user: UserLike) -> QuerySet[Referral]:
    return received_referral_scope(user, Referral.objects.select_related("case", "from_org"))


def get_received_referral_for(user: UserLike, pk: int | str) -> Referral:
    """A referral sent to the user's agency: the referral itself (purpose, note, category), not the file."""
    return get_scoped(user, referrals_received(user), pk, need=Perm.CASE_WORK, view=Perm.CASE_WORK)


def case_counts(user: UserLike) -> CaseQuerySet:
    """Cases in the jurisdiction, for counts by LKSA and category only (never listed with content)."""
    return case_count_scope(user, Case.objects.all())


def case_counts_for_home(user: UserLike, lksa: Lksa) -> CaseQuerySet:
    """Cases about ``lksa`` wherever they were opened, for the counts on the home's page (never listed).

    A case keeps the region it was opened in when its home moves (see ``cases.Case``), so counting by
    the case's region would hide the home's earlier cases from the office that supervises it now. The
    caller has already checked that ``user`` sees the home."""
    return Case.objects.filter(lksa=lksa) if may_count_cases(user) else Case.objects.none()
