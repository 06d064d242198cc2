from django.urls import path, re_path

from pantau.applications import views

app_name = "applications"

urlpatterns = [
    path("", views.application_list, name="list"),
    path("new/<slug:kind>/", views.application_new, name="new"),
    path("<int:pk>/", views.application_detail, name="detail"),
    path("<int:pk>/edit/", views.application_edit, name="edit"),
    path("<int:pk>/documents/<slug:key>/", views.document_open, name="document"),
    path("<int:pk>/documents/<slug:key>/upload/", views.document_upload, name="document_upload"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/file-check/", views.file_check, name="file_check"),
    path("<int:pk>/field-verification/", views.field_verify, name="field_verify"),
    path("<int:pk>/return/", views.return_to_home, name="return"),
    re_path(r"^(?P<pk>\d+)/(?P<decision>approve|reject)/$", views.decide, name="decide"),
]
