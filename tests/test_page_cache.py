"""The page cache for anonymous visitors (home/page_cache.py): served from the cache the
second time, cleared on publish (index pages included), and never storing a page with a
per-visitor token, a logged-in user's page or a personal link."""

import os
from datetime import timedelta

import pytest
from django.core.cache import cache, caches
from django.test import RequestFactory
from django.utils import timezone
from wagtail.models import Locale

from home.models import ContentPage
from home.page_cache import request_may_use_cache
from home.tests.factories import make_network_section, make_themes
from workshops import services as workshops_services
from workshops.factories import agenda, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def network_section(home_page):
    """/le-reseau/ and its charter, in French and English."""
    return make_network_section()


def charter(language):
    page = ContentPage.objects.get(slug="charte", locale__language_code="fr")
    return page if language == "fr" else page.get_translation(Locale.objects.get(language_code=language))


def is_hit(response):
    return response.get("X-Page-Cache") == "hit"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_an_anonymous_page_is_served_from_the_cache_the_second_time(
    client, home_page, language, django_assert_max_num_queries
):
    url = charter(language).url
    first = client.get(url)
    assert first.status_code == 200 and not is_hit(first)
    with django_assert_max_num_queries(1):  # the locale check of /en/; nothing else
        second = client.get(url)
    assert is_hit(second)
    assert second.content == first.content
    for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Content-Language"):
        assert second[header] == first[header]


def test_a_hit_is_one_read_of_the_shared_cache(client, home_page, monkeypatch):
    """The generation, a pending change of live figures and the page are read together."""
    url = charter("fr").url
    client.get(url)
    backend = type(caches["default"])
    reads, depth = [], [0]

    def counted(name):
        original = getattr(backend, name)

        def read(self, *args, **kwargs):
            if not depth[0]:  # a read, not the backend's own calls inside one
                reads.append(name)
            depth[0] += 1
            try:
                return original(self, *args, **kwargs)
            finally:
                depth[0] -= 1

        return read

    for name in ("get", "get_many", "has_key"):
        monkeypatch.setattr(backend, name, counted(name))
    assert is_hit(client.get(url))
    assert reads == ["get_many"]


def test_french_and_english_pages_are_stored_apart(client, home_page):
    client.get("/")
    client.get("/en/")
    french, english = client.get("/"), client.get("/en/")
    assert is_hit(french) and is_hit(english)
    assert french.content != english.content
    assert b'lang="fr"' in french.content and b'lang="en"' in english.content


def test_publishing_a_page_clears_it_and_the_index_pages(client, home_page):
    page = charter("fr")
    home_url = "/"
    client.get(page.url), client.get(home_url)
    assert is_hit(client.get(page.url)) and is_hit(client.get(home_url))

    page.title = "Charte révisée du réseau"
    page.save_revision().publish()

    response = client.get(page.url)
    assert not is_hit(response)
    assert "Charte révisée du réseau" in response.content.decode()
    assert not is_hit(client.get(home_url))


def test_unpublishing_a_page_clears_the_cache(client, home_page):
    page = charter("fr")
    client.get(page.url)
    assert is_hit(client.get(page.url))
    page.unpublish()
    assert client.get(page.url).status_code == 404


def test_a_new_event_appears_on_the_cached_agenda(client, home_page):
    index = agenda()
    client.get(index.url)
    assert is_hit(client.get(index.url))
    make_event(index, title="Chantier participatif du printemps", kind="citizen_day")
    response = client.get(index.url)
    assert not is_hit(response)
    assert "Chantier participatif du printemps" in response.content.decode()


