"""Writes of staff vetting. Each runs in one transaction and is audited; those that change what the
legality rules read (a verified clearance or child-protection training) copy the facts onto the registry's
``StaffMember`` and refresh the home's legality."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from pantau.accounts.access import Perm, has_perm, refuse, require
from pantau.accounts.models import Organisation, User
from pantau.audit.services import audit_record
from pantau.cases.people import strength
from pantau.lib.names import name_key
from pantau.lib.persons import nik_hash
from pantau.registry import services as registry_services
from pantau.registry.models import Lksa, StaffMember
from pantau.staffing.models import (
    Attendance,
    Bar,
    BarMatch,
    PoliceClearance,
    Review,
    Training,
    TrainingSession,
    VettingPolicy,
    add_months,
)
from pantau.staffing.selectors import validity_months_for

# Only these count as a match worth a flag: a name alone is too weak to name someone as barred.
FLAGGED_STRENGTHS = ("nik", "name_birth")


def _counts_at_once(actor: User) -> bool:
    """Dinas Sosial's own records need no second check; a home's wait for one (maker-checker)."""
    return has_perm(actor, Perm.REGISTRY_MANAGE)


def _audit(action: str, actor: User | None, lksa: Lksa, **changes: Any) -> None:
    audit_record(
        action=action,
        actor=actor,
        target=lksa,
        target_region=lksa.region_code,
        changes={key: [None, value] for key, value in changes.items()},
    )


def staff_facts_refresh(staff: StaffMember) -> None:
    """Copy the latest verified clearance and child-protection training onto the staff member (what the
    legality rules read) and refresh the home's legality."""
    latest = (
        PoliceClearance.objects.filter(staff=staff, status=Review.VERIFIED)
        .order_by("-issued_on", "-pk")
        .first()
    )
    trained = Training.objects.filter(
        staff=staff, status=Review.VERIFIED, kind=Training.Kind.CHILD_PROTECTION
    ).aggregate(latest=Max("held_on"))["latest"]
    StaffMember.objects.filter(pk=staff.pk).update(
        police_clearance_on=latest.issued_on if latest else staff.police_clearance_on,
        police_clearance_until=latest.valid_until if latest else staff.police_clearance_until,
        protection_training_on=trained or staff.protection_training_on,
    )
    registry_services.legality_refresh(registry_services.lksa_queryset_for_assessment().get(pk=staff.lksa_id))


def clearance_record(
    *, actor: User, staff: StaffMember, number: str, issued_on: date, document: UploadedFile | None
) -> PoliceClearance:
    """Record an SKCK; it counts until its issue date plus the validity the home's Dinas Sosial sets."""
    months = validity_months_for(staff.lksa)
    with transaction.atomic():
        clearance = PoliceClearance(
            staff=staff,
            number=number,
            issued_on=issued_on,
            validity_months=months,
            valid_until=add_months(issued_on, months),
            recorded_by=actor,
        )
        if _counts_at_once(actor):
            clearance.status, clearance.verified_by, clearance.decided_at = (
                Review.VERIFIED,
                actor,
                timezone.now(),
            )
        if document is not None:
            clearance.document = document
        clearance.save()
        if clearance.status == Review.VERIFIED:
            staff_facts_refresh(staff)
        _audit("staffing.clearance_recorded", actor, staff.lksa, staff=staff.pk, clearance=clearance.pk)
    return clearance


def training_record(
    *,
    actor: User,
    staff: StaffMember,
    kind: str,
    title: str,
    provider: str,
    held_on: date,
    certificate: UploadedFile | None,
) -> Training:
    with transaction.atomic():
        training = Training(
            staff=staff, kind=kind, title=title, provider=provider, held_on=held_on, recorded_by=actor
        )
        if _counts_at_once(actor):
            training.status, training.verified_by, training.decided_at = (
                Review.VERIFIED,
                actor,
                timezone.now(),
            )
        if certificate is not None:
            training.certificate = certificate
        training.save()
        if training.status == Review.VERIFIED:
            staff_facts_refresh(staff)
        _audit("staffing.training_recorded", actor, staff.lksa, staff=staff.pk, training=training.pk)
    return training


def record_decide(*, actor: User, record: PoliceClearance | Training, verify: bool, note: str = "") -> None:
    """Dinas Sosial verifies or returns what a home recorded; nobody decides on their own record."""
    if record.recorded_by_id == actor.pk:
        refuse(actor, reason="own_record", target=record.staff.lksa, perm=Perm.REGISTRY_MANAGE)
        raise PermissionDenied
    with transaction.atomic():
        locked = type(record).objects.select_for_update().filter(pk=record.pk, status=Review.PENDING).first()
        if locked is None:
            raise ValidationError(_("This record has already been decided."))
        locked.status = Review.VERIFIED if verify else Review.REJECTED
        locked.verified_by, locked.decided_at, locked.decision_note = actor, timezone.now(), note[:500]
        locked.save(update_fields=["status", "verified_by", "decided_at", "decision_note"])
        if verify:
            staff_facts_refresh(record.staff)
        _audit(
            "staffing.record_verified" if verify else "staffing.record_returned",
            actor,
            record.staff.lksa,
            record=f"{type(record).__name__.lower()}:{record.pk}",
            note=note[:500],
        )


