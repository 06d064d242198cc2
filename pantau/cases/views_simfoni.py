"""The SIMFONI-PPA page: victims counted in SIMFONI's terms shown on the page or downloaded, and one row per
victim (no names) for the reporting offices' own reporting."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pantau.accounts.access import (
    Perm,
    may_export_simfoni_victims,
    require_simfoni_export,
    simfoni_count_scope,
    simfoni_counts_withheld,
    simfoni_victim_scope,
)
from pantau.audit.services import audit_record
from pantau.cases import simfoni
from pantau.cases.forms import PeriodForm
from pantau.cases.models import Case
from pantau.lib.downloads import download
from pantau.lib.spreadsheets import csv_bytes

# The headings of SIMFONI's dimensions on the page (the values are SIMFONI's own Indonesian terms).
DIMENSION_LABELS = {
    "bentuk_kekerasan": gettext_lazy("Form of violence (bentuk kekerasan)"),
    "tempat_kejadian": gettext_lazy("Place of the event (tempat kejadian)"),
    "hubungan_pelaku": gettext_lazy("Alleged person's relation to the victim (hubungan pelaku)"),
    "layanan": gettext_lazy("Services received (layanan)"),
    "jenis_kelamin": gettext_lazy("Sex (jenis kelamin)"),
    "kelompok_usia": gettext_lazy("Age band (kelompok usia)"),
    "pendidikan": gettext_lazy("Education (pendidikan)"),
}


class SimfoniForm(PeriodForm):
    format = forms.ChoiceField(
        label=gettext_lazy("Show or download"),
        choices=[
            ("page", gettext_lazy("Show the counts on this page")),
            ("counts", gettext_lazy("Download the counts (.csv)")),
            ("victims", gettext_lazy("Download one row per victim of your agency's cases (.csv, no names)")),
        ],
        required=False,
    )

    def __init__(self, *args: Any, victims_allowed: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not victims_allowed:  # not offered; asked for anyway, it is refused (403, audited)
            field = self.fields["format"]
            field.widget.choices = [c for c in field.widget.choices if c[0] != "victims"]

    def clean_format(self) -> str:
        return self.cleaned_data.get("format") or "page"


def _tables(counts: list[tuple[str, str, Any]]) -> list[dict[str, Any]]:
    """The counts grouped by dimension for the page: [{"code", "label", "rows": [(value, victims)]}]."""
    tables: dict[str, dict[str, Any]] = {}
    for dimension, value, victims in counts:
        if dimension == "jumlah_korban":
            continue
        table = tables.setdefault(
            dimension, {"code": dimension, "label": DIMENSION_LABELS[dimension], "rows": []}
        )
        table["rows"].append((value, victims))
    return list(tables.values())


@login_required
def simfoni_export(request: HttpRequest) -> HttpResponse:
    """Counts for the jurisdiction (or the agency's own cases) on the page or as CSV, or the agency's
    per-victim rows as CSV; every showing and download is audited."""
    actor = require_simfoni_export(request.user, target_label=request.path)
    victims_allowed = may_export_simfoni_victims(request.user)
    form = SimfoniForm(request.GET or None, victims_allowed=victims_allowed)
    jurisdiction = actor.can(Perm.SUPERVISION_VIEW)
    context: dict[str, Any] = {"form": form, "victims_allowed": victims_allowed, "jurisdiction": jurisdiction}
    if not form.is_valid():
        return render(request, "cases/simfoni.html", context, status=400 if request.GET else 200)
    start, end, kind = form.cleaned_data["start"], form.cleaned_data["end"], form.cleaned_data["format"]
    period = {"from": start.isoformat(), "to": end.isoformat()}
    name = f"pantau-simfoni-{kind}-{start.isoformat()}-{end.isoformat()}.csv"
    if kind == "victims":
        require_simfoni_export(request.user, victims=True, target_label=request.path)
        cases = simfoni_victim_scope(request.user, Case.objects.all())
        rows = simfoni.victim_rows(cases, start, end)
        audit_record(
            action="case.simfoni_victims_exported",
            actor=actor.user,
            changes={**period, "victims": len(rows)},
        )
        return download(csv_bytes(simfoni.VICTIM_HEADER, [row.as_csv() for row in rows]), name, "text/csv")
    counts = simfoni.victim_counts(
        simfoni.victim_rows(simfoni_count_scope(request.user, Case.objects.all()), start, end)
    )
    withheld = simfoni_counts_withheld(request.user)
    table: list[tuple[str, str, Any]] = list(simfoni.withhold_small(counts)) if withheld else list(counts)
    if kind == "page":
        audit_record(action="case.simfoni_viewed", actor=actor.user, changes=period)
        query = {"start": start.isoformat(), "end": end.isoformat()}
        context.update(
            period=(start, end),
            total=table[0][2],
            tables=_tables(table),
            withheld=withheld,
            counts_url="?" + urlencode({**query, "format": "counts"}),
            victims_url="?" + urlencode({**query, "format": "victims"}),
        )
        return render(request, "cases/simfoni.html", context)
    audit_record(action="case.simfoni_exported", actor=actor.user, changes=period)
    return download(csv_bytes([_("dimension"), _("value"), _("victims")], table), name, "text/csv")
