"""The registry, children, supervision and cases: which records a person may see and act on.

Each rule takes the records it narrows as a queryset (or the one record it guards), so that access
depends on no domain app: the apps call these rules from their ``selectors.py`` with their own
querysets (``children_visible_to(user) = children_scope(user, Child.objects.all())``) and the layering
stays one way. The rules themselves (which permission, which field decides the scope, what an LKSA
sees) are decided here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from pantau.accounts.access.policy import (
    KIND_LIMITS,
    SUPERVISING_KINDS,
    Actor,
    Perm,
    UserLike,
    actor_of,
    has_perm,
    refuse,
    require,
)
from pantau.accounts.models import Membership, User
from pantau.accounts.roles import OrgKind, Role
from pantau.regions.models import RegionScopedQuerySet, is_within, region_q

S = TypeVar("S", bound=RegionScopedQuerySet[Any])
Q_ = TypeVar("Q_", bound=QuerySet[Any])

# The record shapes the relationship guards read. Protocols, not the models, keep access free of
# imports from the domain apps; every model that is passed in has these attributes.


class _Home(Protocol):
    @property
    def pk(self) -> Any: ...
    @property
    def region_code(self) -> str: ...


class _Visit(Protocol):
    @property
    def pk(self) -> Any: ...
    @property
    def region_code(self) -> str: ...
    @property
    def is_open(self) -> bool: ...
    @property
    def team(self) -> Any: ...


class _Finding(Protocol):
    @property
    def pk(self) -> Any: ...
    @property
    def region_code(self) -> str: ...
    @property
    def visit(self) -> Any: ...


class _Case(Protocol):
    @property
    def pk(self) -> Any: ...
    @property
    def region_code(self) -> str: ...
    @property
    def owner_id(self) -> int: ...


def _own_home_or_region(actor: Actor, records: S, home_organisation: str) -> S:
    """An LKSA's people see their own home's records; everyone else their jurisdiction's."""
    if actor.organisation.kind == OrgKind.LKSA:
        return records.filter(**{home_organisation: actor.organisation})
    return records.in_region(actor.jurisdiction)


# --- Registry -------------------------------------------------------------------------------------


def lksa_scope(user: UserLike, homes: S) -> S:
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.REGISTRY_VIEW):
        return homes.none()
    return _own_home_or_region(actor, homes, "organisation")


def region_in_scope(user: UserLike, region_code: str) -> bool:
    """May ``user`` place records in ``region_code``? (Inside their jurisdiction; national: anywhere.)"""
    actor = actor_of(user)
    return actor is not None and is_within(region_code, actor.jurisdiction)


def import_job_scope(user: UserLike, jobs: Q_, *, perm: Perm) -> Q_:
    """Imports are visible within the organisation that ran them, to those who may run that kind (``perm``:
    the permission the kind's app declared when registering it with pantau.imports)."""
    actor = actor_of(user)
    if actor is None or not actor.can(perm):
        return jobs.none()
    return jobs.filter(organisation=actor.organisation)


def change_request_scope(user: UserLike, requests: Q_, *, homes_visible: QuerySet[Any]) -> Q_:
    """An operator sees their home's proposals; Dinas Sosial sees those of homes in its jurisdiction."""
    actor = actor_of(user)
    if actor is None or not (actor.can(Perm.REGISTRY_PROPOSE) or actor.can(Perm.REGISTRY_MANAGE)):
        return requests.none()
    return requests.filter(lksa__in=homes_visible)


# --- Staff vetting --------------------------------------------------------------------------------


def training_session_scope(user: UserLike, sessions: S) -> S:
    """Pembinaan sessions: an agency sees those run in its jurisdiction, a home those it was invited to."""
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.REGISTRY_VIEW):
        return sessions.none()
    if actor.organisation.kind == OrgKind.LKSA:
        return sessions.filter(homes__organisation=actor.organisation).distinct()
    return sessions.in_region(actor.jurisdiction)


def may_see_bars(user: UserLike) -> bool:
    """Barred persons and their matches among staff are Dinas Sosial's (and Kemensos'): never the home's,
    where a "possible" match would name a colleague on a guess."""
    return has_perm(user, Perm.REGISTRY_MANAGE)


def bar_scope(user: UserLike, bars: S) -> S:
    """The bars made in ``user``'s jurisdiction (a match elsewhere is seen through the staff's home)."""
    actor = actor_of(user)
    if actor is None or not may_see_bars(user):
        return bars.none()
    return bars.in_region(actor.jurisdiction)


