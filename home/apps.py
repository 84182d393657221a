from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Site and governance")

    def ready(self):
        import home.text_search  # noqa: F401 — registers the SQLite fold function
        from home import checks  # noqa: F401 — registers the system checks
        from home.page_cache import connect_signals

        connect_signals()

        from home.choosers import register_admin_form_fields

        register_admin_form_fields()

        from django.db.models.signals import post_delete, post_migrate, post_save
        from wagtail.models import Site

        from home.services import forget_site_root_url

        post_save.connect(forget_site_root_url, sender=Site, dispatch_uid="home-site-root-url-save")
        post_delete.connect(forget_site_root_url, sender=Site, dispatch_uid="home-site-root-url-delete")
        post_migrate.connect(_align_default_site, sender=self, dispatch_uid="home-align-default-site")


def _align_default_site(using="default", **kwargs):
    """After every `migrate`, the default Site carries settings.SITE_URL (the one setting of
    the site's public address): sitemap, feeds, calendars, e-mails and personal links all
    read it through `home.services.site_root_url()`."""
    # imported here: home.services loads wagtail.models, and apps.py is imported before the app registry
    from home.services import align_default_site

    if getattr(settings, "SITE_URL_IS_SET", False):
        align_default_site()
