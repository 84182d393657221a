"""The demo shows a call for ideas with ideas, volunteer missions (one full) and a
proposal decided by the steering committee."""

import pytest

from roadmap import demo
from roadmap.agenda_models import AgendaItem
from roadmap.call_models import Call, Idea
from roadmap.mission_models import Mission

pytestmark = pytest.mark.django_db


def test_demo_shows_calls_missions_and_a_decided_proposal(client, demo_site):
    from workshops import demo as workshops_demo

    workshops_demo.load()
    demo.load()
    assert Mission.objects.filter(event__isnull=False).exists()
    full = Mission.objects.with_places_taken().get(capacity=3)
    assert full.places_left() == 0
    open_call = Call.objects.get(locale__language_code="fr", results_published_at__isnull=True)
    assert open_call.state() == "open" and open_call.event is not None
    assert Idea.objects.filter(call=open_call, publication="published").count() == 2
    decided = AgendaItem.objects.get(outcome="accepted")
    assert decided.action is not None and decided.minutes is not None

    text = client.get(f"/feuille-de-route/appels/{open_call.pk}/").content.decode()
    assert "Un atelier de réparation de vélos" in text
    english = client.get(f"/en/roadmap/appels/{open_call.pk}/").content.decode()
    assert "Your ideas for the next citizen day" in english
    assert "Complet" in client.get(f"/feuille-de-route/missions/{full.pk}/").content.decode()
    proposal_page = client.get(f"/feuille-de-route/proposals/{decided.proposal_id}/").content.decode()
    assert "Acceptée par l’instance" in proposal_page
    assert decided.proposal.title in client.get(decided.minutes.url).content.decode()
    assert client.get(open_call.event.url).status_code == 200
