"""What the workshops app adds to the home page, search and member profiles."""

import re
import time
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from members.models import Member
from workshops.factories import make_event
from workshops.models import Registration
from workshops.wagtail_hooks import home_key_figures, home_next_events, member_hosted_events, search_events


def test_home_shows_next_three_events_and_count(client, index):
    start = timezone.now() + timedelta(days=2)
    for n in range(4):
        make_event(index, title=f"Journée {n}", start=start + timedelta(days=n))
    make_event(index, title="Passée", start=timezone.now() - timedelta(days=3))
    response = client.get("/")
    content = response.content.decode()
    assert "Journée 0" in content and "Journée 2" in content
    assert "Journée 3" not in content and "Passée" not in content


def test_hooks_run_a_constant_number_of_queries(rf, index):
    request = rf.get("/")
    start = timezone.now() + timedelta(days=2)

    def count():
        with CaptureQueriesContext(connection) as context:
            home_key_figures(request, None)
            home_next_events(request, None)
            search_events(request, "Journée")
        return len(context.captured_queries)

    make_event(index, title="Journée a", start=start)
    count()
    few = count()
    for n in range(6):
        make_event(index, title=f"Journée {n}", start=start + timedelta(days=n))
    count()  # a publish makes the shared layout (agenda URL, locale) be read again once
    assert count() == few


def test_search_finds_public_events_only(client, index):
    make_event(index, title="Journée propreté")
    draft = make_event(index, title="Journée brouillon", publish=False)
    draft.unpublish() if draft.live else None
    response = client.get("/search/", {"q": "Journée"})
    content = response.content.decode()
    assert "Journée propreté" in content
    assert "Journée brouillon" not in content


def test_the_site_search_reads_events_and_reports_in_two_queries(rf, index, django_assert_num_queries):
    """A title and a link per event: not their themes."""
    from members.tests.factories import make_theme

    theme = make_theme("vivre-ensemble", "Vivre ensemble")
    events = []
    for n in range(3):
        events.append(make_event(index, title=f"Journée {n}"))
        events[-1].themes.add(theme)
    request = rf.get("/search/")
    search_events(request, "journée")  # the shared layout (locale) is read once
    with django_assert_num_queries(2):
        sections = search_events(request, "journée")
    # Read with their titles and paths only: nothing else is read for the links.
    assert sections[0]["items"] == [{"title": event.title, "url": event.url} for event in events]


def test_member_profile_lists_hosted_events(rf, index):
    member = Member.objects.create(kind="commune", name="Chemillé", slug="chemille", status="approved")
    event = make_event(index, title="Journée hébergée")
    event.host_members.add(member)
    event.save_revision().publish()
    sections = member_hosted_events(rf.get("/"), member)
    assert [e.title for e in sections[0][1]["events"]] == ["Journée hébergée"]


def test_member_area_lists_hosted_events_and_representatives_registrations(rf, index, remote_workshop):
    from django.contrib.auth import get_user_model

    from members.models import Representative
    from workshops import services
    from workshops.wagtail_hooks import member_area_events

    member = Member.objects.create(kind="association", name="Asso", slug="asso", status="approved")
    other = Member.objects.create(kind="association", name="Autre", slug="autre", status="approved")
    user = get_user_model().objects.create_user("rep", "rep@example.org", "password-123456")
    Representative.objects.create(user=user, member=member)
    services.register_for_event(remote_workshop, name="Rep", email="REP@example.org")
    services.register_for_event(remote_workshop, name="Someone", email="someone@example.org")
    [(template, context)] = member_area_events(rf.get("/"), member)
    assert [r.email for r in context["registrations"]] == ["rep@example.org"]
    [(template, context)] = member_area_events(rf.get("/"), other)
    assert context["registrations"] == []


def test_home_sections_are_a_cached_fragment_refreshed_by_publishing_and_by_seats(
    client, index, settings, django_capture_on_commit_callbacks
):
    """The apps' home sections are a `{% wagtailcache %}` fragment on the page cache's
    generation: a warm home page runs none of their queries; a published event and a
    registration (in the next live-figures window at the latest) show at once."""
    settings.PAGE_CACHE_FIGURES_SECONDS = 1
    start = timezone.now() + timedelta(days=2)
    event = make_event(index, title="Journée du fragment", start=start, capacity=5)
    first = client.get("/").content.decode()
    assert "Journée du fragment" in first and re.search(r">5 [^<]*</span>", first)
    with CaptureQueriesContext(connection) as warm:
        client.get("/")
    assert not [q for q in warm.captured_queries if "workshops_registration" in q["sql"]]

    make_event(index, title="Journée publiée ensuite", start=start + timedelta(days=1))
    assert "Journée publiée ensuite" in client.get("/").content.decode()

    time.sleep(1.1)  # a figures window of its own
    with django_capture_on_commit_callbacks(execute=True):
        Registration.objects.create(event=event, name="A", email="a@example.org", party_size=2, status="confirmed")
    after = client.get("/").content.decode()
    assert re.search(r">3 [^<]*</span>", after) and not re.search(r">5 [^<]*</span>", after)
