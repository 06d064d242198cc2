"""What each role sees first after signing in: what waits for this person (their work queues, most
urgent first), then the directory and figures.

Core owns no records: each queue and figure comes from the app that owns it (``<app>/queues.py``,
``<app>/selectors.py``), on that app's scoped querysets, so the home page shows what its pages would
show. Here the queues are only chosen, by role and permission, and put in order."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pantau.accounts import queues as account_queues
from pantau.accounts.access import Actor, Perm, may_act_on_signal
from pantau.accounts.audit_search.selectors import security_counts
from pantau.accounts.roles import OrgKind, Role
from pantau.accounts.selectors import (
    active_user_total,
    member_stats,
    organisation_counts,
    supervising_offices,
)
from pantau.applications import queues as application_queues
from pantau.cases import queues as case_queues
from pantau.cases import recovery_reads
from pantau.children import queues as child_queues
from pantau.coordination import queues as coordination_queues
from pantau.familycare import queues as familycare_queues
from pantau.incidents import queues as incident_queues
from pantau.lib.queues import Queue, QueueItem, by_urgency
from pantau.linkage import queues as linkage_queues
from pantau.monitoring import queues as monitoring_queues
from pantau.monitoring.models import Tier
from pantau.network import queues as network_queues
from pantau.registry import queues as registry_queues
from pantau.staffing import queues as staffing_queues
from pantau.supervision import queues as supervision_queues

# National offices watch the figures and the escalations; the regional offices work the queues.
NATIONAL_KINDS = frozenset({OrgKind.KPAI, OrgKind.KEMENSOS, OrgKind.KEMENPPPA, OrgKind.BARESKRIM})


def _lksa_queues(actor: Actor) -> list[Queue]:
    user, today = actor.user, timezone.localdate()
    return [
        child_queues.care_plans_overdue(user, today=today),
        supervision_queues.findings_to_fix(user, today=today),
        registry_queues.documents_expiring(user, today=today),
        staffing_queues.clearances_expiring(user, today=today),
        registry_queues.proposals_returned(user, today=today),
        application_queues.applications_returned(user),
        child_queues.gatekeeping_missing(user),
        child_queues.follow_ups_due(user, today=today),
        coordination_queues.assignments_due(user, today=today),
    ]


def _lksa_actions(actor: Actor) -> list[QueueItem]:
    """What a home can start from its home page, whether or not anything waits (links, not queues)."""
    actions = []
    if actor.can(Perm.INCIDENT_REPORT):
        actions += [incident_queues.report_action(), incident_queues.reports_action()]
    # The home's own work in the other apps: each a link its permission opens (the pages check again).
    links = [
        (Perm.POST_CHECK, _("Check a post before publishing"), "monitoring:post_check"),
        (Perm.APPLICATION_SUBMIT, _("Apply to Dinas Sosial online"), "applications:list"),
        (Perm.VETTING_RECORD, _("Staff police clearances and training"), "staffing:overview"),
        (Perm.AID_VIEW, _("Social assistance received and the children recorded"), "aid:list"),
    ]
    actions += [QueueItem(label=label, url=reverse(name)) for perm, label, name in links if actor.can(perm)]
    return actions


def _national_queues(actor: Actor) -> list[Queue]:
    """Escalations: findings a home did not correct in time, referrals not answered, posts to refer."""
    user, today = actor.user, timezone.localdate()
    queues = []
    if actor.can(Perm.FINDING_VIEW):
        queues.append(supervision_queues.findings_escalated(user, today=today))
    if actor.can(Perm.CASE_WORK):
        queues.append(case_queues.referrals_waiting(user, today=today))
    if actor.can(Perm.MONITORING_WORK):
        queues.append(monitoring_queues.posts_to_review(user, (Tier.RUJUK,)))
    if may_act_on_signal(user):
        queues.append(network_queues.signals_to_review(user))
    if actor.can(Perm.COORDINATION_MANAGE):
        queues.append(coordination_queues.assignments_overdue(user, today=today))
    elif actor.can(Perm.COORDINATION_REPORT):
        queues.append(coordination_queues.assignments_due(user, today=today))
    return queues


def _staff_queues(actor: Actor) -> list[Queue]:
    user, today = actor.user, timezone.localdate()
    queues = []
    if actor.can(Perm.CONCERN_TRIAGE):
        queues.append(case_queues.concerns_to_triage(user))
    if actor.can(Perm.CASE_WORK):
        queues.append(case_queues.referrals_waiting(user, today=today))
        queues.append(case_queues.referrals_unanswered(user, today=today))
    if actor.can(Perm.INVESTIGATION_RECORD):
        queues.append(case_queues.cases_without_milestone(user, today=today))
    if actor.role == Role.CASE_WORKER and actor.can(Perm.CASE_WORK):
        queues.append(case_queues.services_due(user))
        queues.append(recovery_reads.follow_up_visits_due(user, today=today))
    if actor.role == Role.CASE_WORKER and actor.can(Perm.CHILD_VIEW):
        queues.append(child_queues.follow_ups_due(user, today=today))
    if actor.can(Perm.CHILD_SIGNOFF):
        queues.append(child_queues.signoffs_waiting(user, today=today))
    if actor.can(Perm.FAMILY_CARE_MANAGE):
        queues.append(familycare_queues.steps_due(user, today=today))
        queues.append(familycare_queues.visits_due(user, today=today))
        queues.append(familycare_queues.exits_without_papers(user))
    if actor.can(Perm.SUPERVISION_MANAGE):
        queues.append(supervision_queues.my_visits(user, today=today))
        queues.append(supervision_queues.visits_due(user, today=today))
        queues.append(supervision_queues.findings_overdue(user, today=today))
        queues.append(incident_queues.reported_late(user, now=timezone.now()))
    if actor.can(Perm.LINKAGE_REVIEW):
        queues.append(linkage_queues.pairs_to_review(user))
    if actor.can(Perm.MONITORING_WORK):
        # Police units work the posts reviewers marked for them; Dinas Sosial reviews both tiers.
        tiers = (Tier.RUJUK,) if actor.can(Perm.INVESTIGATION_RECORD) else (Tier.RUJUK, Tier.TINJAU)
        queues.append(monitoring_queues.posts_to_review(user, tiers))
    if may_act_on_signal(user):
        queues.append(network_queues.signals_to_review(user))
    if actor.can(Perm.REGISTRY_MANAGE):
        queues.append(registry_queues.documents_expiring(user, today=today))
        queues.append(registry_queues.proposals_to_verify(user))
        queues.append(staffing_queues.barred_at_homes(user, today=today))
        queues.append(staffing_queues.clearances_to_verify(user))
        queues.append(application_queues.applications_waiting(user, today=today))
    if actor.can(Perm.COORDINATION_REPORT):
        queues.append(coordination_queues.assignments_due(user, today=today))
    return queues


def _admin_queues(actor: Actor) -> list[Queue]:
    now = timezone.now()
    return [
        account_queues.accounts_locked(actor.user, now=now),
        account_queues.tokens_expiring(actor.user, now=now),
    ]


def _ordered(queues: list[Queue]) -> list[Queue] | None:
    """The non-empty queues, most urgent first; None for a role that has no queue at all."""
    return by_urgency(queues) if queues else None


def home_context(actor: Actor) -> dict[str, Any]:
    context: dict[str, Any] = {"template": "core/home_staff.html"}
    if actor.role == Role.LKSA_OPERATOR:
        context["template"] = "core/home_lksa.html"
        context["offices"] = supervising_offices(actor.organisation.region_id)
        context["queues"] = _ordered(_lksa_queues(actor))
        context["actions"] = _lksa_actions(actor)
        return context
    if actor.can(Perm.ORG_VIEW):
        context["org_counts"] = organisation_counts(actor.user)
    if actor.role == Role.SYSTEM_ADMIN:
        context["template"] = "core/home_system_admin.html"
        context["user_total"] = active_user_total(actor.user)
        context["queues"] = _ordered(_admin_queues(actor))
    elif actor.role == Role.ORG_ADMIN:
        context["template"] = "core/home_org_admin.html"
        context["member_stats"] = member_stats(actor.organisation)
        context["queues"] = _ordered(_admin_queues(actor))
    elif actor.role == Role.AUDITOR:
        context["template"] = "core/home_auditor.html"
        context["audit_stats"] = security_counts(actor.user, since=timezone.now() - timedelta(hours=24))
    elif actor.organisation.kind in NATIONAL_KINDS:
        context["national"] = True
        context["queues"] = _ordered(_national_queues(actor))
    else:
        context["queues"] = _ordered(_staff_queues(actor))
    return context
