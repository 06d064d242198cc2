from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def rupiah(value: int | None) -> str:
    """1500000 → "1.500.000" (the Indonesian grouping, whatever the page's language)."""
    return "" if value is None else f"{int(value):,}".replace(",", ".")
