"""Who works on a case with whom: referrals (who refers, to whom, what the receiver sees), the
recovery follow-ups, the SIMFONI figures and the TPPO task force, platform requests and people across
cases. Split from ``records`` by sub-domain; the same rules apply (no domain app imported)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Protocol, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from pantau.accounts.access import referral_rules
from pantau.accounts.access.policy import (
    KIND_LIMITS,
    Actor,
    Perm,
    UserLike,
    actor_of,
    has_perm,
    refuse,
)
from pantau.accounts.access.records import Q_, S, _Case
from pantau.accounts.models import Organisation
from pantau.accounts.roles import OrgKind
from pantau.regions.models import is_within, region_q

# --- Referrals: who refers, to whom, and what the receiver sees -------------------------------------
# The table of purposes, senders, receivers and regions is ``referral_rules`` (plain data on organisation
# kinds, no model): the decisions that read it are made here.


class _Referral(Protocol):
    @property
    def to_org_id(self) -> int: ...
    @property
    def status(self) -> str: ...
    @property
    def shared(self) -> list[str]: ...


class _Sent(Protocol):
    @property
    def to_org_id(self) -> int: ...
    @property
    def from_org_id(self) -> int: ...


R = TypeVar("R", bound=_Sent)


class _Receiver(Protocol):
    @property
    def pk(self) -> Any: ...
    @property
    def kind(self) -> str: ...
    @property
    def is_active(self) -> bool: ...
    @property
    def region_id(self) -> str | None: ...


def _require_on_case(user: UserLike, case: _Case, refusal: Callable[[Actor | None], str]) -> Actor:
    """The actor, or PermissionDenied (audited against ``case``) when ``refusal`` gives a reason."""
    actor = actor_of(user)
    reason = refusal(actor)
    if reason or actor is None:
        refuse(user, reason=reason, target=case, perm=Perm.CASE_WORK, target_region=case.region_code)
        raise PermissionDenied
    return actor


def _accepted_by(org_pk: int, referrals: Iterable[_Referral]) -> list[_Referral]:
    return [r for r in referrals if r.to_org_id == org_pk and r.status == "accepted"]


def _referrer_refusal(actor: Actor | None, case: _Case, referrals: Iterable[_Referral]) -> str:
    if actor is None or not actor.can(Perm.CASE_WORK):
        return "permission"
    if case.owner_id == actor.organisation.pk or _accepted_by(actor.organisation.pk, referrals):
        return ""
    return "not_on_case"


def may_refer(user: UserLike, case: _Case, referrals: Iterable[_Referral]) -> bool:
    """The lead agency refers its case, and so does an agency that accepted a referral of it, within its
    own role (``referral_purposes``): the UPTD PPA asks the police to investigate, the police ask the
    UPTD PPA for counselling. An agency whose referral is pending or was declined does not.
    ``referrals``: the case's referrals (a list already fetched, or the queryset)."""
    return not _referrer_refusal(actor_of(user), case, referrals)


def require_referrer(user: UserLike, case: _Case, referrals: Iterable[_Referral]) -> Actor:
    """The actor, or PermissionDenied (audited) unless ``user`` may refer ``case`` (``may_refer``)."""
    return _require_on_case(user, case, lambda actor: _referrer_refusal(actor, case, referrals))


def referral_purposes(user: UserLike) -> list[str]:
    """The purposes ``user``'s agency may refer for (its role), in the table's order."""
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.CASE_WORK):
        return []
    return [p for p in referral_rules.PURPOSES if referral_rules.may_send(actor.organisation.kind, p)]


def referral_refusal(
    user: UserLike, case: _Case, to_org: _Receiver, purpose: str, *, region_code: str = ""
) -> str:
    """Why ``user`` may not refer ``case`` to ``to_org`` for ``purpose`` ("" when they may): "sender"
    (not their agency's role), "inactive", "own_agency", "receiver" (not the receiver's role), "region"
    (outside the regions allowed for the purpose), "region_missing" (return or another region: the
    region the child goes to is asked). ``region_code``: that region, for those purposes."""
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.CASE_WORK):
        return "permission"
    if not referral_rules.may_send(actor.organisation.kind, purpose):
        return "sender"
    if to_org.pk == actor.organisation.pk:
        return "own_agency"
    if not to_org.is_active:
        return "inactive"
    if not referral_rules.may_receive(to_org.kind, purpose) or to_org.kind not in KIND_LIMITS[Perm.CASE_WORK]:
        return "receiver"
    where = to_org.region_id or ""
    if purpose in referral_rules.BY_REGION:
        if not region_code:
            return "region_missing"
        return "" if where in referral_rules.covering_codes(region_code) else "region"
    if purpose in referral_rules.NATIONAL_ONLY:
        return "" if not where else "region"
    provinces = _referral_provinces(actor, case)
    return "" if not where or provinces is None or where[:2] in provinces else "region"