def session_create(*, actor: User, session: TrainingSession, homes: list[Lksa]) -> TrainingSession:
    """A pembinaan session of the actor's office, in its region, inviting ``homes``."""
    person = require(actor, Perm.REGISTRY_MANAGE)
    with transaction.atomic():
        session.organisation = person.organisation
        session.region_code = person.organisation.region_id or ""
        session.created_by = actor
        # A national office (Kemensos) has no region code: its rows are national ("").
        session.full_clean(exclude=["region_code"])
        session.save()
        session.homes.set(homes)
        audit_record(
            action="staffing.session_created",
            actor=actor,
            target=session,
            target_region=session.region_code,
            changes={"topic": [None, session.topic], "homes": [None, len(homes)]},
        )
    return session


def attendance_record(*, actor: User, session: TrainingSession, attended: dict[int, bool]) -> tuple[int, int]:
    """Record who of the invited homes' staff attended (``attended``: staff id -> attended). Those who did
    get a verified training record (a child-protection one when the session counts as such); marking
    someone absent again removes it. Returns (attended, absent)."""
    invited = StaffMember.objects.filter(lksa__in=session.homes.all(), pk__in=list(attended))
    staff_by_id = {s.pk: s for s in invited.select_related("lksa")}
    unknown = set(attended) - set(staff_by_id)
    if unknown:
        raise ValidationError(_("Only staff of the invited homes can be marked."))
    kind = Training.Kind.CHILD_PROTECTION if session.counts_as_protection else Training.Kind.OTHER
    now = timezone.now()
    with transaction.atomic():
        for staff_id, present in attended.items():
            Attendance.objects.update_or_create(
                session=session, staff_id=staff_id, defaults={"attended": present, "recorded_by": actor}
            )
            if present:
                Training.objects.update_or_create(
                    session=session,
                    staff_id=staff_id,
                    defaults={
                        "kind": kind,
                        "title": session.topic,
                        "provider": session.organisation.name,
                        "held_on": session.held_on,
                        "status": Review.VERIFIED,
                        "recorded_by": actor,
                        "verified_by": actor,
                        "decided_at": now,
                    },
                )
            else:
                Training.objects.filter(session=session, staff_id=staff_id).delete()
        for staff in staff_by_id.values():
            staff_facts_refresh(staff)
        present_count = sum(1 for present in attended.values() if present)
        audit_record(
            action="staffing.attendance_recorded",
            actor=actor,
            target=session,
            target_region=session.region_code,
            changes={"attended": [None, present_count], "absent": [None, len(attended) - present_count]},
        )
    return present_count, len(attended) - present_count


def policy_save(*, actor: User, office: Organisation, months: int) -> VettingPolicy:
    with transaction.atomic():
        policy, _created = VettingPolicy.objects.get_or_create(organisation=office)
        before = policy.skck_validity_months
        policy.skck_validity_months, policy.updated_by = months, actor
        policy.full_clean()
        policy.save()
        audit_record(
            action="staffing.policy_changed",
            actor=actor,
            target=office,
            target_region=office.region_id,
            changes={"skck_validity_months": [before, months]},
        )
    return policy


# --- Barred persons -------------------------------------------------------------------------------


def matches_refresh_for_bar(bar: Bar) -> int:
    """Find the staff (any home, any region) who are or may be the barred person; returns the matches."""
    where: list[Any] = []
    if bar.nik_hash:
        where.append(StaffMember.objects.filter(nik_hash=bar.nik_hash))
    if bar.name_key and bar.birth_date:
        where.append(StaffMember.objects.filter(name_key=bar.name_key, birth_date=bar.birth_date))
    found = 0
    for candidates in where:
        for staff in candidates:
            if (grade := strength(bar, staff)) in FLAGGED_STRENGTHS:
                BarMatch.objects.update_or_create(bar=bar, staff=staff, defaults={"strength": grade})
                found += 1
    return found


def matches_refresh_for_staff(staff: StaffMember) -> None:
    """A staff member was added or edited: match them against every bar (a bar of any region: a person
    barred in Medan who turns up in Tangerang is the case this exists for)."""
    where = Q(pk__in=[])
    if staff.nik_hash:
        where |= Q(nik_hash=staff.nik_hash)
    if staff.name_key and staff.birth_date:
        where |= Q(name_key=staff.name_key, birth_date=staff.birth_date)
    keep = []
    for bar in Bar.objects.filter(where):
        if (grade := strength(bar, staff)) in FLAGGED_STRENGTHS:
            BarMatch.objects.update_or_create(bar=bar, staff=staff, defaults={"strength": grade})
            keep.append(bar.pk)
    BarMatch.objects.filter(staff=staff).exclude(bar__in=keep).delete()


def bar_create(*, actor: User, bar: Bar, nik: str = "") -> Bar:
    """Bar a person (``nik``: the cleaned NIK, hashed and then forgotten) and flag them wherever they
    work; returns the bar with ``match_count`` set."""
    person = require(actor, Perm.REGISTRY_MANAGE)
    with transaction.atomic():
        bar.organisation = person.organisation
        bar.region_code = person.organisation.region_id or ""
        bar.created_by = actor
        if nik:
            bar.nik_hash = nik_hash(nik)
        bar.name_key = name_key(bar.full_name)[:150]
        source = bar.finding or bar.case
        bar.origin_id = source.lksa_id if source is not None else None
        bar.full_clean(exclude=["region_code"])
        bar.save()
        found = matches_refresh_for_bar(bar)
        audit_record(
            action="staffing.person_barred",
            actor=actor,
            target=bar,
            target_region=bar.region_code,
            # No name and no NIK in the trail: the bar's id and what it matched.
            changes={"bar": [None, bar.pk], "matches": [None, found]},
        )
    bar.match_count = found  # type: ignore[attr-defined]
    return bar
