import pytest
from django.core.cache import cache

from members.reference import load_default_communes

from .factories import make_framework, make_member, make_pages, make_representative


@pytest.fixture
def network(home_page):
    """Communes, the pages in French and English, a small framework, and two approved
    members (Angers, Cholet) with a representative each."""
    load_default_communes()
    pages = make_pages(home_page)
    competencies = make_framework()
    angers = make_member("Angers")
    cholet = make_member("Cholet")
    cache.clear()

    class Network:
        pass

    network = Network()
    network.pages = pages
    network.competencies = competencies
    network.angers = angers
    network.cholet = cholet
    network.angers_rep = make_representative(angers)
    network.cholet_rep = make_representative(cholet)
    return network