def application_scope(user: UserLike, applications: Q_, *, homes_visible: QuerySet[Any]) -> Q_:
    """Online applications (pantau.applications): the home's own people (APPLICATION_SUBMIT) see their
    home's; Dinas Sosial (REGISTRY_MANAGE) the submitted ones of homes in its jurisdiction; nobody else
    any."""
    if not may_work_applications(user):
        return applications.none()
    if not has_perm(user, Perm.APPLICATION_SUBMIT):
        # A draft is the home's own until it is submitted (``submitted_at``: its first submission).
        applications = applications.exclude(submitted_at__isnull=True)
    return applications.filter(lksa__in=homes_visible)


def may_work_applications(user: UserLike) -> bool:
    actor = actor_of(user)
    return actor is not None and (actor.can(Perm.APPLICATION_SUBMIT) or actor.can(Perm.REGISTRY_MANAGE))


def require_application_party(user: UserLike, *, target_label: str = "") -> Actor:
    """The actor, or PermissionDenied (audited) unless ``user`` applies for a home or decides applications."""
    actor = actor_of(user)
    if actor is None or not may_work_applications(user):
        refuse(user, reason="permission", perm=Perm.APPLICATION_SUBMIT, target_label=target_label)
        raise PermissionDenied
    return actor


def aid_scope(user: UserLike, records: Q_, *, homes_visible: QuerySet[Any]) -> Q_:
    """Aid records of the homes a person sees in the registry (an LKSA: its own), for those with AID_VIEW
    (never police or civil society, who see the registry but not what the state pays a home)."""
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.AID_VIEW):
        return records.none()
    return records.filter(lksa__in=homes_visible)


# --- Children -------------------------------------------------------------------------------------


def children_scope(user: UserLike, children: S) -> S:
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.CHILD_VIEW):
        return children.none()
    return _own_home_or_region(actor, children, "lksa__organisation")


def children_figures_scope(user: UserLike, children: S) -> S:
    """Children of the homes ``user`` sees in the registry, for counts and shares only (never listed).

    The same scope as ``lksa_scope``, through the child's copy of its home's region code: national
    figures then need no join at all."""
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.REGISTRY_VIEW):
        return children.none()
    return _own_home_or_region(actor, children, "lksa__organisation")


def admission_scope(user: UserLike, homes_visible: Q_) -> Q_:
    """The homes ``user`` may admit children to: their own LKSA, or those in their Dinas Sosial's area
    (``homes_visible``: the homes the person sees in the registry)."""
    return homes_visible if has_perm(user, Perm.CHILD_MANAGE) else homes_visible.none()


def require_admission(user: UserLike, lksa: _Home, *, homes_visible: QuerySet[Any]) -> Actor:
    """The actor, or PermissionDenied (audited) unless ``user`` may admit children to ``lksa``."""
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.CHILD_MANAGE):
        reason = "permission"
    elif not admission_scope(user, homes_visible).filter(pk=lksa.pk).exists():
        reason = "home_out_of_scope"
    else:
        return actor
    refuse(user, reason=reason, target=lksa, perm=Perm.CHILD_MANAGE, target_region=lksa.region_code)
    raise PermissionDenied


# --- Family-based care ----------------------------------------------------------------------------


def records_for_an_office(user: UserLike) -> bool:
    """Does ``user`` record children for an office (Dinas Sosial) rather than for a home? An office may
    record a child it finds living in an unregistered home; the home may not admit there
    (children/admission.py)."""
    actor = actor_of(user)
    return actor is not None and actor.organisation.kind != OrgKind.LKSA


def own_area(user: UserLike) -> str | None:
    """Where an office's figures start: its jurisdiction (a home's staff and national offices: None)."""
    actor = actor_of(user)
    return actor.jurisdiction if actor is not None and actor.organisation.kind != OrgKind.LKSA else None


def require_rules_reader(user: UserLike, *, target_label: str) -> None:
    """The family-care rules are read by those who work the files and by the administrator who
    publishes them: PermissionDenied (audited) for anyone else."""
    if not has_perm(user, Perm.FAMILY_CARE_CONFIGURE):
        require(user, Perm.FAMILY_CARE_VIEW, target_label=target_label)


def family_scope(user: UserLike, families: S) -> S:
    """The families applying in ``user``'s jurisdiction (the office that receives the application)."""
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.FAMILY_CARE_VIEW):
        return families.none()
    return families.in_region(actor.jurisdiction)


def care_file_scope(user: UserLike, files: S) -> S:
    """Files of families in ``user``'s jurisdiction, and files about children of homes in it: the office
    supervising the child's home follows the child out of it, even to a family in another region."""
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.FAMILY_CARE_VIEW):
        return files.none()
    if actor.jurisdiction is None:
        return files
    return files.filter(
        region_q("region_code", actor.jurisdiction) | region_q("child_region_code", actor.jurisdiction)
    )


