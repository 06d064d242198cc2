from django.urls import path

from pantau.aid import views
from pantau.lib.exports import export_route

app_name = "aid"

urlpatterns = [
    path("", views.aid_list, name="list"),
    export_route("", views.aid_list, "list_export"),
    path("homes/<int:lksa_id>/", views.home_aid, name="home"),
    path("records/<int:pk>/delete/", views.aid_delete, name="delete"),
]
