"""/api/v1/aid: social assistance records with their reconciliation (counts only), and recording one."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from pantau.accounts.access import Perm, api_permission
from pantau.accounts.http import user_of
from pantau.aid import services
from pantau.aid.forms import MAX_AMOUNT, MAX_CHILDREN, MAX_PERIOD_DAYS
from pantau.aid.models import AidRecord
from pantau.aid.reconcile import Reconciliation, reconcile
from pantau.aid.selectors import aid_visible_to, rows_of
from pantau.lib.api import ErrorOut, Pages
from pantau.regions.models import region_q
from pantau.registry.selectors import get_lksa_for

router = Router(tags=["aid"])


class AidIn(Schema):
    lksa_id: int
    source: Literal["kemensos", "province", "regency", "other"]  # Source (a Literal: no schema component)
    programme: str = Field(min_length=1, max_length=200)
    reference: str = Field("", max_length=100)
    period_start: date
    period_end: date
    amount_per_child: int = Field(ge=0, le=MAX_AMOUNT)
    children_count: int = Field(ge=1, le=MAX_CHILDREN)
    total_amount: int | None = Field(None, ge=0, le=MAX_AMOUNT, description="Empty: per child x children")
    total_note: str = Field("", max_length=300)
    note: str = Field("", max_length=2000)


class AidOut(Schema):
    id: int
    lksa_id: int
    lksa_name: str
    region_code: str
    source: str
    programme: str
    reference: str
    period_start: date
    period_end: date
    amount_per_child: int
    total_amount: int
    aid_basis: int = Field(description="Children the aid was based on")
    children_recorded: int = Field(description="Children at the home in the period, duplicates resolved")
    duplicate_records_merged: int
    pending_duplicate_pairs: int
    difference: int
    tolerance: int = Field(description="Children the basis may exceed the recorded figure by")
    flagged: bool


def _out(record: AidRecord, figure: Reconciliation) -> dict[str, Any]:
    return {
        "id": record.pk,
        "lksa_id": record.lksa_id,
        "lksa_name": record.lksa.name,
        "region_code": record.lksa.region_code,
        "source": record.source,
        "programme": record.programme,
        "reference": record.reference,
        "period_start": record.period_start,
        "period_end": record.period_end,
        "amount_per_child": record.amount_per_child,
        "total_amount": record.total_amount,
        "aid_basis": figure.basis,
        "children_recorded": figure.recorded,
        "duplicate_records_merged": figure.merged,
        "pending_duplicate_pairs": figure.pending_pairs,
        "difference": figure.difference,
        "tolerance": figure.tolerance,
        "flagged": figure.flagged,
    }


@router.get(
    "/records",
    response=list[AidOut],
    summary="Aid records you may see with the ghost-children check, flagged first",
)
@paginate(Pages, page_size=50)
@api_permission(Perm.AID_VIEW)
def aid_list(
    request: HttpRequest, lksa: int = 0, region: str = "", source: str = "", flagged: bool = False
) -> Any:
    records = aid_visible_to(request.user)
    if lksa:
        records = records.filter(lksa_id=lksa)
    if region:
        records = records.filter(region_q("lksa__region_code", region[:13]))
    if source:
        records = records.filter(source=source)
    rows = [_out(record, figure) for record, figure in rows_of(records)]
    return [row for row in rows if row["flagged"]] if flagged else rows


@router.post(
    "/records",
    response={201: AidOut, 404: ErrorOut},
    summary="Record aid given to a home (Dinas Sosial, Kemensos); 404: no such home in your jurisdiction",
)
@api_permission(Perm.REGISTRY_MANAGE)
def aid_create(request: HttpRequest, payload: AidIn) -> Status:
    user = user_of(request)
    lksa = get_lksa_for(user, payload.lksa_id, need=Perm.REGISTRY_MANAGE)
    if payload.period_end < payload.period_start:
        raise ValidationError({"period_end": [_("The period cannot end before it starts.")]})
    if (payload.period_end - payload.period_start).days > MAX_PERIOD_DAYS:
        raise ValidationError(
            {"period_end": [_("A period of at most two years; record each year separately.")]}
        )
    data = payload.dict(exclude={"lksa_id"})
    data["total_amount"] = data["total_amount"] or 0
    record = services.aid_record_create(actor=user, lksa=lksa, record=AidRecord(**data))
    record.lksa = lksa
    return Status(201, _out(record, reconcile([record])[record.pk]))
