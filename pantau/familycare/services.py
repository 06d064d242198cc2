"""Registering families, opening files, recording each legal step, monitoring placements, closing
files and publishing new rule versions. Every write is validated in full before anything is saved,
runs in one transaction and is audited; every read of a family or a file is audited too."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pantau.accounts.models import User
from pantau.audit.services import audit_record
from pantau.children.models import Child, Placement
from pantau.children.services import placement_after_family, placement_end
from pantau.familycare import warnings
from pantau.familycare.models import (
    CareFile,
    Family,
    FamilyDocument,
    FileStep,
    Kind,
    MonitoringVisit,
    RuleSet,
    Stage,
)
from pantau.familycare.rules import current_rules, eligibility, whole_years
from pantau.familycare.workflow import (
    BACK_TO_HOME,
    END_OUTCOMES,
    LIVING_WITH_FAMILY,
    NOT_RECOMMENDED,
    PIPA_OUTCOMES,
    due_on,
    next_step,
    step_of,
    trial_ends_on,
)
from pantau.lib.crypto import encrypt
from pantau.lib.errors import StaleEdit
from pantau.lib.normalise import normalise_account_number
from pantau.registry.models import Lksa

ADULT_AT = 18


def _day(value: date) -> str:
    return date_format(value, "j M Y")


def _not_future(field: str, value: date | None, today: date) -> None:
    if value and value > today:
        raise ValidationError({field: _("The date cannot be in the future.")})


# --- Families -------------------------------------------------------------------------------------


def family_register(*, actor: User, family: Family) -> Family:
    """Register ``family`` (unsaved) in the actor's area (``family.region_code`` chosen by the form)."""
    today = timezone.localdate()
    for name in ("applicant_birth_date", "spouse_birth_date", "married_on", "last_adoption_on"):
        _not_future(name, getattr(family, name), today)
    if family.is_couple and not (family.spouse_name and family.spouse_birth_date and family.spouse_sex):
        raise ValidationError(
            {"spouse_name": _("A married couple applies together: give the spouse's details.")}
        )
    if family.married_on and family.applicant_birth_date and family.married_on < family.applicant_birth_date:
        raise ValidationError({"married_on": _("The marriage date is before the applicant's birth.")})
    family.phone_digits = normalise_account_number(family.phone)
    family.registered_by = actor
    with transaction.atomic():
        family.full_clean()
        family.save()
        audit_record(action="familycare.family_registered", actor=actor, target=family)
    return family


def document_add(*, actor: User, family: Family, document: FamilyDocument, number: str) -> FamilyDocument:
    today = timezone.localdate()
    _not_future("issued_on", document.issued_on, today)
    if document.valid_until and document.issued_on and document.valid_until <= document.issued_on:
        raise ValidationError({"valid_until": _("A document cannot expire before it was issued.")})
    with transaction.atomic():
        document.family, document.checked_by = family, actor
        document.number_cipher = (
            encrypt(number.strip(), context="familycare.document") if number.strip() else ""
        )
        document.full_clean()
        document.save()
        Family.objects.filter(pk=family.pk).update(version=F("version") + 1)
        audit_record(
            action="familycare.document_added",
            actor=actor,
            target=family,
            changes={"document": [None, document.kind]},
        )
    return document


def family_viewed(*, actor: User, family: Family) -> None:
    audit_record(action="familycare.family_viewed", actor=actor, target=family)


# --- Files ----------------------------------------------------------------------------------------


