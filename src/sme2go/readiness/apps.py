from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadinessConfig(AppConfig):
    name = "sme2go.readiness"
    label = "readiness"
    verbose_name = _("Export readiness")
