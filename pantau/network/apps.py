from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "pantau.network"
    verbose_name = _("Accounts, phones and persons across records")

    def ready(self) -> None:
        from pantau.network import hooks
        from pantau.supervision.risk import install_home_facts

        hooks.connect()
        install_home_facts(hooks.home_facts)
