from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "pantau.incidents"
    verbose_name = _("Incident reports from homes")

    def ready(self) -> None:
        # A wrong deadline setting must stop start-up, not surface as a wrong "late" on a report.
        from pantau.incidents.deadlines import report_hours

        report_hours()
