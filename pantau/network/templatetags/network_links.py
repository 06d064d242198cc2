"""The "links across records" box on a captured post's page: the monitoring app's template loads this
tag instead of importing this app (README, "Layering"). Shown to readers of the network only; one query."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Q

from pantau.accounts.access import may_use_network
from pantau.network import keys
from pantau.network.models import Entity
from pantau.network.sources import post_keys

register = template.Library()


@register.inclusion_tag("network/_post_links.html", takes_context=True)
def post_links(context: dict[str, Any], post: Any) -> dict[str, Any]:
    request = context.get("request")
    if request is None or not may_use_network(request.user):
        return {"shown": False}
    found = [key for key, *_ in post_keys(post.entities or {}, post.account.handle_normalised)]
    if own := keys.handle(post.account.handle_normalised):
        found.append(own)
    where = Q()
    for key in found:
        where |= Q(kind=key.kind, digest=key.digest)
    entities = list(Entity.objects.filter(where).order_by("kind", "label")) if found else []
    return {"shown": True, "entities": entities}
