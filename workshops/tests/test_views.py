"""The public pages: event page and registration form, personal link, calendars."""

import re
import time
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from home.translations import translate
from workshops import services
from workshops.factories import english, make_event
from workshops.models import Registration
from workshops.tokens import make_token

Status = Registration.Status
VIDEO = "secret-room-4242"


def form_data(event, **overrides):
    data = {
        "name": "Alice Martin",
        "email": "alice@example.org",
        "party_size": "1",
        "needs": "",
        "consent": "on",
        "website": "",
        # A fresh token for each submission, as a page shows (a token is accepted once).
        "form_started": signing.dumps(time.time() - 10, salt="home.forms.started"),
    }
    activities = list(event.activities.all()[:1])
    if activities:
        data["activities"] = [str(a.pk) for a in activities]
    data.update(overrides)
    return data


def test_event_page_shows_the_form(client, citizen_day):
    response = client.get(citizen_day.url)
    assert response.status_code == 200
    assert b'name="consent"' in response.content
    assert b"Chantier nature" in response.content


def test_valid_registration_redirects_to_personal_page(client, citizen_day):
    response = client.post(citizen_day.url, form_data(citizen_day))
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == registration.personal_url()
    assert registration.status == Status.CONFIRMED
    assert registration.language == "fr"
    assert len(mail.outbox) == 1
    assert "Votre inscription est confirmée" in mail.outbox[0].body
    assert mail.outbox[0].alternatives[0][1] == "text/html"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert b"Alice Martin" in page.content


@pytest.mark.parametrize(
    "field,value",
    [
        ("name", ""),
        ("email", "not-an-email"),
        ("consent", ""),
        ("party_size", "99"),
        ("activities", []),
        ("activities", ["99999999999999999999999"]),  # beyond SQLite's integers: was a 500
    ],
)
def test_invalid_field_shows_error_and_saves_nothing(client, citizen_day, field, value):
    data = form_data(citizen_day, **{field: value})
    if field == "consent":
        data.pop("consent")
    response = client.post(citizen_day.url, data)
    assert response.status_code == 422
    assert response.context["form"].errors
    assert field in response.context["form"].errors
    assert b"error-summary" in response.content
    assert not Registration.objects.exists()
    assert b"Alice Martin" in response.content or field == "name"


def test_activity_of_another_event_is_a_field_error(client, citizen_day, index):
    other = make_event(index, title="Autre", activities=[("Ailleurs", 10)])
    data = form_data(citizen_day, activities=[str(other.activities.get().pk)])
    response = client.post(citizen_day.url, data)
    assert response.status_code == 422
    assert "activities" in response.context["form"].errors
    assert not Registration.objects.exists()


def test_overlapping_activities_are_a_field_error(client, index):
    start = timezone.now() + timedelta(days=3)
    event = make_event(
        index,
        start=start,
        activities=[
            {"title": "A", "capacity": 5, "start": start, "end": start + timedelta(hours=2)},
            {"title": "B", "capacity": 5, "start": start + timedelta(hours=1), "end": start + timedelta(hours=3)},
        ],
    )
    data = form_data(event, activities=[str(a.pk) for a in event.activities.all()])
    response = client.post(event.url, data)
    assert "activities" in response.context["form"].errors
    assert not Registration.objects.exists()


def test_duplicate_email_is_a_field_error(client, citizen_day):
    client.post(citizen_day.url, form_data(citizen_day))
    response = client.post(citizen_day.url, form_data(citizen_day, email="ALICE@example.org"))
    assert response.status_code == 422
    assert "email" in response.context["form"].errors
    assert Registration.objects.count() == 1


def test_full_event_without_list_says_so_instead_of_the_form(client, index):
    event = make_event(index, kind="remote_workshop", capacity=1, has_waitlist=False)
    client.post(event.url, form_data(event))
    page = client.get(event.url)
    assert page.context["registration_state"] == "full" and page.context["form"] is None
    assert b'name="email"' not in page.content
    response = client.post(event.url, form_data(event, email="bob@example.org"))
    assert response.status_code == 422
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert Registration.objects.count() == 1


def test_full_event_with_activities_says_so_when_every_activity_is_full(client, index):
    event = make_event(index, has_waitlist=False, activities=[("Atelier A", 1), ("Atelier B", 1)])
    first, second = event.activities.all()
    client.post(event.url, form_data(event, activities=[str(first.pk)]))
    assert client.get(event.url).context["registration_state"] == "open"
    client.post(event.url, form_data(event, email="bob@example.org", activities=[str(second.pk)]))
    assert client.get(event.url).context["registration_state"] == "full"


