from datetime import date

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from pantau.lib.api import MAX_PAGE, MAX_PAGE_SIZE, ErrorOut
from pantau.lib.net import client_ip
from pantau.lib.ratelimit import allow, client_bucket
from pantau.public import search, selectors
from pantau.regions.lookup import PlaceError

router = Router(tags=["public"], auth=None)

REQUESTS_PER_MINUTE = 60


class PermitOut(Schema):
    number: str
    valid_until: date
    bank: str
    account_number: str
    account_holder: str


class PublicLksaOut(Schema):
    id: int
    name: str
    region_code: str
    region: str
    registered: bool
    registration_valid_until: date | None
    accreditation_grade: str | None
    fundraising_permits: list[PermitOut]
    social_accounts: list[str]
    verdict: str
    fundraising_verdict: str
    fundraising_notes: list[str]
    adoption_licence: bool = Field(
        description="Whether a licence from the Minister to process adoptions, valid today, is recorded"
    )
    adoption_licence_valid_until: date | None = Field(
        description="The licence's last valid day (null: none, or no end date recorded)"
    )
    adoption_verdict: str = Field(description="The same, as the page says it")
    adoption_basis: str = Field(
        description="The provision behind it (PP 54/2007 Pasal 1 angka 5) and whether its article was "
        "checked against the text"
    )


class MatchOut(Schema):
    kind: str
    permitted: bool
    held_by_person: bool
    lksa: PublicLksaOut


class LookupIn(Schema):
    """In the body, not the address: an account number or handle may be a person's, and addresses are
    kept in access and proxy logs."""

    value: str = Field(min_length=1, max_length=200)


def _throttle(request: HttpRequest) -> None:
    if not allow(
        f"public-api:{client_bucket(client_ip(request))}", limit=REQUESTS_PER_MINUTE, window_seconds=60
    ):
        raise HttpError(429, _("Too many requests from your connection. Wait a minute and try again."))


class PublicSearchOut(Schema):
    count: int = Field(description="How many homes match in all (every page)")
    page: int
    page_size: int
    pages: int
    words: list[str] = Field(
        description="The words searched for, generic words (panti, asuhan, LKSA...) left out"
    )
    places: list[str] = Field(description="The places the region parameter was read as")
    items: list[PublicLksaOut]


@router.get(
    "/lksa",
    response={200: PublicSearchOut, 422: ErrorOut, 429: ErrorOut},
    summary="Public LKSA check (no account needed, rate-limited), counted and paged",
)
def public_search(
    request: HttpRequest,
    q: str = "",
    region: str = Query("", description="A place name (Tigaraksa, Kab. Tangerang) or a Kemendagri code"),
    page: int = Query(1, ge=1, le=MAX_PAGE),
    page_size: int = Query(search.PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE),
) -> dict:
    """Words of the name in any order, generic words ignored, place names matched (see
    ``pantau/public/search.py``). An empty search answers no homes."""
    _throttle(request)
    q, region = q.strip()[:100], region.strip()[:100]
    places = []
    if region:
        try:
            places = search.read_place(region)
        except PlaceError as error:
            raise ValidationError({"region": [error.message]}) from error
    if not q and not places:
        return {
            "count": 0,
            "page": 1,
            "page_size": page_size,
            "pages": 0,
            "words": [],
            "places": [],
            "items": [],
        }
    result = search.search_homes(day=timezone.localdate(), q=q, places=places, page=page, page_size=page_size)
    return {
        "count": result.count,
        "page": result.page.number,
        "page_size": page_size,
        "pages": result.page.paginator.num_pages,
        "words": result.words,
        "places": [place.label for place in result.places],
        "items": [selectors.as_dict(item) for item in result.items],
    }


@router.get(
    "/lookup",
    response={200: list[MatchOut], 429: ErrorOut},
    summary="Whose is this bank account or social-media handle?",
)
def public_lookup(request: HttpRequest, value: str) -> list[dict]:
    """Kept for existing clients; ``POST`` keeps the value out of the address (and so out of logs)."""
    return _lookup(request, value)


@router.post(
    "/lookup",
    response={200: list[MatchOut], 429: ErrorOut},
    summary="Whose is this bank account or social-media handle? (the value in the body, not the address)",
)
def public_lookup_post(request: HttpRequest, payload: LookupIn) -> list[dict]:
    return _lookup(request, payload.value)


def _lookup(request: HttpRequest, value: str) -> list[dict]:
    _throttle(request)
    matches = selectors.lookup(day=timezone.localdate(), value=value[:200])
    return [
        {
            "kind": m.kind,
            "permitted": m.permitted,
            "held_by_person": m.held_by_person,
            "lksa": selectors.as_dict(m.lksa),
        }
        for m in matches
    ]