def file_open(
    *,
    actor: User,
    family: Family,
    child: Child,
    kind: str,
    opened_on: date,
    child_religion: str = "",
    intercountry_reason: str = "",
    court_order: dict[str, Any] | None = None,
) -> CareFile:
    """Open a ``kind`` file for ``child`` with ``family`` on ``opened_on`` (the application date).

    Refused, with the reason, when: the date is in the future; the child is not in a home's care or is
    18 or older; the child already has an open file; for an adoption, the home has no valid licence
    from the Minister or the family fails a rule (an adoption file opens only when nothing fails; what
    is missing may follow before home visit 1). A guardianship is recorded with its court order
    (``court_order``: number, court, date) and is complete at once."""
    today = timezone.localdate()
    _not_future("opened_on", opened_on, today)
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Choose the kind of care.")})
    if child.status != Child.Status.IN_CARE:
        raise ValidationError({"child": _("This child is not in a home's care (any more).")})
    if child.birth_date and whole_years(child.birth_date, opened_on) >= ADULT_AT:
        raise ValidationError({"child": _("The child was 18 or older on the application date.")})
    if child.admitted_on and opened_on < child.admitted_on:
        raise ValidationError(
            {"opened_on": _("The application cannot be dated before the child's admission.")}
        )
    home = Lksa.objects.prefetch_related("adoption_licences").get(pk=child.lksa_id)
    if kind == Kind.ADOPTION and not any(lic.is_valid_on(opened_on) for lic in home.adoption_licences.all()):
        raise ValidationError(
            {
                "child": _(
                    "%(home)s holds no valid licence from the Minister to process adoptions (PP 54/2007 "
                    "Pasal 1 angka 5). A child can be adopted from a licensed home only: ask Dinas Sosial "
                    "about a transfer first."
                )
                % {"home": home.name}
            }
        )
    rules = _rules_on(kind, opened_on)
    checked = eligibility(
        family,
        rules,
        on=opened_on,
        child_religion=child_religion if kind in (Kind.ADOPTION, Kind.FOSTER) else None,
        intercountry_reason=intercountry_reason if kind == Kind.ADOPTION else None,
    )
    if checked.failing:
        raise ValidationError(
            {
                "family": [
                    f"{check.label}: {check.detail} ({check.provision.citation})" for check in checked.failing
                ]
            }
        )
    file = CareFile(
        kind=kind,
        family=family,
        child=child,
        lksa=home,
        child_region_code=child.region_code,
        region_code=family.region_code,
        child_religion=child_religion,
        intercountry_reason=intercountry_reason,
        stage=Stage.APPLIED,
        stage_on=opened_on,
        opened_on=opened_on,
        rules=rules,
        opened_by=actor,
    )
    try:
        with transaction.atomic():
            Child.objects.select_for_update().get(pk=child.pk)
            if CareFile.objects.filter(child=child, closed_on__isnull=True).exists():
                raise IntegrityError
            file.full_clean()
            file.save()
            FileStep.objects.create(
                file=file,
                stage=Stage.APPLIED,
                done_on=opened_on,
                rules=rules,
                recorded_by=actor,
                notes="",
                outcome="",
            )
            audit_record(
                action="familycare.file_opened",
                actor=actor,
                target=file,
                changes={
                    "kind": [None, kind],
                    "child": [None, child.pk],
                    "eligibility": [None, checked.summary()],
                },
            )
            if kind == Kind.GUARDIANSHIP:
                order = court_order or {}
                _record(
                    actor, file, rules, Stage.GUARDIAN_APPOINTED, order.get("done_on") or opened_on, order
                )
            else:
                _refresh_due(file, rules)
    except IntegrityError:
        raise ValidationError(
            {"child": _("This child already has an open file: one family at a time.")}
        ) from None
    return file


def _rules_on(kind: str, day: date | None, *, fallback: RuleSet | None = None) -> RuleSet:
    """The rules in force on ``day``; ``fallback`` (the file's) for a date the checks will refuse anyway."""
    try:
        if day is None or day > timezone.localdate():
            raise RuleSet.DoesNotExist
        return current_rules(kind, on=day)
    except RuleSet.DoesNotExist:
        if fallback is not None:
            return fallback
        message = _("No rules for this kind of care apply on that date.")
        raise ValidationError({"opened_on": message}) from None


def _refresh_due(file: CareFile, rules: RuleSet) -> None:
    file.due_on = due_on(file, rules)
    CareFile.objects.filter(pk=file.pk).update(due_on=file.due_on, next_visit_on=file.next_visit_on)


