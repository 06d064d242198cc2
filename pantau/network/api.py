"""/api/v1/network: the signals of one's jurisdiction (list, one with its evidence, open a concern or set
it aside), finding an identifier, an identifier with every place the reader may see, its neighbourhood
and the referral packet.

Thin handlers over the pages' selectors and services: the same scoping (an identifier or signal outside
the reader's rights is 404, audited), the same audit of every opening of an identifier, the same
explanations. A search is a POST, as on the page: a phone or account number must not sit in a URL or
an access log.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from pantau.accounts.access import Perm, UserLike, api_permission, get_scoped, may_act_on_signal
from pantau.accounts.http import user_of
from pantau.lib.api import ErrorOut, Pages
from pantau.network import graph as network_graph
from pantau.network import services
from pantau.network.explain import explain, home_names
from pantau.network.models import Occurrence, Signal
from pantau.network.selectors import (
    GROUP_OF,
    entity_picture,
    find_entity,
    get_entity_for,
    link_of,
    signal_evidence,
    signals_visible_to,
)

router = Router(tags=["network"])

# Schema names carry the app's prefix: ninja keeps one component per class name across every app.


class NetworkSignalOut(Schema):
    id: int
    code: str = Field(description="one of: " + ", ".join(Signal.Code.values))
    code_label: str
    lksa_id: int
    lksa_name: str
    region_code: str
    explanation: str = Field(description="What the signal says, in the reader's language")
    status: str = Field(description="one of: " + ", ".join(Signal.Status.values))
    status_label: str
    holds: bool = Field(description="false once the links behind it are gone (kept for its decision)")
    raised_at: datetime
    entity_id: int | None
    entity_label: str | None = Field(description="The identifier, masked; none for paper orphans")
    concern_tracking_code: str | None = Field(description="The concern opened from the signal, if any")


class NetworkPlaceOut(Schema):
    """One place an identifier was found in, which the reader may open by that record's own rule."""

    id: int
    source: str
    source_label: str
    source_group: str = Field(description="The rule that guards the source (what withheld counts use)")
    record_id: int = Field(description="The id of the source record (a post's account for posts)")
    role: str
    role_label: str
    lksa_id: int | None
    lksa_name: str | None
    region_code: str
    case_number: str | None
    as_written: str
    detail: str
    holder_kind: str = Field(description='"person" when an account is held by a person')
    count: int = Field(description="Times found in the record (posts: the account's posts)")
    flagged: int = Field(description="Of those, in posts flagged for review")
    first_seen: date | None
    last_seen: date | None
    page_url: str = Field(description="Where the record opens in Pantau (empty when it has no page)")


class NetworkCitedPlaceOut(NetworkPlaceOut):
    entity_id: int
    entity_label: str


class NetworkSignalDetailOut(NetworkSignalOut):
    checked_at: datetime
    note: str
    decided_by_id: int | None
    decided_at: datetime | None
    may_act: bool = Field(description="The reader may open a concern or set the signal aside now")
    places: list[NetworkCitedPlaceOut] = Field(description="The evidence the reader may see")
    withheld: int = Field(description="Records behind the signal the reader may not see (counted only)")


class NetworkDecisionIn(Schema):
    note: str = Field("", max_length=2000, description="Required to set a signal aside")


class NetworkSearchIn(Schema):
    kind: Literal["phone", "bank", "qris", "handle", "person"]
    value: str = Field(
        min_length=1,
        max_length=120,
        description='An account with its bank: "BCA 701 2334 455"; a person: the NIK or "name, YYYY-MM-DD"',
    )


class NetworkEntityRefOut(Schema):
    id: int
    kind: str
    label: str


class NetworkEntitySignalOut(Schema):
    id: int
    code: str
    code_label: str
    lksa_id: int
    lksa_name: str
    status: str
    holds: bool
    explanation: str


class NetworkEntityOut(Schema):
    id: int
    kind: str
    kind_label: str
    label: str
    first_seen: date | None = Field(description="Over the places the reader may see")
    last_seen: date | None
    places: list[NetworkPlaceOut] = Field(description="Newest first, at most 200")
    more_places: int = Field(description="Places the reader may see beyond the 200 listed")
    withheld: dict[str, int] = Field(description="Places the reader may not see, by source group")
    withheld_total: int
    signals: list[NetworkEntitySignalOut]


