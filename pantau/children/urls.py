from django.urls import path

from pantau.children import views
from pantau.children.importer import CHILDREN_IMPORT
from pantau.imports.views import import_urls
from pantau.lib.exports import export_route

app_name = "children"

urlpatterns = [
    path("", views.child_list, name="child_list"),
    export_route("", views.child_list, "child_export"),
    path("admit/", views.child_admit_view, name="child_admit"),
    path("reviews-due/", views.reviews_due, name="reviews_due"),
    path("figures/", views.figures, name="figures"),
    path("quality/", views.quality, name="quality"),
    path("homes/", views.home_suggestions, name="home_options"),
    path("homes/transfer/", views.transfer_homes, name="transfer_homes"),
    *import_urls(CHILDREN_IMPORT),
    path("<int:pk>/care-plan/", views.child_care_plan, name="child_care_plan"),
    path("<int:pk>/tracing/", views.child_tracing, name="child_tracing"),
    path("<int:pk>/follow-up/", views.child_follow_up, name="child_follow_up"),
    path("<int:pk>/edit/", views.child_edit, name="child_edit"),
    path("<int:pk>/gatekeeping/", views.child_gatekeeping, name="child_gatekeeping"),
    path("<int:pk>/gatekeeping/sign-off/", views.child_gatekeeping_signoff, name="child_gatekeeping_signoff"),
    path("<int:pk>/", views.child_detail, name="child_detail"),
    path("<int:pk>/identity/", views.child_identity_view, name="child_identity"),
    path("<int:pk>/placement/", views.child_placement, name="child_placement"),
]