def _signoff_refusal(actor: Actor | None, child: _Home) -> str:
    if actor is None or not actor.can(Perm.CHILD_SIGNOFF):
        return "permission"
    if actor.organisation.kind not in KIND_LIMITS[Perm.CHILD_SIGNOFF]:
        return "not_dinas_sosial"  # in case the role is one whose permissions skip the kind limits
    if not is_within(child.region_code, actor.jurisdiction):
        return "child_out_of_scope"
    return ""


def may_sign_off_gatekeeping(user: UserLike, child: _Home) -> bool:
    """Signing off a child's gatekeeping assessment is Dinas Sosial's (a supervisor, or a social worker:
    Sakti Peksos) for children of its jurisdiction; never the home's, whose admission it judges."""
    return not _signoff_refusal(actor_of(user), child)


def require_gatekeeping_signoff(user: UserLike, child: _Home) -> Actor:
    """The actor, or PermissionDenied (audited) unless ``user`` may sign off ``child``'s assessment."""
    actor = actor_of(user)
    reason = _signoff_refusal(actor, child)
    if reason or actor is None:
        refuse(user, reason=reason, target=child, perm=Perm.CHILD_SIGNOFF, target_region=child.region_code)
        raise PermissionDenied
    return actor


# --- Supervision ----------------------------------------------------------------------------------


def visit_scope(user: UserLike, visits: S) -> S:
    """Supervisors see the visits in their jurisdiction; an LKSA sees only its concluded visits (an
    unannounced visit must not be known to the home before it happens)."""
    actor = actor_of(user)
    if actor is None:
        return visits.none()
    if actor.can(Perm.SUPERVISION_VIEW):
        return visits.in_region(actor.jurisdiction)
    if actor.can(Perm.FINDING_VIEW) and actor.organisation.kind == OrgKind.LKSA:
        return visits.filter(lksa__organisation=actor.organisation, status="concluded")
    return visits.none()


# Relationship guards. Some rights follow from a person's relation to one record, not from role and
# jurisdiction alone: the visit's team conducts it, the visiting office decides on its findings, the lead
# agency refers and closes its case. The boolean ``can_*`` / ``leads_case`` are for pages deciding whether
# to show a button; services call the ``require_*`` guards, which refuse with PermissionDenied and write
# the refusal to the audit trail (so the page and the API cannot differ). Call them outside the service's
# transaction: a refusal raised inside it would roll its own audit entry back.


def _conduct_refusal(user: UserLike, visit: _Visit) -> str:
    """Why ``user`` may not conduct ``visit`` ("" when they may)."""
    if not has_perm(user, Perm.SUPERVISION_MANAGE):
        return "permission"
    if not visit.is_open:
        return "visit_closed"
    if not visit.team.filter(pk=user.pk).exists():
        return "not_on_visit_team"
    return ""


def can_conduct(user: UserLike, visit: _Visit) -> bool:
    """Answers and the conclusion come from the visit's team, while the visit is open."""
    return not _conduct_refusal(user, visit)


def require_conduct(user: UserLike, visit: _Visit) -> Actor:
    """The actor, or PermissionDenied (audited) unless ``user`` may conduct ``visit`` (``can_conduct``)."""
    reason = _conduct_refusal(user, visit)
    actor = actor_of(user)
    if reason or actor is None:
        refuse(
            user, reason=reason, target=visit, perm=Perm.SUPERVISION_MANAGE, target_region=visit.region_code
        )
        raise PermissionDenied
    return actor


def colleagues_for_team(user: UserLike) -> QuerySet[User]:
    """Who may join ``user``'s visit team: supervisors of the same office."""
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.SUPERVISION_MANAGE):
        return User.objects.none()
    colleagues = User.objects.members_of(actor.organisation, roles=[Role.SUPERVISOR])
    return colleagues.exclude(pk=actor.user.pk).order_by("full_name")


def finding_scope(user: UserLike, findings: S) -> S:
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.FINDING_VIEW):
        return findings.none()
    return _own_home_or_region(actor, findings, "lksa__organisation")


def _finding_refusal(actor: Actor | None, finding: _Finding) -> str:
    if actor is None or not actor.can(Perm.SUPERVISION_MANAGE):
        return "permission"
    if finding.visit.organisation_id != actor.organisation.pk:
        return "not_visiting_office"
    return ""


def can_decide_finding(user: UserLike, finding: _Finding) -> bool:
    """Accepting a correction or escalating a finding to the cases team is for the office that made the
    visit; offices above it see the finding (and its escalation) but do not decide for it."""
    return not _finding_refusal(actor_of(user), finding)


