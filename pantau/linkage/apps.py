from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinkageConfig(AppConfig):
    name = "pantau.linkage"
    verbose_name = _("Duplicate children across homes")