def test_seats_gone_between_the_form_and_its_submission_is_a_form_error(client, index, monkeypatch):

    event = make_event(index, kind="remote_workshop", capacity=1, has_waitlist=False)
    client.post(event.url, form_data(event))
    monkeypatch.setattr(services, "is_full", lambda event, **hints: False)  # the page still showed the form
    response = client.post(event.url, form_data(event, email="bob@example.org"))
    assert response.status_code == 422
    assert response.context["form"].non_field_errors()
    assert Registration.objects.count() == 1


def test_full_event_with_list_waitlists(client, index):
    event = make_event(index, kind="remote_workshop", capacity=1)
    client.post(event.url, form_data(event))
    client.post(event.url, form_data(event, email="bob@example.org"))
    assert Registration.objects.get(email="bob@example.org").status == Status.WAITLISTED


def test_honeypot_refuses(client, citizen_day):
    response = client.post(citizen_day.url, form_data(citizen_day, website="http://spam.example"))
    assert response.status_code == 422
    assert not Registration.objects.exists()


def test_closed_and_past_events_have_no_form(client, index):
    closed = make_event(index, title="Fermé", registration_closes=timezone.now() - timedelta(hours=1))
    past = make_event(index, title="Passé", start=timezone.now() - timedelta(days=5))
    for event in (closed, past):
        response = client.get(event.url)
        assert response.status_code == 200
        assert response.context["form"] is None
        response = client.post(event.url, form_data(event))
        assert response.status_code == 422
    assert not Registration.objects.exists()


def test_busy_lock_shows_try_again_page(client, citizen_day, monkeypatch):
    def busy(*args, **kwargs):
        raise services.RegistrationBusy

    monkeypatch.setattr(services, "register_for_event", busy)
    response = client.post(citizen_day.url, form_data(citizen_day))
    assert response.status_code == 503


def test_rate_limit_blocks_after_ten_posts(client, citizen_day, settings):
    from django.core.cache import cache

    cache.clear()
    statuses = [client.post(citizen_day.url, form_data(citizen_day, name="")).status_code for _ in range(11)]
    cache.clear()
    assert statuses[:10] == [422] * 10
    assert statuses[10] == 429


# --- Personal link -----------------------------------------------------------------------


def registered(event, email="alice@example.org", party_size=2, **kwargs):
    return services.register_for_event(
        event,
        name="Alice",
        email=email,
        party_size=party_size,
        activities=list(event.activities.all()[:1]),
        **kwargs,
    )


def test_personal_page_reduces_then_cancels(client, citizen_day):
    registration = registered(citizen_day, party_size=3)
    url = registration.personal_url()
    assert client.post(url, {"action": "reduce", "party_size": "1"}).status_code == 302
    registration.refresh_from_db()
    assert registration.party_size == 1
    mail.outbox.clear()
    assert client.post(url, {"action": "cancel", "confirm": "yes"}).status_code == 302
    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED
    assert "METHOD:CANCEL" in mail.outbox[0].attachments[0][1]
    # Cancelling twice changes nothing and never fails.
    assert client.post(url, {"action": "cancel", "confirm": "yes"}).status_code == 302


def test_personal_page_offers_what_the_services_allow_once_the_event_has_started(client, citizen_day):
    """Cancelling ends when the event starts (services.can_cancel); coming fewer is still
    possible until it ends (services.can_reduce). The page offers neither once it is over."""
    from workshops.models import EventPage

    registration = registered(citizen_day, party_size=3)
    url = registration.personal_url()
    now = timezone.now()
    EventPage.objects.filter(pk=citizen_day.pk).update(start=now - timedelta(hours=1), end=now + timedelta(hours=1))
    response = client.get(url)
    assert response.status_code == 200
    assert b'value="reduce"' in response.content
    assert b'value="cancel"' not in response.content
    assert "ne peut plus être annulée" in response.content.decode()
    # Asked anyway, the cancellation is refused and says why.
    response = client.post(url, {"action": "cancel", "confirm": "yes"}, follow=True)
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
    assert client.post(url, {"action": "reduce", "party_size": "2"}).status_code == 302
    registration.refresh_from_db()
    assert registration.party_size == 2

    EventPage.objects.filter(pk=citizen_day.pk).update(end=now - timedelta(minutes=1))
    response = client.get(url)
    assert b'value="reduce"' not in response.content
    assert b'value="cancel"' not in response.content


def test_reduce_cannot_raise_the_party(client, citizen_day):
    registration = registered(citizen_day, party_size=2)
    response = client.post(registration.personal_url(), {"action": "reduce", "party_size": "4"})
    assert response.status_code == 422
    registration.refresh_from_db()
    assert registration.party_size == 2


