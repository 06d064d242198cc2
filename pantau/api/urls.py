"""The /api/v1 root: one NinjaAPI, a router per domain app, JSON error bodies declared on every operation."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from ninja import NinjaAPI

from pantau.accounts.api import router as accounts_router
from pantau.accounts.audit_search.api import router as audit_router
from pantau.aid.api import router as aid_router
from pantau.api.auth import BrowserSessionAuth, TokenAuth
from pantau.api.errors import JsonObjectParser, declare_error_responses, install_exception_handlers
from pantau.applications.api import router as applications_router
from pantau.awareness.api import router as awareness_router
from pantau.cases.api import router as cases_router
from pantau.cases.api_evidence import router as cases_evidence_router
from pantau.cases.api_intake import router as cases_intake_router
from pantau.cases.api_recovery import router as cases_recovery_router
from pantau.cases.api_taskforce import router as cases_figures_router
from pantau.children.api import router as children_router
from pantau.coordination.api import router as coordination_router
from pantau.core.api import router as lksa_overview_router
from pantau.familycare.api import router as familycare_router
from pantau.incidents.api import router as incidents_router
from pantau.insights.api import router as insights_router
from pantau.linkage.api import router as linkage_router
from pantau.monitoring.api import router as monitoring_router
from pantau.network.api import router as network_router
from pantau.privacy.api import router as privacy_router
from pantau.public.api import router as public_router
from pantau.regions.api import router as regions_router
from pantau.registry.api import router as registry_router
from pantau.staffing.api import router as staffing_router
from pantau.supervision.api import router as supervision_router

api = NinjaAPI(
    title="Pantau API",
    version="1",
    description=(
        "Child-protection oversight for LKSA. Machine clients send `Authorization: Bearer <token>` "
        "(tokens are created on the account page); the browser uses its session and a CSRF token. "
        'Every error is JSON, `{"detail": ...}` (`ErrorOut`): a sentence in the user\'s language, or for '
        "422 the refused fields with their reasons; each operation lists the errors it can answer."
    ),
    auth=[TokenAuth(), BrowserSessionAuth(csrf=True)],
    # The schema is no secret, but the system is not public: the docs are for signed-in staff.
    docs_decorator=login_required,
    urls_namespace="api",
    parser=JsonObjectParser(),
)


install_exception_handlers(api)

api.add_router("/", accounts_router)
api.add_router("/regions", regions_router)
api.add_router("/audit", audit_router)
api.add_router("/registry", registry_router)
api.add_router("/public", public_router)
api.add_router("/children", children_router)
api.add_router("/supervision", supervision_router)
# Fixed paths (/cases/task-force, /cases/simfoni/...) before the /cases/{case_id} routes.
api.add_router("/cases", cases_figures_router)
api.add_router("/cases", cases_router)
api.add_router("/cases", cases_intake_router)
api.add_router("/cases", cases_recovery_router)
api.add_router("/cases", cases_evidence_router)
api.add_router("/linkage", linkage_router)
api.add_router("/monitoring", monitoring_router)
api.add_router("/insights", insights_router)
api.add_router("/lksa", lksa_overview_router)
api.add_router("/family-care", familycare_router)
api.add_router("/coordination", coordination_router)
api.add_router("/incidents", incidents_router)
api.add_router("/staffing", staffing_router)
api.add_router("/applications", applications_router)
api.add_router("/aid", aid_router)
api.add_router("/awareness", awareness_router)
api.add_router("/privacy", privacy_router)
api.add_router("/network", network_router)
declare_error_responses(api)