def _referral_provinces(actor: Actor, case: _Case) -> set[str] | None:
    """The provinces a referral that stays local may go to: the case's, and the referring agency's own
    (the home-province office that took a child back refers the child to its own province's services).
    None: anywhere (a case without a region)."""
    if not case.region_code:
        return None
    return {case.region_code[:2], (actor.organisation.region_id or case.region_code)[:2]}


def organisations_for_referral(
    user: UserLike, case: _Case, purpose: str, *, region_code: str = ""
) -> QuerySet[Organisation]:
    """The agencies ``user`` may refer ``case`` to for ``purpose``: the queryset form of
    ``referral_refusal`` (the same rules, for the form's choices)."""
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.CASE_WORK):
        return Organisation.objects.none()
    if not referral_rules.may_send(actor.organisation.kind, purpose):
        return Organisation.objects.none()
    kinds = referral_rules.RECEIVERS[purpose] & KIND_LIMITS[Perm.CASE_WORK]
    agencies = Organisation.objects.filter(is_active=True, kind__in=kinds).exclude(pk=actor.organisation.pk)
    if purpose in referral_rules.BY_REGION:
        if not region_code:
            return Organisation.objects.none()
        agencies = agencies.filter(region_id__in=referral_rules.covering_codes(region_code))
    elif purpose in referral_rules.NATIONAL_ONLY:
        agencies = agencies.filter(region__isnull=True)
    elif (provinces := _referral_provinces(actor, case)) is not None:
        local = Q(region__isnull=True)
        for province in sorted(provinces):
            local |= region_q("region__code", province)
        agencies = agencies.filter(local)
    return agencies.order_by("name")


def shared_sections(user: UserLike, case: _Case, referrals: Iterable[_Referral]) -> frozenset[str] | None:
    """What of ``case``'s file ``user`` sees: None for everything (the lead agency; an agency that
    accepted a referral made before consent was recorded, which lists nothing), else the codes of what
    the accepted referrals to the user's agency shared (pantau/cases/sharing.py), joined."""
    actor = actor_of(user)
    if actor is None or case.owner_id == actor.organisation.pk:
        return None
    accepted = _accepted_by(actor.organisation.pk, referrals)
    if not accepted or any(not r.shared for r in accepted):
        return None  # not on the case at all (case_scope keeps them out), or an old referral
    return frozenset(code for r in accepted for code in r.shared)


def referrals_shown(user: UserLike, case: _Case, referrals: Iterable[R]) -> list[R]:
    """The referrals of ``case`` its reader sees: all of them for the lead agency; for an agency the
    case was referred to, those it sent or received (another agency's referral, its purpose and legal
    basis, is not part of what was shared with it)."""
    actor = actor_of(user)
    if actor is None:
        return []
    if case.owner_id == actor.organisation.pk:
        return list(referrals)
    own = actor.organisation.pk
    return [r for r in referrals if own in (r.to_org_id, r.from_org_id)]


# --- Recovery: reintegration follow-ups -----------------------------------------------------------


class _Reintegration(Protocol):
    @property
    def pk(self) -> Any: ...
    @property
    def follow_up_org_id(self) -> int: ...


def agencies_on_case(case: _Case, *, referrals: QuerySet[Any]) -> QuerySet[Organisation]:
    """The agencies working on ``case``: its lead and those that accepted a referral of it (``referrals``:
    the case's referrals). A child's return is followed up by one of them: a Dinas Sosial or UPTD PPA of
    the child's home province joins the case by accepting a RETURN referral."""
    accepted = referrals.filter(case_id=case.pk, status="accepted").values("to_org_id")
    return Organisation.objects.filter(Q(pk=case.owner_id) | Q(pk__in=accepted)).order_by("name")


