from django.urls import path, re_path

from pantau.imports.views import import_urls
from pantau.registry import views, views_changes, views_io
from pantau.registry.importer import LKSA_IMPORT

app_name = "registry"

urlpatterns = [
    path("", views.lksa_list, name="lksa_list"),
    path("new/", views.lksa_create, name="lksa_create"),
    path("expiring/", views.expiring, name="expiring"),
    re_path(r"^export\.(?P<fmt>csv|xlsx)$", views_io.export, name="export"),
    path("changes/", views_changes.change_list, name="change_list"),
    path("changes/<int:pk>/", views_changes.change_detail, name="change_detail"),
    path("changes/<int:pk>/document/", views_changes.change_document, name="change_document"),
    re_path(
        r"^changes/(?P<pk>\d+)/(?P<decision>approve|reject)/$",
        views_changes.change_decide,
        name="change_decide",
    ),
    path("<int:pk>/contact/", views_changes.contact_edit, name="contact_edit"),
    path("<int:pk>/propose/<slug:kind>/", views_changes.propose, name="propose"),
    *import_urls(LKSA_IMPORT),
    path("<int:pk>/", views.lksa_detail, name="lksa_detail"),
    path("<int:pk>/edit/", views.lksa_edit, name="lksa_edit"),
    path("<int:pk>/records/<slug:kind>/new/", views.record_add, name="record_add"),
    path("<int:pk>/records/<slug:kind>/<int:record_pk>/remove/", views.record_remove, name="record_remove"),
    path("<int:pk>/records/<slug:kind>/<int:record_pk>/document/", views.document, name="document"),
]
