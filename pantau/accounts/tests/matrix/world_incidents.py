"""Incident report targets of the access matrix: one report of the world's Tangerang home ("in", made by
its operator) and one of the Medan home ("out")."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from pantau.conftest import World
from pantau.incidents.models import IncidentReport


def add_incident_targets(w: World, scopes: dict[str, dict[str, Any]]) -> None:
    now = timezone.now()
    for scope, by in (("in", w.user("lksa_operator")), ("out", w.user("outsider"))):
        lksa_pk = scopes[scope]["lksa"]
        region = scopes[scope]["region"]
        scopes[scope]["incident"] = IncidentReport.objects.create(
            lksa_id=lksa_pk,
            region_code=region,
            kind="missing",
            happened_at=now - timedelta(hours=3),
            learned_at=now - timedelta(hours=2),
            description="-",
            action_taken="-",
            children_count=1,
            reported_by=by,
            reported_at=now,
            due_at=now + timedelta(hours=22),
        ).pk