def follow_up_scope(user: UserLike, follow_ups: Q_, *, referrals: QuerySet[Any]) -> Q_:
    """Follow-up visits the user's agency makes: those of reintegrations it follows up, while it still
    works on the case (leads it or accepted a referral of it). One query, no list fetched first."""
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.CASE_WORK):
        return follow_ups.none()
    org = actor.organisation
    referred = referrals.filter(to_org=org, status="accepted").values("case_id")
    return follow_ups.filter(reintegration__follow_up_org=org).filter(
        Q(reintegration__case_child__case__owner=org) | Q(reintegration__case_child__case_id__in=referred)
    )


def follows_up(user: UserLike, reintegration: _Reintegration) -> bool:
    """Is ``user``'s agency the one that follows the child up (and so records the visits)?"""
    actor = actor_of(user)
    return (
        actor is not None
        and actor.can(Perm.CASE_WORK)
        and reintegration.follow_up_org_id == actor.organisation.pk
    )


def require_follow_up_agency(user: UserLike, reintegration: _Reintegration, *, region: str) -> Actor:
    """The actor, or PermissionDenied (audited) unless ``user``'s agency follows up ``reintegration``:
    the visits are recorded by the agency where the child now lives, not by every agency on the case."""
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.CASE_WORK):
        reason = "permission"
    elif reintegration.follow_up_org_id != actor.organisation.pk:
        reason = "not_follow_up_agency"
    else:
        return actor
    refuse(user, reason=reason, target=reintegration, perm=Perm.CASE_WORK, target_region=region)
    raise PermissionDenied


# --- SIMFONI figures and the TPPO task force --------------------------------------------------------

# The offices whose cases feed SIMFONI-PPA (rules-and-data.md §6: UPTD PPA, Polres Unit PPA, Dinsos peksos;
# Dinas PPPA runs the UPTD and enters its data). Each reports the victims of the cases it leads.
SIMFONI_REPORTING_KINDS = frozenset(
    {
        OrgKind.DINSOS_PROVINCE,
        OrgKind.DINSOS_REGENCY,
        OrgKind.UPTD_PPA,
        OrgKind.DINAS_PPPA,
        OrgKind.POLRES,
        OrgKind.POLICE_PPA_UNIT,
    }
)


def _reports_to_simfoni(actor: Actor | None) -> bool:
    return (
        actor is not None and actor.can(Perm.CASE_WORK) and actor.organisation.kind in SIMFONI_REPORTING_KINDS
    )


def may_export_simfoni(user: UserLike) -> bool:
    """The SIMFONI page: those who see the supervision plan (counts of their jurisdiction, as before) and
    the reporting offices' case staff (their own cases)."""
    actor = actor_of(user)
    return actor is not None and (actor.can(Perm.SUPERVISION_VIEW) or _reports_to_simfoni(actor))


def may_export_simfoni_victims(user: UserLike) -> bool:
    """One row per victim: only a reporting office's case staff, for the cases their agency leads."""
    return _reports_to_simfoni(actor_of(user))


def require_simfoni_export(user: UserLike, *, victims: bool = False, target_label: str = "") -> Actor:
    """The actor, or PermissionDenied (audited): the page (``may_export_simfoni``), and with ``victims``
    the per-victim rows (``may_export_simfoni_victims``)."""
    actor = actor_of(user)
    allowed = may_export_simfoni_victims(user) if victims else may_export_simfoni(user)
    if actor is None or not allowed:
        perm = Perm.CASE_WORK if victims else Perm.SUPERVISION_VIEW
        refuse(user, reason="permission", perm=perm, target_label=target_label)
        raise PermissionDenied
    return actor


def simfoni_count_scope(user: UserLike, cases: S) -> S:
    """Cases counted in the SIMFONI figures: the jurisdiction's for supervision viewers; a reporting
    office's own cases for its case staff."""
    actor = actor_of(user)
    if actor is not None and actor.can(Perm.SUPERVISION_VIEW):
        return cases.in_region(actor.jurisdiction)
    return simfoni_victim_scope(user, cases)