def step_record(*, actor: User, file: CareFile, stage: str, done_on: date, data: dict[str, Any]) -> CareFile:
    """Record that ``file`` reached ``stage`` on ``done_on``: only the next step of its flow, dated on or
    after the step before and not in the future, with its document number; before leaving the
    application, the family must meet every rule in force; home visit 2 only once trial care has
    lasted its months; Tim PIPA's refusal closes the file."""
    with transaction.atomic():
        locked = (
            CareFile.objects.select_for_update().select_related("family", "child", "rules").get(pk=file.pk)
        )
        if data.get("version") is not None and int(data["version"]) != locked.version:
            raise StaleEdit
        rules = _rules_on(locked.kind, done_on, fallback=locked.rules)
        _record(actor, locked, rules, stage, done_on, data)
    return locked


def _record(
    actor: User, file: CareFile, rules: RuleSet, stage: str, done_on: date, data: dict[str, Any]
) -> None:
    today = timezone.localdate()
    expected = next_step(file)
    step = step_of(file.kind, stage)
    labels = dict(Stage.choices)
    if expected is None:
        raise ValidationError(_("This file is closed: no step can be added."))
    if step is None or stage != expected.stage:
        raise ValidationError(
            {
                "stage": _("The next step of this file is “%(next)s”; “%(asked)s” cannot be recorded now.")
                % {"next": labels[expected.stage], "asked": labels.get(stage, stage)}
            }
        )
    if done_on is None:
        raise ValidationError({"done_on": _("Give the date.")})
    _not_future("done_on", done_on, today)
    if done_on < file.stage_on:
        raise ValidationError(
            {
                "done_on": _("Dates out of order: the step before was on %(date)s.")
                % {"date": _day(file.stage_on)}
            }
        )
    number = (data.get("document_number") or "").strip()
    if step.document and not number:
        raise ValidationError(
            {"document_number": _("Give the %(what)s.") % {"what": str(step.document).lower()}}
        )
    issuer = (data.get("issued_by") or "").strip()
    if step.issuer and not issuer:
        raise ValidationError({"issued_by": _("Say who issued it or did it.")})
    outcome = data.get("outcome") or ""
    if stage == Stage.PIPA_REVIEW and outcome not in dict(PIPA_OUTCOMES):
        raise ValidationError({"outcome": _("Record Tim PIPA's recommendation.")})
    if stage == Stage.ENDED and outcome not in dict(END_OUTCOMES):
        raise ValidationError({"outcome": _("Say where the child goes.")})
    if stage == Stage.ENDED and not (data.get("notes") or "").strip():
        raise ValidationError({"notes": _("Say why the placement ended.")})
    if file.stage == Stage.APPLIED and file.kind != Kind.GUARDIANSHIP:
        checked = eligibility(
            file.family,
            rules,
            on=file.opened_on,
            child_religion=file.child_religion if file.kind in (Kind.ADOPTION, Kind.FOSTER) else None,
            intercountry_reason=file.intercountry_reason if file.kind == Kind.ADOPTION else None,
        )
        if not checked.ok:
            raise ValidationError(
                {
                    "stage": [
                        _("The family does not yet meet every rule (version %(v)s):") % {"v": rules.version},
                        *[f"{c.label}: {c.detail}" for c in checked.failing + checked.missing],
                    ]
                }
            )
    if stage == Stage.HOME_VISIT_2:
        ends = trial_ends_on(file, rules)
        if ends is None or done_on < ends:
            raise ValidationError(
                {
                    "done_on": _(
                        "Trial care lasts at least %(months)s months: it began on %(start)s, so home visit 2 "
                        "can be recorded from %(end)s."
                    )
                    % {
                        "months": rules.params.get("trial_months", 6),
                        "start": _day(file.trial_started_on) if file.trial_started_on else "—",
                        "end": _day(ends) if ends else "—",
                    }
                }
            )
    if step.exit_kind:
        _take_child(actor, file, step.exit_kind, done_on)
        if stage == Stage.TRIAL_CARE:
            file.trial_started_on = done_on
    if stage == Stage.ENDED:
        _child_leaves_family(actor, file, done_on, outcome)
    if stage == Stage.PIPA_REVIEW and outcome == NOT_RECOMMENDED:
        _child_leaves_family(actor, file, done_on, BACK_TO_HOME)
    FileStep.objects.create(
        file=file,
        stage=stage,
        done_on=done_on,
        document_number=number,
        issued_by=issuer,
        outcome=outcome,
        notes=(data.get("notes") or "").strip(),
        rules=rules,
        recorded_by=actor,
    )
    previous = file.stage
    file.stage, file.stage_on = stage, done_on
    if stage == Stage.PIPA_REVIEW and outcome == NOT_RECOMMENDED:
        file.stage, file.closed_on = Stage.REFUSED, done_on
        with translation.override(settings.LANGUAGE_CODE):  # stored: in the official language
            file.close_reason = _("Not recommended by Tim PIPA.")
    elif step.closes:
        file.closed_on = done_on
    if file.kind in (Kind.FOSTER, Kind.KINSHIP):
        file.next_visit_on = _next_visit(file, rules) if file.stage in LIVING_WITH_FAMILY else None
    file.due_on = due_on(file, rules)
    file.version = F("version") + 1
    file.save()
    file.refresh_from_db(fields=["version"])
    audit_record(
        action="familycare.step_recorded",
        actor=actor,
        target=file,
        changes={"stage": [previous, file.stage], "rules_version": [None, rules.version]},
    )


