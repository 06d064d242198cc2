from django.urls import path

from pantau.public import views

app_name = "public"

urlpatterns = [
    path("", views.check, name="check"),
    path("account/", views.lookup, name="lookup"),
    path("lksa/<int:pk>/", views.lksa, name="lksa"),
    path("report/", views.report, name="report"),
    path("track/", views.track, name="track"),
    path("child/", views.child_report, name="child_report"),
    path("child/status/", views.child_status, name="child_status"),
]
