from django.urls import path

from pantau.lib.exports import export_route
from pantau.linkage import views

app_name = "linkage"

urlpatterns = [
    path("", views.pair_list, name="pair_list"),
    export_route("", views.pair_list, "pair_export"),
    path("pairs/<int:pk>/", views.pair_detail, name="pair_detail"),
    path("runs/", views.run_list, name="run_list"),
]
