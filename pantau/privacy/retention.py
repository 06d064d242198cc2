"""Retention: what is past its retention period, and archiving or deleting it (``privacy_retention``).

Each record type is a ``Rule``: the rows past retention (a queryset; open work is never among them)
and what a real run does to them. A dry run (the default) only counts. A real run treats each record
type in its own transaction, with its audit event (counts only, never a name) written in the same
transaction: a failure leaves that type as it was and the types already done recorded.

The periods are POLICY settings (settings.PANTAU_RETENTION_*_YEARS), not periods set by law (law.py).
Conservative by design:

* children: only children who LEFT care, with no placement, follow-up visit or change to their record
  in the period, in no open case and no family-care file open or closed in the period, lose their
  identifiers (NIK, KK, birth certificate and their keyed
  hashes); the care record stays;
* alleged persons: only in cases CLOSED more than the period ago, and not the same NIK as a person in
  an open case; the NIK, its hash and the date of birth go, the name stays in the closed case file;
* concerns: only CLOSED ones that did not become a case; the reporter, the names mentioned and the
  description are erased, the tracking code, category and dates stay;
* notifications (read ones only), kept caption checks and expired sessions are deleted;
* the audit trail is append-only in the database: it is counted, never touched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from pantau.accounts.models import User
from pantau.audit.models import AuditEvent
from pantau.audit.services import audit_record
from pantau.cases.models import Case, CaseChild, CaseSubject, Concern
from pantau.children.models import Child, FollowUpVisit, Placement
from pantau.familycare.models import CareFile
from pantau.monitoring.models import KeptPostCheck
from pantau.notifications.models import Notification

# What an archived concern's description reads (also how a run knows it was done: it is not redone).
REDACTED = "[archived: personal data removed after the retention period]"

DELETE = "delete"
REDACT = "redact"
REPORT = "report"

ACTION_LABELS = {
    DELETE: _("deleted"),
    REDACT: _("identifying fields erased, record kept"),
    REPORT: _("counted only, never removed by the app"),
}


def years_before(now: datetime, years: int) -> datetime:
    try:
        return now.replace(year=now.year - years)
    except ValueError:  # 29 February in a year that has none
        return now.replace(year=now.year - years, day=28)


@dataclass(frozen=True)
class Rule:
    key: str
    label: Promise
    action: str
    setting: str  # the setting holding the period ("" when the record carries its own expiry)
    due: Callable[[datetime], QuerySet[Any]]
    apply: Callable[[QuerySet[Any]], int]

    @property
    def years(self) -> int | None:
        return getattr(settings, self.setting) if self.setting else None

    @property
    def action_label(self) -> Promise:
        return ACTION_LABELS[self.action]


def _cutoff(setting: str, now: datetime) -> datetime:
    return years_before(now, getattr(settings, setting))


def _children_due(now: datetime) -> QuerySet[Any]:
    cutoff = _cutoff("PANTAU_RETENTION_CHILDREN_YEARS", now)
    day = timezone.localtime(cutoff).date()
    has_identifier = ~Q(nik_cipher="", kk_cipher="", birth_certificate_cipher="", nik_hash="", kk_hash="")
    # Children whose record is still in use: explicit subqueries, so each condition is about one row.
    placed = Placement.objects.filter(Q(started_on__gte=day) | Q(ended_on__gte=day)).values("child_id")
    visited = FollowUpVisit.objects.filter(visited_on__gte=day).values("child_id")
    in_open_case = CaseChild.objects.filter(case__status=Case.Status.OPEN, child__isnull=False).values(
        "child_id"
    )
    # A family-care file open, or closed within the period (an adoption is registered at Dukcapil).
    in_family_care = CareFile.objects.filter(Q(closed_on__isnull=True) | Q(closed_on__gte=day)).values(
        "child_id"
    )
    return (
        Child.objects.filter(has_identifier, status=Child.Status.LEFT, updated_at__lt=cutoff)
        .exclude(pk__in=placed)
        .exclude(pk__in=visited)
        .exclude(pk__in=in_open_case)
        .exclude(pk__in=in_family_care)
    )


def _children_apply(rows: QuerySet[Any]) -> int:
    ids = list(rows.values_list("pk", flat=True))
    return Child.objects.filter(pk__in=ids).update(
        nik_cipher="",
        nik_hash="",
        kk_cipher="",
        kk_hash="",
        birth_certificate_cipher="",
        birth_certificate_hash="",
    )


def _subjects_due(now: datetime) -> QuerySet[Any]:
    cutoff = _cutoff("PANTAU_RETENTION_CASES_YEARS", now)
    in_open_cases = (
        CaseSubject.objects.filter(case__status=Case.Status.OPEN).exclude(nik_hash="").values("nik_hash")
    )
    return (
        CaseSubject.objects.filter(case__status=Case.Status.CLOSED, case__closed_at__lt=cutoff)
        .filter(~Q(nik_cipher="", nik_hash="") | Q(birth_date__isnull=False))
        .exclude(nik_hash__in=in_open_cases)
    )


def _subjects_apply(rows: QuerySet[Any]) -> int:
    ids = list(rows.values_list("pk", flat=True))
    return CaseSubject.objects.filter(pk__in=ids).update(nik_cipher="", nik_hash="", birth_date=None)


def _concerns_due(now: datetime) -> QuerySet[Any]:
    cutoff = _cutoff("PANTAU_RETENTION_CONCERNS_YEARS", now)
    return (
        Concern.objects.filter(status=Concern.Status.CLOSED, case__isnull=True, updated_at__lt=cutoff)
        .exclude(merged_into__case__status=Case.Status.OPEN)
        .exclude(description=REDACTED)
    )


def _concerns_apply(rows: QuerySet[Any]) -> int:
    ids = list(rows.values_list("pk", flat=True))
    # update() leaves updated_at alone: the concern's last real change stays visible.
    return Concern.objects.filter(pk__in=ids).update(
        reporter_name="", reporter_contact="", subject_text="", description=REDACTED
    )


def _delete(rows: QuerySet[Any]) -> int:
    label = rows.model._meta.label
    _total, per_model = rows.model.objects.filter(pk__in=list(rows.values_list("pk", flat=True))).delete()
    return per_model.get(label, 0)


def _report(rows: QuerySet[Any]) -> int:
    return 0


RULES: tuple[Rule, ...] = (
    Rule(
        "children",
        _("Children who left care: identifiers"),
        REDACT,
        "PANTAU_RETENTION_CHILDREN_YEARS",
        _children_due,
        _children_apply,
    ),
    Rule(
        "alleged_persons",
        _("Alleged persons in closed cases: NIK and date of birth"),
        REDACT,
        "PANTAU_RETENTION_CASES_YEARS",
        _subjects_due,
        _subjects_apply,
    ),
    Rule(
        "concerns",
        _("Closed concerns that did not become a case"),
        REDACT,
        "PANTAU_RETENTION_CONCERNS_YEARS",
        _concerns_due,
        _concerns_apply,
    ),
    Rule(
        "notifications",
        _("Read notifications"),
        DELETE,
        "PANTAU_RETENTION_NOTIFICATIONS_YEARS",
        lambda now: Notification.objects.filter(
            read_at__isnull=False, created_at__lt=_cutoff("PANTAU_RETENTION_NOTIFICATIONS_YEARS", now)
        ),
        _delete,
    ),
    Rule(
        "post_checks",
        _("Kept caption checks"),
        DELETE,
        "PANTAU_RETENTION_POST_CHECKS_YEARS",
        lambda now: KeptPostCheck.objects.filter(
            checked_at__lt=_cutoff("PANTAU_RETENTION_POST_CHECKS_YEARS", now)
        ),
        _delete,
    ),
    Rule(
        "sessions",
        _("Expired sign-in sessions"),
        DELETE,
        "",
        lambda now: Session.objects.filter(expire_date__lt=now),
        _delete,
    ),
    Rule(
        "audit",
        _("Audit events older than the audit period"),
        REPORT,
        "PANTAU_RETENTION_AUDIT_YEARS",
        lambda now: AuditEvent.objects.filter(occurred_at__lt=_cutoff("PANTAU_RETENTION_AUDIT_YEARS", now)),
        _report,
    ),
)


@dataclass(frozen=True)
class Outcome:
    rule: Rule
    due: int
    done: int


def retention_run(*, apply: bool, actor: User | None = None, now: datetime | None = None) -> list[Outcome]:
    """Count (dry run) or archive/delete (``apply``) what is past retention, per record type."""
    now = now or timezone.now()
    outcomes: list[Outcome] = []
    for rule in RULES:
        if not apply or rule.action == REPORT:
            outcomes.append(Outcome(rule, rule.due(now).count(), 0))
            continue
        with transaction.atomic():
            due = rule.due(now)
            count = due.count()
            done = rule.apply(due) if count else 0
            audit_record(
                action="privacy.retention_applied",
                actor=actor,
                target_type="privacy.retention",
                target_label=rule.key,
                changes={
                    "record_type": rule.key,
                    "action": rule.action,
                    "past_retention": count,
                    "done": done,
                },
            )
        outcomes.append(Outcome(rule, count, done))
    if not apply:
        audit_record(
            action="privacy.retention_checked",
            actor=actor,
            target_type="privacy.retention",
            target_label="dry-run",
            changes={o.rule.key: o.due for o in outcomes},
        )
    return outcomes
