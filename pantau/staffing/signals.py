"""A staff member saved in the registry (added, or edited through a verified proposal) is checked against
the bars at once: the registry cannot call this app, so the check hangs on the save."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save


def staff_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:  # loading fixtures: the bars are matched when they are loaded or made
        return
    from pantau.staffing.services import matches_refresh_for_staff

    matches_refresh_for_staff(instance)


def connect() -> None:
    from pantau.registry.models import StaffMember

    post_save.connect(staff_saved, sender=StaffMember, dispatch_uid="staffing_bar_check")