def test_offer_is_accepted_from_personal_page(client, remote_workshop):
    holder = registered(remote_workshop, party_size=3)
    waiting = registered(remote_workshop, email="w@example.org", party_size=1)
    services.cancel(holder)
    response = client.get(waiting.personal_url())
    assert b'value="accept"' in response.content
    client.post(waiting.personal_url(), {"action": "accept"})
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED


def test_expired_offer_cannot_be_accepted_from_personal_page(client, remote_workshop):
    holder = registered(remote_workshop, party_size=3)
    waiting = registered(remote_workshop, email="w@example.org", party_size=1)
    services.cancel(holder)
    Registration.objects.filter(pk=waiting.pk).update(offer_expires_at=timezone.now() - timedelta(minutes=1))
    response = client.post(waiting.personal_url(), {"action": "accept"})
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == Status.EXPIRED


@pytest.mark.parametrize("kind", ["tampered", "foreign", "unknown", "purged"])
def test_bad_tokens_give_404(client, citizen_day, kind):
    registration = registered(citizen_day)
    token = make_token(registration)
    if kind == "tampered":
        token = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    elif kind == "foreign":
        token = signing.dumps(registration.token, salt="home.forms.started")
    elif kind == "unknown":
        token = signing.Signer(salt="workshops.registration").sign("does-not-exist")
    elif kind == "purged":
        services.purge_registrations(months=0, now=citizen_day.end + timedelta(days=1))
    url = reverse("workshops:registration", kwargs={"token": token})
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "cancel", "confirm": "yes"}).status_code == 404
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


def test_other_registrants_token_only_reaches_their_own(client, citizen_day):
    alice = registered(citizen_day)
    bob = registered(citizen_day, email="bob@example.org")
    client.post(bob.personal_url(), {"action": "cancel", "confirm": "yes"})
    alice.refresh_from_db()
    assert alice.status == Status.CONFIRMED


# --- Calendars and privacy -----------------------------------------------------------


