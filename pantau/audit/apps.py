from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "pantau.audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        from pantau.audit import signals  # noqa: F401  (connects login/logout/lock-out receivers)
