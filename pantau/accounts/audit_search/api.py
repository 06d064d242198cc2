from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from pantau.accounts.audit_search.filters import AuditFilter, audit_search
from pantau.lib.api import Pages

router = Router(tags=["audit"])


class AuditEventOut(Schema):
    id: int
    occurred_at: datetime
    action: str
    action_label: str
    actor_id: int | None
    actor_label: str
    organisation_id: int | None
    organisation_label: str
    target_type: str
    target_id: str
    target_label: str
    changes: dict
    request_id: str | None
    ip: str | None

    @staticmethod
    def resolve_request_id(obj: object) -> str | None:
        value = getattr(obj, "request_id", None)
        return str(value) if value else None


@router.get("/events", response=list[AuditEventOut], summary="Search the audit trail (auditors)")
@paginate(Pages, page_size=100)
def event_list(
    request: HttpRequest,
    action: str | None = None,
    actor: str | None = None,
    target: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list:
    query = AuditFilter(action=action or "", actor=actor or "", target=target or "", since=since, until=until)
    return audit_search(user=request.user, query=query)  # type: ignore[return-value]
