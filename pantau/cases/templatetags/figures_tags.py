"""Links to the figures pages for those who may open them: ``{% load figures_tags %}``,
``{% if request.user|may_export_simfoni %}``."""

from __future__ import annotations

from typing import Any

from django import template

from pantau.accounts import access

register = template.Library()


@register.filter
def may_export_simfoni(user: Any) -> bool:
    """The SIMFONI page: supervision viewers and the reporting offices' case staff (access decides)."""
    return access.may_export_simfoni(user)
