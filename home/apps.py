from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Site and governance")

    def ready(self):
        from home import checks  # noqa: F401 — registers the system checks
        from home.page_cache import connect_signals

        connect_signals()
