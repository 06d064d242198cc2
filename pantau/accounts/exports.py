"""The organisation, user and audit-log lists as downloads: the columns of each page."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pantau.lib.exports import Col, ExportSpec


def _jurisdiction(org: Any) -> str:
    return f"{org.region.display_name} ({org.region_id})" if org.region_id else gettext("National")


ORGANISATIONS = ExportSpec(
    name="organisations",
    area="organisation",
    title=_("Organisations"),
    columns=(
        Col(_("Name"), lambda org: org.name),
        Col(_("Part of"), lambda org: org.parent.name if org.parent_id else ""),
        Col(_("Kind"), lambda org: org.get_kind_display()),
        Col(_("Jurisdiction"), _jurisdiction),
        Col(_("Members"), lambda org: org.member_count),
        Col(_("Status"), lambda org: gettext("Active") if org.is_active else gettext("Inactive")),
    ),
)


def _membership(user: Any) -> Any:
    return next(iter(user.current_memberships), None)


def _user_status(user: Any) -> str:
    if not user.is_active:
        return gettext("Deactivated")
    return gettext("Awaiting first sign-in") if user.must_change_password else gettext("Active")


USERS = ExportSpec(
    name="users",
    area="user",
    title=_("Users"),
    columns=(
        Col(_("Name"), lambda u: u.full_name),
        Col(_("E-mail address"), lambda u: u.email),
        Col(_("Organisation"), lambda u: m.organisation.name if (m := _membership(u)) else ""),
        Col(_("Role"), lambda u: m.get_role_display() if (m := _membership(u)) else ""),
        Col(_("Last sign-in"), lambda u: u.last_login),
        Col(_("Status"), _user_status),
    ),
)


def _changes(event: Any) -> str:
    return "; ".join(f"{key}: {value}" for key, value in (event.changes or {}).items())


AUDIT_EVENTS = ExportSpec(
    name="audit-log",
    area="audit",
    title=_("Audit log"),
    columns=(
        Col(_("Time"), lambda e: e.occurred_at),
        Col(_("Action"), lambda e: e.action_label),
        Col(_("Action code"), lambda e: e.action),
        Col(_("Actor"), lambda e: e.actor_label),
        Col(_("Organisation"), lambda e: e.organisation_label),
        Col(_("Target"), lambda e: e.target_label),
        Col(_("Target type"), lambda e: e.target_type),
        Col(_("Target id"), lambda e: e.target_id),
        Col(_("Changes"), _changes),
        Col(_("Request"), lambda e: e.request_id),
        Col(_("IP"), lambda e: e.ip),
    ),
)
