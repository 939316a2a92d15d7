from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "sme2go.planning"
    label = "planning"
    verbose_name = _("Mission planning")
