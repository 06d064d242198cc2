from datetime import datetime
from typing import Literal

from django.db.models import OuterRef, Subquery
from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from pantau.accounts.access import (
    Perm,
    actor_of,
    api_permission,
    get_organisation_for,
    get_own_token,
    organisations_visible_to,
    tokens_of,
    users_visible_to,
)
from pantau.accounts.http import user_of
from pantau.accounts.models import ApiToken, Membership, Organisation
from pantau.accounts.services import (
    api_token_rotate,
    user_set_language,
)
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
    user = user_of(request)  # guaranteed by sign-in (login_required / API auth)
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
    user = user_of(request)  # guaranteed by sign-in (login_required / API auth)
    user_set_language(user=user, language=payload.language)
    return me(request)


@router.get(
    "/organisations", response=list[OrganisationOut], summary="Organisations within your jurisdiction"
)
@paginate(Pages, page_size=50)
@api_permission(Perm.ORG_VIEW)
def organisation_list(request: HttpRequest, kind: str | None = None, q: str | None = None) -> list:
    organisations = organisations_visible_to(request.user).order_by("name", "pk")
    if kind:
        organisations = organisations.filter(kind=kind)
    if q:
        organisations = organisations.filter(name__icontains=q)
    return organisations  # type: ignore[return-value]


@router.get("/organisations/{organisation_id}", response=OrganisationOut, summary="One organisation")
@api_permission(Perm.ORG_VIEW)
def organisation_detail(request: HttpRequest, organisation_id: int) -> Organisation:
    return get_organisation_for(request.user, organisation_id)


@router.get("/users", response=list[UserOut], summary="Accounts you administer")
@paginate(Pages, page_size=50)
@api_permission(Perm.USER_VIEW)
def user_list(request: HttpRequest) -> list:
    active = Membership.objects.filter(user=OuterRef("pk"), is_active=True)
    return (
        users_visible_to(request.user)
        .annotate(  # type: ignore[return-value]
            role=Subquery(active.values("role")[:1]),
            organisation_id=Subquery(active.values("organisation_id")[:1]),
        )
        .order_by("full_name", "pk")
    )


class ApiTokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    replaced_by_id: int | None
    usable: bool

    @staticmethod
    def resolve_usable(obj: ApiToken) -> bool:
        return obj.is_usable


class ApiTokenRotatedOut(Schema):
    token: str  # the new token in clear: shown this once, stored only as a hash
    new: ApiTokenOut
    previous: ApiTokenOut


@router.get("/me/tokens", response=list[ApiTokenOut], summary="Your API tokens (never their secrets)")
@api_permission(Perm.API_TOKEN_OWN)
def my_tokens(request: HttpRequest) -> list[ApiToken]:
    return list(tokens_of(request.user))


@router.post(
    "/me/tokens/{token_id}/rotate",
    response={201: ApiTokenRotatedOut},
    summary="Replace one of your tokens by a new secret with a fresh lifetime",
    description=(
        "The old token keeps working for PANTAU_API_TOKEN_ROTATION_GRACE_MINUTES (10 by default), then "
        "stops. A token that was itself replaced cannot rotate; revoked and expired tokens cannot be "
        "rotated (422)."
    ),
)
@api_permission(Perm.API_TOKEN_OWN)
def my_token_rotate(request: HttpRequest, token_id: int) -> Status:
    token = get_own_token(request.user, token_id)
    new, clear = api_token_rotate(user=token.user, token=token, caller=_calling_token(request))
    token.refresh_from_db()
    return Status(201, {"token": clear, "new": new, "previous": token})


def _calling_token(request: HttpRequest) -> ApiToken | None:
    """The token this request came with, as the API's authentication found it (None for a session)."""
    token = getattr(request, "api_token", None)
    return token if isinstance(token, ApiToken) else None
