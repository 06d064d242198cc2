from datetime import datetime
from typing import Literal, cast

from django.db.models import OuterRef, Subquery
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from pantau.accounts.access import (
    Perm,
    actor_of,
    get_organisation_for,
    organisations_visible_to,
    require,
    users_visible_to,
)
from pantau.accounts.models import Membership, Organisation, User
from pantau.accounts.services import user_set_language
from pantau.lib.api import Pages

router = Router(tags=["accounts"])


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    region_code: str | None
    region_name: str | None
    parent_id: int | None
    is_active: bool

    @staticmethod
    def resolve_kind_label(obj: Organisation) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_region_code(obj: Organisation) -> str | None:
        return obj.region_id

    @staticmethod
    def resolve_region_name(obj: Organisation) -> str | None:
        return obj.region.display_name if obj.region else None


class MeOut(Schema):
    id: int
    email: str
    full_name: str
    language: str
    role: str | None
    organisation: OrganisationOut | None
    jurisdiction: str | None
    permissions: list[str]


class MeUpdateIn(Schema):
    language: Literal["id", "en"]


class UserOut(Schema):
    id: int
    email: str
    full_name: str
    is_active: bool
    last_login: datetime | None
    role: str | None
    organisation_id: int | None


@router.get("/me", response=MeOut, summary="The signed-in user, their organisation and permissions")
def me(request: HttpRequest) -> dict:
    user = cast(User, request.user)  # guaranteed by sign-in (login_required / API auth)
    actor = actor_of(user)
    return {
        "id": user.pk,
        "email": user.email,
        "full_name": user.full_name,
        "language": user.preferred_language,
        "role": actor.role if actor else None,
        "organisation": actor.organisation if actor else None,
        "jurisdiction": actor.jurisdiction if actor else None,
        "permissions": sorted(actor.permissions) if actor else [],
    }


@router.patch("/me", response=MeOut, summary="Change your interface language")
def me_update(request: HttpRequest, payload: MeUpdateIn) -> dict:
    user = cast(User, request.user)  # guaranteed by sign-in (login_required / API auth)
    user_set_language(user=user, language=payload.language)
    return me(request)


@router.get(
    "/organisations", response=list[OrganisationOut], summary="Organisations within your jurisdiction"
)
@paginate(Pages, page_size=50)
def organisation_list(request: HttpRequest, kind: str | None = None, q: str | None = None) -> list:
    require(request.user, Perm.ORG_VIEW, target_label=request.path)
    organisations = organisations_visible_to(request.user).order_by("name", "pk")
    if kind:
        organisations = organisations.filter(kind=kind)
    if q:
        organisations = organisations.filter(name__icontains=q)
    return organisations  # type: ignore[return-value]


@router.get("/organisations/{organisation_id}", response=OrganisationOut, summary="One organisation")
def organisation_detail(request: HttpRequest, organisation_id: int) -> Organisation:
    require(request.user, Perm.ORG_VIEW, target_label=request.path)
    return get_organisation_for(request.user, organisation_id)


@router.get("/users", response=list[UserOut], summary="Accounts you administer")
@paginate(Pages, page_size=50)
def user_list(request: HttpRequest) -> list:
    require(request.user, Perm.USER_VIEW, target_label=request.path)
    active = Membership.objects.filter(user=OuterRef("pk"), is_active=True)
    return (
        users_visible_to(request.user)
        .annotate(  # type: ignore[return-value]
            role=Subquery(active.values("role")[:1]),
            organisation_id=Subquery(active.values("organisation_id")[:1]),
        )
        .order_by("full_name", "pk")
    )
