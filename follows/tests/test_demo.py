import pytest

from follows import demo
from follows.models import Delivery, Follow, NewsletterPage, Subscriber

pytestmark = pytest.mark.django_db


def test_demo_shows_follows_and_a_past_newsletter(client, demo_site, action, index, commune):
    from workshops.factories import make_event

    make_event(index, title="Journée", commune=commune)
    demo.load()
    assert Follow.objects.filter(kind="action", target_id=action.pk).exists()
    assert Follow.objects.filter(kind="agenda", commune=commune).exists()
    assert Subscriber.objects.filter(newsletter=True).count() == 2
    assert Delivery.objects.filter(kind="newsletter").exists()
    sent = NewsletterPage.objects.get(locale__language_code="fr", state="sent")
    assert "Lettre n° 1" in client.get("/lettre-du-reseau/").content.decode()
    assert "Newsletter no. 1" in client.get("/en/newsletter/").content.decode()
    assert client.get(sent.url).status_code == 200
    draft = NewsletterPage.objects.get(locale__language_code="fr", state="draft")
    assert not draft.live
    demo.load()  # idempotent
    assert NewsletterPage.objects.filter(locale__language_code="fr").count() == 2
