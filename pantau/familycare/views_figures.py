"""The family-based care figures page: counts, medians and shares per region, no one named."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from pantau.accounts.access import Perm, own_area, permission_required
from pantau.familycare import figures as figures_module
from pantau.familycare.models import Stage
from pantau.regions.forms import PlaceFilterForm
from pantau.regions.lookup import place_label


def _tables(rows: list[figures_module.RegionFigures]) -> list[dict[str, Any]]:
    """Per kind of care: its stages as columns and one line per region (templates cannot pass
    arguments, so the cells are read here)."""
    labels = dict(Stage.choices)
    tables = []
    for kind, label, stages in figures_module.kinds():
        tables.append(
            {
                "kind": kind,
                "label": label,
                "stages": [labels[stage] for stage in stages],
                "rows": [
                    {
                        "label": row.label,
                        "total": row.open_total(kind),
                        "cells": [(row.open_count(kind, s), row.median_days(kind, s)) for s in stages],
                    }
                    for row in rows
                ],
            }
        )
    return tables


@permission_required(Perm.REGISTRY_VIEW)
def figures(request: HttpRequest) -> HttpResponse:
    place_form = PlaceFilterForm(request.GET)
    # An office's figures cover its own area only: without a place chosen, its rows are the regions
    # inside it (a kabupaten's kecamatan), not the province around it labelled as if it were whole.
    region = place_form.code() or own_area(request.user) or ""
    rows = figures_module.figures_for(request.user, region=region, today=timezone.localdate())
    return render(
        request,
        "familycare/figures.html",
        {
            "rows": rows,
            "tables": _tables(rows),
            "place_form": place_form,
            "region": region,
            "region_label": place_label(region),
            "withheld": any(not row.exact for row in rows),
        },
    )
