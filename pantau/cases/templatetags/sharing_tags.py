"""What a referral shared, for the case file and the referral page: ``{{ r.shared|shared_labels }}``."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from pantau.cases.sharing import shared_labels as labels

register = template.Library()


@register.filter
def shared_labels(codes: Any) -> str:
    """The parts of the file shared, by name; a referral before consent was recorded lists none."""
    return "; ".join(labels(codes or [])) or _("everything (referral made before consent was recorded)")
