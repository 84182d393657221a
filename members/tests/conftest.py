import time

import pytest
from django.core import signing
from django.core.cache import cache

from home.forms import FORM_TOKEN_SALT
from members.models import Commune
from members.reference import load_default_communes

from .factories import make_directory


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def communes(db):
    load_default_communes()
    return {commune.insee_code: commune for commune in Commune.objects.all()}


@pytest.fixture
def directory(communes):
    """The directory page in French (/annuaire/) and its English translation (/en/directory/)."""
    return make_directory()


def form_token():
    return signing.dumps(time.time() - 10, salt=FORM_TOKEN_SALT)


def application_data(**overrides):
    data = {
        "kind": "commune",
        "name": "Angers",
        "insee_code": "49007",
        "siren": "",
        "rna": "",
        "seat_commune": "",
        "address": "Boulevard de la Résistance\n49000 Angers",
        "homepage": "https://www.angers.example/",
        "description": "Une ville qui associe ses habitants.",
        "public_email": "participation@angers.example",
        "contact_name": "Camille Martin",
        "contact_role": "Adjointe",
        "contact_email": "camille@angers.example",
        "contact_phone": "02 41 00 00 00",
        "accept_charter": "on",
        "accept_privacy": "on",
        "website_hp": "",
        "form_started": form_token(),
    }
    data.pop("website_hp")
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