def simfoni_victim_scope(user: UserLike, cases: S) -> S:
    """Cases whose victims a person exports one row each (the office's own reporting to SIMFONI, audited):
    the cases their agency leads, so that a victim is reported once, by the agency handling the case."""
    actor = actor_of(user)
    if not _reports_to_simfoni(actor):
        return cases.none()
    assert actor is not None  # noqa: S101  (narrowed by _reports_to_simfoni)
    return cases.filter(owner=actor.organisation)


def small_counts_withheld(user: UserLike) -> bool:
    """Figures of fewer than five children are withheld from anyone who may not see children individually
    (the rule of the children's figures, ``Figures.suppressed``)."""
    return not has_perm(user, Perm.CHILD_VIEW)


def simfoni_counts_withheld(user: UserLike) -> bool:
    """The SIMFONI counts withhold small figures when they cover the jurisdiction (``simfoni_count_scope``)
    and the reader may not see children individually; a reporting office counting its own cases sees
    their victims on the case files, so its counts are shown whole."""
    return has_perm(user, Perm.SUPERVISION_VIEW) and small_counts_withheld(user)


def task_force_of(user: UserLike) -> Organisation | None:
    """The task force whose aggregate picture ``user`` sees (its area: the task force's region), or None."""
    actor = actor_of(user)
    if actor is None or not actor.can(Perm.TASK_FORCE_VIEW):
        return None
    return actor.organisation


def require_task_force(user: UserLike, *, target_label: str = "") -> Organisation:
    task_force = task_force_of(user)
    if task_force is None:
        refuse(user, reason="permission", perm=Perm.TASK_FORCE_VIEW, target_label=target_label)
        raise PermissionDenied
    return task_force


def task_force_member_refusal(task_force: Organisation, member: Organisation) -> str:
    """Why ``member`` cannot sit on ``task_force`` ("" if it can): itself, another task force, a children's
    home, or an agency whose jurisdiction lies outside the task force's area."""
    if member.pk is not None and member.pk == task_force.pk:
        return "itself"
    if member.kind in (OrgKind.TASK_FORCE, OrgKind.LKSA):
        return "kind"
    if task_force.region_id is not None and not is_within(member.region_id, task_force.region_id):
        return "outside_area"
    return ""


# --- Evidence: platform requests and people across cases ------------------------------------------


def _platform_request_refusal(actor: Actor | None, case: _Case) -> str:
    if actor is None or not actor.can(Perm.CASE_WORK):
        return "permission"
    if actor.can(Perm.INVESTIGATION_RECORD) or case.owner_id == actor.organisation.pk:
        return ""
    return "not_investigator_or_lead"


def may_record_platform_requests(user: UserLike, case: _Case) -> bool:
    """Preservation, takedown and disclosure requests to platforms (and their answers) are recorded by
    police investigators on a case they work (the letters go out with their investigation) and by the
    case's lead agency (a takedown of a child's images is also a protection measure); the agencies a case
    was referred to for services read them."""
    return not _platform_request_refusal(actor_of(user), case)


def require_platform_recorder(user: UserLike, case: _Case) -> Actor:
    """The actor, or PermissionDenied (audited) unless ``may_record_platform_requests``."""
    return _require_on_case(user, case, lambda actor: _platform_request_refusal(actor, case))


def may_see_person_links(user: UserLike) -> bool:
    """The same alleged person in other cases and among the registry's staff and board members: police
    investigators (Perm.PERSON_LINKS). Another case's content stays behind its own scope (``case_scope``):
    a link names only its number and lead agency unless the reader may open it."""
    return has_perm(user, Perm.PERSON_LINKS)


def require_shared_section(user: UserLike, case: _Case, referrals: Iterable[_Referral], code: str) -> None:
    """PermissionDenied (audited) unless ``code`` (a part of the file, cases/sharing.py) is shared with
    ``user``'s agency: the lead agency sees all of its case; a receiving agency what its accepted
    referrals shared (``shared_sections``). Serves the evidence files, which the file page hides alone."""
    shared = shared_sections(user, case, referrals)
    if shared is not None and code not in shared:
        refuse(user, reason="not_shared", target=case, perm=Perm.CASE_WORK, target_region=case.region_code)
        raise PermissionDenied
