import pytest
from django.core.cache import cache

from roadmap.factories import make_action, make_axis, make_roadmap_page


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
