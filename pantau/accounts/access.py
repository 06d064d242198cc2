"""Who may see and do what: the one place where permissions and record scoping are decided.

Views and API handlers never filter protected records themselves. They call:

* ``require(user, perm)`` — may this person use this function at all? (403 if not)
* ``<records>_visible_to(user)`` — the records this person may see (jurisdiction applied);
* ``get_<record>_for(user, pk, need=...)`` — one record: 404 when it does not exist *or* is outside
  the person's scope (so ids cannot be probed), 403 when visible but the action is not allowed.

Every refusal is written to the audit trail.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponseBase

from pantau.accounts.models import ApiToken, Membership, Organisation, User
from pantau.accounts.roles import POLICE_KINDS, OrgKind, Role, roles_for_kind
from pantau.audit.models import AuditEvent
from pantau.audit.services import audit_record
from pantau.cases.models import Case, CaseQuerySet, Concern, Referral
from pantau.children.models import Child, ChildQuerySet
from pantau.linkage.models import CandidatePair, CandidatePairQuerySet, LinkageRun
from pantau.monitoring.models import MonitoredAccount, Post, PostQuerySet
from pantau.regions.models import is_within, region_q
from pantau.registry.models import ChangeRequest, ImportJob, Lksa, LksaQuerySet
from pantau.supervision.models import Finding, FindingQuerySet, Visit, VisitQuerySet


class Perm(StrEnum):
    ORG_VIEW = "organisation.view"
    ORG_MANAGE = "organisation.manage"
    USER_VIEW = "user.view"
    USER_MANAGE = "user.manage"
    AUDIT_VIEW = "audit.view"
    API_TOKEN_OWN = "api_token.own"  # noqa: S105  (a permission name, not a secret)
    REGISTRY_VIEW = "registry.view"
    REGISTRY_MANAGE = "registry.manage"
    # An LKSA operator keeps contact details current and proposes changes to legal data (maker).
    REGISTRY_PROPOSE = "registry.propose"
    # Children: lists with names (need to know), identifiers in clear (audited), admitting and placements.
    CHILD_VIEW = "child.view"
    CHILD_IDENTITY = "child.identity"
    CHILD_MANAGE = "child.manage"
    # Supervision: the visit plan and visits; conducting visits and deciding on findings; the findings
    # themselves (also seen by the LKSA they concern, which answers them); checklists and risk points.
    SUPERVISION_VIEW = "supervision.view"
    SUPERVISION_MANAGE = "supervision.manage"
    FINDING_VIEW = "finding.view"
    FINDING_RESPOND = "finding.respond"
    SUPERVISION_CONFIGURE = "supervision.configure"
    # Protection cases: triaging concerns; working on cases of one's agency or referred to it; police
    # milestones on cases referred for investigation.
    CONCERN_TRIAGE = "concern.triage"
    CASE_WORK = "case.work"
    INVESTIGATION_RECORD = "investigation.record"
    # Duplicate children across homes: deciding candidate pairs (both records side by side) and starting
    # batch runs for one's jurisdiction (Kemensos for the nation, seeing counts only).
    LINKAGE_REVIEW = "linkage.review"
    LINKAGE_RUN = "linkage.run"
    # Online monitoring: the review queue, monitored accounts, capturing and importing posts; and the
    # reviewer's decision on a post (it can open a concern or refer to police).
    MONITORING_WORK = "monitoring.work"
    MONITORING_DECIDE = "monitoring.decide"


_STAFF = frozenset(
    {Perm.ORG_VIEW, Perm.API_TOKEN_OWN, Perm.REGISTRY_VIEW, Perm.SUPERVISION_VIEW, Perm.FINDING_VIEW}
)

# Only a system administrator gives, takes away or manages these roles: an organisation administrator
# must not be able to take over a fellow administrator, nor the auditor who checks them.
PRIVILEGED_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.ORG_ADMIN, Role.AUDITOR})

ROLE_PERMISSIONS: dict[str, frozenset[Perm]] = {
    Role.SYSTEM_ADMIN: _STAFF
    | {Perm.ORG_MANAGE, Perm.USER_VIEW, Perm.USER_MANAGE, Perm.SUPERVISION_CONFIGURE},
    Role.ORG_ADMIN: _STAFF | {Perm.USER_VIEW, Perm.USER_MANAGE},
    Role.SUPERVISOR: _STAFF
    | {
        Perm.REGISTRY_MANAGE,
        Perm.CHILD_VIEW,
        Perm.CHILD_IDENTITY,
        Perm.CHILD_MANAGE,
        Perm.SUPERVISION_MANAGE,
        Perm.CONCERN_TRIAGE,
        Perm.CASE_WORK,
        Perm.LINKAGE_REVIEW,
        Perm.LINKAGE_RUN,
        Perm.MONITORING_WORK,
        Perm.MONITORING_DECIDE,
    },
    Role.CASE_WORKER: _STAFF
    | {Perm.CHILD_VIEW, Perm.CHILD_IDENTITY, Perm.CONCERN_TRIAGE, Perm.CASE_WORK, Perm.MONITORING_WORK},
    Role.INVESTIGATOR: _STAFF
    | {Perm.CASE_WORK, Perm.INVESTIGATION_RECORD, Perm.MONITORING_WORK, Perm.MONITORING_DECIDE},
    Role.VIEWER: _STAFF,
    # An LKSA operator works on its own home only and has no use for the agency directory.
    Role.LKSA_OPERATOR: frozenset(
        {
            Perm.API_TOKEN_OWN,
            Perm.REGISTRY_VIEW,
            Perm.REGISTRY_PROPOSE,
            Perm.CHILD_VIEW,
            Perm.CHILD_IDENTITY,
            Perm.CHILD_MANAGE,
            Perm.FINDING_VIEW,
            Perm.FINDING_RESPOND,
        }
    ),
    # Separation of duties: auditors read the trail but manage nothing.
    Role.AUDITOR: _STAFF | {Perm.AUDIT_VIEW},
}

# Some permissions belong to a role only in certain kinds of organisation: registering LKSA and
# recording their legal documents is the work of Dinas Sosial (and Kemensos), not of KPAI or police.
# The registry holds staff names, bank details and documents: agencies with a protection mandate see it,
# civil-society partners do not (they use the public check).
SUPERVISING_KINDS = frozenset({OrgKind.DINSOS_PROVINCE, OrgKind.DINSOS_REGENCY, OrgKind.KPAI})
TRIAGE_KINDS = SUPERVISING_KINDS | {OrgKind.UPTD_PPA}
MONITORING_KINDS = SUPERVISING_KINDS | {OrgKind.POLICE_CYBER_UNIT, OrgKind.POLICE_PPA_UNIT}
KIND_LIMITS: dict[Perm, frozenset[str]] = {
    Perm.REGISTRY_MANAGE: frozenset({OrgKind.DINSOS_PROVINCE, OrgKind.DINSOS_REGENCY, OrgKind.KEMENSOS}),
    Perm.REGISTRY_VIEW: frozenset(OrgKind.values) - {OrgKind.CSO},
    Perm.REGISTRY_PROPOSE: frozenset({OrgKind.LKSA}),
    # Children's names and identifiers stay with those who care for them and Dinas Sosial / UPTD PPA;
    # KPAI and Kemensos see aggregate figures only.
    Perm.CHILD_VIEW: frozenset(
        {OrgKind.DINSOS_PROVINCE, OrgKind.DINSOS_REGENCY, OrgKind.UPTD_PPA, OrgKind.LKSA}
    ),
    Perm.CHILD_IDENTITY: frozenset(
        {OrgKind.DINSOS_PROVINCE, OrgKind.DINSOS_REGENCY, OrgKind.UPTD_PPA, OrgKind.LKSA}
    ),
    Perm.CHILD_MANAGE: frozenset({OrgKind.DINSOS_PROVINCE, OrgKind.DINSOS_REGENCY, OrgKind.LKSA}),
    # Dinas Sosial supervises; KPAI supervises too (UU 35/2014 Pasal 76); Kemensos watches the figures.
    Perm.SUPERVISION_VIEW: SUPERVISING_KINDS | {OrgKind.KEMENSOS},
    Perm.SUPERVISION_MANAGE: SUPERVISING_KINDS,
    Perm.FINDING_VIEW: SUPERVISING_KINDS | {OrgKind.KEMENSOS, OrgKind.LKSA},
    Perm.FINDING_RESPOND: frozenset({OrgKind.LKSA}),
    Perm.SUPERVISION_CONFIGURE: frozenset({OrgKind.KPAI, OrgKind.KEMENSOS}),
    Perm.CONCERN_TRIAGE: TRIAGE_KINDS,
    Perm.CASE_WORK: TRIAGE_KINDS | POLICE_KINDS | {OrgKind.KEMENSOS, OrgKind.DINAS_PPPA},
    Perm.INVESTIGATION_RECORD: POLICE_KINDS,
    Perm.LINKAGE_REVIEW: frozenset({OrgKind.DINSOS_PROVINCE, OrgKind.DINSOS_REGENCY}),
    Perm.LINKAGE_RUN: frozenset({OrgKind.DINSOS_PROVINCE, OrgKind.DINSOS_REGENCY, OrgKind.KEMENSOS}),
    # Dinas Sosial and KPAI review online content; police cyber and PPA units work the referrals.
    Perm.MONITORING_WORK: MONITORING_KINDS,
    Perm.MONITORING_DECIDE: MONITORING_KINDS,
}


@dataclass(frozen=True)
class Actor:
    """A signed-in person in the capacity of their active membership."""

    user: User
    role: str
    organisation: Organisation

    @property
    def jurisdiction(self) -> str | None:
        """Region code the person's organisation covers; None = the whole nation."""
        return None if self.role == Role.SYSTEM_ADMIN else self.organisation.region_id

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label)

    @property
    def permissions(self) -> frozenset[Perm]:
        granted = ROLE_PERMISSIONS.get(self.role, frozenset())
        if self.role == Role.SYSTEM_ADMIN:
            return granted
        return frozenset(
            p for p in granted if p not in KIND_LIMITS or self.organisation.kind in KIND_LIMITS[p]
        )

    def can(self, perm: Perm) -> bool:
        return perm in self.permissions


