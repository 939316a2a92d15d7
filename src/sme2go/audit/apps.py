from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "sme2go.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from sme2go.audit import recorder

        recorder.connect()
