"""The connected picture of a home for the registry's LKSA page, which loads this library instead of
importing the apps above it (see core/lksa_overview.py)."""

from __future__ import annotations

from typing import Any

from django import template

from pantau.core.lksa_overview import Overview, lksa_overview
from pantau.registry.models import Lksa

register = template.Library()


@register.simple_tag(takes_context=True)
def lksa_picture(context: dict[str, Any], lksa: Lksa) -> Overview:
    """``{% lksa_picture lksa as picture %}``: the parts of the home's picture the reader may see."""
    return lksa_overview(context["request"].user, lksa, risk_inline=False)
