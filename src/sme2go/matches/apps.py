from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchesConfig(AppConfig):
    name = "sme2go.matches"
    label = "matches"
    verbose_name = _("Matches")

    def ready(self) -> None:
        from sme2go.matches import signals  # noqa: F401  (connects the receivers)
