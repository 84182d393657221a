import pytest

from roadmap import demo
from roadmap.models import Action, Axis, Proposal, RoadmapPage, Support

pytestmark = pytest.mark.django_db


def test_demo_builds_a_translated_roadmap_once(client, demo_site):
    page = demo.load()
    assert page.get_translations().filter(locale__language_code="en", slug="roadmap").exists()
    assert Axis.objects.filter(locale__language_code="fr").count() == 4
    assert Axis.objects.filter(locale__language_code="en").count() == 4
    assert Action.objects.in_default_locale().count() >= 20
    assert {p.status for p in Proposal.objects.all()} == set(Proposal.Status.values)
    assert Proposal.objects.count() == 11  # 9, and 2 before the steering committee (participation demo)
    # Pre-moderation is shown: one proposal waits for review, one report waits in the queue.
    from home.models import ContentReport

    assert Proposal.objects.filter(status="open", publication="pending").count() == 1
    assert ContentReport.objects.filter(outcome="open").count() == 1
    assert Support.objects.filter(confirmed_at__isnull=False).exists()
    assert Action.objects.in_default_locale().filter(updates__isnull=False).distinct().count() >= 10
    demo.load()
    assert RoadmapPage.objects.count() == 2 and Proposal.objects.count() == 11
    assert client.get("/feuille-de-route/").status_code == 200
    html = client.get("/en/roadmap/").content.decode()
    assert "Mobilise residents and local actors" in html
