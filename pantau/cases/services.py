"""Triage, cases, referrals between agencies, services, investigation milestones and closure."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pantau.accounts.access import require_case_lead
from pantau.accounts.models import User
from pantau.audit.services import audit_record
from pantau.cases.models import (
    Case,
    CaseChild,
    CaseEvent,
    CaseSubject,
    Concern,
    Investigation,
    Referral,
    Service,
    TppoAssessment,
)
from pantau.cases.tppo import ACTS, MEANS, PROCESS, PURPOSE
from pantau.children.models import Child
from pantau.lib.persons import clean_nik, set_nik
from pantau.notifications.services import notify
from pantau.registry.models import Lksa

# Who hears about a referral at the receiving agency: the people who work on cases there.
CASE_ROLES = ("supervisor", "case_worker", "investigator")


def _event(case: Case, actor: User | None, text: str, day: date | None = None) -> None:
    CaseEvent.objects.create(
        case=case,
        happened_on=day or timezone.localdate(),
        text=text,
        by=actor,
        organisation=actor.office if actor else None,
    )


# --- Triage ---------------------------------------------------------------------------------------

# Sources whose reports come without an account (the public form and the children's channel).
ANONYMOUS_SOURCES = frozenset({Concern.Source.PUBLIC, Concern.Source.CHILD})


def concern_create(
    *,
    source: str,
    concern: Concern,
    lksa: Lksa | None,
    actor: User | None = None,
    region_code: str | None = None,
    origin: Mapping[str, int] | None = None,
) -> Concern:
    """The one way a concern comes into being, whatever its source: a report from the public (no
    actor), an officer's record, a critical supervision finding, a monitoring reviewer's decision.

    It joins the triage queue of the home's region when the home is known, else of ``region_code``,
    else of the officer's office; a public report about no known home goes to the national offices
    (region ""). Validated in full and audited as ``concern.created`` with its source (and ``origin``,
    e.g. ``{"finding": 12}``); the reporter's own details stay out of the trail."""
    if source not in Concern.Source.values:
        raise ValueError(f"unknown concern source {source!r}")
    if actor is None and source not in ANONYMOUS_SOURCES:
        raise ValueError("only a report from the public or from a child has no actor")
    own_region = actor.office.region_id if actor is not None else None
    with transaction.atomic():
        concern.source, concern.lksa = source, lksa
        concern.region_code = lksa.region_code if lksa else (region_code or own_region or "")
        concern.full_clean()
        concern.save()
        changes: dict[str, object] = {
            "source": [None, source],
            "category": [None, concern.category],
            "lksa": [None, lksa.pk if lksa else None],
        }
        if concern.is_priority:
            changes["is_priority"] = [None, True]
        changes.update({key: [None, value] for key, value in (origin or {}).items()})
        audit_record(
            action="concern.created",
            actor=actor,
            target=concern,
            target_label=concern.tracking_code,
            target_region=concern.region_code,
            changes=changes,
        )
    return concern


def concern_close(*, actor: User, concern: Concern, reason: str) -> Concern:
    """Not a protection matter (or nothing to act on): closed, with the reason on record."""
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the concern is closed.")]})
    with transaction.atomic():
        updated = Concern.objects.filter(pk=concern.pk, case__isnull=True).exclude(
            status=Concern.Status.CLOSED
        )
        if not updated.update(status=Concern.Status.CLOSED, closed_reason=reason, triaged_by=actor):
            raise ValidationError(_("This concern has already been dealt with."))
        audit_record(action="concern.closed", actor=actor, target=concern, target_region=concern.region_code)
    concern.refresh_from_db()
    return concern


