"""Writing incident reports: the home's report and the triage concern it becomes, in one transaction."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pantau.accounts.access import Perm, require
from pantau.accounts.models import User
from pantau.audit.services import audit_record
from pantau.cases.models import Concern
from pantau.cases.services import concern_create
from pantau.children.models import Child
from pantau.incidents import deadlines
from pantau.incidents.models import IncidentReport, Kind
from pantau.registry.models import Lksa

# Triage takes these first: a child in danger now (abuse, a missing child, an exploitation attempt, a
# stranger wanting to take a child: each hour counts for finding or shielding the child) or a death,
# which needs an independent look at once before evidence and witnesses are gone. An injury or illness
# is already in a hospital's hands; "other" is triaged in turn.
PRIORITY_KINDS = frozenset({Kind.ABUSE, Kind.MISSING, Kind.DEATH, Kind.EXPLOITATION, Kind.ADOPTION})

# The concern's category for triage and the dashboards (Concern.Category).
CATEGORY = {
    Kind.ABUSE: Concern.Category.ABUSE,
    Kind.EXPLOITATION: Concern.Category.WORK,  # streaming, work or begging
    Kind.ADOPTION: Concern.Category.ADOPTION,
    Kind.MISSING: Concern.Category.OTHER,
    Kind.DEATH: Concern.Category.OTHER,
    Kind.INJURY: Concern.Category.OTHER,
    Kind.OTHER: Concern.Category.OTHER,
}

CONCERN_MAX = 5000  # Concern.description's max_length
SHORTEST_NAME = 3  # shorter names match inside ordinary words


def _local(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%d-%m-%Y %H:%M")


EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)  # older is a typing mistake, not an incident to report now


def check_times(happened_at: datetime | None, learned_at: datetime | None, now: datetime) -> None:
    errors: dict[str, list[str]] = {}
    if happened_at and happened_at < EARLIEST:
        errors["happened_at"] = [_("Enter a time after 1 January 2000.")]
    elif happened_at and happened_at > now:
        errors["happened_at"] = [_("The time it happened cannot be in the future.")]
    if learned_at and learned_at > now:
        errors["learned_at"] = [_("The time the home learned of it cannot be in the future.")]
    elif happened_at and learned_at and learned_at < happened_at:
        errors["learned_at"] = [_("The home cannot have learned of it before it happened.")]
    if errors:
        raise ValidationError(errors)


def _names_in_text(lksa: Lksa, texts: dict[str, str]) -> dict[str, list[str]]:
    """Fields whose text names a child of the home (their full names, as whole words): such a report is
    refused, since its text becomes the concern's, which is read in triage and kept in case files."""
    names = [
        n.strip()
        for n in Child.objects.filter(lksa=lksa).values_list("full_name", flat=True)
        if len(n.strip()) >= SHORTEST_NAME
    ]
    errors: dict[str, list[str]] = {}
    for field, text in texts.items():
        if any(re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE) for name in names):
            errors[field] = [
                _("Do not write children's names here: link the children's records below instead.")
            ]
    return errors


def _concern_text(report: IncidentReport) -> str:
    lines = [
        _("Incident report from the home: %(kind)s.") % {"kind": report.get_kind_display()},
        _("Happened %(happened)s; the home learned of it %(learned)s; reported %(reported)s (due %(due)s).")
        % {
            "happened": _local(report.happened_at),
            "learned": _local(report.learned_at),
            "reported": _local(report.reported_at),
            "due": _local(report.due_at),
        },
        _("Children involved: %(count)s.") % {"count": report.children_count},
        _("Police informed: %(answer)s.") % {"answer": _("yes") if report.police_informed else _("no")},
    ]
    if report.others_informed:
        lines.append(_("Others informed: %(who)s.") % {"who": report.others_informed})
    head = "\n".join(lines)
    body = f"{head}\n\n{report.description}\n\n{_('Immediate action taken:')} {report.action_taken}"
    return body if len(body) <= CONCERN_MAX else body[: CONCERN_MAX - 1] + "…"


def incident_report(
    *, actor: User, report: IncidentReport, children: Sequence[Child] = (), now: datetime | None = None
) -> IncidentReport:
    """Record the home's report and put the concern it becomes into its Dinas Sosial's triage queue.

    ``report`` comes unsaved with what the home wrote; the home (the actor's own), the times reported
    and due, and the region are set here. Refused field by field (ValidationError) with nothing saved:
    times in the future or learned before it happened, children of another home or more children
    linked than counted, a child's name in the text. ``now``: the moment of reporting (the demo seeder
    back-dates its reports; pages and the API never pass it)."""
    require(actor, Perm.INCIDENT_REPORT, target_label="incidents:new")
    lksa = Lksa.objects.filter(organisation=actor.office).first()
    if lksa is None:
        raise ValidationError(_("Your organisation has no home in the registry."))
    now = now or timezone.now()
    check_times(report.happened_at, report.learned_at, now)
    errors = _names_in_text(
        lksa,
        {
            "description": report.description,
            "action_taken": report.action_taken,
            "others_informed": report.others_informed,
        },
    )
    if any(child.lksa_id != lksa.pk for child in children):
        errors["children"] = [_("Only children of your own home can be linked.")]
    elif report.children_count is not None and len(children) > report.children_count:
        errors["children_count"] = [_("More children are linked than the number involved.")]
    if errors:
        raise ValidationError(errors)
    report.lksa, report.region_code, report.reported_by = lksa, lksa.region_code, actor
    report.reported_at = now
    if report.kind in deadlines.report_hours():
        report.due_at = deadlines.due_at(report.kind, report.learned_at)
    report.full_clean()
    with transaction.atomic():
        report.save()
        report.children.set(children)
        concern = Concern(
            category=CATEGORY[Kind(report.kind)],
            description=_concern_text(report),
            is_priority=report.kind in PRIORITY_KINDS,
        )
        report.concern = concern_create(
            source=Concern.Source.INCIDENT,
            concern=concern,
            lksa=lksa,
            actor=actor,
            origin={"incident": report.pk},
        )
        report.save(update_fields=["concern"])
        audit_record(
            action="incident.reported",
            actor=actor,
            target=report,
            target_label=f"{lksa.name} · {report.kind}",
            target_region=report.region_code,
            changes={
                "kind": [None, report.kind],
                "children_count": [None, report.children_count],
                "late": [None, report.is_late],
                "concern": [None, concern.tracking_code],
            },
        )
    return report
