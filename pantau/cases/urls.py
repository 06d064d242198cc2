from django.urls import path

from pantau.cases import views, views_evidence, views_intake, views_recovery, views_simfoni, views_taskforce
from pantau.lib.exports import export_route

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="case_list"),
    export_route("", views.case_list, "case_export"),
    path("new/", views_intake.case_new, name="case_new"),
    path("triage/", views.triage, name="triage"),
    export_route("triage/", views.triage, "triage_export"),
    path("triage/new/", views.concern_new, name="concern_new"),
    path("triage/<int:pk>/", views.concern_detail, name="concern_detail"),
    path("referrals/", views.referral_inbox, name="referral_inbox"),
    export_route("referrals/", views.referral_inbox, "referral_export"),
    path("simfoni/", views_simfoni.simfoni_export, name="simfoni_export"),
    path("task-force/", views_taskforce.task_force, name="task_force"),
    path("referrals/<int:pk>/", views.referral_detail, name="referral_detail"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/children/", views.case_child, name="case_child"),
    path("<int:pk>/events/", views.case_event, name="case_event"),
    path("<int:pk>/subjects/", views.case_subject, name="case_subject"),
    path("<int:pk>/evidence/", views_evidence.case_evidence, name="case_evidence"),
    path(
        "<int:pk>/evidence/<int:evidence_pk>/", views_evidence.case_evidence_file, name="case_evidence_file"
    ),
    path(
        "<int:pk>/evidence/<int:evidence_pk>/verify/",
        views_evidence.case_evidence_verify,
        name="case_evidence_verify",
    ),
    path("<int:pk>/platforms/", views_evidence.case_platform_request, name="case_platform_request"),
    path(
        "<int:pk>/platforms/<int:request_pk>/answer/",
        views_evidence.case_platform_answer,
        name="case_platform_answer",
    ),
    path("<int:pk>/tppo/", views.case_tppo, name="case_tppo"),
    path("<int:pk>/referrals/", views_intake.case_referral, name="case_referral"),
    path("<int:pk>/services/", views.case_service, name="case_service"),
    path("<int:pk>/investigation/", views.case_investigation, name="case_investigation"),
    path("<int:pk>/close/", views.case_close, name="case_close"),
    path("<int:pk>/summary/", views.case_summary, name="case_summary"),
    # Recovery: rehabilitation plan, return and follow-up visits, LPSK, restitution (views_recovery).
    path("follow-ups/", views_recovery.follow_up_list, name="follow_up_list"),
    export_route("follow-ups/", views_recovery.follow_up_list, "follow_up_export"),
    path("<int:pk>/recovery/children/<int:child_pk>/plan/", views_recovery.plan_create, name="recovery_plan"),
    path("<int:pk>/recovery/plans/<int:plan_pk>/goals/", views_recovery.goal_add, name="recovery_goal"),
    path("<int:pk>/recovery/goals/<int:goal_pk>/", views_recovery.goal_status, name="recovery_goal_status"),
    path("<int:pk>/recovery/plans/<int:plan_pk>/reviews/", views_recovery.review_add, name="recovery_review"),
    path(
        "<int:pk>/recovery/plans/<int:plan_pk>/complete/",
        views_recovery.plan_complete,
        name="recovery_plan_complete",
    ),
    path(
        "<int:pk>/recovery/children/<int:child_pk>/return/",
        views_recovery.reintegration_record,
        name="recovery_reintegration",
    ),
    path("<int:pk>/recovery/visits/<int:follow_up_pk>/", views_recovery.visit_record, name="recovery_visit"),
    path(
        "<int:pk>/recovery/children/<int:child_pk>/lpsk/", views_recovery.lpsk_request, name="recovery_lpsk"
    ),
    path(
        "<int:pk>/recovery/lpsk/<int:request_pk>/",
        views_recovery.lpsk_decision,
        name="recovery_lpsk_decision",
    ),
    path(
        "<int:pk>/recovery/children/<int:child_pk>/restitution/",
        views_recovery.restitution_claim,
        name="recovery_restitution",
    ),
    path(
        "<int:pk>/recovery/restitution/<int:restitution_pk>/order/",
        views_recovery.restitution_order,
        name="recovery_restitution_order",
    ),
    path(
        "<int:pk>/recovery/restitution/<int:restitution_pk>/payments/",
        views_recovery.restitution_payment,
        name="recovery_restitution_payment",
    ),
]
