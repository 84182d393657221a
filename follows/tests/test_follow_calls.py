"""Following a call for ideas, or one of its ideas, by e-mail without an account: the
"Suivre" buttons, the double opt-in, the results and decisions at once (one e-mail per
person and decision), the call's new ideas in the weekly digest (never twice)."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from wagtail.models import Locale

from follows import digest
from follows.factories import make_follow, make_subscriber
from follows.models import Delivery, Follow
from follows.tests.test_notices_and_digest import assert_one_click_unsubscribe
from home import contributions
from home.tests.factories import make_governance_body
from roadmap.call_models import Call
from roadmap.factories import bot_fields
from roadmap.services import calls

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(roadmap_page):
    call = Call.objects.create(
        locale=Locale.objects.get(language_code="fr"),
        title="Vos idées pour le quartier",
        description="Que faire ensemble ?",
        deadline=timezone.now() + timedelta(days=10),
    )
    english = call.copy_for_translation(Locale.objects.get(language_code="en"))
    english.title = "Your ideas for the neighbourhood"
    english.save()
    return call


def published_idea(call, number=1, *, notify=True):
    idea = calls.submit_idea(
        call,
        title=f"Un jardin partagé {number}",
        description="Derrière l'école.",
        name="Yanis",
        email=f"auteur{number}@example.org",
        notify=notify,
    )
    calls.confirm_idea(calls.services.make_token(idea, calls.IDEA_SALT))
    return contributions.publish(idea)


def close(call):
    Call.objects.filter(pk=call.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    call.refresh_from_db()


def confirm_link(message):
    return re.search(r"https?://\S+/(?:suivre/confirmation|follow/confirm)/\S+/", message.body).group(0)


def path_of(url):
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_follow_a_call_confirm_then_one_e_mail_when_its_results_are_published(client, call, axis, language):
    prefix = "/feuille-de-route" if language == "fr" else "/en/roadmap"
    follow_path = "/suivre/call/" if language == "fr" else "/en/follow/call/"
    page = client.get(f"{prefix}/appels/{call.pk}/").content.decode()
    assert f'href="{follow_path}?id={call.pk}"' in page  # the "Suivre" button

    form = client.get(f"{follow_path}?id={call.pk}")
    title = "Vos idées pour le quartier" if language == "fr" else "Your ideas for the neighbourhood"
    assert form.status_code == 200 and title in form.content.decode()
    response = client.post(follow_path, {"id": call.pk, "email": "Alice@Example.org", "consent": "on", **bot_fields()})
    assert response.status_code == 200
    follow = Follow.objects.get()
    assert follow.kind == "call" and follow.target_id == call.pk and follow.confirmed_at is None
    assert len(mail.outbox) == 1
    assert client.get(path_of(confirm_link(mail.outbox[0]))).status_code == 200
    follow.refresh_from_db()
    assert follow.confirmed_at is not None

    # The personal page names the call.
    from follows import services

    manage = client.get(services.manage_path(follow.subscriber)).content.decode()
    assert title in manage

    selected, other = published_idea(call, 1), published_idea(call, 2)
    close(call)
    calls.select(selected, "Réalisable et très soutenue.", axis=axis)
    calls.not_select(other, "Déjà fait ailleurs.")
    mail.outbox.clear()
    calls.publish_results(call)

    notices = [message for message in mail.outbox if message.to == ["alice@example.org"]]
    assert len(notices) == 1
    mime, text, _html = assert_one_click_unsubscribe(notices[0])
    if language == "fr":
        assert "Résultats de l’appel" in mime["Subject"] and "Vos idées pour le quartier" in mime["Subject"]
        assert "Idées retenues" in text
    else:
        assert "Results of the call: Your ideas for the neighbourhood" in mime["Subject"]
        assert "Selected ideas" in text
    assert "Un jardin partagé 1" in text and "Un jardin partagé 2" not in text
    assert Delivery.objects.filter(email="alice@example.org", kind="notice").count() == 1
    # A call whose results are out can no longer be followed; its page has no button.
    assert client.get(f"{follow_path}?id={call.pk}").status_code == 404
    assert follow_path not in client.get(f"{prefix}/appels/{call.pk}/").content.decode()


def test_one_e_mail_per_person_and_decision(call, axis):
    """A supporter who asked for news and follows the idea and the call, and the idea's
    author who follows the call, each get the roadmap's own e-mail only."""
    idea = published_idea(call)
    support, _needs = calls.support_idea(idea, email="sam@example.org", notify=True)
    calls.confirm_idea_support(calls.services.make_token(support, calls.IDEA_SUPPORT_SALT))
    sam = make_subscriber("sam@example.org")
    make_follow(sam, Follow.Kind.IDEA, idea.pk)
    make_follow(sam, Follow.Kind.CALL, call.pk)
    make_follow(make_subscriber("auteur1@example.org"), Follow.Kind.CALL, call.pk)
    make_follow(make_subscriber("idea-only@example.org", language="en"), Follow.Kind.IDEA, idea.pk)
    close(call)
    mail.outbox.clear()

    calls.select(idea, "Très soutenue.", axis=axis)
    # At once: the follower of the idea; not sam, who hears with the results.
    [notice] = mail.outbox
    assert notice.to == ["idea-only@example.org"] and "Idea selected: Un jardin partagé 1" in notice.subject
    mail.outbox.clear()

    calls.publish_results(call)
    by_address = {}
    for message in mail.outbox:
        by_address.setdefault(message.to[0], []).append(message)
    assert sorted(by_address) == ["auteur1@example.org", "sam@example.org"]
    assert all(len(messages) == 1 for messages in by_address.values())