def concern_merge(*, actor: User, concern: Concern, into: Concern) -> Concern:
    """The same matter reported twice: the duplicate follows the original (and its case, if any)."""
    with transaction.atomic():
        into = Concern.objects.select_for_update().get(
            pk=into.pk
        )  # its case may be newer than the caller's copy
        if concern.pk == into.pk or into.merged_into_id:
            raise ValidationError(_("Merge into a different concern that is not itself a duplicate."))
        updated = Concern.objects.filter(pk=concern.pk, case__isnull=True).exclude(
            status=Concern.Status.CLOSED
        )
        if not updated.update(
            merged_into=into, case=into.case, status=Concern.Status.CLOSED, closed_reason="", triaged_by=actor
        ):
            raise ValidationError(_("This concern has already been dealt with."))
        audit_record(
            action="concern.merged",
            actor=actor,
            target=concern,
            target_region=concern.region_code,
            changes={"into": [None, into.tracking_code]},
        )
    concern.refresh_from_db()
    return concern


def case_open(
    *,
    actor: User,
    concerns: list[Concern],
    title: str,
    form_of_violence: str,
    cluster: str,
    summary: str,
    lksa: Lksa | None,
    region_code: str,
    intake: Mapping[str, object] | None = None,
) -> Case:
    """Open a case led by the actor's agency, from one or more concerns (or none: staff knowledge).
    ``intake``: the intake fields of a case an agency opens from its own intake (cases/intake.py)."""
    office = actor.office
    with transaction.atomic():
        taken = Concern.objects.select_for_update().filter(pk__in=[c.pk for c in concerns])
        if any(c.case_id or c.status == Concern.Status.CLOSED for c in taken):
            raise ValidationError(_("A concern was dealt with by someone else meanwhile; reload the queue."))
        case = Case(
            number=f"tmp-{timezone.now().timestamp()}",
            title=title,
            owner=office,
            region_code=lksa.region_code if lksa else region_code,
            lksa=lksa,
            form_of_violence=form_of_violence,
            cluster=cluster,
            summary=summary,
            opened_by=actor,
            **(intake or {}),
        )
        case.full_clean(exclude=["number"])
        case.save()
        case.number = f"KS-{timezone.localdate().year}-{case.pk:06d}"
        case.save(update_fields=["number"])
        case.team.add(actor)
        taken.update(case=case, status=Concern.Status.IN_REVIEW, triaged_by=actor)
        _event(case, actor, _("Case opened by %(office)s.") % {"office": office.name})
        audit_record(
            action="case.opened",
            actor=actor,
            target=case,
            target_region=case.region_code,
            changes={
                "concerns": [None, [c.tracking_code for c in concerns]],
                "form": [None, form_of_violence],
                "intake": [None, case.intake],
            },
        )
    return case


# --- Work on a case -------------------------------------------------------------------------------


def _open_case(case: Case) -> Case:
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.status != Case.Status.OPEN:
        raise ValidationError(_("This case is closed."))
    # Any addition makes a close form loaded before it stale.
    Case.objects.filter(pk=locked.pk).update(version=F("version") + 1)
    return locked


def case_child_add(*, actor: User, case: Case, record: CaseChild, child: Child | None = None) -> CaseChild:
    """A child in the case: linked to the child's record (name, sex and age taken from it) or a minimal
    record (a name or initials at least)."""
    if child is not None:
        record.child = child
        record.name = record.name or child.full_name
        record.sex = record.sex or child.sex
        if record.age is None and child.birth_date:
            record.age = (timezone.localdate() - child.birth_date).days // 365
    if not record.name.strip():
        raise ValidationError({"name": [_("Give a name or initials, or the child's record number.")]})
    with transaction.atomic():
        record.case = _open_case(case)
        record.full_clean()
        record.save()
        audit_record(action="case.child_added", actor=actor, target=case, target_region=case.region_code)
    return record


def case_subject_add(*, actor: User, case: Case, subject: CaseSubject, nik: str = "") -> CaseSubject:
    """A person alleged to be responsible; the name enters the audit trail only as "a person added".
    The NIK (if known) is stored encrypted with its keyed hash, for finding the person elsewhere."""
    if subject.birth_date and subject.birth_date > timezone.localdate():
        raise ValidationError({"birth_date": [_("The date cannot be in the future.")]})
    set_nik(subject, clean_nik(nik), context=CaseSubject.NIK_CONTEXT)
    with transaction.atomic():
        subject.case = _open_case(case)
        subject.full_clean()
        subject.save()
        audit_record(action="case.subject_added", actor=actor, target=case, target_region=case.region_code)
    return subject


