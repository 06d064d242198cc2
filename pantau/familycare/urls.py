from django.urls import path

from pantau.familycare import views, views_figures, views_rules
from pantau.lib.exports import export_route

app_name = "familycare"

urlpatterns = [
    path("", views.file_list, name="file_list"),
    export_route("", views.file_list, "file_export"),
    path("files/<int:pk>/", views.file_detail, name="file_detail"),
    path("files/<int:pk>/step/", views.file_step, name="file_step"),
    path("files/<int:pk>/close/", views.file_close_view, name="file_close"),
    path("files/<int:pk>/visit/", views.file_visit, name="file_visit"),
    path("files/<int:pk>/red-flags/", views.file_red_flags, name="file_red_flags"),
    path("families/", views.family_list, name="family_list"),
    export_route("families/", views.family_list, "family_export"),
    path("families/new/", views.family_new, name="family_new"),
    path("families/<int:pk>/", views.family_detail, name="family_detail"),
    path("families/<int:pk>/document/", views.family_document, name="family_document"),
    path("families/<int:pk>/open/", views.file_open_view, name="file_open"),
    path("rules/", views_rules.rule_list, name="rule_list"),
    path("rules/<str:kind>/new/", views_rules.rule_new, name="rule_new"),
    path("figures/", views_figures.figures, name="figures"),
]
