"""Reads of supervision records, scoped by the rules of pantau.accounts.access."""

from __future__ import annotations

from pantau.accounts.access import Perm, UserLike, WorkloadScope, finding_scope, get_scoped, visit_scope
from pantau.accounts.access import workload_scope as _workload_scope
from pantau.registry.models import Lksa
from pantau.supervision.models import Evidence, Finding, FindingQuerySet, Visit, VisitQuerySet


def visits_visible_to(user: UserLike) -> VisitQuerySet:
    return visit_scope(user, Visit.objects.all())


def get_visit_for(user: UserLike, pk: int | str, *, need: Perm = Perm.FINDING_VIEW) -> Visit:
    return get_scoped(user, visits_visible_to(user), pk, need=need, view=Perm.FINDING_VIEW)


def get_evidence_for(user: UserLike, pk: int | str) -> Evidence:
    """A photo or document of a visit the person sees (404, audited, otherwise: ids cannot be probed)."""
    evidence = Evidence.objects.filter(visit__in=visits_visible_to(user).values("pk"))
    return get_scoped(user, evidence, pk, need=Perm.FINDING_VIEW, view=Perm.FINDING_VIEW)


def findings_visible_to(user: UserLike) -> FindingQuerySet:
    return finding_scope(user, Finding.objects.all())


def get_finding_for(user: UserLike, pk: int | str, *, need: Perm = Perm.FINDING_VIEW) -> Finding:
    return get_scoped(user, findings_visible_to(user), pk, need=need, view=Perm.FINDING_VIEW)


def workload_scope(user: UserLike) -> WorkloadScope:
    """The public homes, visits and findings a person's workload figures count (never listed)."""
    return _workload_scope(
        user, homes=Lksa.objects.public(), visits=Visit.objects.all(), findings=Finding.objects.all()
    )
