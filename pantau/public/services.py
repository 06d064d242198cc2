from __future__ import annotations

from django.db import transaction

from pantau.audit.services import audit_record
from pantau.cases.models import Concern
from pantau.registry.models import Lksa


def concern_report_public(*, concern: Concern, lksa: Lksa | None) -> Concern:
    """Store a concern from someone without an account, routed to the LKSA's region when known."""
    with transaction.atomic():
        concern.source = Concern.Source.PUBLIC
        concern.lksa = lksa
        concern.region_code = lksa.region_code if lksa else ""
        concern.full_clean()
        concern.save()
        # The reporter's own details stay out of the trail; the concern is referenced by id.
        audit_record(
            action="public.concern_reported",
            target=concern,
            target_label=concern.tracking_code,
            target_region=concern.region_code,
            changes={"category": [None, concern.category], "lksa": [None, lksa.pk if lksa else None]},
        )
    return concern
