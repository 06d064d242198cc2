"""The possible-duplicate pairs as a download: each line as the page shows it, under the same disclosure
rule (a child the reader may not see stays "a child in <region>")."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from pantau.lib.exports import Col, ExportSpec
from pantau.linkage import disclosure


def _likelihood(row: Any) -> Any:
    return f"{row.percent}%" if row.percent is not None else row.likelihood_label


PAIRS = ExportSpec(
    name="possible-duplicates",
    area="linkage",
    title=_("Possible duplicates"),
    prepare=disclosure.pair_rows,
    columns=(
        Col(_("Likelihood"), _likelihood),
        Col(_("Relation"), lambda row: row.relation_label),
        Col(_("Child"), lambda row: row.a),
        Col(_("Home"), lambda row: row.home_a),
        Col(_("Child"), lambda row: row.b),
        Col(_("Home"), lambda row: row.home_b),
        Col(_("Where"), lambda row: row.homes_label),
        Col(_("Found"), lambda row: row.pair.get_source_display()),
    ),
)
