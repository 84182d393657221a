"""Reads of the network's life: the key figures (meetings held, trainings given, observers
welcomed, host communes, people trained), the reports of a page of events, the reports
feed. Each runs a constant number of queries."""

from django.contrib.syndication.views import Feed
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed

from .models import EventPage, EventReportPage, Registration, default_locale


def network_figures(now=None):
    """Live figures of the network's life, counted on the events in the default language
    (translations share their registrations). Five queries."""
    now = now or timezone.now()
    past = EventPage.objects.live().filter(locale=default_locale(), end__lte=now, cancelled=False)
    meetings = past.filter(kind=EventPage.Kind.NETWORK_MEETING)
    trainings = past.filter(kind=EventPage.Kind.TRAINING)
    observers = Registration.objects.filter(
        event__in=past.values("pk"), role=Registration.Role.OBSERVER, attended=True
    ).count()
    host_communes = meetings.filter(commune__isnull=False).values("commune_id").distinct().count()
    trained = (
        Registration.objects.filter(event__in=trainings.values("pk"), attended=True).aggregate(n=Sum("party_size"))["n"]
        or 0
    )
    return {
        "meetings": meetings.count(),
        "trainings": trainings.count(),
        "observers": observers,
        "host_communes": host_communes,
        "trained": trained,
    }


def attach_reports(events):
    """Set `event.report` (the live report page or None) on each event of a page of the
    archive, with one query."""
    events = list(events)
    if not events:
        return events
    prefixes = Q()
    for event in events:
        prefixes |= Q(path__startswith=event.path, depth=event.depth + 1)
    reports = EventReportPage.objects.live().public().filter(prefixes).only("pk", "path", "url_path", "title")
    by_parent = {report.path[: -EventReportPage.steplen]: report for report in reports}
    for event in events:
        event.report = by_parent.get(event.path)
    return events


def reports_of(index):
    return EventReportPage.objects.live().public().descendant_of(index).order_by("-first_published_at", "-pk")


class ReportsFeed(Feed):
    """RSS 2.0 of the event reports under an agenda, in its language."""

    feed_type = Rss201rev2Feed

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def feed_url(self):
        """The feed's own address from the site's one public address, not the request's Host."""
        from home.services import absolute_url

        return absolute_url(self.request.path)

    def title(self):
        from django.utils.translation import gettext

        return f"{self.index_page.title} — {gettext('Event reports')}"

    def link(self):
        return self.index_page.get_full_url(self.request)

    def description(self):
        return self.index_page.intro

    def items(self):
        return reports_of(self.index_page)[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return item.first_published_at


def report_context(report, request):
    """What a report page shows besides its fields: its event, attendance figures from
    check-in, the opted-in participants, and the roadmap items it links to."""
    from django.utils.translation import get_language

    from .services import attendance_figures, listed_participants

    event = report.event
    actions = list(report.actions.all())
    proposals = list(report.proposals.all())
    _roadmap_urls(actions, proposals, get_language())
    return {
        "event": event,
        "hosts": list(event.host_members.all()),
        "figures": attendance_figures(event),
        "participants": listed_participants(event) if report.show_participants else [],
        "actions": actions,
        "proposals": proposals,
    }


def _roadmap_urls(actions, proposals, language):
    """Links to the roadmap's action and proposal pages (empty when there is no roadmap page)."""
    from roadmap.models import roadmap_page_for_language

    page = roadmap_page_for_language(language)
    for action in actions:
        action.url = page.url + page.reverse_subpage("action", args=[action.pk]) if page else ""
    for proposal in proposals:
        proposal.url = page.url + page.reverse_subpage("proposal", args=[proposal.pk]) if page else ""
