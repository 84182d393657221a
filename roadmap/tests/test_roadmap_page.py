"""The public roadmap: actions by axis, filters, accessible progress, action page with its
timeline, the RSS feed, the English locale and a constant number of queries."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, Page
from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage
from roadmap import services
from roadmap.factories import make_action, make_axis, make_member
from roadmap.models import Action, Commitment, RoadmapPage

pytestmark = pytest.mark.django_db


class PageRulesTests(WagtailPageTestCase):
    def test_roadmap_lives_under_the_home_page(self):
        self.assertAllowedParentPageTypes(RoadmapPage, {HomePage})
        self.assertAllowedSubpageTypes(RoadmapPage, set())
        self.assertCanNotCreateAt(Page, RoadmapPage)


def test_actions_are_grouped_by_axis_with_accessible_progress(client, axis, action):
    other_axis = make_axis("Mobiliser les habitants", english="Mobilise residents")
    make_action(other_axis, "Des cafés citoyens", status=Action.Status.IN_PROGRESS, progress=75)
    response = client.get("/feuille-de-route/")
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        html.index("Structurer la gouvernance") < html.index("Écrire la charte") < html.index("Mobiliser les habitants")
    )
    assert 'role="progressbar"' in html
    assert 'aria-valuenow="75"' in html and 'aria-valuenow="40"' in html
    assert "75" in html.split('aria-valuenow="75"')[1].split("</div>\n</div>")[0]  # the percentage as text


def test_filters_by_status_and_member(client, axis, action):
    member = make_member("Commune de Baugé")
    led = make_action(axis, "Action menée", lead_member=member, status=Action.Status.DONE)
    helped = make_action(axis, "Action aidée")
    helped.contributing_members.add(member)
    html = client.get("/feuille-de-route/", {"status": "done"}).content.decode()
    assert "Action menée" in html and "Écrire la charte" not in html and "Action aidée" not in html
    html = client.get("/feuille-de-route/", {"member": member.pk}).content.decode()
    assert "Action menée" in html and "Action aidée" in html and "Écrire la charte" not in html
    # Each card names the member leading the action, and those taking part.
    cards = html.split('class="card h-100 roadmap-action-card"')[1:]
    led_card = next(card for card in cards if "Action menée" in card)
    helped_card = next(card for card in cards if "Action aidée" in card)
    assert "Pilotée par Commune de Baugé" in " ".join(led_card.split())
    assert "Pilotée par" not in helped_card and "Commune de Baugé" in helped_card
    # Odd values are ignored, never a 500.
    for params in (
        {"status": "nope"},
        {"member": "abc"},
        {"member": "999999"},
        {"member": str(2**70)},
        {"member": "-1"},
    ):
        response = client.get("/feuille-de-route/", params)
        assert response.status_code == 200
        assert "Écrire la charte" in response.content.decode()
    assert led.pk


def _member_options(html):
    select = html.split('id="filter-member"', 1)[1].split("</select>", 1)[0]
    return re.findall(r'<option value="(\d*)"( selected)?>([^<]*)</option>', select)


def test_the_member_filter_follows_the_actions_and_marks_the_chosen_member(client, axis, action):
    """The filter's list is a fragment kept on the page cache's generation: a new lead
    member shows at once, and the chosen member is marked in the page of that choice."""
    first = make_member("Commune de Baugé")
    make_action(axis, "Action menée", lead_member=first)
    assert [
        label for _value, _selected, label in _member_options(client.get("/feuille-de-route/").content.decode())
    ] == [
        "Tous les membres",
        "Commune de Baugé",
    ]
    second = make_member("Association Écrire ensemble")
    helped = make_action(axis, "Action aidée")
    helped.contributing_members.add(second)
    options = _member_options(client.get("/feuille-de-route/").content.decode())
    assert [label for _value, _selected, label in options] == [
        "Tous les membres",
        "Association Écrire ensemble",
        "Commune de Baugé",
    ]
    assert [value for value, selected, _label in options if selected] == [""]
    options = _member_options(client.get("/feuille-de-route/", {"member": second.pk}).content.decode())
    assert [value for value, selected, _label in options if selected] == [str(second.pk)]
    english = client.get("/en/roadmap/", {"member": first.pk}).content.decode()
    assert _member_options(english)[0][2] == "All members"


def test_action_page_shows_owners_commitments_timeline_and_supports(client, action):
    lead = make_member("Ligue de l'enseignement")
    helper = make_member("Commune de Segré")
    action.lead_member = lead
    action.save()
    action.contributing_members.add(helper)
    Commitment.objects.create(action=action, member=helper, kind="room", description="Une salle de 50 places")
    Commitment.objects.create(action=action, member=lead, kind="funding", description="Secret", hidden=True)
    services.add_update(action, "Premier atelier d'écriture.", progress=20)
    services.add_update(action, "Version soumise au comité.", status=Action.Status.IN_PROGRESS)
    html = client.get(f"/feuille-de-route/actions/{action.pk}/").content.decode()
    for text in (
        "Ligue de l&#x27;enseignement",
        "Commune de Segré",
        "Une salle de 50 places",
        "Premier atelier",
        "Version soumise",
    ):
        assert text in html
    assert "Secret" not in html
    assert html.index("Version soumise") < html.index("Premier atelier")  # newest first


def test_unknown_action_is_a_404(client, roadmap_page):
    assert client.get("/feuille-de-route/actions/999999/").status_code == 404


def test_translated_row_is_not_an_action_page(client, action):
    english = action.get_translation(Locale.objects.get(language_code="en"))
    assert client.get(f"/feuille-de-route/actions/{english.pk}/").status_code == 404


def test_rss_feed_of_updates(client, action):
    services.add_update(action, "La charte est publiée.", progress=100)
    response = client.get("/feuille-de-route/updates/rss/")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 — our own feed
    items = root.findall("./channel/item")
    assert items[0].find("title").text == "Écrire la charte"
    assert items[0].find("description").text == "La charte est publiée."
    english = ET.fromstring(client.get("/en/roadmap/updates/rss/").content)  # noqa: S314
    assert english.findall("./channel/item")[0].find("title").text == "Write the charter"


def test_english_locale(client, action):
    response = client.get("/en/roadmap/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Structure the governance" in html and "Write the charter" in html
    assert "Écrire la charte" not in html
    html = client.get(f"/en/roadmap/actions/{action.pk}/").content.decode()
    assert "Write the charter" in html and "A description." in html
    assert client.get("/en/roadmap/proposals/").status_code == 200
    assert client.get("/en/roadmap/propose/").status_code == 200


def test_english_proposal_gets_english_mail_and_links(client, axis):
    from django.core import mail

    from roadmap.factories import bot_fields

    client.post(
        "/en/roadmap/propose/",
        {
            "axis": axis.pk,
            "title": "Youth councils",
            "description": "Help communes.",
            "name": "Sam",
            "email": "sam@example.org",
            "consent": "on",
            **bot_fields(),
        },
    )
    message = mail.outbox[0]
    assert "/en/roadmap/confirm-proposal/" in message.body
    assert message.subject == "Confirm your proposal for the network's roadmap"


def _roadmap_queries(client, count):
    axes = [make_axis(f"Axe {i}") for i in range(3)]
    members = [make_member() for _ in range(3)]
    start = Action.objects.count()
    for i in range(count - start):
        action = make_action(axes[i % 3], f"Action {i}", lead_member=members[i % 3], progress=i % 100)
        action.contributing_members.add(members[(i + 1) % 3])
        services.support(action=action, member=members[(i + 2) % 3])
    assert Action.objects.in_default_locale().count() == count
    client.get("/feuille-de-route/")  # warm the per-process caches (site root, locales)
    client.get("/en/roadmap/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/feuille-de-route/")
    assert response.status_code == 200
    with CaptureQueriesContext(connection) as english_queries:
        assert client.get("/en/roadmap/").status_code == 200
    return len(queries), len(english_queries)


def test_roadmap_query_count_does_not_grow_with_actions(client, roadmap_page, settings):
    # One live-figures window for the whole test: a support's pending change must not move
    # the page cache's generation (and with it the member filter's fragment) between the
    # warm-up and the counted request when a 2-s window ends in between.
    settings.PAGE_CACHE_FIGURES_SECONDS = 10**9
    few = _roadmap_queries(client, 5)
    many = _roadmap_queries(client, 50)
    assert few == many
    assert many[0] <= 12  # the budget of a page in French (README, "Benchmark"); English adds the translations


def _action_page_queries(client, action, count):
    """The queries of an action's page once it has `count` contributors, supports,
    commitments and updates."""
    for _ in range(count - action.commitments.count()):
        member = make_member()
        action.contributing_members.add(member)
        services.support(action=action, member=member)
        services.commit(member, action, Commitment.Kind.ROOM, "Une salle")
        services.add_update(action, "Un point d'étape.", notify=False)
    url = f"/feuille-de-route/actions/{action.pk}/"
    client.get(url)  # warm the per-process caches (site root, locales)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200 and response.context["support_count"] == count
    return len(queries)


def test_action_page_query_count_does_not_grow(client, action):
    few = _action_page_queries(client, action, 5)
    many = _action_page_queries(client, action, 50)
    assert few == many
    assert many <= 12


def test_proposals_page_query_count_does_not_grow(client, axis):
    def measure(n):
        for i in range(n):
            proposal = services.propose(axis=axis, title=f"P{i}", description="x", member=make_member())
            if i % 3 == 1:
                services.accept_proposal(proposal)
            elif i % 3 == 2:
                services.decline_proposal(proposal, "Non")
        client.get("/feuille-de-route/proposals/")
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/feuille-de-route/proposals/").status_code == 200
        return len(queries)

    assert measure(5) == measure(45)


def test_action_page_shows_linked_events_in_the_visitors_language(client, action, home_page):
    from workshops.factories import agenda, english, make_event

    event = make_event(agenda(home_page), title="Journée citoyenne à Segré")
    draft = make_event(agenda(home_page), title="Brouillon", slug="brouillon", publish=False, live=False)
    translated = event.copy_for_translation(english(), copy_parents=True)
    translated.title = "Citizen day in Segré"
    translated.save_revision().publish()
    action.events.add(event, draft)
    html = client.get(f"/feuille-de-route/actions/{action.pk}/").content.decode()
    assert "Journée citoyenne à Segré" in html and event.url in html
    assert "Brouillon" not in html
    html = client.get(f"/en/roadmap/actions/{action.pk}/").content.decode()
    assert "Citizen day in Segré" in html


def test_sitemap_lists_action_pages_in_both_languages(client, action):
    xml = client.get("/sitemap.xml").content.decode()
    assert f"/feuille-de-route/actions/{action.pk}/</loc>" in xml
    assert f"/en/roadmap/actions/{action.pk}/</loc>" in xml
    assert "/feuille-de-route/propositions/</loc>" in xml


def test_the_roadmap_shows_its_actions_a_page_at_a_time(client, roadmap_page):
    from roadmap.queries import ACTIONS_PER_PAGE

    _roadmap_queries(client, ACTIONS_PER_PAGE + 5)
    first = client.get("/feuille-de-route/")
    assert len(first.context["page_obj"].object_list) == ACTIONS_PER_PAGE
    assert 'page=2"' in first.content.decode()
    second = client.get("/feuille-de-route/?page=2")
    assert len(second.context["page_obj"].object_list) == 5
    assert client.get("/feuille-de-route/?page=999").context["page_obj"].number == 2
    assert client.get("/feuille-de-route/?page=abc").status_code == 200