def require_finding_decision(user: UserLike, finding: _Finding) -> Actor:
    """The actor, or PermissionDenied (audited) unless ``user`` may decide on ``finding`` or open a
    concern from it (``can_decide_finding``)."""
    actor = actor_of(user)
    reason = _finding_refusal(actor, finding)
    if reason or actor is None:
        refuse(
            user,
            reason=reason,
            target=finding,
            perm=Perm.SUPERVISION_MANAGE,
            target_region=finding.region_code,
        )
        raise PermissionDenied
    return actor


@dataclass(frozen=True)
class WorkloadScope:
    """What a person's workload and coverage figures count: the public homes, visits, findings and the
    supervisors of supervising offices inside their jurisdiction (figures only, never listed)."""

    national: bool
    homes: Any
    visits: Any
    findings: Any
    supervisors: QuerySet[Membership]


def workload_scope(user: UserLike, *, homes: S, visits: S, findings: S) -> WorkloadScope:
    """``homes`` (the public ones), ``visits`` and ``findings`` narrowed to the person's jurisdiction."""
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.SUPERVISION_VIEW):
        return WorkloadScope(
            national=False,
            homes=homes.none(),
            visits=visits.none(),
            findings=findings.none(),
            supervisors=Membership.objects.none(),
        )
    scope = actor.jurisdiction
    return WorkloadScope(
        national=scope is None,
        homes=homes.in_region(scope),
        visits=visits.in_region(scope),
        findings=findings.in_region(scope),
        supervisors=Membership.objects.filter(
            region_q("organisation__region__code", scope),
            is_active=True,
            role=Role.SUPERVISOR,
            organisation__kind__in=SUPERVISING_KINDS,
        ),
    )


# --- Concerns and cases ---------------------------------------------------------------------------


def triage_scope(user: UserLike, concerns: S) -> S:
    """Concerns routed to the triager's jurisdiction (those about no known home go to national offices)."""
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.CONCERN_TRIAGE):
        return concerns.none()
    return concerns.in_region(actor.jurisdiction)


def case_scope(user: UserLike, cases: Q_, *, referrals: QuerySet[Any]) -> Q_:
    """A case's content is for its lead agency and for agencies that accepted a referral of it: need to
    know, not jurisdiction. Others learn only that cases exist (``case_count_scope``)."""
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.CASE_WORK):
        return cases.none()
    # The referred ids are fetched first (an agency accepts a few hundred at most): "owner = X OR id IN
    # (list)" uses both indexes, where a subquery made PostgreSQL scan every case.
    referred = list(
        referrals.filter(to_org=actor.organisation, status="accepted").values_list("case_id", flat=True)
    )
    return cases.filter(Q(owner=actor.organisation) | Q(pk__in=referred))


def leads_case(user: UserLike, case: _Case) -> bool:
    """The lead agency closes its case (those it referred the case to work on it and refer it onward
    within their role, ``may_refer``, but do not close it)."""
    actor = actor_of(user)
    return actor is not None and actor.can(Perm.CASE_WORK) and case.owner_id == actor.organisation.pk


def require_case_lead(user: UserLike, case: _Case) -> Actor:
    """The actor, or PermissionDenied (audited) unless ``user``'s agency leads ``case`` (``leads_case``)."""
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.CASE_WORK):
        reason = "permission"
    elif case.owner_id != actor.organisation.pk:
        reason = "not_lead_agency"
    else:
        return actor
    refuse(user, reason=reason, target=case, perm=Perm.CASE_WORK, target_region=case.region_code)
    raise PermissionDenied


def received_referral_scope(user: UserLike, referrals: Q_) -> Q_:
    """Referrals sent to the user's agency: before accepting one the receiver sees the referral itself
    (purpose, note, category), not the case file."""
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.CASE_WORK):
        return referrals.none()
    return referrals.filter(to_org=actor.organisation)


def may_count_cases(user: UserLike) -> bool:
    """Who learns how many cases concern the homes of their jurisdiction (never their content). Never the
    home itself: those alleged may work there, and knowing a case exists could tip them off."""
    actor = actor_of(user)
    return actor is not None and (actor.can(Perm.SUPERVISION_VIEW) or actor.can(Perm.CASE_WORK))


def case_count_scope(user: UserLike, cases: S) -> S:
    """Cases in the jurisdiction, for counts by LKSA and category only (never listed with content)."""
    actor = actor_of(user)
    if actor is None or not may_count_cases(user):
        return cases.none()
    return cases.in_region(actor.jurisdiction)
