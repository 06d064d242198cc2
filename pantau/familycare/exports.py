"""The family-care lists as downloads: the columns of each page (families by name, as the page shows
them; never a child's name)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from pantau.lib.exports import Col, ExportSpec
from pantau.regions.lookup import with_place_labels


def family_name(family: Any) -> str:
    return f"{family.applicant_name} & {family.spouse_name}" if family.spouse_name else family.applicant_name


def _with_places(user: Any, rows: list[Any]) -> list[Any]:
    return with_place_labels(rows)


FILES = ExportSpec(
    name="family-care-files",
    area="familycare",
    title=_("Family-care files"),
    prepare=_with_places,
    columns=(
        Col(_("File"), lambda f: f.number),
        Col(_("Kind"), lambda f: f.get_kind_display()),
        Col(_("Family"), lambda f: family_name(f.family)),
        Col(_("Place"), lambda f: f.place),
        Col(_("LKSA"), lambda f: f.lksa.name if f.lksa_id else ""),
        Col(_("Stage"), lambda f: f.get_stage_display()),
        Col(_("Stage since"), lambda f: f.stage_on),
        Col(_("Next step due"), lambda f: f.due_on if not f.closed_on else None),
        Col(_("Next monitoring visit"), lambda f: f.next_visit_on if not f.closed_on else None),
        Col(_("Closed"), lambda f: f.closed_on),
    ),
)

FAMILIES = ExportSpec(
    name="families",
    area="familycare",
    title=_("Families"),
    prepare=_with_places,
    columns=(
        Col(_("Family"), family_name),
        Col(_("Place"), lambda f: f.place),
        Col(_("Files"), lambda f: f.all_files),
        Col(_("Open files"), lambda f: f.open_files),
        Col(_("Registered"), lambda f: f.created_at),
    ),
)
