"""Admitting a child, recording placements, and reading identities (audited)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from pantau.accounts.access import records_for_an_office, require_gatekeeping_signoff
from pantau.accounts.models import User
from pantau.audit.services import audit_record, changes_between, snapshot
from pantau.children import gatekeeping_rules
from pantau.children.admission import by_field, child_admission_problems, home_problems
from pantau.children.duplicates import detection as duplicate_detection
from pantau.children.identifiers import IDENTIFIERS, read_identifier, set_identifier
from pantau.children.models import (
    CarePlan,
    Child,
    FollowUpVisit,
    GatekeepingAssessment,
    Placement,
    TracingAttempt,
)
from pantau.children.papers import papers as exit_papers
from pantau.children.selectors import require_admission
from pantau.lib.errors import StaleEdit
from pantau.lib.ratelimit import allow
from pantau.registry.models import Lksa
from pantau.registry.services import legality_refresh, lksa_queryset_for_assessment


@dataclass
class Admission:
    child: Child
    warnings: list[str]


def child_admit(
    *,
    actor: User,
    lksa: Lksa,
    child: Child,
    identifiers: dict[str, str],
    assessment: GatekeepingAssessment | None,
) -> Admission:
    """Admit ``child`` (unsaved) to ``lksa``. Without an assessment it must be an emergency admission."""
    problems = child_admission_problems(
        child, identifiers=identifiers, assessment=assessment, today=timezone.localdate()
    )
    if errors := by_field(problems):
        raise ValidationError(errors)
    warnings = [problem.message for problem in problems if problem.warning]
    require_admission(actor, lksa)
    with transaction.atomic():
        # Lock the home so two admissions at once cannot both take the last place.
        home = Lksa.objects.select_for_update().get(pk=lksa.pk)
        in_care = Child.objects.filter(lksa=home).in_care().count()
        # Not registered, or full (children/admission.py), asked with the home locked.
        found = home_problems(home, in_care=in_care, found_by_dinsos=records_for_an_office(actor))
        if refused := by_field(found):
            raise ValidationError(refused)
        warnings += [problem.message for problem in found if problem.warning]
        child.lksa, child.region_code = home, home.region_code
        for name in IDENTIFIERS:
            set_identifier(child, name, identifiers.get(name, ""))
        child.full_clean(exclude=["lksa"])
        child.save()
        if assessment is not None:
            assessment.child = child
            assessment.full_clean()
            assessment.save()
        Placement.objects.create(
            child=child, kind=Placement.Kind.LKSA, lksa=home, started_on=child.admitted_on
        )
        Lksa.objects.filter(pk=home.pk).update(children_count=in_care + 1)
        duplicate_detection().refresh([child.pk])
        legality_refresh(lksa_queryset_for_assessment().get(pk=home.pk))
        audit_record(
            action="child.admitted",
            actor=actor,
            target=child,
            target_region=child.region_code,
            changes={
                "lksa": [None, home.pk],
                "emergency": [None, child.emergency_admission],
                "identifiers": [None, sorted(k for k in IDENTIFIERS if identifiers.get(k))],
            },
        )
    return Admission(child=child, warnings=warnings)


def placement_end(
    *,
    actor: User,
    child: Child,
    kind: str,
    started_on: date,
    notes: str = "",
    receiving: Lksa | None = None,
    confirm_unverified: bool = False,
    papers: Any = None,
) -> Placement:
    """The child leaves the LKSA for ``kind`` (reunification, foster care, ...): the LKSA placement ends.

    A transfer moves the child, still in care, to ``receiving``: that home's capacity applies, and the
    child's record (and who may see it) moves with them.

    Adoption, foster and kinship care and guardianship need papers (children/papers.py): ``papers`` when
    the caller holds them (Dinas Sosial placing the child from the file), else the completed file found
    for the child. Without any, the exit is refused unless ``confirm_unverified`` says the child has
    already gone: then it is kept as unverified, and a concern is opened for Dinas Sosial.
    """
    if kind in (Placement.Kind.LKSA,):
        raise ValidationError({"kind": _("Choose where the child goes next.")})
    keeper = exit_papers()
    if kind in Placement.NEEDS_PAPERS and papers is None and keeper is not None:
        papers = keeper.for_exit(child, kind)
        if papers is None and not confirm_unverified:
            raise ValidationError(
                {
                    "kind": _(
                        "No completed file from Dinas Sosial (or court order, for guardianship) is on "
                        "record for this child and this kind of care: a child may not leave for it on the "
                        "home's word alone. If the child has already gone, tick the confirmation: the exit "
                        "is then recorded as unverified and Dinas Sosial is told."
                    )
                }
            )
    if kind == Placement.Kind.TRANSFER and (receiving is None or receiving.pk == child.lksa_id):
        raise ValidationError({"receiving_lksa": _("A transfer needs the receiving LKSA (another home).")})
    with transaction.atomic():
        locked = Child.objects.select_for_update().get(pk=child.pk)
        if locked.status != Child.Status.IN_CARE:
            raise ValidationError(_("This child has already left the LKSA."))
        current = locked.placements.filter(ended_on__isnull=True).order_by("-started_on").first()
        if current is not None and started_on < current.started_on:
            raise ValidationError(
                {
                    "started_on": _("The new placement cannot start before the current one did (%(date)s).")
                    % {"date": current.started_on.isoformat()}
                }
            )
        if started_on > timezone.localdate():
            raise ValidationError({"started_on": _("The date cannot be in the future.")})
        if current is not None:
            current.ended_on = started_on
            current.save(update_fields=["ended_on"])
        sending = locked.lksa_id
        placement = Placement(child=locked, kind=kind, started_on=started_on, notes=notes)
        if receiving is not None and kind == Placement.Kind.TRANSFER:
            home = Lksa.objects.select_for_update().get(pk=receiving.pk)
            in_care = Child.objects.filter(lksa=home).in_care().count()
            if not home.is_active or (home.capacity and in_care >= home.capacity):
                raise ValidationError({"receiving_lksa": _("The receiving LKSA is full or not operating.")})
            placement.lksa = home
            locked.lksa, locked.region_code = home, home.region_code
            Lksa.objects.filter(pk=home.pk).update(children_count=in_care + 1)
        else:
            locked.status = Child.Status.LEFT
        placement.unverified = kind in Placement.NEEDS_PAPERS and papers is None and keeper is not None
        placement.full_clean()
        placement.save()
        if keeper is not None and kind in Placement.NEEDS_PAPERS:
            if papers is not None:
                keeper.link(actor=actor, placement=placement, papers=papers)
            else:
                keeper.report_unverified(actor=actor, placement=placement)
        if keeper is not None:
            keeper.exit_recorded(actor=actor, placement=placement)
        locked.version = F("version") + 1
        locked.save(update_fields=["status", "lksa", "region_code", "version"])
        Lksa.objects.filter(pk=sending, children_count__gt=0).update(children_count=F("children_count") - 1)
        for home_id in {sending, locked.lksa_id}:
            legality_refresh(lksa_queryset_for_assessment().get(pk=home_id))
        audit_record(
            action="child.placement_changed",
            actor=actor,
            target=locked,
            target_region=locked.region_code,
            changes={
                "placement": [current.kind if current else None, kind],
                **({"unverified": [None, True]} if placement.unverified else {}),
            },
        )
    return placement


def placement_after_family(
    *, actor: User, child: Child, on: date, kind: str, home: Lksa | None = None
) -> Placement:
    """A child's placement with a family ends (a foster or kinship placement ended, an adoption refused or
    withdrawn during trial care): the child goes back to ``home`` (kind LKSA: in its care again, its
    capacity notwithstanding, as the child was its own), to the parents (reunification) or, at 18, to
    independent living. Recorded by Dinas Sosial through the family-care file, never by the home."""
    if kind not in (Placement.Kind.LKSA, Placement.Kind.REUNIFICATION, Placement.Kind.INDEPENDENT):
        raise ValidationError({"outcome": _("Choose where the child goes.")})
    with transaction.atomic():
        locked = Child.objects.select_for_update().get(pk=child.pk)
        current = locked.placements.filter(ended_on__isnull=True).order_by("-started_on").first()
        if (
            current is None
            or current.kind not in Placement.FAMILY_BASED
            or locked.status != Child.Status.LEFT
        ):
            raise ValidationError(_("The child is not placed with a family."))
        if on < current.started_on:
            raise ValidationError({"done_on": _("The placement cannot end before it began.")})
        current.ended_on = on
        current.save(update_fields=["ended_on"])
        placement = Placement(child=locked, kind=kind, started_on=on)
        if kind == Placement.Kind.LKSA:
            back = home or locked.lksa
            placement.lksa = back
            locked.status, locked.lksa, locked.region_code = Child.Status.IN_CARE, back, back.region_code
            Lksa.objects.filter(pk=back.pk).update(children_count=F("children_count") + 1)
        placement.full_clean()
        placement.save()
        locked.version = F("version") + 1
        locked.save(update_fields=["status", "lksa", "region_code", "version"])
        if kind == Placement.Kind.LKSA:
            legality_refresh(lksa_queryset_for_assessment().get(pk=locked.lksa_id))
        audit_record(
            action="child.placement_changed",
            actor=actor,
            target=locked,
            target_region=locked.region_code,
            changes={"placement": [current.kind, kind]},
        )
    return placement


class RevealThrottled(Exception):
    """Too many children's identifiers shown by one person in a short time: this one is refused."""


