"""The registered audit action codes. Recording an unregistered code is a programming error."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTIONS: dict[str, Promise] = {
    "auth.login": _("Logged in"),
    "auth.login_failed": _("Failed login"),
    "auth.locked_out": _("Locked out after repeated failed logins"),
    "auth.logout": _("Logged out"),
    "auth.password_changed": _("Changed own password"),
    "access.denied": _("Access denied"),
    "api.token_created": _("API token created"),
    "api.token_revoked": _("API token revoked"),
    "api.token_rejected": _("API token rejected"),
    "organisation.created": _("Organisation created"),
    "organisation.updated": _("Organisation updated"),
    "user.created": _("User created"),
    "user.updated": _("User updated"),
    "user.deactivated": _("User deactivated"),
    "user.reactivated": _("User reactivated"),
    "user.password_reset": _("User password reset by administrator"),
    "user.language_changed": _("Changed interface language"),
    "audit.searched": _("Audit trail searched"),
    "lksa.registered": _("LKSA registered"),
    "lksa.updated": _("LKSA profile updated"),
    "lksa.record_added": _("LKSA record added"),
    "lksa.record_removed": _("LKSA record removed"),
    "lksa.document_viewed": _("LKSA document opened"),
    "lksa.exported": _("LKSA registry exported"),
    "lksa.imported": _("LKSA list imported"),
    "lksa.change_proposed": _("LKSA change proposed by the home"),
    "lksa.change_approved": _("LKSA change verified and applied"),
    "lksa.change_rejected": _("LKSA change rejected"),
    "lksa.contact_updated": _("LKSA contact details updated by the home"),
    "lksa.import_refused": _("LKSA list import refused (errors)"),
    "public.concern_reported": _("Concern reported by the public"),
    "child.admitted": _("Child admitted"),
    "visit.scheduled": _("Supervision visit planned"),
    "visit.concluded": _("Supervision visit concluded"),
    "visit.cancelled": _("Supervision visit called off"),
    "visit.evidence_added": _("Evidence added to a visit"),
    "visit.evidence_viewed": _("Visit evidence opened"),
    "finding.responded": _("LKSA answered a finding"),
    "finding.accepted": _("Finding closed: correction accepted"),
    "finding.rejected": _("Finding's answer rejected"),
    "finding.escalated": _("Overdue finding escalated"),
    "finding.concern_opened": _("Concern opened from a finding"),
    "checklist.drafted": _("New checklist version drafted"),
    "checklist.published": _("Checklist version put in use"),
    "checklist.edited": _("Draft checklist edited"),
    "risk.weights_changed": _("Visit-plan risk points changed"),
    "child.imported": _("Children list imported"),
    "child.import_refused": _("Children list import refused (errors)"),
    "child.placement_changed": _("Child's placement changed"),
    "child.identity_viewed": _("Child's identifiers viewed"),
    "child.keys_rotated": _("Children's identifiers re-encrypted"),
    "child.care_plan_added": _("Care plan recorded"),
    "child.tracing_recorded": _("Family tracing attempt recorded"),
    "child.follow_up_recorded": _("Follow-up visit after leaving care recorded"),
    "child.updated": _("Child's record updated"),
    "child.gatekeeping_recorded": _("Gatekeeping assessment recorded after admission"),
    "regions.loaded": _("Region hierarchy loaded"),
    "demo.seeded": _("Demo data generated"),
}


def action_label(code: str) -> str:
    label = ACTIONS.get(code)
    return str(label) if label is not None else code
