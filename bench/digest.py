"""The weekly digest at scale: building and queueing it for 10,000 followers (time and
queries), in the benchmark's own process against its database. Each follower follows the
agenda of a commune and the whole roadmap; one new event and one progress note appeared
since their last digest, so every one of them gets an e-mail, queued like any other
(the database task backend of the benchmark's settings)."""

import time
from datetime import timedelta

from django.db import connection
from django.utils import timezone


def run(followers=10_000, batch_size=500):
    from follows.digest import send_digests
    from follows.models import Follow, Subscriber
    from members.models import Commune
    from roadmap.models import Action, ActionUpdate
    from workshops.models import EventIndexPage, EventPage

    commune = Commune.objects.filter(events__isnull=False).first() or Commune.objects.first()
    # Their last digest went out now: only what is created below is new to them (the
    # benchmark's seeded content, created minutes ago, is not this week's news).
    since = timezone.now()
    Subscriber.objects.filter(email__endswith="@bench-digest.example").delete()
    Subscriber.objects.bulk_create(
        [
            Subscriber(
                email=f"f{n}@bench-digest.example",
                confirmed_at=since,
                digest_sent_until=since,
                language="fr" if n % 3 else "en",
            )
            for n in range(followers)
        ],
        batch_size=2000,
    )
    subscribers = Subscriber.objects.filter(email__endswith="@bench-digest.example").only("pk")
    Follow.objects.bulk_create(
        [
            Follow(
                subscriber_id=s.pk,
                kind="agenda",
                commune=commune,
                key=f"agenda:c={commune.pk}:i=:t=",
                confirmed_at=since,
            )
            for s in subscribers
        ]
        + [Follow(subscriber_id=s.pk, kind="roadmap", key="roadmap", confirmed_at=since) for s in subscribers],
        batch_size=2000,
    )
    # Something new this week: an event in that commune, a progress note.
    index = EventIndexPage.objects.filter(locale__language_code="fr").first()
    event = EventPage(
        title="Journée du benchmark",
        start=timezone.now() + timedelta(days=9),
        end=timezone.now() + timedelta(days=9, hours=4),
        intro="Pour mesurer.",
        commune=commune,
    )
    index.add_child(instance=event)
    event.save_revision().publish()
    action = Action.objects.in_default_locale().first()
    ActionUpdate.objects.create(action=action, date=timezone.localdate(), text="Une note du benchmark.")

    counted = {"all": 0, "inserts": 0}

    def count(execute, sql, params, many, context):  # no cap, unlike CaptureQueriesContext's 9,000
        counted["all"] += 1
        counted["inserts"] += sql.lstrip().upper().startswith("INSERT")
        return execute(sql, params, many, context)

    started = time.perf_counter()
    with connection.execute_wrapper(count):
        sent = send_digests(batch_size=batch_size)
    seconds = time.perf_counter() - started
    queries, inserts = counted["all"], counted["inserts"]
    batches = -(-followers // batch_size)
    return {
        "followers": followers,
        "sent": sent,
        "batch_size": batch_size,
        "seconds": round(seconds, 1),
        "per_1000_s": round(seconds / max(followers, 1) * 1000, 2),
        "queries": queries,
        "queries_per_batch_without_queueing": round((queries - inserts) / batches, 1),
        "inserts": inserts,
    }
