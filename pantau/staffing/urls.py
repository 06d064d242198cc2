from django.urls import path, re_path

from pantau.staffing import views, views_sessions

app_name = "staffing"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("homes/<int:pk>/", views.home, name="home"),
    path("staff/<int:pk>/clearance/", views.clearance_new, name="clearance_new"),
    path("staff/<int:pk>/training/", views.training_new, name="training_new"),
    re_path(
        r"^records/(?P<kind>clearance|training)/(?P<pk>\d+)/(?P<decision>verify|return)/$",
        views.record_decide,
        name="record_decide",
    ),
    re_path(
        r"^records/(?P<kind>clearance|training)/(?P<pk>\d+)/document/$",
        views.record_document,
        name="record_document",
    ),
    path("sessions/", views_sessions.session_list, name="session_list"),
    path("sessions/new/", views_sessions.session_new, name="session_new"),
    path("sessions/<int:pk>/", views_sessions.session_detail, name="session_detail"),
    path("sessions/<int:pk>/attendance/", views_sessions.attendance, name="attendance"),
    path("barred/", views_sessions.bar_list, name="bar_list"),
    path("barred/new/", views_sessions.bar_new, name="bar_new"),
    path("policy/", views_sessions.policy, name="policy"),
]
