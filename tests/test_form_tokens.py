"""A public form on a cached page (home/form_tokens.py) and live figures in the page cache
(home/page_cache.py): the event page, registration form included, is served from the cache
with each visitor's own tokens, and a registration moves the cache on after its commit, at
most once per figures window, a later window catching up with what came in between."""

import re

import pytest
from django import forms
from django.core.cache import cache
from django.test import Client, RequestFactory

from home import page_cache
from home.form_tokens import CSRF_PLACEHOLDER, FORM_STARTED_PLACEHOLDER
from home.translations import translate
from workshops import services
from workshops.factories import agenda, english, make_event
from workshops.models import Registration

pytestmark = pytest.mark.django_db

TOKENS = re.compile(r'name="(csrfmiddlewaretoken|form_started)" value="([^"]*)"')


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True
    cache.clear()


@pytest.fixture
def event():
    return make_event(agenda(), title="Atelier à distance", kind="remote_workshop", capacity=5, has_waitlist=False)


def visit(url):
    """A new visitor (no cookie) opens the page: (response, its tokens, the visitor)."""
    visitor = Client(enforce_csrf_checks=True)
    response = visitor.get(url)
    return response, dict(TOKENS.findall(response.content.decode())), visitor


def register(visitor, url, tokens, n):
    data = {
        **tokens,
        "website": "",
        "name": f"Résident {n}",
        "email": f"resident-{n}@example.org",
        "party_size": "1",
        "consent": "on",
    }
    return visitor.post(url, data)


def test_the_event_page_is_served_from_the_cache_with_each_visitors_own_tokens(event):
    first, first_tokens, first_visitor = visit(event.url)
    second, second_tokens, second_visitor = visit(event.url)
    assert first.get("X-Page-Cache") != "hit"
    assert second.get("X-Page-Cache") == "hit"
    for tokens in (first_tokens, second_tokens):
        assert set(tokens) == {"csrfmiddlewaretoken", "form_started"}
        assert CSRF_PLACEHOLDER not in tokens.values() and FORM_STARTED_PLACEHOLDER not in tokens.values()
    assert first_tokens["form_started"] != second_tokens["form_started"]
    assert "csrftoken" in second.cookies  # the CSRF cookie that goes with the token
    assert int(second["Content-Length"]) == len(second.content)
    assert CSRF_PLACEHOLDER.encode() not in second.content

    # Both visitors register with the tokens of their own page, the cached one included.
    assert register(second_visitor, event.url, second_tokens, 2).status_code == 302
    assert register(first_visitor, event.url, first_tokens, 1).status_code == 302
    assert Registration.objects.filter(event=event).count() == 2


def test_a_visitor_holding_a_csrf_cookie_is_served_the_cached_page_with_the_same_token(event):
    """Pages say `Vary: Cookie`, but the page cache's key leaves cookies out: a visitor who
    has already seen a form (and holds a CSRF cookie, or any other cookie) is served the
    cached page, with a token that goes with their own cookie."""
    visit(event.url)  # the page is stored
    first, first_tokens, visitor = visit(event.url)
    assert first.get("X-Page-Cache") == "hit"
    visitor.cookies["unrelated"] = "1"
    again = visitor.get(event.url)
    assert again.get("X-Page-Cache") == "hit"
    assert "Cookie" in again["Vary"]
    tokens = dict(TOKENS.findall(again.content.decode()))
    assert tokens["form_started"] != first_tokens["form_started"]
    assert register(visitor, event.url, tokens, 3).status_code == 302
    assert Registration.objects.filter(event=event, name="Résident 3").exists()


def test_pages_asked_in_another_format_or_varying_on_another_header_are_kept_apart(rf, settings):
    """The key carries the Accept headers; a response that varies on a header the key does
    not carry is not kept."""
    from django.http import HttpResponse
    from django.utils.cache import patch_vary_headers

    settings.CACHE_MIDDLEWARE_SECONDS = 60
    served = []

    def view(request):
        response = HttpResponse(f"<p>{len(served)}</p>".encode(), content_type="text/html")
        patch_vary_headers(response, request.vary)
        served.append(request)
        return response

    def through_cache(request):
        return page_cache.UpdatePageCacheMiddleware(page_cache.FetchPageCacheMiddleware(view))(request)

    def get(vary, **headers):
        request = rf.get("/une-page/", **headers)
        request.vary = vary
        return through_cache(request)

    assert get(("Accept",), HTTP_ACCEPT="text/html").content == b"<p>0</p>"
    assert get(("Accept",), HTTP_ACCEPT="text/html").get("X-Page-Cache") == "hit"
    assert get(("Accept",), HTTP_ACCEPT="application/json").get("X-Page-Cache") != "hit"
    assert get(("X-Other",), HTTP_ACCEPT="text/plain").get("X-Page-Cache") != "hit"
    assert get(("X-Other",), HTTP_ACCEPT="text/plain").get("X-Page-Cache") != "hit"
    assert len(served) == 4