def _reveal_refusal(actor: User) -> str | None:
    """Why one more reveal by ``actor`` is refused now, or None. Counted per person in the shared cache,
    in two fixed windows: a burst (a minute) and a working hour. Refused attempts count too, so that
    hammering the button does not open the next window early."""
    minute = settings.PANTAU_IDENTITY_REVEALS_PER_MINUTE
    hour = settings.PANTAU_IDENTITY_REVEALS_PER_HOUR
    if not allow(f"identity:minute:{actor.pk}", limit=minute, window_seconds=60):
        return _(
            "You have opened children's identifiers %(limit)d times within a minute. For the children's "
            "protection no more are shown for now: wait a minute and try again."
        ) % {"limit": minute}
    if not allow(f"identity:hour:{actor.pk}", limit=hour, window_seconds=3600):
        return _(
            "You have opened children's identifiers %(limit)d times within an hour. For the children's "
            "protection no more are shown for now: try again within the hour, or ask your administrator if "
            "your work needs more."
        ) % {"limit": hour}
    return None


def child_identity(*, actor: User, child: Child) -> dict[str, Any]:
    """The child's identifiers in clear, for those allowed to see them. Every call is audited; past the
    per-person limits (PANTAU_IDENTITY_REVEALS_PER_MINUTE / _PER_HOUR) it is refused with
    RevealThrottled (audited as ``child.identity_throttled``) and nothing is read."""
    if (refusal := _reveal_refusal(actor)) is not None:
        audit_record(
            action="child.identity_throttled", actor=actor, target=child, target_region=child.region_code
        )
        raise RevealThrottled(refusal)
    audit_record(action="child.identity_viewed", actor=actor, target=child, target_region=child.region_code)
    return {name: read_identifier(child, name) for name in IDENTIFIERS}