def test_event_ics_has_stable_uid_timezone_and_url(client, citizen_day):
    response = client.get(citizen_day.url + "ical/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert f"UID:event-{citizen_day.translation_key}@" in body
    assert "TZID=Europe/Paris" in body
    assert "URL:http://" in body and citizen_day.url in body
    assert "SEQUENCE:0" in body
    # The UID stays when the event changes; the SEQUENCE grows.
    citizen_day.start += timedelta(hours=1)
    citizen_day.save_revision().publish()
    again = client.get(citizen_day.url + "ical/").content.decode()
    assert f"UID:event-{citizen_day.translation_key}@" in again
    assert "SEQUENCE:1" in again


def test_agenda_feed_lists_upcoming_events(client, index, citizen_day, remote_workshop):
    past = make_event(index, title="Journée passée", start=timezone.now() - timedelta(days=30))
    body = client.get(index.url + "ical/").content.decode()
    assert body.count("BEGIN:VEVENT") == 2
    assert past.title not in body


def test_video_link_appears_in_no_public_response(client, remote_workshop, index):
    registration = registered(remote_workshop, party_size=1)
    en_index = translate(index, english())
    en_event = translate(remote_workshop, english())
    public_urls = [
        remote_workshop.url,
        remote_workshop.url + "ical/",
        index.url,
        index.url + "ical/",
        index.url + "archive/",
        en_index.url,
        en_event.url,
        en_event.url + "ical/",
        "/sitemap.xml",
        "/search/?q=Atelier",
        "/en/search/?q=Atelier",
        "/",
    ]
    for url in public_urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert VIDEO not in response.content.decode(), url
    # The confirmed participant sees it on their page, in their e-mail and .ics.
    assert VIDEO in client.get(registration.personal_url()).content.decode()
    assert VIDEO in client.get(registration.personal_url() + "event.ics").content.decode()
    assert VIDEO in mail.outbox[0].body


def test_waitlisted_participant_does_not_get_the_video_link(client, remote_workshop):
    registered(remote_workshop, party_size=3)
    waiting = registered(remote_workshop, email="w@example.org", party_size=1)
    assert VIDEO not in client.get(waiting.personal_url()).content.decode()
    assert VIDEO not in mail.outbox[-1].body


# --- English -----------------------------------------------------------------------------


def test_english_registration_uses_english_and_shared_seats(client, index, citizen_day):
    translate(index, english())
    en_event = translate(citizen_day, english())
    assert en_event.url.startswith("/en/")
    response = client.get(en_event.url)
    assert response.status_code == 200
    assert b'lang="en"' in response.content
    activity = citizen_day.activities.first()
    response = client.post(en_event.url, form_data(citizen_day, activities=[str(activity.pk)]))
    assert response.status_code == 302
    assert response["Location"].startswith("/en/")
    registration = Registration.objects.get()
    assert registration.event_id == citizen_day.pk
    assert registration.language == "en"
    assert "Your registration is confirmed" in mail.outbox[0].body


def test_personal_page_of_a_past_event_offers_no_change(client, remote_workshop):
    registration = registered(remote_workshop, party_size=2)
    start = timezone.now() - timedelta(days=1)
    remote_workshop.start, remote_workshop.end = start, start + timedelta(hours=1)
    remote_workshop.save_revision().publish()
    url = registration.personal_url()
    response = client.get(url)
    assert response.status_code == 200
    assert b'value="cancel"' not in response.content
    assert client.post(url, {"action": "cancel", "confirm": "yes"}).status_code == 302
    assert client.post(url, {"action": "reduce", "party_size": "1"}).status_code == 302
    registration.refresh_from_db()
    assert (registration.status, registration.party_size) == (Status.CONFIRMED, 2)


def test_the_english_page_of_a_full_event_says_it_is_full(client, index):
    event = make_event(index, kind="remote_workshop", capacity=1, has_waitlist=False)
    translate(index, english())
    en_event = translate(event, english())
    client.post(event.url, form_data(event))
    response = client.get(en_event.url)
    assert response.status_code == 200
    assert response.context["registration_state"] == "full" and b'name="email"' not in response.content
    assert b"This event is full" in response.content
    response = client.post(en_event.url, form_data(event, email="bob@example.org"))
    assert response.status_code == 422
    assert Registration.objects.count() == 1


def test_the_commune_select_lists_every_commune_without_a_query_and_keeps_the_choice(client, citizen_day, commune):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(citizen_day.url)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(citizen_day.url).content.decode()
    # The event's own commune is read by its id; the list of all communes comes from the cache.
    assert not [q for q in queries if 'FROM "members_commune"' in q["sql"] and "WHERE" not in q["sql"]]
    assert f'<option value="{commune.pk}">Chemillé-en-Anjou (49092)</option>' in page
    response = client.post(citizen_day.url, form_data(citizen_day, commune="999999", email="x@example.org"))
    assert response.status_code == 422 and "commune" in response.context["form"].errors
    response = client.post(citizen_day.url, form_data(citizen_day, commune=str(commune.pk)))
    assert response.status_code == 302
    assert Registration.objects.get().commune == commune


def test_the_empty_form_and_the_missions_are_fragments_that_follow_the_seats(
    client, index, settings, django_capture_on_commit_callbacks
):
    """The empty registration form (its activities with their seats left) and the event's
    missions and ideas are `{% wagtailcache %}` fragments on the page cache's generation: a
    warm page renders neither, a registration shows in the next live-figures window at the
    latest, and a refused form comes back with what the visitor typed, never cached."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_CACHE_FIGURES_SECONDS = 1
    event = make_event(index, title="Journée des fragments", activities=[("Atelier vélo", 5)])
    activity = event.activities.get()
    # Distinct query strings: the page cache does not answer, the fragments do.
    first = client.get(event.url, {"v": 1}).content.decode()
    assert re.search(r"Atelier vélo \([^)]*\) — 5 ", first)
    with CaptureQueriesContext(connection) as warm:
        client.get(event.url, {"v": 2})
    read = " ".join(query["sql"] for query in warm.captured_queries)
    assert "roadmap_mission" not in read and "roadmap_idea" not in read

    time.sleep(1.1)  # a figures window of its own
    with django_capture_on_commit_callbacks(execute=True):
        registration = Registration.objects.create(
            event=event, name="A", email="a@example.org", party_size=2, status="confirmed"
        )
        registration.activities.add(activity)
    after = client.get(event.url, {"v": 3}).content.decode()
    assert re.search(r"Atelier vélo \([^)]*\) — 3 ", after)

    # The English page has a fragment of its own (content_key carries the language).
    english_page = translate(event, english())
    english_form = client.get(english_page.url, {"v": 5}).content.decode()
    assert re.search(r"Atelier vélo \([^)]*\) — 3 seats left", english_form)

    refused = client.post(event.url, form_data(event, name="Nom tapé", email="pas-une-adresse"))
    assert refused.status_code == 422
    assert 'value="Nom tapé"' in refused.content.decode()
    assert "Nom tapé" not in client.get(event.url, {"v": 4}).content.decode()