def actor_of(user: Any) -> Actor | None:
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    membership = user.active_membership
    if membership is None:
        return None
    return Actor(user=user, role=membership.role, organisation=membership.organisation)


def has_perm(user: Any, perm: Perm) -> bool:
    actor = actor_of(user)
    return actor is not None and actor.can(perm)


def _refuse(
    user: Any, *, reason: str, target: Model | None = None, target_label: str = "", perm: str = ""
) -> None:
    audit_record(
        action="access.denied",
        actor=user if user is not None and user.is_authenticated else None,
        target=target,
        target_label=target_label,
        changes={"reason": reason, "permission": perm},
    )


def require(user: Any, perm: Perm, *, target_label: str = "") -> Actor:
    """The actor, or PermissionDenied (audited) if they lack ``perm``."""
    actor = actor_of(user)
    if actor is None or not actor.can(perm):
        _refuse(user, reason="permission", perm=perm, target_label=target_label)
        raise PermissionDenied
    return actor


V = TypeVar("V", bound=Callable[..., HttpResponseBase])


def permission_required(perm: Perm) -> Callable[[V], V]:
    """View decorator: sign-in required, then ``perm`` (refusals audited)."""

    def decorator(view: V) -> V:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            require(request.user, perm, target_label=request.path)
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


M = TypeVar("M", bound=Model)