def test_a_page_with_a_public_form_is_cached_without_anyones_token(client, home_page):
    """The registration form's tokens are placeholders in the cache (home/form_tokens.py;
    tests/test_form_tokens.py): a second visitor gets the page from it, with tokens of
    their own."""
    event = make_event(agenda(), title="Atelier à distance", kind="remote_workshop", capacity=3)
    first = client.get(event.url)
    assert b"csrfmiddlewaretoken" in first.content
    other_visitor = client.__class__()
    second = other_visitor.get(event.url)
    assert is_hit(second)
    assert b"csrfmiddlewaretoken" in second.content
    assert b"@@" not in second.content


def test_a_logged_in_users_page_is_never_cached_nor_served_from_the_cache(client, home_page, django_user_model):
    url = charter("fr").url
    anonymous = client.__class__()
    anonymous.get(url)
    assert is_hit(anonymous.get(url))

    user = django_user_model.objects.create_user(username="camille", password="x" * 12)
    client.force_login(user)
    assert not is_hit(client.get(url))
    cache.clear()
    client.get(url)
    assert not is_hit(anonymous.get(url)), "a logged-in user's page was stored"


def test_a_personal_link_is_never_cached(client, home_page):
    event = make_event(
        agenda(),
        title="Atelier",
        kind="remote_workshop",
        capacity=3,
        video_link="https://visio.example.org/salle-secrete",
    )
    registration = workshops_services.register_for_event(event, name="Alice", email="alice@example.org", notify=False)
    url = registration.personal_url()
    assert client.get(url).status_code == 200
    assert not is_hit(client.get(url))


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/member-area/",
        "/en/member-area/",
        "/registrations/abc/",
        "/en/registrations/abc/",
        "/roadmap/confirm-support/abc/",
        "/en/roadmap/unsubscribe/abc/",
        "/documents/1/file.pdf",
    ],
)
def test_private_paths_never_use_the_cache(path):
    assert not request_may_use_cache(RequestFactory().get(path))


def test_visitors_with_a_session_or_messages_do_not_use_the_cache():
    factory = RequestFactory()
    assert request_may_use_cache(factory.get("/charte/"))
    assert not request_may_use_cache(factory.get("/charte/", HTTP_COOKIE="sessionid=abc"))
    assert not request_may_use_cache(factory.get("/charte/", HTTP_COOKIE="messages=abc"))
    assert not request_may_use_cache(factory.post("/charte/"))


def test_a_registration_changes_the_cached_event_seats(client, home_page):
    event = make_event(
        agenda(), title="Atelier", kind="remote_workshop", capacity=3, start=timezone.now() + timedelta(days=3)
    )
    index_url = agenda().url
    client.get(index_url)
    assert is_hit(client.get(index_url))
    workshops_services.register_for_event(event, name="Alice", email="alice@example.org", notify=False)
    assert not is_hit(client.get(index_url))


def test_progress_recorded_on_an_action_updates_the_cached_roadmap(client, home_page):
    from roadmap import services
    from roadmap.factories import make_action, make_axis, make_roadmap_page

    english_home = home_page.get_translations().filter(locale__language_code="en").first()
    roadmap = make_roadmap_page(home_page, english_home=english_home)
    action = make_action(make_axis("Structurer la gouvernance"), "Écrire la charte", progress=40)
    client.get(roadmap.url)
    assert is_hit(client.get(roadmap.url))
    # The progress is set on every translation with a queryset update (no signal).
    services.add_update(action, "Deuxième lecture faite.", progress=75, notify=False)
    response = client.get(roadmap.url)
    assert not is_hit(response)
    assert 'aria-valuenow="75"' in response.content.decode()


