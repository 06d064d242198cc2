from django.urls import path

from pantau.insights import views

app_name = "insights"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("report.pdf", views.report_pdf, name="report"),
    path("download/<slug:key>.<str:fmt>", views.download, name="download"),
]