def _take_child(actor: User, file: CareFile, kind: str, on: date) -> None:
    """The child goes to the family: the home's placement ends and this file is its papers. A child the
    home already reported gone without papers (an unverified exit of this kind) is linked instead."""
    child = Child.objects.get(pk=file.child_id)
    if child.status == Child.Status.IN_CARE:
        placement = placement_end(actor=actor, child=child, kind=kind, started_on=on, papers=file)
        file.placement = placement
        return
    reported = child.placements.filter(kind=kind, unverified=True, ended_on__isnull=True).first()
    if reported is None:
        raise ValidationError(
            {"stage": _("The child is no longer in the home's care, so cannot be placed from it.")}
        )
    Placement.objects.filter(pk=reported.pk).update(unverified=False)
    file.placement = reported
    audit_record(
        action="familycare.exit_verified",
        actor=actor,
        target=file,
        changes={"placement": [None, reported.pk]},
    )


def _child_leaves_family(actor: User, file: CareFile, on: date, where: str) -> None:
    """The family placement this file made ends: the child goes ``where`` (workflow.END_OUTCOMES); an
    adoption refused or withdrawn in trial care sends the child back to the home (``BACK_TO_HOME``)."""
    if not file.placement_id:
        return
    if Placement.objects.filter(pk=file.placement_id, ended_on__isnull=True).exists():
        placement_after_family(actor=actor, child=file.child, on=on, kind=where, home=file.lksa)


def _next_visit(file: CareFile, rules: RuleSet) -> date | None:
    every = rules.params.get("monitoring_every_days")
    if not every:
        return None
    last = (
        file.visits.order_by("-visited_on").values_list("visited_on", flat=True).first() if file.pk else None
    )
    start = file.placement.started_on if file.placement_id and file.placement else file.stage_on
    return max(filter(None, [last, start])) + timedelta(days=int(every))


def file_close(*, actor: User, file: CareFile, outcome: str, on: date, reason: str) -> CareFile:
    """Withdraw or refuse an open file, with the reason. A foster or kinship child living with the family
    leaves through the "ended" step instead; an adoption closed during trial care sends the child back to
    the home."""
    if outcome not in (Stage.WITHDRAWN, Stage.REFUSED):
        raise ValidationError({"outcome": _("Choose withdrawn or refused.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the file is closed.")})
    _not_future("on", on, timezone.localdate())
    with transaction.atomic():
        locked = CareFile.objects.select_for_update().get(pk=file.pk)
        if locked.closed_on is not None:
            raise ValidationError(_("This file is already closed."))
        if locked.placement_id and locked.kind != Kind.ADOPTION:
            raise ValidationError(
                {"outcome": _("The child lives with the family: record the end of the placement.")}
            )
        if on < locked.stage_on:
            raise ValidationError(
                {
                    "on": _("Dates out of order: the step before was on %(date)s.")
                    % {"date": _day(locked.stage_on)}
                }
            )
        _child_leaves_family(actor, locked, on, BACK_TO_HOME)
        previous = locked.stage
        locked.stage, locked.stage_on, locked.closed_on = outcome, on, on
        locked.close_reason, locked.due_on = reason.strip(), None
        locked.next_visit_on = None
        locked.version = F("version") + 1
        locked.save()
        locked.refresh_from_db()
        audit_record(
            action="familycare.file_closed",
            actor=actor,
            target=locked,
            changes={"stage": [previous, outcome]},
        )
    return locked


