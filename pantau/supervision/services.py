"""Supervision operations: scheduling and conducting visits, concluding them with findings, and following
every finding until it is fixed (or escalated)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pantau.accounts.access import require_conduct, require_finding_decision
from pantau.accounts.models import User
from pantau.audit.services import audit_record
from pantau.cases.models import Concern
from pantau.cases.services import concern_create
from pantau.lib.errors import StaleEdit
from pantau.lib.uploads import validate_document
from pantau.notifications.services import notify
from pantau.registry.models import Lksa
from pantau.supervision import snpa
from pantau.supervision.models import (
    Answer,
    ChecklistItem,
    ChecklistTemplate,
    Evidence,
    Finding,
    FindingResponse,
    Severity,
    Visit,
)

ESCALATE_AFTER_DAYS = 14  # an overdue finding goes up to the superiors this long after its due date


def current_template() -> ChecklistTemplate:
    template = (
        ChecklistTemplate.objects.filter(status=ChecklistTemplate.Status.PUBLISHED)
        .order_by("-published_at")
        .first()
    )
    if template is None:
        raise ValidationError(_("No checklist is in use; an administrator must publish one."))
    return template


def visit_schedule(
    *, actor: User, lksa: Lksa, planned_on: date, kind: str, team: list[User], purpose: str = ""
) -> Visit:
    if planned_on < timezone.localdate():
        raise ValidationError({"planned_on": [_("A visit cannot be planned in the past.")]})
    membership = actor.active_membership
    assert membership is not None  # noqa: S101  (the caller checked the permission)
    with transaction.atomic():
        visit = Visit.objects.create(
            lksa=lksa,
            region_code=lksa.region_code,
            organisation=membership.organisation,
            template=current_template(),
            kind=kind,
            planned_on=planned_on,
            lead=actor,
            purpose=purpose,
        )
        visit.team.set({actor, *team})
        notify(
            [member for member in team if member.pk != actor.pk],
            _("You are on the team for a visit to %(name)s on %(day)s.")
            % {"name": lksa.name, "day": planned_on.strftime("%d-%m-%Y")},
            reverse("supervision:visit_detail", args=[visit.pk]),
        )
        audit_record(
            action="visit.scheduled",
            actor=actor,
            target=visit,
            target_region=visit.region_code,
            changes={
                "lksa": [None, lksa.pk],
                "planned_on": [None, planned_on.isoformat()],
                "kind": [None, kind],
            },
        )
    return visit


def visit_cancel(*, actor: User, visit: Visit, reason: str) -> Visit:
    """Call off a visit that has not started (it stays on record with the reason); by its team."""
    require_conduct(actor, visit)
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the visit is called off.")]})
    with transaction.atomic():
        updated = Visit.objects.filter(pk=visit.pk, status=Visit.Status.PLANNED).update(
            status=Visit.Status.CANCELLED, summary=reason, version=F("version") + 1
        )
        if not updated:
            raise ValidationError(_("Only a visit that has not started can be called off."))
        audit_record(action="visit.cancelled", actor=actor, target=visit, target_region=visit.region_code)
    visit.refresh_from_db()
    return visit


def answer_save(*, actor: User, visit: Visit, item: ChecklistItem, value: str, note: str) -> Answer:
    """Save one answer as it is entered (the form saves each change): the visit starts on the first.
    Only the visit's team answers, while the visit is open."""
    require_conduct(actor, visit)
    if item.template_id != visit.template_id:
        raise ValidationError(_("This item is not on the visit's checklist."))
    if value and value not in Answer.Value.values:
        raise ValidationError({"value": [_("Choose compliant, partly, not compliant or not applicable.")]})
    with transaction.atomic():
        locked = Visit.objects.select_for_update().get(pk=visit.pk)
        if not locked.is_open:
            raise ValidationError(_("This visit is concluded; its answers can no longer change."))
        answer, _created = Answer.objects.update_or_create(
            visit=locked, item=item, defaults={"value": value, "note": note, "answered_by": actor}
        )
        # Every answer moves the version on, so a conclusion prepared before it is refused, not silently
        # missing it.
        Visit.objects.filter(pk=locked.pk).update(version=F("version") + 1)
        if locked.status == Visit.Status.PLANNED:
            Visit.objects.filter(pk=locked.pk).update(
                status=Visit.Status.IN_PROGRESS, visited_on=timezone.localdate()
            )
    return answer


@dataclass
class DraftFinding:
    item: ChecklistItem | None
    severity: str
    description: str
    corrective_action: str
    due_on: date


