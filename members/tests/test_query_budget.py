"""The directory and a member's profile cost a small, constant number of SQL queries,
whether they show 5 or 50 items (members, themes, people, alliances)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.reference import load_default_communes

from .factories import make_alliance, make_directory, make_member, make_people_directory, make_person, make_theme

pytestmark = pytest.mark.django_db

BUDGET = 12
# A member's profile: Wagtail's serving of a page (site, locale, the route's pages, view
# restrictions: 7 queries, as any page), members' own reads (the member, its themes, its
# people, their tags, its alliances: 5) and the sections of the other apps (the roadmap's
# commitments: 2, the practices: 3). Members' part was 9 (a query per relation of people).
PROFILE_BUDGET = 17


def count_queries(client, url):
    client.get(url)  # warm the caches (site root paths, directory URLs, layout)
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
    small, context = count_queries(client, url)
    grow_profile(member, partners, site, 5, 50)
    large, context = count_queries(client, url)
    html = client.get(url).content.decode()
    assert html.count('href="/personnes-ressources/') >= 50 and partners[49].name in html
    assert large == small, "\n".join(q["sql"] for q in context.captured_queries)
    assert large <= PROFILE_BUDGET, "\n".join(q["sql"] for q in context.captured_queries)


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
