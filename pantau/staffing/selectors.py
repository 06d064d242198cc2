"""Reads of staff vetting: the staff a person sees (those of the homes they see in the registry), the
vetting status of each, sessions, bars and their matches, and the vetting policy that applies to a home."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from pantau.accounts.access import (
    Perm,
    UserLike,
    bar_scope,
    get_scoped,
    may_see_bars,
    training_session_scope,
)
from pantau.accounts.models import Organisation
from pantau.accounts.roles import OrgKind
from pantau.registry.models import Lksa, StaffMember
from pantau.registry.selectors import lksa_visible_to
from pantau.staffing.models import (
    DEFAULT_SKCK_VALIDITY_MONTHS,
    Bar,
    BarMatch,
    PoliceClearance,
    Review,
    Training,
    TrainingSession,
    VettingPolicy,
)

EXPIRING_DAYS = 30  # "expiring soon" on the pages and the home's queue; the first reminder goes then

# The vetting status of one staff member, worst first (the order of the regional filter).
NO_SKCK, EXPIRED, EXPIRING, UNTRAINED, OK = "no_skck", "expired", "expiring", "untrained", "ok"


def staff_visible_to(user: UserLike) -> QuerySet[StaffMember]:
    return StaffMember.objects.filter(lksa__in=lksa_visible_to(user).values("pk"))


def get_staff_for(user: UserLike, pk: int | str, *, need: Perm = Perm.REGISTRY_VIEW) -> StaffMember:
    staff = staff_visible_to(user).select_related("lksa")
    return get_scoped(user, staff, pk, need=need, view=Perm.REGISTRY_VIEW)


def sessions_visible_to(user: UserLike) -> QuerySet[TrainingSession]:
    return training_session_scope(user, TrainingSession.objects.all())


def get_session_for(user: UserLike, pk: int | str, *, need: Perm = Perm.REGISTRY_VIEW) -> TrainingSession:
    sessions = sessions_visible_to(user).select_related("organisation")
    return get_scoped(user, sessions, pk, need=need, view=Perm.REGISTRY_VIEW)


def bars_visible_to(user: UserLike) -> QuerySet[Bar]:
    return bar_scope(user, Bar.objects.all())


def matches_visible_to(user: UserLike, *, today: date) -> QuerySet[BarMatch]:
    """Staff of the homes ``user`` sees who match a bar in force (from any office): Dinas Sosial only."""
    if not may_see_bars(user):
        return BarMatch.objects.none()
    return BarMatch.objects.filter(
        Q(bar__until_on__isnull=True) | Q(bar__until_on__gte=today),
        bar__from_on__lte=today,
        staff__is_active=True,
        staff__lksa__in=lksa_visible_to(user).values("pk"),
    )


def status_of(staff: StaffMember, today: date) -> str:
    """The worst that is true of ``staff``'s vetting today."""
    if staff.police_clearance_on is None:
        return NO_SKCK
    until = staff.police_clearance_until
    if until is not None and until < today:
        return EXPIRED
    if until is not None and until <= today + timedelta(days=EXPIRING_DAYS):
        return EXPIRING
    if staff.protection_training_on is None:
        return UNTRAINED
    return OK


def status_q(status: str, today: date) -> Q:
    """``status_of`` as a filter (the regional list filters in the database)."""
    horizon = today + timedelta(days=EXPIRING_DAYS)
    screened = Q(police_clearance_on__isnull=False)
    not_expiring = Q(police_clearance_until__isnull=True) | Q(police_clearance_until__gt=horizon)
    return {
        NO_SKCK: Q(police_clearance_on__isnull=True),
        EXPIRED: screened & Q(police_clearance_until__lt=today),
        EXPIRING: screened & Q(police_clearance_until__gte=today, police_clearance_until__lte=horizon),
        UNTRAINED: screened & not_expiring & Q(protection_training_on__isnull=True),
        OK: screened & not_expiring & Q(protection_training_on__isnull=False),
    }[status]


@dataclass(frozen=True)
class StaffRow:
    staff: StaffMember
    status: str
    flagged: bool  # matches a bar in force (shown to Dinas Sosial only)


def staff_rows(staff: QuerySet[StaffMember], *, user: UserLike, today: date) -> list[StaffRow]:
    """Rows for a staff list with each one's status and bar flag, in one query."""
    flagged = matches_visible_to(user, today=today).filter(staff=OuterRef("pk"))
    rows = staff.select_related("lksa").annotate(flagged=Exists(flagged))
    return [StaffRow(s, status_of(s, today), s.flagged) for s in rows]


def pending_clearances(user: UserLike) -> QuerySet[PoliceClearance]:
    return PoliceClearance.objects.filter(staff__in=staff_visible_to(user), status=Review.PENDING)


def pending_trainings(user: UserLike) -> QuerySet[Training]:
    return Training.objects.filter(staff__in=staff_visible_to(user), status=Review.PENDING)


def home_office(lksa: Lksa) -> Organisation | None:
    """The home's Dinas Sosial: the regency's (kabupaten/kota) office, else the province's."""
    offices = Organisation.objects.filter(
        is_active=True,
        kind__in=[OrgKind.DINSOS_REGENCY, OrgKind.DINSOS_PROVINCE],
        region_id__in=[lksa.region_code[:5], lksa.region_code[:2]],
    ).select_related("vetting_policy")
    found = sorted(offices, key=lambda o: (o.kind != OrgKind.DINSOS_REGENCY, o.pk))
    return found[0] if found else None


def validity_months_for(lksa: Lksa) -> int:
    """How long the home's Dinas Sosial accepts an SKCK (its policy setting, or the default)."""
    office = home_office(lksa)
    policy: Any = getattr(office, "vetting_policy", None) if office is not None else None
    return policy.skck_validity_months if policy is not None else DEFAULT_SKCK_VALIDITY_MONTHS


def policy_for(office: Organisation) -> VettingPolicy:
    """The office's policy (unsaved with the default when it has set none)."""
    return VettingPolicy.objects.filter(organisation=office).first() or VettingPolicy(organisation=office)
