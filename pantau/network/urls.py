from django.urls import path

from pantau.network import views

app_name = "network"

urlpatterns = [
    path("", views.index, name="index"),
    path("identifiers/<int:pk>/", views.entity, name="entity"),
    path("identifiers/<int:pk>/graph/", views.graph, name="graph"),
    path("identifiers/<int:pk>/packet/", views.packet, name="packet"),
    path("signals/<int:pk>/", views.signal, name="signal"),
    path("signals/<int:pk>/concern/", views.signal_decide, {"action": "concern"}, name="signal_concern"),
    path(
        "signals/<int:pk>/set-aside/", views.signal_decide, {"action": "set_aside"}, name="signal_set_aside"
    ),
]
