"""The visit and finding lists as downloads: the columns of each page."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pantau.lib.exports import Col, ExportSpec

VISITS = ExportSpec(
    name="visits",
    area="visit",
    title=_("Visits"),
    columns=(
        Col(_("Planned for"), lambda v: v.planned_on),
        Col(_("LKSA"), lambda v: v.lksa.name),
        Col(_("Kind"), lambda v: v.get_kind_display()),
        Col(_("Status"), lambda v: v.get_status_display()),
        Col(_("Team lead"), lambda v: v.lead.full_name if v.lead_id else ""),
    ),
)


def _finding_status(finding: Any) -> str:
    status = finding.get_status_display()
    return f"{status} · {gettext('escalated')}" if finding.escalated_at else status


FINDINGS = ExportSpec(
    name="findings",
    area="finding",
    title=_("Findings"),
    columns=(
        Col(_("Due by"), lambda f: f.due_on),
        Col(_("LKSA"), lambda f: f.lksa.name),
        Col(_("Item"), lambda f: f.item.code if f.item_id else ""),
        Col(_("Severity"), lambda f: f.get_severity_display()),
        Col(_("What was found"), lambda f: f.description),  # the page cuts it at 80 characters
        Col(_("Status"), _finding_status),
    ),
)
