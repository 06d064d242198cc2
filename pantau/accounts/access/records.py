"""The registry, children, supervision and cases: which records a person may see and act on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet

from pantau.accounts.access.policy import (
    KIND_LIMITS,
    SUPERVISING_KINDS,
    Actor,
    Perm,
    _get_scoped,
    _not_found_error,
    _refuse,
    actor_of,
    has_perm,
)
from pantau.accounts.models import Membership, Organisation, User
from pantau.accounts.roles import OrgKind, Role
from pantau.cases.models import Case, CaseQuerySet, Concern, Referral
from pantau.children.models import Child, ChildQuerySet
from pantau.imports.kinds import import_kind
from pantau.imports.models import ImportJob
from pantau.regions.models import is_within, region_q
from pantau.registry.models import ChangeRequest, Lksa, LksaQuerySet
from pantau.supervision.models import Finding, FindingQuerySet, Visit, VisitQuerySet

M = TypeVar("M", bound=Model)


def lksa_visible_to(user: Any) -> LksaQuerySet:
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.REGISTRY_VIEW):
        return Lksa.objects.none()
    if actor.organisation.kind == OrgKind.LKSA:
        return Lksa.objects.filter(organisation=actor.organisation)
    return Lksa.objects.in_region(actor.jurisdiction)


def get_lksa_for(user: Any, pk: int | str, *, need: Perm = Perm.REGISTRY_VIEW) -> Lksa:
    return _get_scoped(user, lksa_visible_to(user), pk, need=need, view=Perm.REGISTRY_VIEW)


def get_lksa_record_for(
    user: Any,
    lksa_pk: int | str,
    model: type[M] | None,
    record_pk: int | str,
    *,
    need: Perm = Perm.REGISTRY_VIEW,
) -> tuple[Lksa, M]:
    """A home and one of its records (registration, bank account, staff...): 404 unless both are reachable."""
    lksa = get_lksa_for(user, lksa_pk, need=need)
    if model is None:
        raise _not_found_error(user, f"{lksa._meta.label_lower}:{lksa_pk}/unknown-record", need)
    return lksa, _get_scoped(user, model._default_manager.filter(lksa=lksa), record_pk, need=need, view=need)


def region_in_scope(user: Any, region_code: str) -> bool:
    """May ``user`` place records in ``region_code``? (Inside their jurisdiction; national: anywhere.)"""
    actor = actor_of(user)
    return actor is not None and is_within(region_code, actor.jurisdiction)


def import_jobs_visible_to(user: Any, kind: str) -> QuerySet[ImportJob]:
    """Imports are visible within the organisation that ran them, to those who may run that kind (the
    permission its app declared when registering the kind with pantau.imports)."""
    actor = actor_of(user)
    if actor is None or not actor.can(import_kind(kind).perm):
        return ImportJob.objects.none()
    return ImportJob.objects.filter(organisation=actor.organisation, kind=kind).select_related("created_by")


def get_import_job_for(user: Any, pk: int | str, kind: str) -> ImportJob:
    perm = import_kind(kind).perm
    return _get_scoped(user, import_jobs_visible_to(user, kind), pk, need=perm, view=perm)


def change_requests_visible_to(user: Any) -> QuerySet[ChangeRequest]:
    """An operator sees their home's proposals; Dinas Sosial sees those of homes in its jurisdiction."""
    actor = actor_of(user)
    if actor is None or not (actor.can(Perm.REGISTRY_PROPOSE) or actor.can(Perm.REGISTRY_MANAGE)):
        return ChangeRequest.objects.none()
    return ChangeRequest.objects.filter(lksa__in=lksa_visible_to(user)).select_related("lksa", "submitted_by")


def get_change_request_for(user: Any, pk: int | str) -> ChangeRequest:
    return _get_scoped(
        user, change_requests_visible_to(user), pk, need=Perm.REGISTRY_VIEW, view=Perm.REGISTRY_VIEW
    )


# --- Children -------------------------------------------------------------------------------------