M = TypeVar("M", CarePlan, TracingAttempt, FollowUpVisit, GatekeepingAssessment)


def _attach(*, actor: User, child: Child, record: M, action: str, changes: dict[str, Any]) -> M:
    """Save a record that belongs to ``child`` and audit it, in one transaction."""
    with transaction.atomic():
        record.child = child
        record.full_clean()
        record.save()
        audit_record(
            action=action, actor=actor, target=child, target_region=child.region_code, changes=changes
        )
    return record


def care_plan_add(*, actor: User, child: Child, plan: CarePlan) -> CarePlan:
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    if plan.made_on > today:
        errors["made_on"] = [_("The date cannot be in the future.")]
    if plan.next_review_on <= plan.made_on:
        errors["next_review_on"] = [_("The review must come after the plan is made.")]
    elif plan.next_review_on > plan.made_on + timedelta(days=31 * CarePlan.REVIEW_MONTHS):
        errors["next_review_on"] = [_("A care plan is reviewed at least every 6 months.")]
    if errors:
        raise ValidationError(errors)
    return _attach(
        actor=actor,
        child=child,
        record=plan,
        action="child.care_plan_added",
        changes={"next_review_on": [None, plan.next_review_on.isoformat()]},
    )


def tracing_add(*, actor: User, child: Child, attempt: TracingAttempt) -> TracingAttempt:
    if attempt.attempted_on > timezone.localdate():
        raise ValidationError({"attempted_on": [_("The date cannot be in the future.")]})
    return _attach(
        actor=actor,
        child=child,
        record=attempt,
        action="child.tracing_recorded",
        changes={"outcome": [None, attempt.outcome]},
    )


def follow_up_add(*, actor: User, child: Child, visit: FollowUpVisit) -> FollowUpVisit:
    last = child.placements.order_by("-started_on").first()
    if last is None or last.kind not in Placement.FAMILY_BASED:
        raise ValidationError(_("Follow-up visits are for children who left for family-based care."))
    if visit.visited_on > timezone.localdate() or visit.visited_on < last.started_on:
        raise ValidationError(
            {"visited_on": [_("The visit must fall between the return to family and today.")]}
        )
    return _attach(
        actor=actor,
        child=child,
        record=visit,
        action="child.follow_up_recorded",
        changes={"finding": [None, visit.finding]},
    )


