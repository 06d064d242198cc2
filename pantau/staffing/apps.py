from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffingConfig(AppConfig):
    name = "pantau.staffing"
    verbose_name = _("Staff vetting and training")

    def ready(self) -> None:
        # A staff member added or edited in the registry is checked against the bars here: the registry
        # may not import this app (README, "Layering"), so the check hangs on its save.
        from pantau.staffing import signals

        signals.connect()