def test_the_english_event_page_is_cached_with_tokens_and_registers_in_english(event):
    translate(event.get_parent(), english())
    en_event = translate(event, english())
    visit(en_event.url)
    response, tokens, visitor = visit(en_event.url)
    assert response.get("X-Page-Cache") == "hit" and response["Content-Language"] == "en"
    assert set(tokens) == {"csrfmiddlewaretoken", "form_started"}
    assert CSRF_PLACEHOLDER not in tokens.values() and FORM_STARTED_PLACEHOLDER not in tokens.values()
    assert register(visitor, en_event.url, tokens, 1).status_code == 302
    # The seats are the French page's; the resident's language is English.
    assert Registration.objects.get(event=event).language == "en"


def test_tokens_from_a_cached_page_are_still_checked(event):
    visit(event.url)
    _response, tokens, visitor = visit(event.url)
    # Another visitor's CSRF token does not go with this visitor's cookie…
    stranger = Client(enforce_csrf_checks=True)
    assert register(stranger, event.url, tokens, 1).status_code == 403
    # …and the time token is accepted once.
    assert register(visitor, event.url, tokens, 2).status_code == 302
    replay = register(visitor, event.url, tokens, 3)
    assert replay.status_code == 422
    assert Registration.objects.filter(event=event).count() == 1


def test_a_page_that_used_a_csrf_token_itself_is_never_stored():
    request = RequestFactory().get("/")
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    from django.http import HttpResponse

    assert not page_cache.response_may_be_cached(request, HttpResponse("<form>"))


def seats_shown(response):
    return re.search(r"(\d+) places? restantes?", response.content.decode())


def test_registrations_move_the_cache_once_per_window_and_a_later_window_catches_up(event, monkeypatch):
    window = [1000]
    monkeypatch.setattr(page_cache, "_figures_window", lambda: window[0])
    visit(event.url)
    assert visit(event.url)[0].get("X-Page-Cache") == "hit"

    generation = page_cache.current_generation()
    services.register_for_event(event, name="Alice", email="alice@example.org", notify=False)
    moved = page_cache.current_generation()
    assert moved != generation  # the first change of the window moves the cache at once
    fresh = visit(event.url)[0]
    assert fresh.get("X-Page-Cache") != "hit"
    assert "4" in seats_shown(fresh).group(1)

    services.register_for_event(event, name="Bob", email="bob@example.org", notify=False)
    assert page_cache.current_generation() == moved  # same window: marked pending only
    window[0] += 1
    assert page_cache.current_generation() != moved  # the next window catches up
    caught_up = visit(event.url)[0]
    assert caught_up.get("X-Page-Cache") != "hit"
    assert "3" in seats_shown(caught_up).group(1)


def test_a_placeholder_typed_by_a_visitor_never_becomes_a_token(event):
    _response, tokens, visitor = visit(event.url)
    typed = f"{CSRF_PLACEHOLDER} {FORM_STARTED_PLACEHOLDER}"
    data = {**tokens, "website": "", "name": typed, "email": "x@example.org", "party_size": "1", "needs": typed}
    shown_again = visitor.post(event.url, data)  # no consent: the form comes back
    assert shown_again.status_code == 422
    content = shown_again.content.decode()
    assert content.count(CSRF_PLACEHOLDER) == 2 and content.count(FORM_STARTED_PLACEHOLDER) == 2
    assert set(dict(TOKENS.findall(content))) == {"csrfmiddlewaretoken", "form_started"}
    assert CSRF_PLACEHOLDER not in dict(TOKENS.findall(content)).values()


def test_each_form_of_a_page_gets_its_own_time_token_and_both_share_the_csrf_token(rf):
    """No page has two public forms yet: the middleware is given one directly."""
    from django.http import HttpResponse
    from django.template import Context, Template

    from home.form_tokens import FormTokensMiddleware
    from home.forms import BotProtectionMixin

    class Form(BotProtectionMixin, forms.Form):
        pass

    one_form = Template("{% load site_tags %}<form method=post>{% form_tokens form %}</form>")
    html = "".join(one_form.render(Context({"form": Form()})) for _ in range(2))
    request = rf.get("/")
    response = FormTokensMiddleware(lambda request: HttpResponse(html))(request)
    found = TOKENS.findall(response.content.decode())
    csrf = [value for name, value in found if name == "csrfmiddlewaretoken"]
    started = [value for name, value in found if name == "form_started"]
    assert len(csrf) == 2 and len(set(csrf)) == 1 and CSRF_PLACEHOLDER not in csrf
    assert len(started) == 2 and len(set(started)) == 2 and FORM_STARTED_PLACEHOLDER not in started