def test_the_bodys_decision_on_a_followed_idea_is_told_once(call, axis):
    from roadmap.agenda_models import AgendaItem
    from roadmap.services import agenda

    idea = published_idea(call)
    support, _needs = calls.support_idea(idea, email="sam@example.org", notify=True)
    calls.confirm_idea_support(calls.services.make_token(support, calls.IDEA_SUPPORT_SALT))
    make_follow(make_subscriber("sam@example.org"), Follow.Kind.IDEA, idea.pk)
    make_follow(make_subscriber("fan@example.org", language="en"), Follow.Kind.IDEA, idea.pk)
    make_governance_body("Comité de pilotage")  # the body that decides
    item = agenda.put_on_agenda(idea)
    assert isinstance(item, AgendaItem)
    mail.outbox.clear()

    agenda.record_decision(item, "declined", reason="Le terrain n'est pas disponible.")
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == ["auteur1@example.org", "fan@example.org", "sam@example.org"]
    fan = next(message for message in mail.outbox if message.to == ["fan@example.org"])
    assert "Idea not selected" in fan.subject and "Le terrain n'est pas disponible." in fan.body


def test_the_digest_lists_the_new_ideas_of_a_followed_call_once(call):
    week_ago = timezone.now() - timedelta(days=7)
    french = make_subscriber("fr@example.org", digest_sent_until=week_ago)
    english = make_subscriber("en@example.org", language="en", digest_sent_until=week_ago)
    for subscriber in (french, english):
        Follow.objects.filter(pk=make_follow(subscriber, Follow.Kind.CALL, call.pk).pk).update(confirmed_at=week_ago)
    other_call = Call.objects.create(
        locale=call.locale, title="Autre appel", description="…", deadline=timezone.now() + timedelta(days=3)
    )
    published_idea(call, 1)
    published_idea(other_call, 2)
    calls.submit_idea(call, title="Pas encore relue", description="…", name="Léa", email="lea@example.org")
    mail.outbox.clear()

    assert digest.send_digests() == 2
    by_address = {message.to[0]: message for message in mail.outbox}
    _mime, text, html = assert_one_click_unsubscribe(by_address["en@example.org"])
    assert "New ideas in the calls you follow" in text and "Un jardin partagé 1" in html
    assert f"/en/roadmap/appels/{call.pk}/idees/" in text
    _mime, text, _html = assert_one_click_unsubscribe(by_address["fr@example.org"])
    assert "Nouvelles idées dans les appels que vous suivez" in text and "Un jardin partagé 1" in text
    assert "Un jardin partagé 2" not in text and "Pas encore relue" not in text
    # Never twice: a second run sends nothing.
    mail.outbox.clear()
    assert digest.send_digests() == 0 and mail.outbox == []


def test_what_cannot_be_followed_says_so(client, call):
    pending = calls.submit_idea(call, title="En attente", description="…", name="Léa", email="lea@example.org")
    assert client.get(f"/suivre/idea/?id={pending.pk}").status_code == 404
    assert client.get("/suivre/call/?id=999999").status_code == 404
    assert client.get("/suivre/call/?id=abc").status_code == 404
    english = call.get_translations().get()
    assert client.get(f"/suivre/call/?id={english.pk}").status_code == 404  # the call's page uses the French one
    idea = published_idea(call)
    page = client.get(f"/en/roadmap/appels/{call.pk}/idees/{idea.pk}/").content.decode()
    assert f'href="/en/follow/idea/?id={idea.pk}"' in page
    assert client.get(f"/en/follow/idea/?id={idea.pk}").status_code == 200
