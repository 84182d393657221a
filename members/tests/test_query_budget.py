"""The directory and a member's profile cost a small, constant number of SQL queries,
whether they show 5 or 50 items (members, themes, people, alliances)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.page_cache import clear_page_cache
from members.reference import load_default_communes

from .factories import make_alliance, make_directory, make_member, make_people_directory, make_person, make_theme

pytestmark = pytest.mark.django_db

BUDGET = 12
# A member's profile: Wagtail's serving of a page (site, locale, the route's pages; view
# restrictions come from the cache) and the member with its themes. The sections of the
# other apps are Wagtail's fragment cache, kept as long as the cached page would be (the
# page cache's generation); when it misses (FRESH_BUDGET) they add members' own reads (its
# people, their tags, its alliances: 3), the roadmap's actions and commitments (2), the
# practices and their tags (2) and the events it hosts (3).
FRESH_BUDGET = 19


def count_queries(client, url, fresh=False):
    client.get(url)  # warm the caches (site root paths, directory URLs, layout)
    if fresh:
        clear_page_cache(layout=False)  # what a change of content does: the fragments miss
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), context


@pytest.fixture
def site(db):
    load_default_communes()
    make_directory()
    make_people_directory()
    return [make_theme(f"theme-{n}", f"Thème {n}", english=f"Theme {n}") for n in range(50)]


def grow_profile(member, partners, themes, start, stop):
    member.themes.add(*themes[start:stop])
    for partner in partners[start:stop]:
        make_alliance(member, partner)
        make_person(member, themes=themes[:3])


def test_a_members_profile_costs_the_same_few_queries_with_5_or_50_people_alliances_and_themes(client, site):
    from members.models import Commune

    communes = list(Commune.objects.order_by("insee_code")[:51])
    member = make_member(communes[0].name, description="Une commune active")
    partners = [make_member(commune.name) for commune in communes[1:]]
    url = member.get_absolute_url()
    grow_profile(member, partners, site, 0, 5)
    small, _context = count_queries(client, url)
    small_fresh, _context = count_queries(client, url, fresh=True)
    grow_profile(member, partners, site, 5, 50)
    large, context = count_queries(client, url)
    html = client.get(url).content.decode()
    assert html.count('href="/personnes-ressources/') >= 50 and partners[49].name in html
    assert large == small, "\n".join(q["sql"] for q in context.captured_queries)
    assert large <= BUDGET, "\n".join(q["sql"] for q in context.captured_queries)
    large_fresh, context = count_queries(client, url, fresh=True)
    assert large_fresh == small_fresh, "\n".join(q["sql"] for q in context.captured_queries)
    assert large_fresh <= FRESH_BUDGET, "\n".join(q["sql"] for q in context.captured_queries)


def test_a_change_of_a_members_people_or_alliances_shows_at_once_on_its_profile(client, site):
    from members.models import Commune

    angers, cholet = Commune.objects.order_by("insee_code")[:2]
    member = make_member(angers.name)
    url = member.get_absolute_url()
    assert "Camille Martin" not in client.get(url).content.decode()
    make_person(member, name="Camille Martin")
    assert "Camille Martin" in client.get(url).content.decode()
    partner = make_member(cholet.name)
    make_alliance(member, partner)
    assert partner.name in client.get(url).content.decode()


def test_the_directory_costs_the_same_few_queries_with_5_or_50_members(client, site):
    from members.models import Commune

    communes = list(Commune.objects.order_by("insee_code")[:50])

    def add(start, stop):
        for index in range(start, stop):
            make_member(communes[index].name).themes.set(site[: 1 + index % 3])

    add(0, 5)
    small, _context = count_queries(client, "/annuaire/")
    add(5, 50)
    large, context = count_queries(client, "/annuaire/")
    assert large == small
    assert large <= BUDGET, "\n".join(q["sql"] for q in context.captured_queries)
