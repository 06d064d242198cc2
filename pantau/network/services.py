"""Operations on the network: acting on a signal (opening a concern for triage, or setting it aside with a
reason), reading an identifier (audited), and the referral packet for investigators."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pantau.accounts.access import actor_of, may_act_on_signal, may_export_packet, refuse
from pantau.accounts.access.policy import Perm
from pantau.accounts.models import User
from pantau.audit.services import audit_record
from pantau.cases.models import Concern
from pantau.cases.models.evidence import CaseEvidence
from pantau.cases.services import concern_create
from pantau.lib.crypto import decrypt
from pantau.monitoring.models import Post
from pantau.network.explain import explain, home_names
from pantau.network.indexer import VALUE_CONTEXT
from pantau.network.keys import written_in_full
from pantau.network.models import Entity, Kind, Signal, Source
from pantau.network.selectors import EntityPicture

CATEGORY = {
    Signal.Code.SHARED_ACCOUNT: Concern.Category.FUNDRAISING,
    Signal.Code.PERSONAL_ACCOUNT: Concern.Category.FUNDRAISING,
    Signal.Code.PERSON_OF_CONCERN: Concern.Category.OTHER,
    Signal.Code.INTERMEDIARY_CONTACT: Concern.Category.ADOPTION,
    Signal.Code.PAPER_ORPHANS: Concern.Category.FUNDRAISING,
}
# The code of the refusal when someone decided the signal first (the API answers it 409).
ALREADY_DECIDED = "already_decided"


def _require_actor(actor: User, signal: Signal) -> None:
    if not may_act_on_signal(actor):
        refuse(
            actor,
            reason="permission",
            target=signal,
            perm=Perm.NETWORK_VIEW,
            target_region=signal.region_code,
        )
        raise PermissionDenied


def _locked_open(signal: Signal) -> Signal:
    locked = Signal.objects.select_for_update(of=("self",)).select_related("lksa", "entity").get(pk=signal.pk)
    if locked.status != Signal.Status.OPEN:
        raise ValidationError(
            _("This signal was already decided by someone else. Reload the page to see it."),
            code=ALREADY_DECIDED,
        )
    return locked


def signal_open_concern(*, actor: User, signal: Signal, note: str) -> Concern:
    """A concern in the home's triage queue, its description the signal's explanation (in the official
    language: it is stored), with the reviewer's note."""
    _require_actor(actor, signal)
    with transaction.atomic():
        locked = _locked_open(signal)
        with translation.override(settings.LANGUAGE_CODE):
            text = explain(locked, home_names([locked], actor))
            description = _("Network signal: %(text)s") % {"text": text}
        if note.strip():
            description += f"\n\n{note.strip()}"
        concern = concern_create(
            source=Concern.Source.NETWORK,
            concern=Concern(
                category=CATEGORY[Signal.Code(locked.code)],
                description=description[:5000],
                subject_text=(locked.entity.label if locked.entity else "")[:300],
            ),
            lksa=locked.lksa,
            actor=actor,
            origin={"network_signal": locked.pk},
        )
        _decide(actor, locked, Signal.Status.CONCERN_OPENED, note, concern=concern)
    signal.refresh_from_db()
    return concern


def signal_set_aside(*, actor: User, signal: Signal, note: str) -> None:
    """Set aside, with the reason (required): the signal then adds no points to the visit plan."""
    _require_actor(actor, signal)
    if not note.strip():
        raise ValidationError({"note": [_("Say why the signal is set aside: the next reviewer reads it.")]})
    with transaction.atomic():
        _decide(actor, _locked_open(signal), Signal.Status.DISMISSED, note)
    signal.refresh_from_db()


def _decide(actor: User, signal: Signal, status: str, note: str, *, concern: Concern | None = None) -> None:
    from pantau.supervision import plan_store

    signal.status, signal.note, signal.concern = status, note.strip()[:2000], concern
    signal.decided_by, signal.decided_at = actor, timezone.now()
    signal.save(update_fields=["status", "note", "concern", "decided_by", "decided_at", "checked_at"])
    plan_store.forget([signal.lksa_id])
    audit_record(
        action="network.signal_decided",
        actor=actor,
        target=signal,
        target_region=signal.region_code,
        changes={"status": [Signal.Status.OPEN, status], "concern": [None, concern.pk if concern else None]},
    )