def children_visible_to(user: Any) -> ChildQuerySet:
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.CHILD_VIEW):
        return Child.objects.none()
    if actor.organisation.kind == OrgKind.LKSA:
        return Child.objects.filter(lksa__organisation=actor.organisation)
    return Child.objects.in_region(actor.jurisdiction)


def get_child_for(user: Any, pk: int | str, *, need: Perm = Perm.CHILD_VIEW) -> Child:
    return _get_scoped(user, children_visible_to(user), pk, need=need, view=Perm.CHILD_VIEW)


def children_for_figures(user: Any) -> ChildQuerySet:
    """Children of the homes ``user`` sees in the registry, for counts and shares only (never listed).

    The same scope as ``lksa_visible_to``, through the child's copy of its home's region code: national
    figures then need no join at all."""
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.REGISTRY_VIEW):
        return Child.objects.none()
    if actor.organisation.kind == OrgKind.LKSA:
        return Child.objects.filter(lksa__organisation=actor.organisation)
    return Child.objects.in_region(actor.jurisdiction)


def homes_for_admission(user: Any) -> LksaQuerySet:
    """The homes ``user`` may admit children to: their own LKSA, or those in their Dinas Sosial's area."""
    return lksa_visible_to(user) if has_perm(user, Perm.CHILD_MANAGE) else Lksa.objects.none()


def require_admission(user: Any, lksa: Lksa) -> Actor:
    """The actor, or PermissionDenied (audited) unless ``user`` may admit children to ``lksa``."""
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.CHILD_MANAGE):
        reason = "permission"
    elif not homes_for_admission(user).filter(pk=lksa.pk).exists():
        reason = "home_out_of_scope"
    else:
        return actor
    _refuse(user, reason=reason, target=lksa, perm=Perm.CHILD_MANAGE, target_region=lksa.region_code)
    raise PermissionDenied


# --- Supervision ----------------------------------------------------------------------------------


def visits_visible_to(user: Any) -> VisitQuerySet:
    """Supervisors see the visits in their jurisdiction; an LKSA sees only its concluded visits (an
    unannounced visit must not be known to the home before it happens)."""
    actor = actor_of(user)
    if actor is None:
        return Visit.objects.none()
    if actor.can(Perm.SUPERVISION_VIEW):
        return Visit.objects.in_region(actor.jurisdiction)
    if actor.can(Perm.FINDING_VIEW) and actor.organisation.kind == OrgKind.LKSA:
        return Visit.objects.filter(lksa__organisation=actor.organisation, status=Visit.Status.CONCLUDED)
    return Visit.objects.none()


def get_visit_for(user: Any, pk: int | str, *, need: Perm = Perm.FINDING_VIEW) -> Visit:
    return _get_scoped(user, visits_visible_to(user), pk, need=need, view=Perm.FINDING_VIEW)


# Relationship guards. Some rights follow from a person's relation to one record, not from role and
# jurisdiction alone: the visit's team conducts it, the visiting office decides on its findings, the lead
# agency refers and closes its case. The boolean ``can_*`` / ``leads_case`` are for pages deciding whether
# to show a button; services call the ``require_*`` guards, which refuse with PermissionDenied and write
# the refusal to the audit trail (so the page and the API cannot differ). Call them outside the service's
# transaction: a refusal raised inside it would roll its own audit entry back.


def _conduct_refusal(user: Any, visit: Visit) -> str:
    """Why ``user`` may not conduct ``visit`` ("" when they may)."""
    if not has_perm(user, Perm.SUPERVISION_MANAGE):
        return "permission"
    if not visit.is_open:
        return "visit_closed"
    if not visit.team.filter(pk=user.pk).exists():
        return "not_on_visit_team"
    return ""


def can_conduct(user: Any, visit: Visit) -> bool:
    """Answers and the conclusion come from the visit's team, while the visit is open."""
    return not _conduct_refusal(user, visit)


