from django.urls import path

from pantau.accounts import views, views_two_factor
from pantau.lib.exports import export_route

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("login/code/", views_two_factor.otp_verify, name="otp_verify"),
    path("login/authenticator/", views_two_factor.otp_enrol, name="otp_enrol"),
    path("account/", views.profile, name="profile"),
    path("account/password/", views.password_change, name="password_change"),
    path("account/tokens/new/", views.token_create, name="token_create"),
    path("account/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("account/tokens/<int:pk>/rotate/", views.token_rotate, name="token_rotate"),
    path("account/recovery-codes/", views_two_factor.recovery_codes_new, name="recovery_codes_new"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    export_route("organisations/", views.organisation_list, "organisation_export"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path("users/", views.user_list, name="user_list"),
    export_route("users/", views.user_list, "user_export"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/", views.user_edit, name="user_edit"),
    path("users/<int:pk>/active/", views.user_set_active, name="user_set_active"),
    path("users/<int:pk>/reset-password/", views.user_reset_password, name="user_reset_password"),
    path(
        "users/<int:pk>/reset-second-factor/",
        views.user_reset_second_factor,
        name="user_reset_second_factor",
    ),
]
