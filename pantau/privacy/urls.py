from django.urls import path, re_path
from django.views.decorators.http import require_GET

from pantau.privacy import views

app_name = "privacy"

urlpatterns = [
    path("processing/", views.processing, name="processing"),
    path("requests/", views.request_list, name="request_list"),
    path("requests/new/", views.request_new, name="request_new"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("export/", views.export_page, name="export"),
    re_path(
        r"^export/(?P<table>children|case-children)\.(?P<fmt>csv|xlsx)$",
        require_GET(views.export_file),
        name="export_file",
    ),
]
