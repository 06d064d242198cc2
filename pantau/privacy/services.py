"""Writes of the privacy app: logging a data-subject request, answering it, and the audited export.

Every write checks its permission here (the pages and the API share these functions), refuses bad
input with a ValidationError naming the field (in the user's language) and saves nothing then.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pantau.accounts.access import Perm, request_region, require
from pantau.accounts.models import User
from pantau.audit.services import audit_record
from pantau.lib.exports import EXPORT_CAP, unsafe, xlsx_stream_bytes
from pantau.privacy import pseudonyms
from pantau.privacy.models import Status, SubjectRequest


def answer_hours() -> int:
    return int(settings.PANTAU_PRIVACY_REQUEST_HOURS)


def request_record(*, actor: User, request: SubjectRequest, now: datetime | None = None) -> SubjectRequest:
    """Log a request received by the actor's office; its due time is fixed now (received + hours)."""
    require(actor, Perm.PRIVACY_REQUESTS, target_label="privacy:request_new")
    now = now or timezone.now()
    if request.received_at is None:
        request.received_at = now
    if request.received_at > now + timedelta(minutes=5):
        raise ValidationError({"received_at": [_("The request cannot have been received in the future.")]})
    request.region_code = request_region(actor)
    request.due_at = request.received_at + timedelta(hours=answer_hours())
    request.status = Status.OPEN
    request.recorded_by = actor
    request.answer, request.answered_at, request.handled_by = "", None, None
    request.full_clean()
    with transaction.atomic():
        request.save()
        audit_record(
            action="privacy.request_recorded",
            actor=actor,
            target=request,
            changes={"kind": request.kind, "subject_kind": request.subject_kind},
        )
    return request


def request_answer(
    *, actor: User, request: SubjectRequest, status: str, answer: str, now: datetime | None = None
) -> SubjectRequest:
    """Answer (or refuse, with the reason in the answer) an open request; answering twice is refused."""
    require(actor, Perm.PRIVACY_REQUESTS, target_label=str(request))
    errors: dict[str, list[str]] = {}
    if status not in (Status.ANSWERED, Status.REFUSED):
        errors["status"] = [_("Choose answered or refused.")]
    if not answer.strip():
        errors["answer"] = [_("Write the answer sent to the requester (for a refusal, the reason).")]
    if errors:
        raise ValidationError(errors)
    now = now or timezone.now()
    with transaction.atomic():
        locked = SubjectRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status != Status.OPEN:
            raise ValidationError({"status": [_("This request has already been answered.")]})
        locked.status, locked.answer = status, answer.strip()
        locked.answered_at, locked.handled_by = now, actor
        locked.full_clean()
        locked.save(update_fields=["status", "answer", "answered_at", "handled_by"])
        audit_record(
            action="privacy.request_answered",
            actor=actor,
            target=locked,
            changes={"status": status, "late": locked.answered_at > locked.due_at},
        )
    return locked


def _csv_lines(header: list[str], lines: Iterable[list[Any]]) -> Iterator[bytes]:
    """The CSV file line by line (streamed: a national file is never held in memory). Values are codes
    and numbers; text a spreadsheet would run as a formula is quoted anyway (lib.exports.unsafe)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    yield ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel then reads UTF-8 correctly
    for line in lines:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(["'" + v if unsafe(v) else v for v in line])
        yield buffer.getvalue().encode("utf-8")


def pseudonymised_export(*, actor: User, table: str, fmt: str) -> tuple[bytes | Iterator[bytes], str]:
    """The file (CSV, streamed; or XLSX, up to EXPORT_CAP rows) of one table for the actor's
    jurisdiction, audited with its row count before it is sent. An XLSX over the cap is refused with a
    message pointing to the CSV (a spreadsheet of a whole nation's children would not open anyway)."""
    require(actor, Perm.PRIVACY_EXPORT, target_label=f"privacy:export:{table}")
    spec = pseudonyms.TABLES[table]
    rows, lines = pseudonyms.table_rows(table, actor)
    total = rows.count()
    if fmt == "xlsx" and total > EXPORT_CAP:
        raise ValidationError(
            _("%(n)s rows are more than a spreadsheet download holds (%(cap)s): download the CSV instead.")
            % {"n": total, "cap": EXPORT_CAP}
        )
    audit_record(
        action="privacy.exported",
        actor=actor,
        target_type="privacy.export",
        target_label=table,
        changes={"table": table, "format": fmt, "rows": total},
    )
    name = f"pantau-pseudonymised-{table}-{timezone.localdate().isoformat()}.{fmt}"
    header = list(spec.header)
    if fmt == "xlsx":
        return xlsx_stream_bytes(header, lines, title=str(spec.title)), name
    return _csv_lines(header, lines), name