class NetworkGraphNodeOut(Schema):
    key: str = Field(description='"e:<identifier id>" or "h:<home id>"')
    kind: str = Field(description='An identifier kind, or "home"')
    label: str
    hop: int
    parent: str | None


class NetworkEvidenceOut(Schema):
    id: int
    entity_id: int
    source: str
    source_label: str
    role: str
    role_label: str
    lksa_id: int | None
    lksa_name: str | None
    count: int
    last_seen: date | None
    page_url: str


class NetworkGraphEdgeOut(Schema):
    a: str
    b: str
    via_record: bool = Field(description="Two identifiers found in the same record (else: at a home)")
    evidence: list[NetworkEvidenceOut]


class NetworkGraphOut(Schema):
    entity_id: int
    truncated: bool = Field(description="More nodes than drawn (40 at most)")
    nodes: list[NetworkGraphNodeOut]
    edges: list[NetworkGraphEdgeOut]


class NetworkPacketIdentifierOut(Schema):
    kind: str
    kind_label: str
    label: str
    value: str = Field(description="The identifier in full")


class NetworkPacketPreparerOut(Schema):
    organisation: str
    user: str


class NetworkPacketEvidenceOut(Schema):
    what: str
    sha256: str


class NetworkPacketPlaceOut(Schema):
    source: str
    source_label: str
    record: str
    home: str
    region_code: str
    case: str
    role: str
    as_written: str
    detail: str
    times: int
    flagged: int
    first_seen: str
    last_seen: str
    sha256: str = Field(description="SHA-256 of the place's other fields (sorted-key JSON)")
    evidence: list[NetworkPacketEvidenceOut] = Field(description="SHA-256 of a cited post's text, screenshot")


class NetworkPacketSignalOut(Schema):
    code: str
    label: str
    home: str
    explanation: str


class NetworkPacketOut(Schema):
    identifier: NetworkPacketIdentifierOut
    prepared_by: NetworkPacketPreparerOut
    prepared_at: str
    places: list[NetworkPacketPlaceOut]
    withheld: dict[str, int]
    signals: list[NetworkPacketSignalOut]
    packet_sha256: str = Field(
        description="SHA-256 of the packet without this field (sorted-key JSON, UTF-8), kept by the audit"
    )


# --- building the answers --------------------------------------------------------------------------


def _signal_row(signal: Signal, names: dict[int, str]) -> dict[str, Any]:
    return {
        "id": signal.pk,
        "code": signal.code,
        "code_label": str(signal.get_code_display()),
        "lksa_id": signal.lksa_id,
        "lksa_name": signal.lksa.name,
        "region_code": signal.region_code,
        "explanation": explain(signal, names),
        "status": signal.status,
        "status_label": str(signal.get_status_display()),
        "holds": signal.holds,
        "raised_at": signal.raised_at,
        "entity_id": signal.entity_id,
        "entity_label": signal.entity.label if signal.entity_id and signal.entity else None,
        "concern_tracking_code": signal.concern.tracking_code
        if signal.concern_id and signal.concern
        else None,
    }


def _place(place: Occurrence) -> dict[str, Any]:
    return {
        "id": place.pk,
        "source": place.source,
        "source_label": str(place.get_source_display()),
        "source_group": GROUP_OF.get(place.source, "other"),
        "record_id": place.source_id,
        "role": place.role,
        "role_label": str(place.get_role_display()),
        "lksa_id": place.lksa_id,
        "lksa_name": place.lksa.name if place.lksa_id and place.lksa else None,
        "region_code": place.region_code,
        "case_number": place.case.number if place.case_id and place.case else None,
        "as_written": place.display,
        "detail": place.detail,
        "holder_kind": place.holder_kind,
        "count": place.count,
        "flagged": place.flagged,
        "first_seen": place.first_seen,
        "last_seen": place.last_seen,
        "page_url": link_of(place),
    }


