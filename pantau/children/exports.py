"""The children list as a download: the columns of the page (names, as the page shows them to those who
may see it; never a NIK, an address or a family detail)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pantau.lib.exports import Col, ExportSpec


def _born(child: Any) -> Any:
    if not child.birth_date:
        return _("unknown")
    year = str(child.birth_date.year)
    return f"{year} ({_('est.')})" if child.birth_date_precision == "estimated" else year


def _gatekeeping(child: Any) -> str:
    record = getattr(child, "gatekeeping", None)
    if record is not None:
        return _("Assessed, signed off") if record.signed_off_at else _("Assessed, not signed off")
    return _("Emergency, not yet assessed") if child.emergency_admission else _("Missing")


CHILDREN = ExportSpec(
    name="children",
    area="child",
    title=gettext_lazy("Children in care"),
    columns=(
        Col(gettext_lazy("Name"), lambda c: c.full_name),
        Col(gettext_lazy("Sex"), lambda c: c.sex),
        Col(gettext_lazy("Born"), _born),
        Col(gettext_lazy("LKSA"), lambda c: c.lksa.name),
        Col(gettext_lazy("Admitted"), lambda c: c.admitted_on),
        Col(gettext_lazy("Gatekeeping"), _gatekeeping),
    ),
)
