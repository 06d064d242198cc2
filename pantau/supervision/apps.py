from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "pantau.supervision"
    verbose_name = _("Supervision")

    def ready(self) -> None:
        post_migrate.connect(_install_checklist, sender=self)
        from pantau.supervision import signals

        signals.connect()


def _install_checklist(**kwargs: Any) -> None:
    # Every installation (and every flushed test database) has the SNPA checklist to start from.
    from pantau.supervision.checklists import snpa_install

    snpa_install()