class _SignalPages(Pages):
    """``Pages``, the page's signals then explained together (the homes they name: one query)."""

    def paginate_queryset(
        self, queryset: QuerySet[Any], pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        page = super().paginate_queryset(queryset, pagination, request, **params)
        signals = list(page["items"])
        names = home_names(signals, request.user)
        page["items"] = [_signal_row(signal, names) for signal in signals]
        return page


def _signal_for(user: UserLike, signal_id: int) -> Signal:
    return get_scoped(
        user,
        signals_visible_to(user).select_related("lksa", "entity", "concern"),
        signal_id,
        need=Perm.NETWORK_VIEW,
        view=Perm.NETWORK_VIEW,
    )


def _signal_detail(user: UserLike, signal: Signal) -> dict[str, Any]:
    evidence = signal_evidence(user, signal)
    return {
        **_signal_row(signal, home_names([signal], user)),
        "checked_at": signal.checked_at,
        "note": signal.note,
        "decided_by_id": signal.decided_by_id,
        "decided_at": signal.decided_at,
        "may_act": may_act_on_signal(user) and signal.status == Signal.Status.OPEN,
        "places": [
            {**_place(place), "entity_id": place.entity_id, "entity_label": place.entity.label}
            for place in evidence.places
        ],
        "withheld": evidence.withheld,
    }


# --- signals ---------------------------------------------------------------------------------------


@router.get(
    "/signals",
    response=list[NetworkSignalOut],
    summary="Signals about the homes of your jurisdiction, to review first; by default those that still hold",
)
@paginate(_SignalPages, page_size=50)
@api_permission(Perm.NETWORK_VIEW)
def signal_list(request: HttpRequest, code: str = "", status: str = "") -> Any:
    if code and code not in Signal.Code.values:
        raise ValidationError(
            {"code": [_("Choose one of: %(expected)s.") % {"expected": ", ".join(Signal.Code.values)}]}
        )
    if status and status not in Signal.Status.values:
        raise ValidationError(
            {"status": [_("Choose one of: %(expected)s.") % {"expected": ", ".join(Signal.Status.values)}]}
        )
    signals = signals_visible_to(request.user).select_related("lksa", "entity", "concern")
    if code:
        signals = signals.filter(code=code)
    # As on the page: a status asked for shows that status, held or not; else the signals that hold.
    signals = signals.filter(status=status) if status else signals.filter(holds=True)
    return signals.order_by("status", "-raised_at", "-pk")


@router.get(
    "/signals/{signal_id}",
    response=NetworkSignalDetailOut,
    summary="One signal with its explanation and the evidence you may see (the rest counted)",
)
@api_permission(Perm.NETWORK_VIEW)
def signal_detail(request: HttpRequest, signal_id: int) -> Any:
    signal = _signal_for(request.user, signal_id)
    detail = _signal_detail(request.user, signal)
    services.signal_read(
        actor=user_of(request), signal=signal, shown=len(detail["places"]), withheld=detail["withheld"]
    )
    return detail


def _decide(request: HttpRequest, signal_id: int, note: str, *, concern: bool) -> Status:
    user = user_of(request)
    signal = _signal_for(user, signal_id)
    try:
        if concern:
            services.signal_open_concern(actor=user, signal=signal, note=note)
        else:
            services.signal_set_aside(actor=user, signal=signal, note=note)
    except ValidationError as error:
        if getattr(error, "code", None) == services.ALREADY_DECIDED:
            # Someone decided it meanwhile: a conflict with the signal's state, not a bad request.
            return Status(409, {"detail": " ".join(error.messages)})
        raise  # the service's refusal, field by field (422)
    return Status(200, _signal_detail(user, _signal_for(user, signal_id)))


@router.post(
    "/signals/{signal_id}/concern",
    response={200: NetworkSignalDetailOut, 409: ErrorOut},
    summary="Open a concern for triage from a signal (409: someone already decided it)",
)
@api_permission(Perm.NETWORK_VIEW)
def signal_concern(request: HttpRequest, signal_id: int, payload: NetworkDecisionIn) -> Status:
    return _decide(request, signal_id, payload.note, concern=True)


@router.post(
    "/signals/{signal_id}/set-aside",
    response={200: NetworkSignalDetailOut, 409: ErrorOut},
    summary="Set a signal aside, saying why (409: someone already decided it)",
)
@api_permission(Perm.NETWORK_VIEW)
def signal_set_aside(request: HttpRequest, signal_id: int, payload: NetworkDecisionIn) -> Status:
    return _decide(request, signal_id, payload.note, concern=False)


# --- identifiers -----------------------------------------------------------------------------------


@router.post(
    "/search",
    response={200: NetworkEntityRefOut, 404: ErrorOut},
    summary="Find a phone, bank account, QRIS merchant or handle (404: not in any record you may see)",
)
@api_permission(Perm.NETWORK_VIEW)
def search(request: HttpRequest, payload: NetworkSearchIn) -> Any:
    found = find_entity(request.user, payload.kind, payload.value)
    if found is None:
        # Not indexed, or only in records the reader may not see: the same answer, so nothing is learnt.
        raise Http404
    return {"id": found.pk, "kind": found.kind, "label": found.label}


@router.get(
    "/entities/{entity_id}",
    response=NetworkEntityOut,
    summary="An identifier: every place you may see, the others counted by group, its signals (audited)",
)
@api_permission(Perm.NETWORK_VIEW)
def entity_detail(request: HttpRequest, entity_id: int) -> Any:
    found = get_entity_for(request.user, entity_id)
    picture = entity_picture(request.user, found)
    services.entity_read(actor=user_of(request), picture=picture, what="entity")
    names = home_names(picture.signals, request.user)
    return {
        "id": found.pk,
        "kind": found.kind,
        "kind_label": str(found.get_kind_display()),
        "label": found.label,
        "first_seen": picture.first_seen,
        "last_seen": picture.last_seen,
        "places": [_place(place) for place in picture.places],
        "more_places": picture.more_places,
        "withheld": picture.withheld,
        "withheld_total": picture.withheld_total,
        "signals": [
            {
                "id": signal.pk,
                "code": signal.code,
                "code_label": str(signal.get_code_display()),
                "lksa_id": signal.lksa_id,
                "lksa_name": signal.lksa.name,
                "status": signal.status,
                "holds": signal.holds,
                "explanation": explain(signal, names),
            }
            for signal in picture.signals
        ],
    }


def _evidence(place: Occurrence) -> dict[str, Any]:
    return {
        "id": place.pk,
        "entity_id": place.entity_id,
        "source": place.source,
        "source_label": str(place.get_source_display()),
        "role": place.role,
        "role_label": str(place.get_role_display()),
        "lksa_id": place.lksa_id,
        "lksa_name": place.lksa.name if place.lksa_id and place.lksa else None,
        "count": place.count,
        "last_seen": place.last_seen,
        "page_url": link_of(place),
    }


@router.get(
    "/entities/{entity_id}/graph",
    response=NetworkGraphOut,
    summary="An identifier's neighbourhood up to two hops, with the evidence of each edge (audited)",
)
@api_permission(Perm.NETWORK_VIEW)
def entity_graph(request: HttpRequest, entity_id: int) -> Any:
    found = get_entity_for(request.user, entity_id)
    drawn = network_graph.neighbourhood(request.user, found)
    services.entity_read(actor=user_of(request), picture=entity_picture(request.user, found), what="graph")
    return {
        "entity_id": found.pk,
        "truncated": drawn.truncated,
        "nodes": [
            {"key": n.key, "kind": n.kind, "label": n.label, "hop": n.hop, "parent": n.parent}
            for n in drawn.nodes.values()
        ],
        "edges": [
            {
                "a": edge.a,
                "b": edge.b,
                "via_record": edge.via_record,
                "evidence": [_evidence(place) for place in edge.evidence],
            }
            for edge in drawn.edge_list
        ],
    }


@router.get(
    "/entities/{entity_id}/packet",
    response=NetworkPacketOut,
    summary="The referral packet (identifier in full, evidence hashes) for a PPATK or bank request (audited)",
)
@api_permission(Perm.NETWORK_PACKET)
def entity_packet(request: HttpRequest, entity_id: int) -> Any:
    found = get_entity_for(request.user, entity_id)
    return services.packet(actor=user_of(request), picture=entity_picture(request.user, found))
