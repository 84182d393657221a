from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The signal handlers import this app's services when called: apps.py is imported before
# the app registry is ready.


def event_published(sender, instance, **kwargs):
    """Every publication of an event, from the admin, a script or a scheduled publish."""
    from . import services

    services.event_published(instance)


def report_published(sender, instance, **kwargs):
    """A report published (directly or at the end of its moderation workflow): the
    participants who opted in are told, once."""
    from . import services

    services.report_published(instance)


class WorkshopsConfig(AppConfig):
    name = "workshops"
    verbose_name = _("Workshops")

    def ready(self):
        from wagtail.signals import page_published

        from .models import EventPage, EventReportPage

        page_published.connect(event_published, sender=EventPage, dispatch_uid="workshops.event_published")
        page_published.connect(report_published, sender=EventReportPage, dispatch_uid="workshops.report_published")
