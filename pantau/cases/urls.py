from django.urls import path

from pantau.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("triage/", views.triage, name="triage"),
    path("triage/new/", views.concern_new, name="concern_new"),
    path("triage/<int:pk>/", views.concern_detail, name="concern_detail"),
    path("referrals/", views.referral_inbox, name="referral_inbox"),
    path("simfoni/", views.simfoni_export, name="simfoni_export"),
    path("referrals/<int:pk>/", views.referral_detail, name="referral_detail"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/children/", views.case_child, name="case_child"),
    path("<int:pk>/events/", views.case_event, name="case_event"),
    path("<int:pk>/subjects/", views.case_subject, name="case_subject"),
    path("<int:pk>/evidence/", views.case_evidence, name="case_evidence"),
    path("<int:pk>/evidence/<int:evidence_pk>/", views.case_evidence_file, name="case_evidence_file"),
    path("<int:pk>/tppo/", views.case_tppo, name="case_tppo"),
    path("<int:pk>/referrals/", views.case_referral, name="case_referral"),
    path("<int:pk>/services/", views.case_service, name="case_service"),
    path("<int:pk>/investigation/", views.case_investigation, name="case_investigation"),
    path("<int:pk>/close/", views.case_close, name="case_close"),
    path("<int:pk>/summary/", views.case_summary, name="case_summary"),
]
