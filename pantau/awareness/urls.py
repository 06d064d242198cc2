from django.urls import path

from pantau.awareness import views, views_activities

app_name = "awareness"

urlpatterns = [
    path("", views.index, name="index"),
    path("activities/", views_activities.activity_list, name="activity_list"),
    path("activities/export.csv", views_activities.activity_export, name="activity_export"),
    path("activities/new/", views_activities.activity_new, name="activity_new"),
    path("activities/<int:pk>/", views_activities.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/edit/", views_activities.activity_edit, name="activity_edit"),
    path("materials/<int:pk>/", views_activities.material_file, name="material_file"),
    path("<slug:topic>/", views.topic, name="topic"),
    path("<slug:topic>/leaflet.pdf", views.leaflet, name="leaflet"),
]
