from django.urls import path

from pantau.lib.exports import export_route
from pantau.supervision import views, views_config, views_findings

app_name = "supervision"

urlpatterns = [
    path("", views.plan, name="plan"),
    path("plan/home/<int:lksa_pk>/", views.plan_home, name="plan_home"),
    path("visits/", views.visit_list, name="visit_list"),
    export_route("visits/", views.visit_list, "visit_export"),
    path("workload/", views.workload_page, name="workload"),
    path("visits/new/<int:lksa_pk>/", views.visit_new, name="visit_new"),
    path("visits/<int:pk>/", views.visit_detail, name="visit_detail"),
    path("visits/<int:pk>/answers/<int:item_pk>/", views.visit_answer, name="visit_answer"),
    path("visits/<int:pk>/conclude/", views.visit_conclude, name="visit_conclude"),
    path("visits/<int:pk>/evidence/", views.visit_evidence, name="visit_evidence"),
    path("visits/<int:pk>/cancel/", views.visit_cancel, name="visit_cancel"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence_file"),
    path("visits/<int:pk>/report/", views.visit_report, name="visit_report"),
    path("settings/risk/", views_config.risk_weights, name="risk_weights"),
    path("checklists/", views_config.checklist_list, name="checklist_list"),
    path("checklists/<int:pk>/", views_config.checklist_detail, name="checklist_detail"),
    path(
        "checklists/<int:pk>/new-version/", views_config.checklist_new_version, name="checklist_new_version"
    ),
    path("checklists/<int:pk>/publish/", views_config.checklist_publish, name="checklist_publish"),
    path("findings/", views_findings.finding_list, name="finding_list"),
    export_route("findings/", views_findings.finding_list, "finding_export"),
    path("findings/<int:pk>/", views_findings.finding_detail, name="finding_detail"),
    path("findings/<int:pk>/respond/", views_findings.finding_respond, name="finding_respond"),
    path("findings/<int:pk>/decide/", views_findings.finding_decide, name="finding_decide"),
    path("findings/<int:pk>/concern/", views_findings.finding_concern, name="finding_concern"),
]
