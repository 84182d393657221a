"""Languages (switcher, fallback), search, and the shared form and e-mail helpers."""

import re

import pytest
from django.core import mail, signing

from home.models import ContentPage, HomePage
from home.tests.factories import make_governance_body, make_network_section
from roadmap.factories import make_minutes
from tests.factories import EMAIL_SENDER, STAFF_EMAIL
from tests.factories import news_index as make_news_index


def switcher_links(content):
    block = re.search(r'<ul class="list-inline mb-0 language-switcher">(.*?)</ul>', content, re.S).group(1)
    return dict(re.findall(r'<a href="([^"]+)" hreflang="(\w+)"', block)[i][::-1] for i in range(block.count("<a ")))


@pytest.fixture
def network_section(home_page):
    """/le-reseau/ and its charter, in French and English."""
    return make_network_section()


@pytest.mark.django_db
def test_switcher_links_a_page_to_its_translation(client, network_section):
    french = client.get("/le-reseau/charte/").content.decode()
    assert switcher_links(french) == {"en": "/en/the-network/charter/"}
    english = client.get("/en/the-network/charter/").content.decode()
    assert switcher_links(english) == {"fr": "/le-reseau/charte/"}


@pytest.mark.django_db
def test_switcher_falls_back_to_the_english_home_page(client, home_page):
    minutes = make_minutes(make_governance_body())
    assert not minutes.get_translations().exists()
    content = client.get(minutes.url).content.decode()
    assert switcher_links(content) == {"en": "/en/"}


@pytest.mark.django_db
def test_switcher_on_a_view_that_is_not_a_page_keeps_the_path(client, network_section):
    content = client.get("/search/", {"q": "charte"}).content.decode()
    assert switcher_links(content)["en"].startswith("/en/search/")


@pytest.mark.django_db
def test_switcher_hides_a_language_without_a_live_home_page(client, network_section):
    HomePage.objects.get(locale__language_code="en").unpublish()
    content = client.get("/le-reseau/charte/").content.decode()
    assert switcher_links(content) == {}


@pytest.mark.django_db
def test_locale_without_live_home_page_sends_visitors_to_french(client, network_section):
    HomePage.objects.get(locale__language_code="en").unpublish()
    response = client.get("/en/the-network/charter/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.django_db
def test_english_home_page_served_when_live(client, home_page):
    response = client.get("/en/")
    assert response.status_code == 200
    assert response.context["page"].locale.language_code == "en"


@pytest.mark.django_db
def test_search_finds_pages_of_the_current_language(client, network_section):
    french = client.get("/search/", {"q": "charte"})
    assert french.status_code == 200
    titles = [page.title for page in french.context["results_page"]]
    assert "Charte du réseau" in titles
    english = client.get("/en/search/", {"q": "charter"})
    titles = [page.title for page in english.context["results_page"]]
    assert "Network charter" in titles
    assert all(page.locale.language_code == "en" for page in english.context["results_page"])


@pytest.mark.django_db
def test_search_results_are_paginated(client, home_page):
    home = HomePage.objects.get(locale__language_code="fr")
    for number in range(12):
        home.add_child(instance=ContentPage(title=f"Atelier pagination {number}", slug=f"pagination-{number}"))
    first = client.get("/search/", {"q": "pagination"})
    second = client.get("/search/", {"q": "pagination", "page": "2"})
    assert first.context["results_page"].paginator.count == 12
    assert len(first.context["results_page"]) == 10
    assert len(second.context["results_page"]) == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "x" * 100_000,
        "\x00\x01\x02 charte \x1b[31m",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "日本語 🎉 ñ",
        '"unbalanced AND (OR NOT',
        "*",
        "   ",
    ],
)
def test_odd_search_queries_never_fail(client, home_page, query):
    response = client.get("/search/", {"q": query, "page": "-3"})
    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content


@pytest.mark.django_db
def test_search_with_repeated_or_missing_parameters(client, home_page):
    assert client.get("/search/?q=a&q=b&page=x&page=2").status_code == 200
    assert client.get("/search/").status_code == 200
    assert client.post("/search/", {"q": "charte"}).status_code == 405


