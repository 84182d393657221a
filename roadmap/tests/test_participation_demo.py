"""The demo shows a call for ideas with ideas, volunteer missions (one full) and a
proposal decided by the steering committee."""

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

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


def test_demo_shows_an_idea_before_the_committee_and_a_followed_call(client, demo_site):
    from follows.models import Follow
    from workshops import demo as workshops_demo

    workshops_demo.load()
    demo.load()
    open_call = Call.objects.get(locale__language_code="fr", results_published_at__isnull=True)
    waiting = AgendaItem.objects.get(idea__isnull=False)
    assert waiting.is_pending and waiting.idea.call == open_call
    assert "pilotage" in waiting.body.name
    assert waiting.supports_when_added >= 5
    follows = Follow.objects.filter(kind="call", target_id=open_call.pk, confirmed_at__isnull=False)
    assert follows.count() == 2 and all(f.subscriber.is_confirmed for f in follows)
    idea_page = client.get(f"/feuille-de-route/appels/{open_call.pk}/idees/{waiting.idea_id}/").content.decode()
    assert "Devant l’instance" in idea_page and f"/suivre/idea/?id={waiting.idea_id}" in idea_page
    assert f"/en/follow/call/?id={open_call.pk}" in client.get(f"/en/roadmap/appels/{open_call.pk}/").content.decode()
    # It waits on the minutes page staff prepared for the committee's next meeting, with
    # the waiting proposal; its agenda shows both once the meeting is published.
    minutes = waiting.minutes
    assert minutes is not None and not minutes.live and minutes.date > timezone.localdate()
    proposal_item = AgendaItem.objects.get(proposal__isnull=False, outcome="pending")
    assert proposal_item.minutes == minutes
    with translation.override("fr"):
        assert date_format(minutes.date, "DATE_FORMAT") in idea_page
    minutes.save_revision().publish()
    text = client.get(minutes.url).content.decode()
    assert waiting.idea.title in text and proposal_item.proposal.title in text
