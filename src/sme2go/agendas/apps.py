from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgendasConfig(AppConfig):
    name = "sme2go.agendas"
    label = "agendas"
    verbose_name = _("Agendas")