def case_event_add(*, actor: User, case: Case, day: date, text: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({"happened_on": [_("The date cannot be in the future.")]})
    if not text.strip() or len(text) > 4000:
        raise ValidationError({"text": [_("Say what happened, in at most 4,000 characters.")]})
    with transaction.atomic():
        _open_case(case)
        _event(case, actor, text, day)


def tppo_save(
    *,
    actor: User,
    case: Case,
    process: list[str],
    means: list[str],
    purpose: list[str],
    facts: str,
    acts: list[str] | None = None,
) -> TppoAssessment:
    """Record the TPPO facts. The acts are stored in the ``purpose`` list under their own codes (see
    cases/tppo.py); whether the victim is a child is read from the children's ages, not recorded here."""
    acts = acts or []
    for values, allowed in ((process, PROCESS), (means, MEANS), (purpose, PURPOSE), (acts, ACTS)):
        if set(values) - set(allowed):
            raise ValidationError(
                _("Unknown element: %(codes)s.") % {"codes": ", ".join(set(values) - set(allowed))}
            )
    with transaction.atomic():
        _open_case(case)
        assessment, _created = TppoAssessment.objects.update_or_create(
            case=case,
            defaults={
                "process": sorted(process),
                "means": sorted(means),
                "purpose": sorted(purpose) + sorted(acts),
                "facts": facts,
                "assessed_by": actor,
            },
        )
        audit_record(action="case.tppo_assessed", actor=actor, target=case, target_region=case.region_code)
    return assessment


def referral_send(**kwargs: Any) -> Referral:
    """Send a referral: within the sender's and the receiver's roles, with the consent and legal basis
    recorded (cases/intake.py, where the rules are applied)."""
    from pantau.cases.intake import referral_send as send  # intake builds on this module

    return send(**kwargs)


def referral_decide(*, actor: User, referral: Referral, accept: bool, reason: str = "") -> Referral:
    """The receiving agency accepts (and from then on sees exactly this case) or declines with a reason."""
    if not accept and not reason.strip():
        raise ValidationError({"reason": [_("Say why the referral is declined.")]})
    with transaction.atomic():
        updated = Referral.objects.filter(pk=referral.pk, status=Referral.Status.PENDING).update(
            status=Referral.Status.ACCEPTED if accept else Referral.Status.DECLINED,
            decided_by=actor,
            decided_at=timezone.now(),
            decline_reason="" if accept else reason,
        )
        if not updated:
            raise ValidationError(_("This referral has already been answered."))
        referral.refresh_from_db()
        if accept:
            referral.case.team.add(actor)
        text = (
            _("%(org)s accepted the referral.") if accept else _("%(org)s declined the referral: %(reason)s")
        ) % {"org": referral.to_org.name, "reason": reason}
        _event(referral.case, actor, text)
        notify(
            referral.case.team.all(),
            f"{referral.case.number}: {text}",
            reverse("cases:case_detail", args=[referral.case_id]),
        )
        audit_record(
            action="referral.accepted" if accept else "referral.declined",
            actor=actor,
            target=referral.case,
            target_region=referral.case.region_code,
            changes={"referral": [None, referral.pk]},
        )
    return referral


def referrals_escalate(*, today: date | None = None) -> int:
    """Referrals not answered by their date are marked escalated and noted on the case (daily; idempotent)."""
    today = today or timezone.localdate()
    late = list(
        Referral.objects.filter(
            status=Referral.Status.PENDING, escalated_at__isnull=True, due_on__lt=today
        ).select_related("case", "to_org")
    )
    with transaction.atomic():
        for referral in late:
            if not Referral.objects.filter(pk=referral.pk, escalated_at__isnull=True).update(
                escalated_at=timezone.now()
            ):
                continue  # another run escalated it meanwhile
            text = _("No answer from %(org)s by the due date: escalated.") % {"org": referral.to_org.name}
            _event(referral.case, None, text)
            # Each reader gets the page they may open: the case team its case file, the agency that has
            # not answered the referral it must answer (the referral page is only for its receiver).
            team = list(referral.case.team.all())
            notify(
                team, f"{referral.case.number}: {text}", reverse("cases:case_detail", args=[referral.case_id])
            )
            notify(
                User.objects.members_of(referral.to_org, roles=CASE_ROLES).exclude(
                    pk__in=[member.pk for member in team]
                ),
                f"{referral.case.number}: {text}",
                reverse("cases:referral_detail", args=[referral.pk]),
            )
            audit_record(
                action="referral.escalated", target=referral.case, target_region=referral.case.region_code
            )
    return len(late)


def service_add(*, actor: User, case: Case, service: Service) -> Service:
    if service.started_on > timezone.localdate():
        raise ValidationError({"started_on": [_("The date cannot be in the future.")]})
    if service.case_child_id and service.case_child.case_id != case.pk:  # type: ignore[union-attr]
        raise ValidationError({"case_child": [_("Choose a child of this case.")]})
    with transaction.atomic():
        service.case, service.recorded_by = _open_case(case), actor
        service.full_clean()
        service.save()
        _event(
            case,
            actor,
            _("Service: %(kind)s by %(provider)s.")
            % {"kind": service.get_kind_display(), "provider": service.provider},
            service.started_on,
        )
        audit_record(action="case.service_added", actor=actor, target=case, target_region=case.region_code)
    return service


def investigation_add(*, actor: User, case: Case, milestone: Investigation) -> Investigation:
    if milestone.happened_on > timezone.localdate():
        raise ValidationError({"happened_on": [_("The date cannot be in the future.")]})
    with transaction.atomic():
        milestone.case, milestone.organisation, milestone.recorded_by = (
            _open_case(case),
            actor.office,
            actor,
        )
        milestone.full_clean()
        milestone.save()
        _event(
            case,
            actor,
            _("Investigation: %(stage)s.") % {"stage": milestone.get_stage_display()},
            milestone.happened_on,
        )
        audit_record(
            action="case.investigation_recorded", actor=actor, target=case, target_region=case.region_code
        )
    return milestone


def case_close(
    *, actor: User, case: Case, expected_version: int, outcomes: dict[int, tuple[str, str]], note: str
) -> Case:
    """Close a case, by its lead agency: every child needs an outcome (where the child is now, and how)."""
    require_case_lead(actor, case)
    if not note.strip():
        raise ValidationError({"note": [_("Write the closing note.")]})
    with transaction.atomic():
        # Locked first, so no child can be added between checking the outcomes and closing.
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if locked.version != expected_version or locked.status != Case.Status.OPEN:
            raise ValidationError(_("The case was changed or closed by someone else meanwhile; reload it."))
        children = list(locked.children.all())
        if not children:
            raise ValidationError(_("A case is about at least one child: add the children before closing."))
        missing = [c.name for c in children if not (outcomes.get(c.pk) or ("", ""))[0]]
        if missing:
            raise ValidationError(
                _("Record the outcome for every child first: %(names)s.") % {"names": ", ".join(missing)}
            )
        for child in children:
            child.outcome, child.outcome_note = outcomes[child.pk]
            child.full_clean()
            child.save(update_fields=["outcome", "outcome_note"])
        Case.objects.filter(pk=case.pk).update(
            status=Case.Status.CLOSED, closed_at=timezone.now(), closing_note=note, version=F("version") + 1
        )
        Concern.objects.filter(case=case).update(status=Concern.Status.CLOSED)
        _event(case, actor, _("Case closed."))
        audit_record(action="case.closed", actor=actor, target=case, target_region=case.region_code)
    case.refresh_from_db()
    return case
