from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from pantau.lib.api import Pages
from pantau.regions.models import Region, is_within

router = Router(tags=["regions"])


class RegionOut(Schema):
    code: str
    name: str
    display_name: str
    level: int
    kind: str
    parent_code: str | None
    postal_code: str
    is_active: bool

    @staticmethod
    def resolve_parent_code(obj: Region) -> str | None:
        return obj.parent_id


class ContainsOut(Schema):
    outer: str
    inner: str
    inside: bool


@router.get("", response=list[RegionOut], summary="Regions: children of a parent, or a name search")
@paginate(Pages, page_size=100)
def region_list(
    request: HttpRequest, parent: str | None = None, q: str | None = None, level: int | None = None
) -> list:
    regions = Region.objects.filter(is_active=True)
    if q:
        regions = regions.filter(name__icontains=q)
    elif parent is not None:
        regions = regions.filter(parent_id=parent or None)
    else:
        regions = regions.filter(level=1)
    if level is not None:
        regions = regions.filter(level=level)
    return regions.order_by("code")  # type: ignore[return-value]


@router.get("/contains", response=ContainsOut, summary="Is region `inner` inside region `outer`?")
def region_contains(request: HttpRequest, outer: str, inner: str) -> dict:
    return {"outer": outer, "inner": inner, "inside": is_within(inner, outer)}


@router.get("/{code}", response=RegionOut, summary="One region by its dotted Kemendagri code")
def region_detail(request: HttpRequest, code: str) -> Region:
    return get_object_or_404(Region, code=code)
