"""The one smoke test of the roadmap's demo (`roadmap.demo.load()`): it builds a translated
roadmap with proposals, supports and updates, a call for ideas, volunteer missions and the
decisions of the steering committee, once. The features themselves are tested with
factories in the other files."""

import pytest

from follows.models import Follow
from home.models import ContentReport
from roadmap import demo
from roadmap.agenda_models import AgendaItem
from roadmap.call_models import Call, Idea
from roadmap.mission_models import Mission
from roadmap.models import Action, Axis, Proposal, RoadmapPage, Support
from workshops import demo as workshops_demo

pytestmark = pytest.mark.django_db


def test_demo_builds_the_roadmap_and_its_participation_once(client, demo_site):
    workshops_demo.load()  # the calls and missions of the demo prepare its events
    page = demo.load()
    assert page.get_translations().filter(locale__language_code="en", slug="roadmap").exists()
    assert Axis.objects.filter(locale__language_code="fr").count() == 4
    assert Axis.objects.filter(locale__language_code="en").count() == 4
    assert Action.objects.in_default_locale().count() >= 20
    assert {p.status for p in Proposal.objects.all()} == set(Proposal.Status.values)
    assert Proposal.objects.count() == 11  # 9, and 2 before the steering committee
    # Pre-moderation is shown: one proposal waits for review, one report waits in the queue.
    assert Proposal.objects.filter(status="open", publication="pending").count() == 1
    assert ContentReport.objects.filter(outcome="open").count() == 1
    assert Support.objects.filter(confirmed_at__isnull=False).exists()
    assert Action.objects.in_default_locale().filter(updates__isnull=False).distinct().count() >= 10
    # Participation: missions (one full), an open call with ideas and followers, decisions.
    assert Mission.objects.filter(event__isnull=False).exists()
    full = Mission.objects.with_places_taken().get(capacity=3)
    assert full.places_left() == 0
    open_call = Call.objects.get(locale__language_code="fr", results_published_at__isnull=True)
    assert open_call.state() == "open" and open_call.event is not None
    assert Idea.objects.filter(call=open_call, publication="published").count() == 2
    decided = AgendaItem.objects.get(outcome="accepted")
    assert decided.action is not None and decided.minutes is not None
    waiting = AgendaItem.objects.get(idea__isnull=False)
    assert waiting.is_pending and waiting.idea.call == open_call and waiting.minutes is not None
    assert Follow.objects.filter(kind="call", target_id=open_call.pk, confirmed_at__isnull=False).count() == 2

    demo.load()  # idempotent
    assert RoadmapPage.objects.count() == 2 and Proposal.objects.count() == 11
    for url in (
        "/feuille-de-route/",
        f"/feuille-de-route/appels/{open_call.pk}/",
        f"/en/roadmap/appels/{open_call.pk}/",
        f"/feuille-de-route/missions/{full.pk}/",
        f"/feuille-de-route/proposals/{decided.proposal_id}/",
        f"/feuille-de-route/appels/{open_call.pk}/idees/{waiting.idea_id}/",
        decided.minutes.url,
    ):
        assert client.get(url).status_code == 200, url
    assert "Mobilise residents and local actors" in client.get("/en/roadmap/").content.decode()
