"""The case lists as downloads: the columns of each page, nothing more (no child's name: the lists
show none)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pantau.cases.recovery_reads import is_overdue
from pantau.lib.exports import Col, ExportSpec
from pantau.regions.lookup import place_labels, with_place_labels

CASES = ExportSpec(
    name="cases",
    area="case",
    title=_("Cases"),
    columns=(
        Col(_("Case number"), lambda case: case.number),
        Col(_("Title"), lambda case: case.title),
        Col(_("Form of violence"), lambda case: case.get_form_of_violence_display()),
        Col(_("LKSA"), lambda case: case.lksa.name if case.lksa_id else ""),
        Col(_("Children"), lambda case: case.child_count),
        Col(_("Lead agency"), lambda case: case.owner.name),
        Col(_("Opened"), lambda case: case.opened_at),
    ),
)


def _place_or_home(concern: Any) -> str:
    return concern.lksa.name if concern.lksa_id else (concern.place or "")


def _with_places(user: Any, concerns: list[Any]) -> list[Any]:
    return with_place_labels(concerns)


TRIAGE = ExportSpec(
    name="triage",
    area="concern",
    title=_("Triage"),
    prepare=_with_places,
    columns=(
        Col(_("Tracking code"), lambda c: c.tracking_code),
        Col(_("Received"), lambda c: c.created_at),  # the page shows the time waited since
        Col(_("Source"), lambda c: c.get_source_display()),
        Col(_("What is happening"), lambda c: c.get_category_display()),
        Col(_("Home or place"), _place_or_home),
    ),
)


def _referral_status(referral: Any) -> str:
    status = referral.get_status_display()
    return f"{status} · {gettext('escalated')}" if referral.escalated_at else status


REFERRALS = ExportSpec(
    name="referrals-received",
    area="referral",
    title=_("Referrals received"),
    columns=(
        Col(_("Case number"), lambda r: r.case.number),
        Col(_("From"), lambda r: r.from_org.name),
        Col(_("Purpose"), lambda r: r.get_purpose_display()),
        Col(_("Answer by"), lambda r: r.due_on),
        Col(_("Status"), _referral_status),
    ),
)


def _follow_up_rows(user: Any, visits: list[Any]) -> list[Any]:
    today = timezone.localdate()
    places = place_labels(v.reintegration.region_code for v in visits)
    for visit in visits:
        visit.place = places.get(visit.reintegration.region_code, visit.reintegration.region_code)
        visit.overdue = is_overdue(visit, today)
    return visits


FOLLOW_UPS = ExportSpec(
    name="follow-up-visits",
    area="case",
    title=_("Follow-up visits"),
    prepare=_follow_up_rows,
    columns=(
        Col(_("Case number"), lambda v: v.reintegration.case_child.case.number),
        Col(_("Title"), lambda v: v.reintegration.case_child.case.title),
        Col(_("Child"), lambda v: v.reintegration.case_child.name),
        Col(_("Where the child lives"), lambda v: v.place),
        Col(_("Visit due"), lambda v: v.due_on),
        Col(_("State"), lambda v: gettext("Overdue") if v.overdue else gettext("Due")),
    ),
)