CHILD_EDIT_FIELDS = (
    "full_name",
    "aliases",
    "sex",
    "birth_date",
    "birth_date_precision",
    "birth_place",
    "mother_name",
    "father_name",
    "mother_status",
    "father_status",
    "family_whereabouts",
    "guardian_name",
)


def child_update(
    *,
    actor: User,
    child: Child,
    before: dict[str, Any],
    expected_version: int,
    identifiers: dict[str, str] | None = None,
) -> Child:
    """Save edits made on a form; refused (StaleEdit) if someone saved the child after the form was loaded."""
    if child.birth_date and child.birth_date > timezone.localdate():
        raise ValidationError({"birth_date": [_("The date of birth cannot be in the future.")]})
    changed_ids = sorted(name for name, value in (identifiers or {}).items() if value)
    with transaction.atomic():
        for name in changed_ids:
            set_identifier(child, name, (identifiers or {})[name])
        child.full_clean()
        fields = [*CHILD_EDIT_FIELDS, *(f"{n}_{p}" for n in changed_ids for p in ("cipher", "hash"))]
        updated = Child.objects.filter(pk=child.pk, version=expected_version).update(
            **{f: getattr(child, f) for f in fields}, version=expected_version + 1, updated_at=timezone.now()
        )
        if not updated:
            raise StaleEdit
        child.version = expected_version + 1
        duplicate_detection().refresh([child.pk])
        changes = changes_between(before, snapshot(child, CHILD_EDIT_FIELDS), CHILD_EDIT_FIELDS)
        # Everything on a child's record is personal data: the trail says which fields changed, not to what.
        masked = {field: ["***", "***"] for field in changes}
        masked.update({name: ["***", "***"] for name in changed_ids})
        if masked:
            audit_record(
                action="child.updated",
                actor=actor,
                target=child,
                target_region=child.region_code,
                changes=masked,
            )
    return child


def gatekeeping_add(*, actor: User, child: Child, assessment: GatekeepingAssessment) -> GatekeepingAssessment:
    """The assessment an emergency admission still owes; it lifts the emergency flag."""
    if hasattr(child, "gatekeeping"):
        raise ValidationError(_("This child already has a gatekeeping assessment."))
    if assessment.assessed_on > timezone.localdate():
        raise ValidationError({"assessed_on": [_("The assessment date cannot be in the future.")]})
    # The same refusals as at admission (gatekeeping_rules.py): an assessment that records recruitment
    # or no initial assessment is not saved.
    refused = gatekeeping_rules.refusals(gatekeeping_rules.assessment_flags(child, assessment))
    if refused:
        raise ValidationError({f"item_{flag.item}": [flag.message] for flag in refused})
    return _attach(
        actor=actor,
        child=child,
        record=assessment,
        action="child.gatekeeping_recorded",
        changes={"family_care_possible": [None, assessment.family_care_possible]},
    )


def gatekeeping_sign_off(*, actor: User, child: Child, role_note: str = "") -> GatekeepingAssessment:
    """Dinas Sosial signs off the child's gatekeeping assessment (accounts.access decides who may: never
    the home). Refused without an assessment (an emergency admission must be assessed first) and when
    already signed off (the first sign-off stands; the audit trail keeps who and when)."""
    require_gatekeeping_signoff(actor, child)  # outside the transaction: the refusal's audit must stay
    with transaction.atomic():
        assessment = GatekeepingAssessment.objects.select_for_update().filter(child=child).first()
        if assessment is None:
            raise ValidationError(
                _("There is no gatekeeping assessment to sign off: the home must record it first.")
            )
        if assessment.signed_off_at is not None:
            raise ValidationError(_("This assessment has already been signed off."))
        assessment.signed_off_by = actor
        assessment.signed_off_at = timezone.now()
        assessment.signed_off_role_note = role_note.strip()
        assessment.full_clean()
        assessment.save(update_fields=["signed_off_by", "signed_off_at", "signed_off_role_note"])
        flags = gatekeeping_rules.assessment_flags(child, assessment)
        audit_record(
            action="child.gatekeeping_signed_off",
            actor=actor,
            target=child,
            target_region=child.region_code,
            changes={"signed_off": [None, True], "flags": [None, sorted({f.code for f in flags})]},
        )
    return assessment