def draft_findings(visit: Visit) -> list[DraftFinding]:
    """A finding proposed for every item answered 'not' or 'partly', for the team to complete."""
    today = timezone.localdate()
    drafts = []
    for answer in visit.answers.select_related("item").filter(
        value__in=[Answer.Value.NOT, Answer.Value.PARTLY]
    ):
        item = answer.item
        severity = item.severity if answer.value == Answer.Value.NOT else _lower(item.severity)
        finding_text = (
            _("Not met: %(standard)s") if answer.value == Answer.Value.NOT else _("Partly met: %(standard)s")
        )
        drafts.append(
            DraftFinding(
                item=item,
                severity=severity,
                # Without a note, the item's wording states compliance: what was found is its failure.
                description=answer.note or (finding_text % {"standard": item.label}),
                corrective_action="",
                due_on=today + timedelta(days=14 if severity == Severity.CRITICAL else 60),
            )
        )
    return drafts


def _lower(severity: str) -> str:
    order = [Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL]
    return order[max(0, order.index(Severity(severity)) - 1)]


def visit_conclude(
    *, actor: User, visit: Visit, expected_version: int, summary: str, findings: list[DraftFinding]
) -> Visit:
    """Close the visit with its findings. Refused if mandatory items are unanswered or another team member
    concluded (or changed) it first. Only the visit's team concludes it."""
    require_conduct(actor, visit)
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    answered = set(visit.answers.exclude(value="").values_list("item_id", flat=True))
    missing = [
        code
        for pk, code in visit.template.items.filter(mandatory=True).values_list("pk", "code")
        if pk not in answered
    ]
    if missing:
        errors.setdefault("__all__", []).append(
            _("Answer every mandatory item first: %(codes)s.") % {"codes": ", ".join(missing)}
        )
    for index, finding in enumerate(findings, start=1):
        if finding.due_on <= today:
            errors.setdefault("__all__", []).append(
                _("Finding %(n)s: the due date must be in the future.") % {"n": index}
            )
        if not finding.corrective_action.strip():
            errors.setdefault("__all__", []).append(
                _("Finding %(n)s: say what the LKSA must correct.") % {"n": index}
            )
    if not summary.strip():
        errors.setdefault("summary", []).append(_("Write the visit's conclusion."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        updated = Visit.objects.filter(
            pk=visit.pk, version=expected_version, status__in=[Visit.Status.PLANNED, Visit.Status.IN_PROGRESS]
        ).update(
            status=Visit.Status.CONCLUDED,
            summary=summary,
            concluded_at=timezone.now(),
            concluded_by=actor,
            visited_on=F("visited_on") if visit.visited_on else today,
            version=F("version") + 1,
        )
        if not updated:
            raise StaleEdit
        created = Finding.objects.bulk_create(
            [
                Finding(
                    visit=visit,
                    lksa_id=visit.lksa_id,
                    region_code=visit.region_code,
                    item=f.item,
                    severity=f.severity,
                    description=f.description,
                    legal_basis=f.item.legal_basis if f.item else "",
                    corrective_action=f.corrective_action,
                    due_on=f.due_on,
                )
                for f in findings
            ]
        )
        for record in created:
            if record.severity == Severity.CRITICAL:
                _open_concern(actor, record)
        audit_record(
            action="visit.concluded",
            actor=actor,
            target=visit,
            target_region=visit.region_code,
            changes={"findings": [None, len(created)]},
        )
    visit.refresh_from_db()
    return visit


def finding_open_concern(*, actor: User, finding: Finding) -> Concern:
    """A finding (a critical one: suspected exploitation, say) becomes a concern for the cases capability
    in one step, by the office that made the visit; once only, even if two people ask at once."""
    require_finding_decision(actor, finding)
    return _open_concern(actor, finding)


def _open_concern(actor: User, finding: Finding) -> Concern:
    """``finding_open_concern`` without the guard: the conclusion of a visit (its team's act, already
    checked) opens the concerns of its critical findings itself."""
    with transaction.atomic():
        locked = (
            Finding.objects.select_for_update(of=("self",)).select_related("item", "lksa").get(pk=finding.pk)
        )
        if locked.concern_id:
            finding.concern_id = locked.concern_id
            return locked.concern  # type: ignore[return-value]
        text = _("Critical supervision finding %(code)s: %(text)s") % {
            "code": locked.item.code if locked.item else "-",
            "text": locked.description,
        }
        concern = concern_create(
            source=Concern.Source.FINDING,
            actor=actor,
            concern=Concern(
                category=snpa.concern_category(locked.item.code) if locked.item else Concern.Category.OTHER,
                description=text[:5000],
                reporter_name=actor.full_name[:150],
                reporter_contact=actor.email[:150],
            ),
            lksa=locked.lksa,
            region_code=locked.region_code,
            origin={"finding": locked.pk},
        )
        Finding.objects.filter(pk=locked.pk).update(concern=concern)
        finding.concern = concern
    return concern


def finding_respond(
    *, actor: User, finding: Finding, text: str, upload: UploadedFile | None = None
) -> FindingResponse:
    """The LKSA says what it did, optionally with a photo or document; the finding then waits for the
    supervisor's decision."""
    if not text.strip():
        raise ValidationError({"text": [_("Say what was done to correct it.")]})
    with transaction.atomic():
        locked = Finding.objects.select_for_update().get(pk=finding.pk)
        if locked.status != Finding.Status.OPEN:
            raise ValidationError(_("This finding is not waiting for an answer."))
        response = FindingResponse.objects.create(finding=locked, text=text, responded_by=actor)
        if upload is not None:
            evidence_add(actor=actor, visit=locked.visit, upload=upload, finding=locked)
        Finding.objects.filter(pk=locked.pk).update(status=Finding.Status.RESPONDED, version=F("version") + 1)
        audit_record(action="finding.responded", actor=actor, target=locked, target_region=locked.region_code)
    return response


def finding_decide(*, actor: User, finding: Finding, accept: bool, note: str = "") -> Finding:
    """The supervisor accepts the correction (the finding closes) or rejects it (it is open again); the
    office that made the visit decides."""
    require_finding_decision(actor, finding)
    if not accept and not note.strip():
        raise ValidationError({"note": [_("Say what is still missing.")]})
    with transaction.atomic():
        locked = Finding.objects.select_for_update().get(pk=finding.pk)
        response = locked.responses.filter(decision="").order_by("-responded_at").first()
        if locked.status != Finding.Status.RESPONDED or response is None:
            raise ValidationError(_("There is no answer to decide on."))
        now = timezone.now()
        response.decision = FindingResponse.Decision.ACCEPTED if accept else FindingResponse.Decision.REJECTED
        response.decision_note, response.decided_by, response.decided_at = note, actor, now
        response.save()
        locked.status = Finding.Status.CLOSED if accept else Finding.Status.OPEN
        locked.closed_at = now if accept else None
        locked.version += 1
        locked.save(update_fields=["status", "closed_at", "version"])
        audit_record(
            action="finding.accepted" if accept else "finding.rejected",
            actor=actor,
            target=locked,
            target_region=locked.region_code,
        )
    return locked


def findings_escalate(*, today: date | None = None) -> int:
    """Mark findings overdue by more than ESCALATE_AFTER_DAYS as escalated: they then appear on the list of
    the supervising office's superiors (the province, and KPAI nationally). Daily task; idempotent."""
    today = today or timezone.localdate()
    due = Finding.objects.open().filter(
        escalated_at__isnull=True, due_on__lt=today - timedelta(days=ESCALATE_AFTER_DAYS)
    )
    ids = list(due.values_list("pk", flat=True))
    with transaction.atomic():
        Finding.objects.filter(pk__in=ids).update(escalated_at=timezone.now())
        for finding in Finding.objects.filter(pk__in=ids):
            audit_record(action="finding.escalated", target=finding, target_region=finding.region_code)
    return len(ids)


def evidence_add(
    *,
    actor: User,
    visit: Visit,
    upload: UploadedFile,
    item: ChecklistItem | None = None,
    finding: Finding | None = None,
) -> Evidence:
    """A photo or document for a visit's item, or for a finding's answer. Checked by its content: PDF,
    JPEG or PNG only, within the upload limit. Evidence of the visit itself comes from its team; a
    finding's answer from the home (``finding_respond`` checked it)."""
    if finding is None:
        require_conduct(actor, visit)
    content_type = validate_document(upload)
    if item is not None and item.template_id != visit.template_id:
        raise ValidationError(_("This item is not on the visit's checklist."))
    with transaction.atomic():
        # Checked on the locked row: an upload racing the conclusion must not join a final record.
        if finding is None and not Visit.objects.select_for_update().get(pk=visit.pk).is_open:
            raise ValidationError(_("This visit is concluded; its answers can no longer change."))
        evidence = Evidence.objects.create(
            visit=visit,
            item=item,
            finding=finding,
            file=upload,
            original_name=(upload.name or "")[:255],
            content_type=content_type,
            uploaded_by=actor,
        )
        audit_record(
            action="visit.evidence_added",
            actor=actor,
            target=visit,
            target_region=visit.region_code,
            changes={"evidence": [None, evidence.pk], "item": [None, item.code if item else None]},
        )
    return evidence