def _not_found_error(user: Any, label: str, perm: str) -> Http404:
    _refuse(user, reason="not_found_or_out_of_scope", target_label=label, perm=perm)
    return Http404()


def _get_scoped(user: Any, visible: QuerySet[M], pk: int | str, *, need: Perm, view: Perm) -> M:
    """One record from ``visible``: 404 (audited) if absent or out of scope, 403 if ``need`` is lacking."""
    try:
        record = visible.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise _not_found_error(user, f"{visible.model._meta.label_lower}:{pk}", need) from None
    if need != view:
        require(user, need, target_label=str(record))
    return record


# --- Organisations --------------------------------------------------------------------------------


def organisations_visible_to(user: Any) -> QuerySet[Organisation]:
    actor = actor_of(user)
    qs = Organisation.objects.select_related("region", "parent")
    if actor is None or not actor.can(Perm.ORG_VIEW):
        return qs.none()
    if actor.organisation.kind == OrgKind.LKSA:
        # A children's home's region is where it stands, not a jurisdiction over others.
        return qs.filter(pk=actor.organisation.pk)
    if actor.jurisdiction is None:
        return qs
    return qs.filter(region_q("region__code", actor.jurisdiction) | Q(pk=actor.organisation.pk))


def get_organisation_for(user: Any, pk: int | str, *, need: Perm = Perm.ORG_VIEW) -> Organisation:
    return _get_scoped(user, organisations_visible_to(user), pk, need=need, view=Perm.ORG_VIEW)