def entity_read(*, actor: Any, picture: EntityPicture, what: str) -> None:
    """Every opening of an identifier is in the trail: what was shown and withheld, counted (no value)."""
    audit_record(
        action=f"network.{what}_viewed",
        actor=actor,
        target=picture.entity,
        target_label=f"network.entity:{picture.entity.pk}",
        changes={
            "places_shown": [None, len(picture.places)],
            "places_withheld": [None, picture.withheld_total],
        },
    )


def signal_read(*, actor: Any, signal: Signal, shown: int, withheld: int) -> None:
    """A signal's page lists the places behind it, with the names as written: each opening is in the
    trail, counted."""
    audit_record(
        action="network.signal_viewed",
        actor=actor,
        target=signal,
        target_region=signal.region_code,
        changes={"places_shown": [None, shown], "places_withheld": [None, withheld]},
    )


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _post_evidence(post_ids: list[int]) -> dict[int, list[dict[str, str]]]:
    found: dict[int, list[dict[str, str]]] = {}
    for post in Post.objects.filter(pk__in=post_ids).only("pk", "text", "screenshot", "url"):
        items = [{"what": "post text", "sha256": _sha256(post.text.encode())}]
        if post.screenshot:
            with post.screenshot.open("rb") as stored:
                items.append({"what": "screenshot", "sha256": _sha256(stored.read())})
        found[post.pk] = items
    return found


def packet(*, actor: User, picture: EntityPicture) -> dict[str, Any]:
    """The referral packet of one identifier for investigators (a PPATK or bank request): the identifier in
    full, every place the reader may see with a SHA-256 of what it cites (a post's text and screenshot;
    the place as indexed otherwise), the places withheld counted, and the packet's own SHA-256, which the
    audit trail keeps so a copy can be checked against it."""
    if not may_export_packet(actor):
        refuse(actor, reason="permission", target=picture.entity, perm=Perm.NETWORK_PACKET)
        raise PermissionDenied
    entity: Entity = picture.entity
    value = decrypt(entity.value_cipher, context=VALUE_CONTEXT) if entity.value_cipher else ""
    value = written_in_full(entity.kind, value)
    cited = _post_evidence([p.cite_id for p in picture.places if p.source == Source.POSTS and p.cite_id])
    # A case's evidence keeps the SHA-256 taken at upload (its chain of custody): cited as recorded.
    evidence = {
        pk: [{"what": f"evidence {name}", "sha256": digest}]
        for pk, name, digest in CaseEvidence.objects.filter(
            pk__in=[p.source_id for p in picture.places if p.source == Source.CASE_EVIDENCE]
        ).values_list("pk", "original_name", "sha256")
    }
    places = []
    for place in picture.places:
        record = {
            "source": place.source,
            "source_label": str(place.get_source_display()),
            "record": f"{place.source}:{place.source_id}",
            "home": place.lksa.name if place.lksa else "",
            "region_code": place.region_code,
            "case": place.case.number if place.case_id and place.case else "",
            "role": str(place.get_role_display()),
            "as_written": place.display,
            "detail": place.detail,
            "times": place.count,
            "flagged": place.flagged,
            "first_seen": place.first_seen.isoformat() if place.first_seen else "",
            "last_seen": place.last_seen.isoformat() if place.last_seen else "",
        }
        record["sha256"] = _sha256(json.dumps(record, sort_keys=True).encode())
        record["evidence"] = (
            cited.get(place.cite_id or 0, [])
            if place.source == Source.POSTS
            else evidence.get(place.source_id, [])
            if place.source == Source.CASE_EVIDENCE
            else []
        )
        places.append(record)
    names = home_names(picture.signals, actor)
    member = actor_of(actor)
    body: dict[str, Any] = {
        "identifier": {
            "kind": entity.kind,
            "kind_label": str(Kind(entity.kind).label),
            "label": entity.label,
            "value": value,
        },
        "prepared_by": {"organisation": member.organisation.name if member else "", "user": actor.email},
        "prepared_at": timezone.now().isoformat(timespec="seconds"),
        "places": places,
        "withheld": picture.withheld,
        "signals": [
            {
                "code": s.code,
                "label": str(s.get_code_display()),
                "home": s.lksa.name,
                "explanation": explain(s, names),
            }
            for s in picture.signals
        ],
    }
    body["packet_sha256"] = _sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode())
    audit_record(
        action="network.packet_exported",
        actor=actor,
        target=entity,
        target_label=f"network.entity:{entity.pk}",
        changes={"places": [None, len(places)], "packet_sha256": [None, body["packet_sha256"]]},
    )
    return body
