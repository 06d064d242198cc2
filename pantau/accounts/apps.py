from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "pantau.accounts"
    verbose_name = _("Accounts and organisations")

    def ready(self) -> None:
        # Connects the counter of failed sign-ins per client address to Django's signal.
        from django.contrib.auth.signals import user_logged_in

        from pantau.accounts import throttle  # noqa: F401
        from pantau.accounts.middleware import mark_session_renewed

        user_logged_in.connect(mark_session_renewed, dispatch_uid="pantau-session-renewed")
