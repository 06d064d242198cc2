from django.urls import path

from pantau.monitoring import views, views_capture, views_post_check

app_name = "monitoring"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("posts/<int:pk>/", views.post_detail, name="post_detail"),
    path("posts/<int:pk>/screenshot/", views.post_screenshot, name="post_screenshot"),
    path("evaluation/", views.outcomes, name="evaluation"),
    path("accounts/", views_capture.account_list, name="account_list"),
    path("capture/", views_capture.capture, name="capture"),
    path("import/", views_capture.import_posts, name="import"),
    path("post-check/", views_post_check.post_check_page, name="post_check"),
]
