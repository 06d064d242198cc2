from django.urls import path

from pantau.registry import views

app_name = "registry"

urlpatterns = [
    path("", views.lksa_list, name="lksa_list"),
    path("new/", views.lksa_create, name="lksa_create"),
    path("expiring/", views.expiring, name="expiring"),
    path("<int:pk>/", views.lksa_detail, name="lksa_detail"),
    path("<int:pk>/edit/", views.lksa_edit, name="lksa_edit"),
    path("<int:pk>/records/<slug:kind>/new/", views.record_add, name="record_add"),
    path("<int:pk>/records/<slug:kind>/<int:record_pk>/remove/", views.record_remove, name="record_remove"),
    path("<int:pk>/records/<slug:kind>/<int:record_pk>/document/", views.document, name="document"),
]