# --- Users ----------------------------------------------------------------------------------------


def users_visible_to(user: Any) -> QuerySet[User]:
    actor = actor_of(user)
    qs = User.objects.all()
    if actor is None or not actor.can(Perm.USER_VIEW):
        return qs.none()
    if actor.role == Role.SYSTEM_ADMIN:
        return qs
    return qs.filter(memberships__organisation=actor.organisation, memberships__is_active=True)


def get_user_for(user: Any, pk: int | str, *, need: Perm = Perm.USER_VIEW) -> User:
    target = _get_scoped(user, users_visible_to(user), pk, need=need, view=Perm.USER_VIEW)
    if need == Perm.USER_MANAGE and not _has_authority_over(user, target):
        _refuse(user, reason="no_authority_over_account", target=target, perm=need)
        raise PermissionDenied
    return target


def _has_authority_over(user: Any, target: User) -> bool:
    """Nobody administers their own account; others only when they could give the target's role."""
    if target.pk == user.pk:
        return False
    actor = actor_of(user)
    if actor is not None and actor.role == Role.SYSTEM_ADMIN:
        return True
    membership = target.active_membership
    return membership is not None and membership.role in assignable_roles(user, membership.organisation)


def members_visible_to(user: Any, organisation: Organisation) -> QuerySet[Membership]:
    """Current members of ``organisation`` whose accounts ``user`` administers (none otherwise)."""
    return (
        Membership.objects.filter(organisation=organisation, is_active=True, user__in=users_visible_to(user))
        .select_related("user")
        .order_by("user__full_name")
    )


def organisations_for_new_users(user: Any) -> QuerySet[Organisation]:
    """Organisations in which ``user`` may create accounts."""
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.USER_MANAGE):
        return Organisation.objects.none()
    if actor.role == Role.SYSTEM_ADMIN:
        return Organisation.objects.active().select_related("region")
    return Organisation.objects.filter(pk=actor.organisation.pk)


def assignable_roles(user: Any, organisation: Organisation) -> list[str]:
    """Roles ``user`` may give to a member of ``organisation`` (only a system admin makes system admins)."""
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.USER_MANAGE):
        return []
    roles = roles_for_kind(organisation.kind)
    if actor.role != Role.SYSTEM_ADMIN:
        roles = [role for role in roles if role not in PRIVILEGED_ROLES]
    return roles


# --- API tokens -----------------------------------------------------------------------------------


def get_own_token(user: Any, pk: int | str) -> ApiToken:
    """Tokens are personal: only their owner reaches them, everyone else gets an (audited) 404."""
    require(user, Perm.API_TOKEN_OWN)
    return _get_scoped(
        user, ApiToken.objects.filter(user=user), pk, need=Perm.API_TOKEN_OWN, view=Perm.API_TOKEN_OWN
    )


def tokens_of(user: Any) -> QuerySet[ApiToken]:
    return (
        ApiToken.objects.filter(user=user) if has_perm(user, Perm.API_TOKEN_OWN) else ApiToken.objects.none()
    )


# --- Audit trail ----------------------------------------------------------------------------------


def audit_events_visible_to(user: Any) -> QuerySet[AuditEvent]:
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.AUDIT_VIEW):
        return AuditEvent.objects.none()
    if actor.jurisdiction is None:
        return AuditEvent.objects.all()
    # Events by people in the region, and events about organisations and accounts in the region.
    return AuditEvent.objects.filter(
        region_q("region_code", actor.jurisdiction) | region_q("target_region_code", actor.jurisdiction)
    )


# --- LKSA registry --------------------------------------------------------------------------------


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


_IMPORT_PERMS = {ImportJob.Kind.LKSA: Perm.REGISTRY_MANAGE, ImportJob.Kind.CHILDREN: Perm.CHILD_MANAGE}


