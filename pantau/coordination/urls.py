from django.urls import path

from pantau.coordination import views

app_name = "coordination"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("mine/", views.mine, name="mine"),
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/new/", views.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/minutes/", views.meeting_minutes, name="meeting_minutes"),
    path("meetings/<int:pk>/recommendations/", views.recommendation_new, name="recommendation_new"),
    path("recommendations/<int:pk>/assign/", views.assignment_new, name="assignment_new"),
    path("recommendations/<int:pk>/publish/", views.recommendation_publish, name="recommendation_publish"),
    path("assignments/<int:pk>/", views.assignment_detail, name="assignment_detail"),
    path("assignments/<int:pk>/report/", views.assignment_report, name="assignment_report"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence_file"),
    path("public/", views.public_progress, name="public"),
]
