from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "sme2go.reporting"
    label = "reporting"
    verbose_name = _("Indicators and reports")
