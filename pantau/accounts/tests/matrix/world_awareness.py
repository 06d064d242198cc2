"""Awareness targets of the access matrix: a sosialisasi held in Kabupaten Tangerang by the personas'
Dinas Sosial ("in") and one held in Kota Medan by Medan's Dinas Sosial ("out"), each with a material."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.base import ContentFile

from pantau.accounts.models import Organisation, User
from pantau.awareness.models import ActivityAudience, ActivityMaterial, AwarenessActivity
from pantau.conftest import World

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


def _activity(organisation: Organisation, region: str, by: User) -> dict[str, int]:
    activity = AwarenessActivity.objects.create(
        organisation=organisation,
        held_on=date(2026, 5, 1),
        region_code=region,
        venue="Aula",
        title=f"Sosialisasi {region}",
        topics=["check"],
        attendance=50,
        created_by=by,
    )
    ActivityAudience.objects.create(activity=activity, kind="parents")
    material = ActivityMaterial(
        activity=activity, original_name="hadir.png", content_type="image/png", size=len(PNG), uploaded_by=by
    )
    material.file.save("hadir.png", ContentFile(PNG), save=False)
    material.save()
    return {"awareness_activity": activity.pk, "awareness_material": material.pk}


def add_awareness_targets(w: World, scopes: dict[str, dict[str, Any]]) -> None:
    scopes["in"].update(_activity(w.dinsos, "36.03.03", w.user("supervisor")))
    scopes["out"].update(_activity(w.dinsos_medan, "12.71", w.user("outsider")))
