"""Data-subject request targets of the access matrix: one logged by Dinas Sosial Kabupaten Tangerang
("in", region 36.03) and one by Dinas Sosial Kota Medan ("out", region 12.71)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from pantau.conftest import World
from pantau.privacy.models import SubjectRequest


def add_privacy_targets(w: World, scopes: dict[str, dict[str, Any]]) -> None:
    now = timezone.now()
    for scope, region, by in (("in", "36.03", w.user("supervisor")), ("out", "12.71", w.user("outsider"))):
        scopes[scope]["subject_request"] = SubjectRequest.objects.create(
            region_code=region,
            kind="access",
            requester_relation="parent",
            reply_to="-",
            subject_kind="child",
            subject_reference="child #1",
            details="-",
            received_at=now,
            due_at=now + timedelta(hours=72),
            recorded_by=by,
        ).pk
