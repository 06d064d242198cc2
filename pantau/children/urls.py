from django.urls import path

from pantau.children import views

app_name = "children"

urlpatterns = [
    path("", views.child_list, name="child_list"),
    path("admit/", views.child_admit_view, name="child_admit"),
    path("<int:pk>/", views.child_detail, name="child_detail"),
    path("<int:pk>/identity/", views.child_identity_view, name="child_identity"),
    path("<int:pk>/placement/", views.child_placement, name="child_placement"),
]
