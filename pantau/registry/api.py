from datetime import date, datetime
from typing import Any

from django.http import FileResponse, HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from pantau.accounts.access import Perm, api_permission
from pantau.accounts.http import user_of
from pantau.lib.api import Pages
from pantau.regions.lookup import region_param
from pantau.registry import services
from pantau.registry.legality import reason_text
from pantau.registry.models import Lksa
from pantau.registry.selectors import filter_lksa, get_lksa_for, lksa_visible_to
from pantau.registry.views import document_response

router = Router(tags=["registry"])


class LegalityReasonOut(Schema):
    code: str
    severity: str
    legal_basis: str
    text: str


class LksaOut(Schema):
    id: int
    name: str
    region_code: str
    address: str
    capacity: int | None
    children_count: int | None
    is_active: bool
    solicits_donations: bool
    legality_status: str
    legality_reasons: list[LegalityReasonOut]
    legality_checked_at: datetime | None
    version: int

    @staticmethod
    def resolve_legality_reasons(obj: Lksa) -> list[dict]:
        return [{**reason, "text": reason_text(reason)} for reason in obj.legality_reasons]


class DatedRecordOut(Schema):
    id: int
    number: str
    issuer: str
    issued_on: date
    valid_until: date | None
    has_document: bool

    @staticmethod
    def resolve_has_document(obj: Any) -> bool:
        return bool(obj.document)


class LksaDetailOut(LksaOut):
    registrations: list[DatedRecordOut]
    accreditations: list[DatedRecordOut]
    fundraising_permits: list[DatedRecordOut]
    adoption_licences: list[DatedRecordOut]

    @staticmethod
    def resolve_registrations(obj: Lksa) -> list:
        return list(obj.registrations.all())

    @staticmethod
    def resolve_accreditations(obj: Lksa) -> list:
        return list(obj.accreditations.all())

    @staticmethod
    def resolve_fundraising_permits(obj: Lksa) -> list:
        return list(obj.fundraising_permits.all())

    @staticmethod
    def resolve_adoption_licences(obj: Lksa) -> list:
        return list(obj.adoption_licences.all())


@router.get(
    "/lksa", response=list[LksaOut], summary="LKSA in your jurisdiction, with legality status and reasons"
)
@paginate(Pages, page_size=50)
@api_permission(Perm.REGISTRY_VIEW)
def lksa_list(
    request: HttpRequest,
    q: str = "",
    region: str = "",
    status: str = "",
    grade: str = "",
    expiring: int | None = Query(None, ge=0, le=3650),  # days ahead (the date must stay in range)
    over_capacity: bool = False,
) -> list:
    homes = filter_lksa(
        lksa_visible_to(request.user),
        day=services.today(),
        q=q,
        region=region_param(region),  # a code or a place name ("Tigaraksa", "Kab. Tangerang")
        status=status,
        grade=grade,
        expiring=expiring,
        over_capacity=over_capacity,
    )
    return homes.order_by("name", "pk")  # type: ignore[return-value]


@router.get("/lksa/{lksa_id}", response=LksaDetailOut, summary="One LKSA with its legal records")
@api_permission(Perm.REGISTRY_VIEW)
def lksa_detail(request: HttpRequest, lksa_id: int) -> Lksa:
    lksa = get_lksa_for(request.user, lksa_id)
    return services.lksa_queryset_for_assessment().get(pk=lksa.pk)


@router.get(
    "/lksa/{lksa_id}/documents/{kind}/{record_id}",
    summary="The uploaded document of one record (kind: registration, accreditation, fundraising_permit…)",
    response={200: None},
)
@api_permission(Perm.REGISTRY_VIEW)
def lksa_document(request: HttpRequest, lksa_id: int, kind: str, record_id: int) -> FileResponse:
    return document_response(user_of(request), lksa_id, kind, record_id)
