import pytest
from django.core.cache import cache

from members.models import Commune
from roadmap.factories import make_action, make_axis, make_roadmap_page
from workshops.factories import agenda


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def roadmap_page(home_page, english_home):
    return make_roadmap_page(home_page, english_home=english_home)


@pytest.fixture
def axis(roadmap_page):
    return make_axis("Structurer la gouvernance", english="Structure the governance")


@pytest.fixture
def action(axis):
    return make_action(axis, "Écrire la charte", english="Write the charter", progress=40)


@pytest.fixture
def index(home_page):
    return agenda(home_page)


@pytest.fixture
def commune(db):
    return Commune.objects.get_or_create(
        insee_code="49092", defaults={"name": "Chemillé-en-Anjou", "intercommunality": "CA Mauges"}
    )[0]


@pytest.fixture
def other_commune(db):
    return Commune.objects.get_or_create(insee_code="49007", defaults={"name": "Angers"})[0]


@pytest.fixture
def staff_user(django_user_model):
    return django_user_model.objects.create_superuser(username="staff", email="staff@example.org", password="pw-12345")
