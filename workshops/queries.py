"""The read side of the agenda: the agenda's listing and filters, the key figures of the
network's life (meetings held, trainings given, observers welcomed, host communes, people
trained), the reports of a page of events, the reports feed, a report page's context.
Each runs a constant number of queries."""

from datetime import date

from django.contrib.syndication.views import Feed
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import get_language, gettext

from home import layout
from home.forms import LongSelect
from home.models import Theme, paginate
from home.services import absolute_url
from home.text_search import contains_words, french_order
from members.models import Commune
from roadmap.models import roadmap_page_for_language

from .availability import availability_for
from .models import EventPage, EventReportPage, Registration, default_locale
from .services import attendance_figures, listed_participants


def _parse_month(value):
    try:
        year, month = (int(part) for part in value.split("-", 1))
        return date(year, month, 1)
    except (ValueError, TypeError):
        return None


def _event_communes(index):
    """(INSEE code, name) of the communes where the agenda's events take place, for its filter."""
    events = EventPage.objects.child_of(index).live().public().filter(commune__isnull=False).values("commune_id")
    return list(Commune.objects.filter(pk__in=events).order_by(*french_order("name")).values_list("insee_code", "name"))


def agenda(index, request, *, archive):
    """The agenda page's context: its upcoming events (or the archive) filtered by the
    query string (kind, commune, theme, month, keywords), one page of them with each card's
    seats (or, in the archive, its report), and the filters' choices."""
    events = index.past_events() if archive else index.upcoming_events()
    kind = request.GET.get("kind", "")
    if kind in EventPage.Kind.values:
        events = events.filter(kind=kind)
    else:
        kind = ""
    commune = request.GET.get("commune", "")
    if commune:
        events = events.filter(commune__insee_code=commune)
    theme = request.GET.get("theme", "")
    if theme:
        # A subquery rather than a join: no duplicate rows, so no DISTINCT over every column.
        # Events are tagged with the themes of their own language: match on the theme's
        # translation key, so that the English agenda finds what the French one does.
        keys = Theme.objects.filter(slug=theme, locale_id=index.locale_id).values("translation_key")
        tagged = EventPage.themes.through.objects.filter(theme__translation_key__in=keys)
        events = events.filter(pk__in=tagged.values("eventpage_id"))
    text_query = " ".join(request.GET.get("q", "").split())[:200]
    if text_query:
        events = events.filter(contains_words(text_query))
    month = _parse_month(request.GET.get("month", ""))
    if month:
        events = events.filter(start__year=month.year, start__month=month.month)
    query = request.GET.copy()
    query.pop("page", None)
    count = None
    if not (kind or commune or theme or text_query or month):
        # Unfiltered, the agenda's length is a small value only public pages show (counting
        # the upcoming events is the page's costliest query): counted once per generation
        # of the page cache, so never older than a cached agenda would be.
        listing = "archive" if archive else "upcoming"
        count = layout.shared(f"agenda-count:{index.pk}:{listing}", events.count, content=True)
    events_page = paginate(request, events, count=count)
    if archive:
        attach_reports(events_page)
    else:
        seats = availability_for(events_page.object_list)
        for event in events_page.object_list:
            event.availability = seats[event.pk]
    return {
        "events_page": events_page,
        "archive": archive,
        "kinds": EventPage.Kind.choices,
        # Up to every commune of the département: rendered in Python (home.forms.LongSelect).
        "commune_select": LongSelect(
            attrs={"id": "filter-commune", "class": "form-select"},
            choices=[
                ("", gettext("All communes")),
                *layout.shared(f"agenda-commune-choices:{index.pk}", lambda: _event_communes(index)),
            ],
        ).render("commune", commune),
        "themes": layout.shared(
            f"agenda-themes:{index.locale_id}",
            lambda: list(Theme.objects.filter(locale_id=index.locale_id).order_by(*french_order("name"))),
        ),
        "selected": {
            "kind": kind,
            "commune": commune,
            "theme": theme,
            "month": month.strftime("%Y-%m") if month else "",
            "q": text_query,
        },
        "query_string": query.urlencode(),
    }


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
        return absolute_url(self.request.path)

    def title(self):
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
    page = roadmap_page_for_language(language)
    for action in actions:
        action.url = page.url + page.reverse_subpage("action", args=[action.pk]) if page else ""
    for proposal in proposals:
        proposal.url = page.url + page.reverse_subpage("proposal", args=[proposal.pk]) if page else ""
