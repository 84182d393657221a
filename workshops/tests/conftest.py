from datetime import timedelta

import pytest
from django.utils import timezone

from members.models import Commune
from workshops.factories import agenda, make_event


@pytest.fixture
def index(db):
    return agenda()


@pytest.fixture
def commune(db):
    return Commune.objects.get_or_create(insee_code="49092", defaults={"name": "Chemillé-en-Anjou"})[0]


@pytest.fixture
def citizen_day(index, commune):
    return make_event(
        index,
        title="Journée citoyenne de Chemillé",
        kind="citizen_day",
        commune=commune,
        place_name="Salle des fêtes",
        activities=[("Chantier nature", 10), ("Atelier vélo", 5)],
    )


@pytest.fixture
def remote_workshop(index):
    return make_event(
        index,
        title="Atelier à distance",
        kind="remote_workshop",
        capacity=3,
        video_link="https://visio.example.org/secret-room-4242",
        start=timezone.now() + timedelta(days=5),
    )


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate limits count per IP in the cache: every test starts with a clean slate."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