def test_the_clear_command_empties_the_page_cache_and_the_layout(client, home_page):
    from django.core.management import call_command

    from home.page_cache import LAYOUT_GENERATION_KEY, current_generation

    client.get("/")
    assert is_hit(client.get("/"))
    layout_generation = current_generation(LAYOUT_GENERATION_KEY)
    call_command("clear_page_cache", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert not is_hit(client.get("/"))
    assert current_generation(LAYOUT_GENERATION_KEY) != layout_generation


# --- What moves the page cache on (home/page_cache.py: Wagtail's signals, the models the apps
# declare public with `register_public_models`, live figures after the commit only) ---------


@pytest.fixture
def cache_moves(monkeypatch):
    """The generations the page cache moves, in order (not moved for real)."""
    from home import page_cache as module

    moves = []
    monkeypatch.setattr(module, "_bump", lambda keys: moves.append(keys))
    return moves


def moves_seen_inside(monkeypatch, owner, name, moves):
    """Replace `owner.name` (a step taken inside the event's lock) by a wrapper that records
    how many moves of the page cache had happened when it ran."""
    seen, original = [], getattr(owner, name)

    def step(*args, **kwargs):
        seen.append(len(moves))
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, step)
    return seen


def test_a_registration_moves_the_page_cache_once_and_only_after_the_commit(home_page, monkeypatch, cache_moves):
    from home.page_cache import GENERATION_KEY

    event = make_event(
        agenda(), title="Atelier", kind="remote_workshop", capacity=5, start=timezone.now() + timedelta(days=3)
    )
    cache_moves.clear()  # the event's publication moved it
    in_lock = moves_seen_inside(monkeypatch, workshops_services, "_history", cache_moves)
    workshops_services.register_for_event(event, name="Alice", email="alice@example.org", party_size=2, notify=False)
    assert in_lock == [0]  # nothing touched the cache inside the lock
    assert cache_moves == [(GENERATION_KEY,)]  # one move, of the pages only (not the layout)


def test_an_invitation_holding_a_seat_moves_the_page_cache_after_the_commit(home_page, monkeypatch, cache_moves):
    """An invited guest's seat is shown as taken on the event page: the invitation moves the
    page cache like a registration, once, after the commit (never inside the event's lock)."""
    from home.page_cache import GENERATION_KEY

    event = make_event(
        agenda(), title="Réunion", kind="network_meeting", capacity=5, start=timezone.now() + timedelta(days=3)
    )
    cache_moves.clear()  # the event's publication moved it
    # The invitation's e-mail is queued inside the event's lock.
    in_lock = moves_seen_inside(monkeypatch, workshops_services, "send_templated_email", cache_moves)
    workshops_services.invite(event, name="Invitée", email="invitee@example.org", language="fr")
    assert in_lock == [0]
    assert cache_moves == [(GENERATION_KEY,)]


def test_history_and_private_records_do_not_move_the_page_cache(home_page, cache_moves):
    from wagtail.log_actions import log

    from home.models import ContentReport, Theme

    log(instance=charter("fr"), action="wagtail.view_restriction.create")
    ContentReport.objects.create(kind="idea", object_id=1, content_title="Une idée", reason="Publicité")
    assert cache_moves == []
    make_themes()
    Theme.objects.first().save()  # a public model (home's register_public_models)
    assert cache_moves  # moved on (now and after the commit)


def test_the_menu_breadcrumbs_and_footer_are_wagtail_fragments_of_the_layout(client, home_page, settings):
    from django.core.cache.utils import make_template_fragment_key

    from home import layout

    settings.PAGE_CACHE_ENABLED = False
    page = charter("fr")
    response = client.get(page.url)
    assert response.status_code == 200
    key = layout.fragment_key(response.wsgi_request)
    for name, vary_on in (("site-menu", [key, page.pk]), ("breadcrumbs", [key, page.pk]), ("site-footer", [key])):
        assert cache.get(make_template_fragment_key(name, vary_on)) is not None, name
    # An edit of the layout gives the fragments a new key: the next page shows it.
    footer_before = cache.get(make_template_fragment_key("site-footer", [key]))
    page.title = "Charte du réseau (révisée)"
    page.save_revision().publish()
    response = client.get(page.url)
    assert layout.fragment_key(response.wsgi_request) != key
    assert "Charte du réseau (révisée)" in response.content.decode()
    assert footer_before is not None
