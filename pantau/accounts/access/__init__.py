"""Who may see and do what: the one place where permissions and record scoping are decided.

Views and API handlers never filter protected records themselves. They call:

* ``require(user, perm)`` (or the ``permission_required`` / ``api_permission`` decorators): may this
  person use this function at all? (403 if not);
* the app's selectors, ``<records>_visible_to(user)``: the records this person may see, built by applying
  one of the scope rules here (``children_scope``, ``case_scope``...) to the app's own queryset;
* ``get_<record>_for(user, pk, need=...)`` (also in the app's selectors, through ``get_scoped``): one
  record, 404 when it does not exist *or* is outside the person's scope (so ids cannot be probed), 403
  when visible but the action is not allowed;
* the relationship guards ``require_conduct``, ``require_finding_decision``, ``require_case_lead``,
  ``require_admission``, ``require_pair_side``, called by the services.

Every refusal is written to the audit trail.

The rules (permissions, roles, kinds of organisation, the guards) are in ``policy``; the record scopes
by sub-domain in ``people`` (organisations, accounts, audit), ``records`` (registry, children,
supervision, cases) and ``online`` (duplicates, monitoring). The scope rules take the records as a
queryset from the calling app, so this package imports no domain app and the apps' layering stays
one way (README, "Architecture"). Import from this package, not the modules.
"""

from pantau.accounts.access.online import (
    CONTACTS_SHOWN,
    POLICE_UNITS,
    duplicate_contacts,
    linkage_run_scope,
    may_compare_records,
    may_monitor_in,
    may_run_linkage,
    monitoring_scope,
    pair_children_shown,
    pair_scope,
    pair_sides_to_confirm,
    police_referral_recipients,
    require_pair_side,
)
from pantau.accounts.access.people import (
    assignable_roles,
    audit_events_visible_to,
    get_organisation_for,
    get_own_token,
    get_user_for,
    members_visible_to,
    organisations_for_new_users,
    organisations_visible_to,
    tokens_of,
    users_visible_to,
)
from pantau.accounts.access.policy import (
    KIND_LIMITS,
    MONITORING_KINDS,
    PRIVILEGED_ROLES,
    ROLE_PERMISSIONS,
    SUPERVISING_KINDS,
    TRIAGE_KINDS,
    Actor,
    Perm,
    UserLike,
    actor_of,
    api_permission,
    get_scoped,
    has_perm,
    not_found,
    permission_required,
    refuse,
    require,
)
from pantau.accounts.access.records import (
    WorkloadScope,
    admission_scope,
    can_conduct,
    can_decide_finding,
    case_count_scope,
    case_scope,
    change_request_scope,
    children_figures_scope,
    children_scope,
    colleagues_for_team,
    finding_scope,
    import_job_scope,
    leads_case,
    lksa_scope,
    may_count_cases,
    organisations_for_referral,
    received_referral_scope,
    region_in_scope,
    require_admission,
    require_case_lead,
    require_conduct,
    require_finding_decision,
    triage_scope,
    visit_scope,
    workload_scope,
)

__all__ = [
    "CONTACTS_SHOWN",
    "KIND_LIMITS",
    "MONITORING_KINDS",
    "POLICE_UNITS",
    "PRIVILEGED_ROLES",
    "ROLE_PERMISSIONS",
    "SUPERVISING_KINDS",
    "TRIAGE_KINDS",
    "Actor",
    "Perm",
    "UserLike",
    "WorkloadScope",
    "actor_of",
    "admission_scope",
    "api_permission",
    "assignable_roles",
    "audit_events_visible_to",
    "can_conduct",
    "can_decide_finding",
    "case_count_scope",
    "case_scope",
    "change_request_scope",
    "children_figures_scope",
    "children_scope",
    "colleagues_for_team",
    "duplicate_contacts",
    "finding_scope",
    "get_organisation_for",
    "get_own_token",
    "get_scoped",
    "get_user_for",
    "has_perm",
    "import_job_scope",
    "leads_case",
    "linkage_run_scope",
    "lksa_scope",
    "may_compare_records",
    "may_count_cases",
    "may_monitor_in",
    "may_run_linkage",
    "members_visible_to",
    "monitoring_scope",
    "not_found",
    "organisations_for_new_users",
    "organisations_for_referral",
    "organisations_visible_to",
    "pair_children_shown",
    "pair_scope",
    "pair_sides_to_confirm",
    "permission_required",
    "police_referral_recipients",
    "received_referral_scope",
    "refuse",
    "region_in_scope",
    "require",
    "require_admission",
    "require_case_lead",
    "require_conduct",
    "require_finding_decision",
    "require_pair_side",
    "tokens_of",
    "triage_scope",
    "users_visible_to",
    "visit_scope",
    "workload_scope",
]
