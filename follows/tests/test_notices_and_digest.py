"""What a follower receives: immediate notices of important changes (through the roadmap's
and the workshops' hooks) and the weekly digest — nothing when nothing happened, never
the same item twice, a bounded number of queries per batch of followers. The e-mails are
checked as real MIME messages."""

import email
import email.policy
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from follows import digest
from follows.factories import make_follow, make_subscriber
from follows.models import Delivery, Follow, Subscriber
from roadmap import services as roadmap
from roadmap.models import Proposal
from workshops.factories import make_event

pytestmark = pytest.mark.django_db


def parsed(message):
    """The message as a mail program receives it."""
    return email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)


def assert_one_click_unsubscribe(message):
    mime = parsed(message)
    header = " ".join(str(mime["List-Unsubscribe"]).split())  # a long header is folded
    assert header.startswith("<http") and header.endswith(">")
    assert mime["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = mime.get_body(preferencelist=("plain",)).get_content()
    html = mime.get_body(preferencelist=("html",)).get_content()
    assert header[1:-1] in text and header[1:-1].replace("&", "&amp;") in html  # the visible link too
    return mime, text, html


# --- Immediate notices ----------------------------------------------------------------


def test_status_change_notifies_action_followers_at_once_in_their_language(action):
    french = make_subscriber("fr@example.org")
    english = make_subscriber("en@example.org", language="en")
    make_follow(french, "action", action.pk)
    make_follow(english, "action", action.pk)
    make_follow(make_subscriber("pending@example.org"), "action", action.pk, confirmed=False)
    make_follow(make_subscriber("unconfirmed@example.org", confirmed=False), "action", action.pk)

    roadmap.add_update(action, "La charte est en cours d'écriture.", status="in_progress", notify=False)

    assert sorted(m.to[0] for m in mail.outbox) == ["en@example.org", "fr@example.org"]
    by_address = {m.to[0]: m for m in mail.outbox}
    mime, text, html = assert_one_click_unsubscribe(by_address["en@example.org"])
    assert "Write the charter" in mime["Subject"] and "/en/unsubscribe/" in mime["List-Unsubscribe"]
    assert "In progress" in text
    mime, text, html = assert_one_click_unsubscribe(by_address["fr@example.org"])
    assert "Écrire la charte" in mime["Subject"] and "/desabonnement/" in mime["List-Unsubscribe"]
    assert Delivery.objects.filter(kind="notice").count() == 2


def test_a_progress_note_without_status_change_sends_no_notice(action):
    make_follow(make_subscriber(), "action", action.pk)
    roadmap.add_update(action, "Une réunion de plus.", progress=50, notify=False)
    assert not mail.outbox


def test_decision_on_a_followed_proposal(axis):
    proposal = Proposal.objects.create(axis=axis, title="Un budget participatif", description="…", status="open")
    declined = Proposal.objects.create(axis=axis, title="Une fête", description="…", status="open")
    make_follow(make_subscriber("a@example.org"), "proposal", proposal.pk)
    make_follow(make_subscriber("b@example.org", language="en"), "proposal", declined.pk)
    roadmap.accept_proposal(proposal)
    roadmap.decline_proposal(declined, "Hors du champ du réseau.")
    notices = {m.to[0]: m for m in mail.outbox}
    assert "Un budget participatif" in notices["a@example.org"].subject
    assert "Hors du champ du réseau." in notices["b@example.org"].body
    assert_one_click_unsubscribe(notices["b@example.org"])


def test_event_cancelled_or_rescheduled_reaches_its_followers_and_its_communes_agenda(index, commune, other_commune):
    event = make_event(index, title="Journée de Chemillé", commune=commune)
    make_follow(make_subscriber("event@example.org"), "event", event.pk)
    make_follow(make_subscriber("commune@example.org"), "agenda", commune=commune)
    make_follow(make_subscriber("interco@example.org"), "agenda", intercommunality="CA Mauges")
    make_follow(make_subscriber("elsewhere@example.org"), "agenda", commune=other_commune)
    mail.outbox.clear()

    event.start += timedelta(days=1)
    event.end += timedelta(days=1)
    event.save_revision().publish()
    notified = sorted(m.to[0] for m in mail.outbox if "Journée de Chemillé" in m.subject)
    assert notified == ["commune@example.org", "event@example.org", "interco@example.org"]

    mail.outbox.clear()
    event.cancelled = True
    event.save_revision().publish()
    cancelled = [m for m in mail.outbox if "Annulé" in m.subject]
    assert len(cancelled) == 3
    assert_one_click_unsubscribe(cancelled[0])


def test_republishing_without_change_sends_nothing(index, commune):
    event = make_event(index, title="Journée", commune=commune)
    make_follow(make_subscriber(), "event", event.pk)
    mail.outbox.clear()
    event.intro = "Une autre présentation."
    event.save_revision().publish()
    assert not mail.outbox


# --- The weekly digest ------------------------------------------------------------------


@pytest.fixture
def follower(action, commune):
    subscriber = make_subscriber("digest@example.org")
    make_follow(subscriber, "action", action.pk)
    make_follow(subscriber, "agenda", commune=commune)
    Follow.objects.update(confirmed_at=timezone.now() - timedelta(days=1))
    return subscriber


def test_digest_has_the_new_event_in_the_commune_followed_and_never_twice(
    follower, action, index, commune, other_commune
):
    make_event(index, title="Journée de Chemillé", commune=commune)
    make_event(index, title="Journée d'Angers", commune=other_commune)
    roadmap.add_update(action, "Premier jet de la charte.", progress=60, notify=False)
    roadmap.add_update(action, "C'est parti.", status="in_progress", notify=False)  # sent at once already
    mail.outbox.clear()

    assert digest.send_digests() == 1
    (message,) = mail.outbox
    mime, text, html = assert_one_click_unsubscribe(message)
    assert "Journée de Chemillé" in text and "Journée de Chemillé" in html
    assert "Journée d'Angers" not in text
    assert "Premier jet de la charte." in text
    assert "C'est parti." not in text
    assert "/suivis/" in text  # the personal page
    assert mime["Subject"].startswith("Votre semaine")
    delivery = Delivery.objects.get(kind="digest")
    assert len(delivery.items) == 2

    mail.outbox.clear()
    assert digest.send_digests() == 0  # run again: nothing new, nothing sent
    assert not mail.outbox


def test_digest_nothing_happened_sends_nothing(follower):
    call_command("send_digests")
    assert not mail.outbox
    follower.refresh_from_db()
    assert follower.digest_sent_until is not None


def test_digest_skips_notices_only_and_unconfirmed(follower, index, commune):
    Subscriber.objects.filter(pk=follower.pk).update(frequency="notices")
    other = make_subscriber("unconfirmed@example.org", confirmed=False)
    make_follow(other, "agenda", commune=commune)
    make_event(index, title="Journée", commune=commune)
    mail.outbox.clear()
    assert digest.send_digests() == 0


def test_digest_in_english_for_a_member_followed(index, english_home):
    from roadmap.factories import make_member

    member = make_member("Mairie de Chemillé")
    subscriber = make_subscriber("en@example.org", language="en")
    make_follow(subscriber, "member", member.pk)
    Follow.objects.update(confirmed_at=timezone.now() - timedelta(days=1))
    event = make_event(index, title="Journée accueillie")
    event.host_members.add(member)
    event.save_revision().publish()
    mail.outbox.clear()
    digest.send_digests()
    (message,) = mail.outbox
    assert message.subject.startswith("Your week")
    assert "Journée accueillie" in message.body and "/en/unsubscribe/" in message.body


def _followers(count, commune):
    now = timezone.now() - timedelta(days=1)
    Subscriber.objects.bulk_create(
        [
            Subscriber(email=f"f{n}@example.org", confirmed_at=now, language="fr" if n % 2 else "en")
            for n in range(count)
        ]
    )
    subscribers = list(Subscriber.objects.filter(email__startswith="f"))
    Follow.objects.bulk_create(
        [
            Follow(subscriber=s, kind="agenda", commune=commune, key=f"agenda:c={commune.pk}:i=:t=", confirmed_at=now)
            for s in subscribers
        ]
        + [Follow(subscriber=s, kind="roadmap", key="roadmap", confirmed_at=now) for s in subscribers]
    )
    return subscribers


def _queries_for_batch(subscribers):
    with CaptureQueriesContext(connection) as queries:
        sent = digest.send_batch(subscribers, timezone.now(), from_email="reseau@example.org")
    assert sent == len(subscribers)
    # The outbox's bulk insert (home.emails.OutboxBatch) is counted apart: one per 500 e-mails.
    ours = [
        q["sql"] for q in queries.captured_queries if "post_office" not in q["sql"] and "django_task" not in q["sql"]
    ]
    inserts = [sql for sql in ours if sql.startswith("INSERT")]
    return len(ours) - len(inserts), len(inserts)


def test_digest_queries_do_not_grow_with_followers(index, commune, action, english_home):
    make_event(index, title="Journée de Chemillé", commune=commune)
    roadmap.add_update(action, "Une note.", progress=70, notify=False)
    mail.outbox.clear()
    subscribers = _followers(1010, commune)
    # Warm the per-process caches (site root paths, the roadmap page of each language kept
    # with the shared layout) the way a real run's first batch does.
    digest.send_batch(subscribers[2:12], timezone.now(), from_email="reseau@example.org")
    Subscriber.objects.update(digest_sent_until=None)
    small, small_inserts = _queries_for_batch(subscribers[2:12])
    Subscriber.objects.update(digest_sent_until=None)
    large, large_inserts = _queries_for_batch(subscribers[12:1012])
    assert small == large <= 15  # reads and the watermark: the same for 10 and 1,000 followers
    # The sending history is written with bulk inserts (the database's largest chunks).
    assert small_inserts == 1 and large_inserts <= 1000 // 100
