"""Permissions, roles, the signed-in actor, and the guards every page and endpoint goes through."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponseBase

from pantau.accounts.models import Organisation, User
from pantau.accounts.roles import POLICE_KINDS, OrgKind, Role
from pantau.audit.services import audit_record

# Who a rule is asked about: ``request.user`` as Django gives it (signed in or not).
UserLike = User | AnonymousUser


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
    # A home applies online to its Dinas Sosial (Tanda Daftar, its renewal, a fundraising recommendation):
    # its operators and its own administrator (the maker); Dinas Sosial decides with REGISTRY_MANAGE.
    APPLICATION_SUBMIT = "application.submit"
    # Children: lists with names (need to know), identifiers in clear (audited), admitting and placements.
    CHILD_VIEW = "child.view"
    CHILD_IDENTITY = "child.identity"
    CHILD_MANAGE = "child.manage"
    # Signing off a child's gatekeeping assessment: Dinas Sosial (a supervisor or a social worker, Sakti
    # Peksos), never the home that admitted the child (Permensos 30/HUK/2011: the LKSA is the last resort,
    # and the home does not judge its own admissions).
    CHILD_SIGNOFF = "child.signoff"
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
    # Opening a case from an agency's own intake (a police report, a walk-in at the UPTD PPA).
    CASE_OPEN = "case.open"
    # The same alleged person across cases and among the registry's staff and board members.
    PERSON_LINKS = "case.person_links"
    # A TPPO task force's aggregate picture of its area (counts, no one named).
    TASK_FORCE_VIEW = "case.task_force_view"
    INVESTIGATION_RECORD = "investigation.record"
    # Duplicate children across homes: deciding candidate pairs (both records side by side) and starting
    # batch runs for one's jurisdiction (Kemensos for the nation, seeing counts only).
    LINKAGE_REVIEW = "linkage.review"
    LINKAGE_RUN = "linkage.run"
    # Online monitoring: the review queue, monitored accounts, capturing and importing posts; and the
    # reviewer's decision on a post (it can open a concern or refer to police).
    MONITORING_WORK = "monitoring.work"
    MONITORING_DECIDE = "monitoring.decide"
    # Family-based care: the adoption, foster, kinship and guardianship files and the families applying
    # (names, documents: Dinas Sosial's work); the versioned eligibility rules (a national administrator).
    FAMILY_CARE_VIEW = "familycare.view"
    FAMILY_CARE_MANAGE = "familycare.manage"
    FAMILY_CARE_CONFIGURE = "familycare.configure"
    # Coordination meetings (rakor): reading the meetings, recommendations and their progress (the
    # record scope is coordination_scope); recording meetings, recommendations and assignments (KPAI and
    # the offices that organise rakor; an office only its own meetings); reporting progress on an
    # assignment (members of the responsible organisation only: require_assignment_member).
    COORDINATION_VIEW = "coordination.view"
    COORDINATION_MANAGE = "coordination.manage"
    COORDINATION_REPORT = "coordination.report"
    # The dashboards: counts, shares and charts of the jurisdiction (never a name), for agency staff.
    INSIGHTS_VIEW = "insights.view"
    # A home reports a serious incident to its Dinas Sosial (SNPA D26) and follows its own reports. No
    # existing permission fits: REGISTRY_PROPOSE is about the home's legal data, and the agencies read
    # incident reports through the permissions they already hold (incident_scope in access.records).
    INCIDENT_REPORT = "incident.report"
    # Staff vetting (pantau.staffing): recording a staff member's police clearance (SKCK) and trainings
    # is done by the home (it counts once Dinas Sosial verifies it) and by Dinas Sosial (it counts at
    # once). Neither REGISTRY_MANAGE (Dinas Sosial only) nor REGISTRY_PROPOSE (the home only) spans both.
    VETTING_RECORD = "staffing.record"
    # How long a Dinas Sosial accepts an SKCK (its vetting policy): its supervisors and administrators.
    VETTING_CONFIGURE = "staffing.configure"
    # Checking a caption before publishing it (the screener's explanation, nothing stored unless asked):
    # a home's operators for their own posts, and the offices that advise homes on them.
    POST_CHECK = "monitoring.post_check"
    # Social assistance (bantuan sosial) given to homes and its reconciliation with the children
    # recorded (counts only, never a child): the supervising offices and Kemensos; a home its own.
    # Recording aid is REGISTRY_MANAGE (Dinas Sosial, Kemensos), like a home's other legal records.
    AID_VIEW = "aid.view"
    # Awareness activities (sosialisasi): reading them (an agency: those held in its jurisdiction; a
    # civil-society partner: its own) and recording them (one's own organisation's only). No existing
    # permission fits: civil society runs awareness work but sees no registry, cases or dashboards.
    AWARENESS_VIEW = "awareness.view"
    AWARENESS_RECORD = "awareness.record"
    # Personal data (UU 27/2022 PDP, pantau.privacy): reading the record of processing (administrators
    # and auditors of the agencies); logging and answering data-subject requests (the offices that hold
    # the data: Dinas Sosial, Kemensos, KPAI); the pseudonymised export for analysts (no names, no NIK).
    PRIVACY_RECORD_VIEW = "privacy.record_view"
    PRIVACY_REQUESTS = "privacy.requests"
    PRIVACY_EXPORT = "privacy.export"
    # The network of accounts, phones, handles and persons across homes, posts, permits and cases
    # (pantau.network): opening an identifier and the signals; the referral packet with the identifiers
    # in full for a PPATK or bank request. No existing permission spans the offices that act on links:
    # Dinas Sosial and KPAI (who plan visits and triage) and police investigators.
    NETWORK_VIEW = "network.view"
    NETWORK_PACKET = "network.packet"


_STAFF = frozenset(
    {
        Perm.ORG_VIEW,
        Perm.API_TOKEN_OWN,
        Perm.REGISTRY_VIEW,
        Perm.SUPERVISION_VIEW,
        Perm.FINDING_VIEW,
        Perm.COORDINATION_VIEW,
        Perm.INSIGHTS_VIEW,
        Perm.AID_VIEW,
        Perm.AWARENESS_VIEW,
    }
)

# Only a system administrator gives, takes away or manages these roles: an organisation administrator
# must not be able to take over a fellow administrator, nor the auditor who checks them.
PRIVILEGED_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.ORG_ADMIN, Role.AUDITOR})

ROLE_PERMISSIONS: dict[str, frozenset[Perm]] = {
    Role.SYSTEM_ADMIN: _STAFF
    | {
        Perm.ORG_MANAGE,
        Perm.USER_VIEW,
        Perm.USER_MANAGE,
        Perm.SUPERVISION_CONFIGURE,
        Perm.FAMILY_CARE_CONFIGURE,
        Perm.COORDINATION_MANAGE,
        Perm.PRIVACY_RECORD_VIEW,
        Perm.PRIVACY_REQUESTS,
        Perm.PRIVACY_EXPORT,
    },
    # An organisation's administrator reports its progress on rakor recommendations (often the one who
    # attends them); so do the staff who do the work.
    # An LKSA's administrator (the head of the home) reports incidents and applies for the home as its
    # operators do (INCIDENT_REPORT and APPLICATION_SUBMIT: LKSA only).
    Role.ORG_ADMIN: _STAFF
    | {
        Perm.USER_VIEW,
        Perm.USER_MANAGE,
        Perm.COORDINATION_REPORT,
        Perm.INCIDENT_REPORT,
        Perm.VETTING_CONFIGURE,
        Perm.APPLICATION_SUBMIT,
        # A civil-society partner's administrator records the partner's awareness activities (CSO
        # members are administrators or viewers only).
        Perm.AWARENESS_RECORD,
        Perm.PRIVACY_RECORD_VIEW,
        Perm.PRIVACY_REQUESTS,
    },
    Role.SUPERVISOR: _STAFF
    | {
        Perm.REGISTRY_MANAGE,
        Perm.CHILD_VIEW,
        Perm.CHILD_IDENTITY,
        Perm.CHILD_MANAGE,
        Perm.CHILD_SIGNOFF,
        Perm.SUPERVISION_MANAGE,
        Perm.CONCERN_TRIAGE,
        Perm.CASE_WORK,
        Perm.CASE_OPEN,
        Perm.TASK_FORCE_VIEW,
        Perm.LINKAGE_REVIEW,
        Perm.LINKAGE_RUN,
        Perm.MONITORING_WORK,
        Perm.MONITORING_DECIDE,
        Perm.FAMILY_CARE_VIEW,
        Perm.FAMILY_CARE_MANAGE,
        Perm.COORDINATION_MANAGE,
        Perm.COORDINATION_REPORT,
        Perm.VETTING_RECORD,
        Perm.VETTING_CONFIGURE,
        Perm.POST_CHECK,
        Perm.AWARENESS_RECORD,
        Perm.PRIVACY_REQUESTS,
        Perm.PRIVACY_EXPORT,
        Perm.NETWORK_VIEW,
        Perm.NETWORK_PACKET,
    },
    Role.CASE_WORKER: _STAFF
    | {
        Perm.POST_CHECK,
        Perm.CHILD_VIEW,
        Perm.CHILD_IDENTITY,
        Perm.CHILD_SIGNOFF,
        Perm.CONCERN_TRIAGE,
        Perm.CASE_WORK,
        Perm.CASE_OPEN,
        Perm.MONITORING_WORK,
        Perm.FAMILY_CARE_VIEW,
        Perm.FAMILY_CARE_MANAGE,
        Perm.COORDINATION_REPORT,
        Perm.AWARENESS_RECORD,
        Perm.NETWORK_VIEW,
    },
    Role.INVESTIGATOR: _STAFF
    | {
        Perm.CASE_WORK,
        Perm.CASE_OPEN,
        Perm.PERSON_LINKS,
        Perm.INVESTIGATION_RECORD,
        Perm.MONITORING_WORK,
        Perm.MONITORING_DECIDE,
        Perm.COORDINATION_REPORT,
        Perm.NETWORK_VIEW,
        Perm.NETWORK_PACKET,
    },
    Role.VIEWER: _STAFF | {Perm.TASK_FORCE_VIEW, Perm.PRIVACY_EXPORT},
    # An LKSA operator works on its own home only and has no use for the agency directory.
    Role.LKSA_OPERATOR: frozenset(
        {
            Perm.API_TOKEN_OWN,
            Perm.REGISTRY_VIEW,
            Perm.REGISTRY_PROPOSE,
            Perm.APPLICATION_SUBMIT,
            Perm.CHILD_VIEW,
            Perm.CHILD_IDENTITY,
            Perm.CHILD_MANAGE,
            Perm.FINDING_VIEW,
            Perm.FINDING_RESPOND,
            # A home can be responsible for a rakor recommendation (April 2024: "di tingkat LKSA"): it
            # sees and reports on its own assignments only (coordination_scope).
            Perm.COORDINATION_VIEW,
            Perm.COORDINATION_REPORT,
            Perm.INCIDENT_REPORT,
            Perm.VETTING_RECORD,
            Perm.POST_CHECK,
            Perm.AID_VIEW,
        }
    ),
    # Separation of duties: auditors read the trail but manage nothing.
    Role.AUDITOR: _STAFF | {Perm.AUDIT_VIEW, Perm.PRIVACY_RECORD_VIEW},
}

# Some permissions belong to a role only in certain kinds of organisation: registering LKSA and
# recording their legal documents is the work of Dinas Sosial (and Kemensos), not of KPAI or police.
# The registry holds staff names, bank details and documents: agencies with a protection mandate see it,
# civil-society partners do not (they use the public check).
SUPERVISING_KINDS = frozenset({OrgKind.DINSOS_PROVINCE, OrgKind.DINSOS_REGENCY, OrgKind.KPAI})
TRIAGE_KINDS = SUPERVISING_KINDS | {OrgKind.UPTD_PPA}
MONITORING_KINDS = SUPERVISING_KINDS | {OrgKind.POLICE_CYBER_UNIT, OrgKind.POLICE_PPA_UNIT}
AWARENESS_KINDS = frozenset(
    {
        OrgKind.DINSOS_PROVINCE,
        OrgKind.DINSOS_REGENCY,
        OrgKind.KPAI,
        OrgKind.DINAS_PPPA,
        OrgKind.KEMENSOS,
        OrgKind.CSO,
    }
)
KIND_LIMITS: dict[Perm, frozenset[str]] = {
    Perm.REGISTRY_MANAGE: frozenset({OrgKind.DINSOS_PROVINCE, OrgKind.DINSOS_REGENCY, OrgKind.KEMENSOS}),
    Perm.REGISTRY_VIEW: frozenset(OrgKind.values) - {OrgKind.CSO},
    Perm.REGISTRY_PROPOSE: frozenset({OrgKind.LKSA}),
    Perm.APPLICATION_SUBMIT: frozenset({OrgKind.LKSA}),
    # Children's names and identifiers stay with those who care for them and Dinas Sosial / UPTD PPA;
    # KPAI and Kemensos see aggregate figures only.
    Perm.CHILD_VIEW: frozenset(
        {OrgKind.DINSOS_PROVINCE, OrgKind.DINSOS_REGENCY, OrgKind.UPTD_PPA, OrgKind.LKSA}
    ),
    Perm.CHILD_IDENTITY: frozenset(
        {OrgKind.DINSOS_PROVINCE, OrgKind.DINSOS_REGENCY, OrgKind.UPTD_PPA, OrgKind.LKSA}
    ),
    Perm.CHILD_MANAGE: frozenset({OrgKind.DINSOS_PROVINCE, OrgKind.DINSOS_REGENCY, OrgKind.LKSA}),
    Perm.CHILD_SIGNOFF: frozenset({OrgKind.DINSOS_PROVINCE, OrgKind.DINSOS_REGENCY}),
    # Dinas Sosial supervises; KPAI supervises too (UU 35/2014 Pasal 76); Kemensos watches the figures.
    Perm.SUPERVISION_VIEW: SUPERVISING_KINDS | {OrgKind.KEMENSOS},
    Perm.SUPERVISION_MANAGE: SUPERVISING_KINDS,
    Perm.FINDING_VIEW: SUPERVISING_KINDS | {OrgKind.KEMENSOS, OrgKind.LKSA},
    Perm.FINDING_RESPOND: frozenset({OrgKind.LKSA}),
    Perm.SUPERVISION_CONFIGURE: frozenset({OrgKind.KPAI, OrgKind.KEMENSOS}),
    Perm.CONCERN_TRIAGE: TRIAGE_KINDS,
    Perm.CASE_WORK: TRIAGE_KINDS | POLICE_KINDS | {OrgKind.KEMENSOS, OrgKind.DINAS_PPPA},
    Perm.INVESTIGATION_RECORD: POLICE_KINDS,
    # Police take reports, the UPTD PPA its walk-ins and hotline calls, Dinas Sosial its outreach.
    Perm.CASE_OPEN: POLICE_KINDS | TRIAGE_KINDS - {OrgKind.KPAI},
    Perm.PERSON_LINKS: POLICE_KINDS,
    Perm.TASK_FORCE_VIEW: frozenset({OrgKind.TASK_FORCE}),
    Perm.LINKAGE_REVIEW: frozenset({OrgKind.DINSOS_PROVINCE, OrgKind.DINSOS_REGENCY}),
    Perm.LINKAGE_RUN: frozenset({OrgKind.DINSOS_PROVINCE, OrgKind.DINSOS_REGENCY, OrgKind.KEMENSOS}),
    # Dinas Sosial and KPAI review online content; police cyber and PPA units work the referrals.
    Perm.MONITORING_WORK: MONITORING_KINDS,
    Perm.MONITORING_DECIDE: MONITORING_KINDS,
    # Adoption, foster and kinship files are the social-affairs offices' work (PP 54/2007, PP 44/2017);
    # KPAI, Kemensos and others see the figures only.
    Perm.FAMILY_CARE_VIEW: frozenset({OrgKind.DINSOS_PROVINCE, OrgKind.DINSOS_REGENCY}),
    Perm.FAMILY_CARE_MANAGE: frozenset({OrgKind.DINSOS_PROVINCE, OrgKind.DINSOS_REGENCY}),
    # KPAI convenes rakor nationally; social-affairs and women-and-child-protection offices convene them
    # in their areas (an office records only meetings it organised: require_meeting_manager).
    Perm.COORDINATION_MANAGE: frozenset(
        {
            OrgKind.KPAI,
            OrgKind.KEMENSOS,
            OrgKind.KEMENPPPA,
            OrgKind.DINSOS_PROVINCE,
            OrgKind.DINSOS_REGENCY,
            OrgKind.DINAS_PPPA,
        }
    ),
    # The dashboards are the agencies' picture of their jurisdiction. Not an LKSA's: its own figures are
    # on its home's page, and a dashboard would count cases about the home, which the home must not learn
    # of (``may_count_cases``). Not civil society, which sees no registry (the public check instead).
    Perm.INSIGHTS_VIEW: frozenset(OrgKind.values) - {OrgKind.CSO, OrgKind.LKSA},
    # Only a home reports its own incidents; an agency records what it hears as a concern instead.
    Perm.INCIDENT_REPORT: frozenset({OrgKind.LKSA}),
    Perm.VETTING_RECORD: frozenset(
        {OrgKind.DINSOS_PROVINCE, OrgKind.DINSOS_REGENCY, OrgKind.KEMENSOS, OrgKind.LKSA}
    ),
    # The policy is a regional office's (the home's Dinas Sosial sets it, not a ministry).
    Perm.VETTING_CONFIGURE: frozenset({OrgKind.DINSOS_PROVINCE, OrgKind.DINSOS_REGENCY}),
    # The home itself, and Dinas Sosial and KPAI who advise homes on what they publish; not police (they
    # screen with the monitoring tools) nor civil society.
    Perm.POST_CHECK: SUPERVISING_KINDS | {OrgKind.LKSA},
    # Aid to a home is a public-money and supervision matter: not police, not civil society.
    Perm.AID_VIEW: SUPERVISING_KINDS | {OrgKind.KEMENSOS, OrgKind.LKSA},
    # Sosialisasi is run by Dinas Sosial, KPAI, Dinas PPPA, Kemensos and civil-society partners (the
    # issue's recommendation 3); a civil-society partner reads only its own (awareness selectors).
    Perm.AWARENESS_VIEW: frozenset(OrgKind.values) - {OrgKind.LKSA},
    Perm.AWARENESS_RECORD: AWARENESS_KINDS,
    # The record of processing is the agencies' (not a home's nor civil society's: they keep no data in
    # Pantau of their own beyond what the agencies supervise).
    Perm.PRIVACY_RECORD_VIEW: frozenset(OrgKind.values) - {OrgKind.CSO, OrgKind.LKSA},
    # Requests are answered by the controllers of the data: the social-affairs offices and KPAI.
    Perm.PRIVACY_REQUESTS: SUPERVISING_KINDS | {OrgKind.KEMENSOS},
    # Analysts of the offices that oversee care and protection; never police, homes or civil society.
    Perm.PRIVACY_EXPORT: SUPERVISING_KINDS | {OrgKind.KEMENSOS, OrgKind.KEMENPPPA},
    # Links across homes and cases name adults and accounts: the offices that act on them (Dinas Sosial,
    # KPAI, the police), not Kemensos (figures), the UPTD PPA (its cases), homes or civil society.
    Perm.NETWORK_VIEW: SUPERVISING_KINDS | POLICE_KINDS,
    Perm.NETWORK_PACKET: SUPERVISING_KINDS | POLICE_KINDS,
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


def actor_of(user: UserLike | None) -> Actor | None:
    if not isinstance(user, User) or not user.is_active:
        return None
    membership = user.active_membership
    if membership is None:
        return None
    return Actor(user=user, role=membership.role, organisation=membership.organisation)


def has_perm(user: UserLike | None, perm: Perm) -> bool:
    actor = actor_of(user)
    return actor is not None and actor.can(perm)


def refuse(
    user: UserLike | None,
    *,
    reason: str,
    target: Any = None,
    target_label: str = "",
    perm: str = "",
    target_region: str | None = None,
) -> None:
    audit_record(
        action="access.denied",
        actor=user if isinstance(user, User) else None,
        target=target,
        target_label=target_label,
        target_region=target_region,
        changes={"reason": reason, "permission": perm},
    )


def require(user: UserLike | None, perm: Perm, *, target_label: str = "") -> Actor:
    """The actor, or PermissionDenied (audited) if they lack ``perm``."""
    actor = actor_of(user)
    if actor is None or not actor.can(perm):
        refuse(user, reason="permission", perm=perm, target_label=target_label)
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


F = TypeVar("F", bound=Callable[..., Any])


def api_permission(perm: Perm) -> Callable[[F], F]:
    """API operation decorator: ``require(request.user, perm)`` (refusals audited, 403) before the body.

    The API's authentication has already signed the caller in. Put it below ``@paginate``; ninja reads
    the operation's parameters through ``functools.wraps``.
    """

    def decorator(operation: F) -> F:
        @wraps(operation)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            require(request.user, perm, target_label=request.path)
            return operation(request, *args, **kwargs)

        # ninja resolves string annotations (``from __future__ import annotations``) in the namespace
        # of the function it is given; hand it the operation's signature already resolved.
        guarded.__signature__ = inspect.signature(operation, eval_str=True)  # type: ignore[attr-defined]
        return guarded  # type: ignore[return-value]

    return decorator


M = TypeVar("M", bound=Model)


def not_found(user: UserLike | None, label: str, perm: str) -> Http404:
    refuse(user, reason="not_found_or_out_of_scope", target_label=label, perm=perm)
    return Http404()


def get_scoped(user: UserLike | None, visible: QuerySet[M], pk: int | str, *, need: Perm, view: Perm) -> M:
    """One record from ``visible``: 404 (audited) if absent or out of scope, 403 if ``need`` is lacking."""
    try:
        record = visible.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise not_found(user, f"{visible.model._meta.label_lower}:{pk}", need) from None
    if need != view:
        require(user, need, target_label=str(record))
    return record


# --- Organisations --------------------------------------------------------------------------------
