from django.urls import include, path

from pantau.accounts.audit_search import views as audit_views
from pantau.api.urls import api
from pantau.core import views as core_views
from pantau.core.health import health, metrics
from pantau.lib.exports import export_route

core_patterns = (
    [
        path("", core_views.home, name="home"),
        path("regions/search/", core_views.region_search, name="region_search"),
        path("health/", health, name="health"),
        path("metrics", metrics, name="metrics"),
    ],
    "core",
)

urlpatterns = [
    path("", include(core_patterns)),
    path("", include("pantau.accounts.urls")),
    path("registry/", include("pantau.registry.urls")),
    path("applications/", include("pantau.applications.urls")),
    path("check/", include("pantau.public.urls")),
    path("awareness/", include("pantau.awareness.urls")),
    path("children/", include("pantau.children.urls")),
    path("supervision/", include("pantau.supervision.urls")),
    path("cases/", include("pantau.cases.urls")),
    path("family-care/", include("pantau.familycare.urls")),
    path("coordination/", include("pantau.coordination.urls")),
    path("incidents/", include("pantau.incidents.urls")),
    path("staffing/", include("pantau.staffing.urls")),
    path("duplicates/", include("pantau.linkage.urls")),
    path("monitoring/", include("pantau.monitoring.urls")),
    path("aid/", include("pantau.aid.urls")),
    path("notifications/", include("pantau.notifications.urls")),
    path("privacy/", include("pantau.privacy.urls")),
    path("network/", include("pantau.network.urls")),
    path(
        "audit/",
        include(
            (
                [
                    path("", audit_views.event_list, name="event_list"),
                    export_route("", audit_views.event_list, "event_export"),
                ],
                "audit",
            )
        ),
    ),
    path("insights/", include("pantau.insights.urls")),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("api/v1/", api.urls),
]

handler400 = "pantau.core.views.error_400"
handler403 = "pantau.core.views.error_403"
handler404 = "pantau.core.views.error_404"
handler500 = "pantau.core.views.error_500"