def visit_add(*, actor: User, file: CareFile, visit: MonitoringVisit) -> MonitoringVisit:
    """A monitoring visit to a foster or kinship family while the child lives there."""
    if file.kind not in (Kind.FOSTER, Kind.KINSHIP) or file.stage not in LIVING_WITH_FAMILY or file.closed_on:
        raise ValidationError(
            _("Monitoring visits are recorded while a child lives with a foster or kinship family.")
        )
    _not_future("visited_on", visit.visited_on, timezone.localdate())
    if (
        visit.visited_on
        and file.placement_id
        and file.placement
        and visit.visited_on < file.placement.started_on
    ):
        raise ValidationError({"visited_on": _("The visit cannot be before the placement began.")})
    with transaction.atomic():
        visit.file, visit.recorded_by = file, actor
        visit.full_clean()
        visit.save()
        file.next_visit_on = _next_visit(file, file.rules)
        CareFile.objects.filter(pk=file.pk).update(next_visit_on=file.next_visit_on, version=F("version") + 1)
        audit_record(
            action="familycare.visit_recorded",
            actor=actor,
            target=file,
            changes={"finding": [None, visit.finding]},
        )
    return visit


def red_flags_update(*, actor: User, file: CareFile, data: dict[str, Any]) -> list[str]:
    """Record who arranged the adoption and any money paid; returns the early warnings this raised."""
    fields = [
        "intermediary_name",
        "intermediary_phone",
        "intermediary_account",
        "money_paid",
        "money_paid_to",
    ]
    if data.get("money_paid") and not (data.get("money_paid_to") or "").strip():
        raise ValidationError({"money_paid_to": _("Say to whom the money was paid.")})
    with transaction.atomic():
        locked = CareFile.objects.select_for_update().select_related("lksa", "child").get(pk=file.pk)
        before = {name: getattr(locked, name) for name in fields}
        for name in fields:
            setattr(locked, name, data.get(name) or (None if name == "money_paid" else ""))
        locked.intermediary_phone_digits = normalise_account_number(locked.intermediary_phone)
        locked.intermediary_account_digits = normalise_account_number(locked.intermediary_account)
        locked.full_clean()
        locked.version = F("version") + 1
        locked.save()
        locked.refresh_from_db()
        audit_record(
            action="familycare.red_flags_recorded",
            actor=actor,
            target=locked,
            changes={
                name: [before[name], getattr(locked, name)]
                for name in fields
                if before[name] != getattr(locked, name)
            },
        )
        raised = warnings.for_file(actor=actor, file=locked)
    return raised


def file_viewed(*, actor: User, file: CareFile) -> None:
    audit_record(action="familycare.file_viewed", actor=actor, target=file)


# --- Rules ----------------------------------------------------------------------------------------


def rules_publish(*, actor: User, kind: str, valid_from: date, params: dict[str, Any], note: str) -> RuleSet:
    """A new version of ``kind``'s rules, applying from ``valid_from``. Earlier versions stay as they were:
    files and steps keep the version they were checked under."""
    if not note.strip():
        raise ValidationError({"note": _("Say what changed and cite the regulation.")})
    low, high = params.get("min_age"), params.get("max_age")
    if low is not None and high is not None and low > high:
        raise ValidationError({"max_age": _("The maximum age is below the minimum.")})
    with transaction.atomic():
        last = RuleSet.objects.select_for_update().filter(kind=kind).order_by("-version").first()
        if last is not None and valid_from < last.valid_from:
            raise ValidationError(
                {
                    "valid_from": _("A new version cannot apply before the current one (%(date)s).")
                    % {"date": _day(last.valid_from)}
                }
            )
        rules = RuleSet.objects.create(
            kind=kind,
            version=(last.version if last else 0) + 1,
            valid_from=valid_from,
            params=params,
            note=note.strip(),
            created_by=actor,
        )
        audit_record(
            action="familycare.rules_published", actor=actor, target=rules, changes={"params": [None, params]}
        )
    return rules
