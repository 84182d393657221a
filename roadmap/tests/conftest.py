from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from wagtail.models import Locale

from roadmap.call_models import Call
from roadmap.factories import make_action, make_axis, make_roadmap_page
from workshops.factories import agenda, make_event


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # Rate limits live in the cache, shared by every test of the session.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def roadmap_page(home_page):
    english_home = home_page.get_translations().filter(locale__language_code="en").first()
    return make_roadmap_page(home_page, english_home=english_home)


@pytest.fixture
def axis(roadmap_page):
    return make_axis("Structurer la gouvernance", english="Structure the governance")


@pytest.fixture
def action(axis):
    return make_action(axis, "Écrire la charte", english="Write the charter", progress=40)


@pytest.fixture
def staff_user(django_user_model):
    return django_user_model.objects.create_superuser(username="staff", email="staff@example.org", password="pw-12345")


@pytest.fixture
def citizen_day(roadmap_page):
    return make_event(agenda(), title="Journée citoyenne de printemps", activities=[("Accueil", 20)])


@pytest.fixture
def call(citizen_day):
    return Call.objects.create(
        locale=Locale.objects.get(language_code="fr"),
        title="Vos idées pour la journée citoyenne",
        description="Que faire ensemble ce jour-là ?",
        rules="Une idée par personne.",
        deadline=timezone.now() + timedelta(days=10),
        event=citizen_day,
    )