# --- Bot protection of public forms ----------------------------------------------------


class ContactForm:
    """A throwaway form built on the mixin, as the apps do."""


def make_form(data=None):
    from django import forms

    from home.forms import BotProtectionMixin

    class SampleForm(BotProtectionMixin, forms.Form):
        name = forms.CharField()

    return SampleForm(data=data)


def valid_data(**overrides):
    data = {"name": "Camille", "website": "", "form_started": make_form().initial["form_started"]}
    data.update(overrides)
    return data


def test_bot_protection_accepts_a_person(settings):
    settings.FORM_MIN_FILL_SECONDS = 0
    assert make_form(valid_data()).is_valid()


def test_bot_protection_refuses_a_filled_honeypot(settings):
    settings.FORM_MIN_FILL_SECONDS = 0
    form = make_form(valid_data(website="http://spam.example"))
    assert not form.is_valid()
    assert form.non_field_errors().as_data()[0].code == "honeypot"


def test_bot_protection_refuses_a_tampered_or_missing_token(settings):
    settings.FORM_MIN_FILL_SECONDS = 0
    for token in ["", "garbage", signing.dumps(0, salt="another.salt"), valid_data()["form_started"] + "x"]:
        form = make_form(valid_data(form_started=token))
        assert not form.is_valid()
        assert form.non_field_errors().as_data()[0].code == "token"


def test_bot_protection_refuses_a_form_sent_too_quickly(settings):
    settings.FORM_MIN_FILL_SECONDS = 60
    form = make_form(valid_data())
    assert not form.is_valid()
    assert form.non_field_errors().as_data()[0].code == "too_fast"


def test_bot_protection_refuses_an_expired_form(settings, monkeypatch):
    import time

    settings.FORM_MIN_FILL_SECONDS = 0
    data = valid_data()
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 2 * 24 * 3600)
    form = make_form(data)
    assert not form.is_valid()
    assert form.non_field_errors().as_data()[0].code == "expired"


def test_redisplayed_form_keeps_answers_and_gets_a_fresh_token(settings):
    settings.FORM_MIN_FILL_SECONDS = 0
    form = make_form(valid_data(form_started="garbage"))
    assert not form.is_valid()
    assert form.data["name"] == "Camille"
    assert form.data["form_started"] != "garbage"
    assert make_form({**form.data}).is_valid()


# --- E-mails -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_templated_email_is_rendered_in_the_recipients_language(home_page, tmp_path, settings):
    from home.emails import send_templated_email

    (tmp_path / "emails").mkdir()
    (tmp_path / "emails" / "hello_subject.txt").write_text("{% load i18n %}{% translate 'Search' %}")
    (tmp_path / "emails" / "hello.txt").write_text("{% load i18n %}{% translate 'Next' %} {{ name }}")
    (tmp_path / "emails" / "hello.html").write_text("{% load i18n %}<p>{% translate 'Next' %} {{ name }}</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]

    send_templated_email("emails/hello", {"name": "<Camille>"}, ["camille@example.org"], language="fr")
    send_templated_email("emails/hello", {"name": "Sam"}, ["sam@example.org"], language="en")

    french, english = mail.outbox
    assert french.subject == "Rechercher"
    assert french.body == "Suivante <Camille>"
    assert french.alternatives[0][0] == "<p>Suivante &lt;Camille&gt;</p>"
    assert french.from_email == EMAIL_SENDER  # the base site's NetworkSettings
    assert english.subject == "Search"
    assert english.to == ["sam@example.org"]


@pytest.mark.django_db
def test_staff_recipients_come_from_site_settings(home_page):
    from home.emails import staff_recipients

    assert staff_recipients() == [STAFF_EMAIL]  # the base site's NetworkSettings


@pytest.mark.django_db
def test_switcher_keeps_the_sub_route_of_a_routable_page(rf, home_page):
    from django.template import Context, Template

    news_index = make_news_index()
    request = rf.get("/actualites/rss/", {"page": "2"})
    html = Template("{% load site_tags %}{% language_switcher %}").render(
        Context({"request": request, "page": news_index})
    )
    assert switcher_links(html) == {"en": "/en/news/rss/?page=2"}