def require_conduct(user: Any, visit: Visit) -> Actor:
    """The actor, or PermissionDenied (audited) unless ``user`` may conduct ``visit`` (``can_conduct``)."""
    reason = _conduct_refusal(user, visit)
    actor = actor_of(user)
    if reason or actor is None:
        _refuse(
            user, reason=reason, target=visit, perm=Perm.SUPERVISION_MANAGE, target_region=visit.region_code
        )
        raise PermissionDenied
    return actor


def colleagues_for_team(user: Any) -> QuerySet[User]:
    """Who may join ``user``'s visit team: supervisors of the same office."""
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.SUPERVISION_MANAGE):
        return User.objects.none()
    return (
        User.objects.filter(
            is_active=True,
            memberships__organisation=actor.organisation,
            memberships__is_active=True,
            memberships__role=Role.SUPERVISOR,
        )
        .exclude(pk=actor.user.pk)
        .order_by("full_name")
    )


def findings_visible_to(user: Any) -> FindingQuerySet:
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.FINDING_VIEW):
        return Finding.objects.none()
    if actor.organisation.kind == OrgKind.LKSA:
        return Finding.objects.filter(lksa__organisation=actor.organisation)
    return Finding.objects.in_region(actor.jurisdiction)


def _finding_refusal(actor: Actor | None, finding: Finding) -> str:
    if actor is None or not actor.can(Perm.SUPERVISION_MANAGE):
        return "permission"
    if finding.visit.organisation_id != actor.organisation.pk:
        return "not_visiting_office"
    return ""


def can_decide_finding(user: Any, finding: Finding) -> bool:
    """Accepting a correction or escalating a finding to the cases team is for the office that made the
    visit; offices above it see the finding (and its escalation) but do not decide for it."""
    return not _finding_refusal(actor_of(user), finding)


def require_finding_decision(user: Any, finding: Finding) -> Actor:
    """The actor, or PermissionDenied (audited) unless ``user`` may decide on ``finding`` or open a
    concern from it (``can_decide_finding``)."""
    actor = actor_of(user)
    reason = _finding_refusal(actor, finding)
    if reason or actor is None:
        _refuse(
            user,
            reason=reason,
            target=finding,
            perm=Perm.SUPERVISION_MANAGE,
            target_region=finding.region_code,
        )
        raise PermissionDenied
    return actor


def get_finding_for(user: Any, pk: int | str, *, need: Perm = Perm.FINDING_VIEW) -> Finding:
    return _get_scoped(user, findings_visible_to(user), pk, need=need, view=Perm.FINDING_VIEW)


@dataclass(frozen=True)
class WorkloadScope:
    """What a person's workload and coverage figures count: the public homes, visits, findings and the
    supervisors of supervising offices inside their jurisdiction (figures only, never listed)."""

    national: bool
    homes: LksaQuerySet
    visits: VisitQuerySet
    findings: FindingQuerySet
    supervisors: QuerySet[Membership]


def workload_scope(user: Any) -> WorkloadScope:
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.SUPERVISION_VIEW):
        return WorkloadScope(
            national=False,
            homes=Lksa.objects.none(),
            visits=Visit.objects.none(),
            findings=Finding.objects.none(),
            supervisors=Membership.objects.none(),
        )
    scope = actor.jurisdiction
    return WorkloadScope(
        national=scope is None,
        homes=Lksa.objects.public().in_region(scope),
        visits=Visit.objects.in_region(scope),
        findings=Finding.objects.in_region(scope),
        supervisors=Membership.objects.filter(
            region_q("organisation__region__code", scope),
            is_active=True,
            role=Role.SUPERVISOR,
            organisation__kind__in=SUPERVISING_KINDS,
        ),
    )


# --- Concerns and cases ---------------------------------------------------------------------------


def concerns_for_triage(user: Any) -> QuerySet[Concern]:
    """Concerns routed to the triager's jurisdiction (those about no known home go to national offices)."""
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.CONCERN_TRIAGE):
        return Concern.objects.none()
    return Concern.objects.filter(region_q("region_code", actor.jurisdiction))


def get_concern_for(user: Any, pk: int | str) -> Concern:
    return _get_scoped(
        user, concerns_for_triage(user), pk, need=Perm.CONCERN_TRIAGE, view=Perm.CONCERN_TRIAGE
    )