def import_jobs_visible_to(user: Any, kind: str = ImportJob.Kind.LKSA) -> QuerySet[ImportJob]:
    """Imports are visible within the organisation that ran them, to those who may run that kind."""
    actor = actor_of(user)
    if actor is None or not actor.can(_IMPORT_PERMS[ImportJob.Kind(kind)]):
        return ImportJob.objects.none()
    return ImportJob.objects.filter(organisation=actor.organisation, kind=kind).select_related("created_by")


def get_import_job_for(user: Any, pk: int | str, kind: str = ImportJob.Kind.LKSA) -> ImportJob:
    perm = _IMPORT_PERMS[ImportJob.Kind(kind)]
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


def can_conduct(user: Any, visit: Visit) -> bool:
    """Answers and the conclusion come from the visit's team, while the visit is open."""
    return (
        has_perm(user, Perm.SUPERVISION_MANAGE) and visit.is_open and visit.team.filter(pk=user.pk).exists()
    )


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


def can_decide_finding(user: Any, finding: Finding) -> bool:
    """Accepting a correction or escalating a finding to the cases team is for the office that made the
    visit; offices above it see the finding (and its escalation) but do not decide for it."""
    actor = actor_of(user)
    return (
        actor is not None
        and actor.can(Perm.SUPERVISION_MANAGE)
        and finding.visit.organisation_id == actor.organisation.pk
    )


def get_finding_for(user: Any, pk: int | str, *, need: Perm = Perm.FINDING_VIEW) -> Finding:
    return _get_scoped(user, findings_visible_to(user), pk, need=need, view=Perm.FINDING_VIEW)


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
    """The lead agency closes its case (those it referred the case to work on it, but do not close it)."""
    actor = actor_of(user)
    return actor is not None and actor.can(Perm.CASE_WORK) and case.owner_id == actor.organisation.pk


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


def candidate_pairs_visible_to(user: Any) -> CandidatePairQuerySet:
    """Pairs with at least one child in the officer's jurisdiction: deciding whether a child recorded
    here is also recorded elsewhere needs both records, side by side (each opening is audited)."""
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.LINKAGE_REVIEW):
        return CandidatePair.objects.none()
    scope = actor.jurisdiction
    return CandidatePair.objects.filter(
        region_q("child_a__region_code", scope) | region_q("child_b__region_code", scope)
    )


def get_pair_for(user: Any, pk: int | str) -> CandidatePair:
    return _get_scoped(
        user, candidate_pairs_visible_to(user), pk, need=Perm.LINKAGE_REVIEW, view=Perm.LINKAGE_REVIEW
    )


def may_compare_records(user: Any) -> bool:
    """Whether a registration-time warning may show the other record (else only where to ask)."""
    return has_perm(user, Perm.LINKAGE_REVIEW)


def may_run_linkage(user: Any, region_code: str) -> bool:
    """A batch run over ``region_code`` ("" = the nation) lies within the user's jurisdiction."""
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.LINKAGE_RUN):
        return False
    return is_within(region_code, actor.jurisdiction) if region_code else actor.jurisdiction is None


def linkage_runs_visible_to(user: Any) -> QuerySet[LinkageRun]:
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.LINKAGE_RUN):
        return LinkageRun.objects.none()
    if actor.jurisdiction is None:
        return LinkageRun.objects.all()
    return LinkageRun.objects.filter(region_q("region_code", actor.jurisdiction))


def posts_visible_to(user: Any) -> PostQuerySet:
    """Captured posts of accounts in the person's jurisdiction (accounts not linked to a home belong to
    the region of the office that registered them)."""
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.MONITORING_WORK):
        return Post.objects.none()
    return Post.objects.in_region(actor.jurisdiction)


def get_post_for(user: Any, pk: int | str, *, need: Perm = Perm.MONITORING_WORK) -> Post:
    return _get_scoped(user, posts_visible_to(user), pk, need=need, view=Perm.MONITORING_WORK)


def monitored_accounts_visible_to(user: Any) -> QuerySet[MonitoredAccount]:
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.MONITORING_WORK):
        return MonitoredAccount.objects.none()
    return MonitoredAccount.objects.filter(region_q("region_code", actor.jurisdiction))


def get_monitored_account_for(user: Any, pk: int | str) -> MonitoredAccount:
    return _get_scoped(
        user, monitored_accounts_visible_to(user), pk, need=Perm.MONITORING_WORK, view=Perm.MONITORING_WORK
    )