def cases_visible_to(user: Any) -> CaseQuerySet:
    """A case's content is for its lead agency and for agencies that accepted a referral of it: need to
    know, not jurisdiction. Others learn only that cases exist (``case_counts``)."""
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.CASE_WORK):
        return Case.objects.none()
    # The referred ids are fetched first (an agency accepts a few hundred at most): "owner = X OR id IN
    # (list)" uses both indexes, where a subquery made PostgreSQL scan every case.
    referred = list(
        Referral.objects.filter(to_org=actor.organisation, status=Referral.Status.ACCEPTED).values_list(
            "case_id", flat=True
        )
    )
    return Case.objects.filter(Q(owner=actor.organisation) | Q(pk__in=referred))


def get_case_for(user: Any, pk: int | str) -> Case:
    return _get_scoped(user, cases_visible_to(user), pk, need=Perm.CASE_WORK, view=Perm.CASE_WORK)


def leads_case(user: Any, case: Case) -> bool:
    """The lead agency closes its case and refers it onward (those it referred the case to work on it,
    but do not close it nor decide who else sees the file)."""
    actor = actor_of(user)
    return actor is not None and actor.can(Perm.CASE_WORK) and case.owner_id == actor.organisation.pk


def require_case_lead(user: Any, case: Case) -> Actor:
    """The actor, or PermissionDenied (audited) unless ``user``'s agency leads ``case`` (``leads_case``)."""
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.CASE_WORK):
        reason = "permission"
    elif case.owner_id != actor.organisation.pk:
        reason = "not_lead_agency"
    else:
        return actor
    _refuse(user, reason=reason, target=case, perm=Perm.CASE_WORK, target_region=case.region_code)
    raise PermissionDenied


def referrals_received(user: Any) -> QuerySet[Referral]:
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.CASE_WORK):
        return Referral.objects.none()
    return Referral.objects.filter(to_org=actor.organisation).select_related("case", "from_org")


def get_received_referral_for(user: Any, pk: int | str) -> Referral:
    """A referral sent to the user's agency: before accepting it the receiver sees the referral itself
    (purpose, note, category), not the case file."""
    return _get_scoped(user, referrals_received(user), pk, need=Perm.CASE_WORK, view=Perm.CASE_WORK)


def case_counts(user: Any) -> QuerySet[Case]:
    """Cases in the jurisdiction, for counts by LKSA and category only (never listed with content)."""
    actor = actor_of(user)
    # Never the home itself: those alleged may work there, and knowing a case exists could tip them off.
    if actor is None or not (actor.can(Perm.SUPERVISION_VIEW) or actor.can(Perm.CASE_WORK)):
        return Case.objects.none()
    return Case.objects.in_region(actor.jurisdiction)


def case_counts_for_home(user: Any, lksa: Lksa) -> CaseQuerySet:
    """Cases about ``lksa`` wherever they were opened, for the counts on the home's page (never listed).

    A case keeps the region it was opened in when its home moves (see ``cases.Case``), so counting by
    the case's region would hide the home's earlier cases from the office that supervises it now. The
    caller has already checked that ``user`` sees the home."""
    actor = actor_of(user)
    if actor is None or not (actor.can(Perm.SUPERVISION_VIEW) or actor.can(Perm.CASE_WORK)):
        return Case.objects.none()
    return Case.objects.filter(lksa=lksa)


def organisations_for_referral(user: Any, region_code: str) -> QuerySet[Organisation]:
    """Agencies a case in ``region_code`` can be referred to: active agencies that work on cases, national
    or in the case's province, except one's own."""
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.CASE_WORK):
        return Organisation.objects.none()
    nearby = Q(region__isnull=True) | region_q("region__code", region_code[:2] or None)
    return (
        Organisation.objects.filter(nearby, is_active=True, kind__in=KIND_LIMITS[Perm.CASE_WORK])
        .exclude(pk=actor.organisation.pk)
        .order_by("name")
    )
