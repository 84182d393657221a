"""Following without an account: the form, the double opt-in, the personal page, the
one-click unsubscribe, and every kind of bad input (clear pages, never a 500)."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import translation

from follows import services
from follows.factories import make_follow, make_subscriber
from follows.models import Consent, Follow, Subscriber
from roadmap.factories import bot_fields

pytestmark = pytest.mark.django_db


def follow_url(kind, language="fr", **params):
    with translation.override(language):
        url = reverse("follows:follow", kwargs={"kind": kind})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def links_in(message):
    return re.findall(r"https?://[^\s\"<>]+", message.body)


def path_of(url):
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def post_follow(client, kind, email="alice@example.org", language="fr", newsletter=False, **params):
    data = {"email": email, "consent": "on", **bot_fields(), **params}
    if newsletter:
        data["newsletter"] = "on"
    return client.post(follow_url(kind, language), data)


def test_french_urls_use_french_words(action):
    assert follow_url("action") == "/suivre/action/"
    assert follow_url("action", "en") == "/en/follow/action/"


def test_follow_an_action_waits_for_confirmation_then_starts(client, action):
    response = client.get(follow_url("action", id=action.pk))
    assert response.status_code == 200
    assert "Écrire la charte" in response.content.decode()

    response = post_follow(client, "action", id=action.pk)
    assert response.status_code == 200
    follow = Follow.objects.get()
    assert follow.kind == "action" and follow.target_id == action.pk and follow.confirmed_at is None
    consent = Consent.objects.get()
    assert consent.purpose == "follow" and consent.wording and consent.given_at
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["alice@example.org"]
    confirm_link = next(link for link in links_in(mail.outbox[0]) if "/suivre/confirmation/" in link)

    response = client.get(path_of(confirm_link))
    assert response.status_code == 200
    follow.refresh_from_db()
    assert follow.confirmed_at is not None
    assert Subscriber.objects.get().is_confirmed

    # Replayed: still fine, nothing changes.
    confirmed_at = follow.confirmed_at
    assert client.get(path_of(confirm_link)).status_code == 200
    follow.refresh_from_db()
    assert follow.confirmed_at == confirmed_at


def test_follow_the_agenda_of_one_commune_in_english(client, index, commune, english_home):
    response = client.get(follow_url("agenda", "en", commune=commune.insee_code))
    assert response.status_code == 200
    assert "Chemillé-en-Anjou" in response.content.decode()
    response = post_follow(client, "agenda", language="en", commune=commune.insee_code)
    assert response.status_code == 200
    follow = Follow.objects.get()
    assert follow.commune == commune and follow.kind == "agenda"
    assert Subscriber.objects.get().language == "en"
    assert "/en/follow/confirm/" in mail.outbox[0].body


def test_newsletter_box_is_unticked_and_records_its_own_consent(client, action):
    response = client.get(follow_url("action", id=action.pk))
    assert 'name="newsletter"' in response.content.decode()
    assert 'name="newsletter" checked' not in response.content.decode()
    post_follow(client, "action", id=action.pk, newsletter=True)
    assert set(Consent.objects.values_list("purpose", flat=True)) == {"follow", "newsletter"}
    subscriber = Subscriber.objects.get()
    assert not subscriber.newsletter  # not before confirmation
    services.confirm(services.confirm_token(subscriber))
    subscriber.refresh_from_db()
    assert subscriber.newsletter and subscriber.newsletter_source == "follow"


@pytest.mark.parametrize(
    "kind, params",
    [
        ("action", {"id": "999999"}),
        ("action", {"id": "abc"}),
        ("action", {"id": str(2**70)}),
        ("event", {"id": "999999"}),
        ("member", {"id": "999999"}),
        ("proposal", {"id": "999999"}),
        ("agenda", {"commune": "00000"}),
        ("agenda", {"theme": "nothing-like-it"}),
        ("nonsense", {}),
    ],
)
def test_following_something_missing_is_a_clear_404(client, index, roadmap_page, kind, params):
    response = client.get(follow_url(kind, **params))
    assert response.status_code == 404
    assert "<h1>" in response.content.decode()
    response = client.post(follow_url(kind), {"email": "a@example.org", "consent": "on", **bot_fields(), **params})
    assert response.status_code == 404
    assert not Follow.objects.exists()


def test_following_a_dropped_action_or_an_unpublished_event(client, action, index):
    from workshops.factories import make_event

    event = make_event(index, title="Journée")
    event.unpublish()
    assert client.get(follow_url("event", id=event.pk)).status_code == 404
    action.status = "dropped"
    action.save()
    assert client.get(follow_url("action", id=action.pk)).status_code == 404


def test_bad_input_is_shown_on_the_field_and_nothing_is_saved(client, action):
    response = client.post(follow_url("action"), {"id": action.pk, "email": "not-an-address", **bot_fields()})
    assert response.status_code == 422
    content = response.content.decode()
    assert "error-summary" in content and 'value="not-an-address"' in content
    assert not Follow.objects.exists() and not mail.outbox


def test_honeypot_refuses(client, action):
    data = {"id": action.pk, "email": "bot@example.org", "consent": "on", **bot_fields(), "website": "spam"}
    assert client.post(follow_url("action"), data).status_code == 422
    assert not Follow.objects.exists()


def test_a_flood_from_one_address_is_rate_limited_and_sends_one_email(client, action, roadmap_page):
    for _ in range(3):
        post_follow(client, "action", id=action.pk)
    post_follow(client, "roadmap")
    assert Follow.objects.count() == 2
    assert len(mail.outbox) == 1  # one confirmation a minute per address: its link confirms both
    statuses = [post_follow(client, "action", email=f"x{n}@example.org", id=action.pk).status_code for n in range(8)]
    assert statuses[-1] == 429


def test_too_many_pending_follows_for_one_address(client, action):
    subscriber = make_subscriber("flood@example.org", confirmed=False)
    for n in range(services.MAX_PENDING_FOLLOWS):
        make_follow(subscriber, "member", 1000 + n, confirmed=False)
    response = post_follow(client, "action", email="flood@example.org", id=action.pk)
    assert response.status_code == 422
    assert not Follow.objects.filter(kind="action").exists()


def test_tampered_and_expired_confirmation_links(client, action):
    post_follow(client, "action", id=action.pk)
    subscriber = Subscriber.objects.get()
    token = services.confirm_token(subscriber)
    with translation.override("fr"):
        bad = reverse("follows:confirm", kwargs={"token": token[:-3] + "xyz"})
    response = client.get(bad)
    assert response.status_code == 400
    assert not Follow.objects.filter(confirmed_at__isnull=False).exists()
    # A week later, the link has expired: a clear page offering a new link.
    with mock.patch("django.core.signing.time.time", return_value=signing.time.time() + 8 * 86400):
        response = client.get(reverse("follows:confirm", kwargs={"token": token}))
    assert response.status_code == 410
    assert "/nouveau-lien/" in response.content.decode()
    mail.outbox.clear()
    Subscriber.objects.update(confirmation_sent_at=None)
    assert client.post(reverse("follows:confirm_again", kwargs={"token": token})).status_code == 200
    assert len(mail.outbox) == 1


def test_a_link_of_an_erased_address_says_so(client, action):
    post_follow(client, "action", id=action.pk)
    token = services.confirm_token(Subscriber.objects.get())
    services.erase("alice@example.org")
    assert client.get(reverse("follows:confirm", kwargs={"token": token})).status_code == 404


# --- The personal page ------------------------------------------------------------------


def test_personal_page_lists_changes_and_stops(client, action, index, commune):
    subscriber = make_subscriber("bob@example.org")
    action_follow = make_follow(subscriber, "action", action.pk)
    agenda_follow = make_follow(subscriber, "agenda", commune=commune)
    url = services.manage_url(subscriber)
    response = client.get(path_of(url))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Écrire la charte" in content and "Chemillé-en-Anjou" in content

    response = client.post(path_of(url), {"save": "1", "frequency": "notices", "newsletter": "on"})
    assert response.status_code == 302
    subscriber.refresh_from_db()
    assert subscriber.frequency == "notices" and subscriber.newsletter
    assert Consent.objects.filter(subscriber=subscriber, purpose="newsletter", source="manage").exists()

    client.post(path_of(url), {"stop": str(agenda_follow.pk)})
    assert list(Follow.objects.filter(subscriber=subscriber)) == [action_follow]

    client.post(path_of(url), {"stop_all": "1"})
    subscriber.refresh_from_db()
    assert not Follow.objects.filter(subscriber=subscriber).exists()
    assert not subscriber.newsletter and subscriber.newsletter_opt_out


def test_personal_page_never_stops_another_persons_follow(client, action):
    mine = make_subscriber("me@example.org")
    theirs = make_follow(make_subscriber("them@example.org"), "action", action.pk)
    response = client.post(path_of(services.manage_url(mine)), {"stop": str(theirs.pk)})
    assert response.status_code == 302
    assert Follow.objects.filter(pk=theirs.pk).exists()
    response = client.post(path_of(services.manage_url(mine)), {"stop": "not-a-number"})
    assert response.status_code == 302


def test_personal_page_bad_frequency_and_tampered_link(client):
    subscriber = make_subscriber()
    url = path_of(services.manage_url(subscriber))
    assert client.post(url, {"save": "1", "frequency": "hourly"}).status_code == 422
    assert client.get(url[:-5] + "zzzz/").status_code == 400


def test_personal_page_in_english(client, action):
    subscriber = make_subscriber(language="en")
    make_follow(subscriber, "action", action.pk)
    url = services.manage_url(subscriber, "en")
    assert "/en/my-follows/" in url
    response = client.get(path_of(url))
    assert response.status_code == 200
    assert "Write the charter" in response.content.decode()


def test_resend_my_link_says_the_same_for_a_stranger(client):
    make_subscriber("known@example.org")
    with translation.override("fr"):
        url = reverse("follows:resend_link")
    first = client.post(url, {"email": "known@example.org", **bot_fields()})
    second = client.post(url, {"email": "stranger@example.org", **bot_fields()})
    assert first.status_code == second.status_code == 200
    assert [m.to for m in mail.outbox] == [["known@example.org"]]
    assert "/suivis/" in mail.outbox[0].body


# --- One-click unsubscribe --------------------------------------------------------------


def test_unsubscribe_one_follow_by_header_post_and_replay(client, action):
    subscriber = make_subscriber()
    follow = make_follow(subscriber, "action", action.pk)
    url = path_of(services.unsubscribe_url(subscriber.email, f"follow:{follow.pk}", "fr"))
    # The visible link only asks (a link checker opening it changes nothing).
    assert client.get(url).status_code == 200
    assert Follow.objects.filter(pk=follow.pk).exists()
    # RFC 8058: the mail program POSTs, without any CSRF token.
    csrf_client = client.__class__(enforce_csrf_checks=True)
    response = csrf_client.post(url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert not Follow.objects.filter(pk=follow.pk).exists()
    replay = csrf_client.post(url, {"List-Unsubscribe": "One-Click"})
    assert replay.status_code == 200
    assert replay.context["result"].already


def test_unsubscribe_newsletter_of_an_unknown_address_is_remembered(client):
    url = path_of(services.unsubscribe_url("rep@example.org", "newsletter", "en"))
    assert client.post(url).status_code == 200
    assert Subscriber.objects.get(email="rep@example.org").newsletter_opt_out


@pytest.mark.parametrize("kind", ["garbage", "signed_nonsense"])
def test_unsubscribe_tampered_link_is_a_clear_page(client, kind):
    token = "garbage" if kind == "garbage" else signing.dumps({"e": 1, "u": "x"}, salt=services.UNSUBSCRIBE_SALT)
    with translation.override("fr"):
        url = reverse("follows:unsubscribe", kwargs={"token": token})
    assert client.get(url).status_code == 400
    assert client.post(url).status_code == 400


def test_unsubscribe_with_an_unknown_scope(client):
    make_subscriber("a@example.org")
    url = path_of(services.unsubscribe_url("a@example.org", "everything-else", "fr"))
    assert client.get(url).status_code == 400
    assert client.post(url).status_code == 400


# --- Newsletter sign-up in the footer ---------------------------------------------------


def test_footer_form_is_on_every_page_and_signs_up_with_double_opt_in(client, home_page):
    home = client.get("/")
    assert 'action="/lettre-du-reseau/inscription/"' in home.content.decode()
    assert 'name="newsletter-email"' in home.content.decode()
    assert 'name="email"' not in home.content.decode()  # never mistaken for a page's own form
    response = client.post(
        "/lettre-du-reseau/inscription/", {"newsletter-email": "Carol@Example.org", "newsletter-consent": "on"}
    )
    assert response.status_code == 200
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "carol@example.org" and not subscriber.newsletter
    consent = Consent.objects.get()
    assert consent.source == "footer" and "lettre du réseau" in consent.wording  # as shown, in French
    confirm_link = next(link for link in links_in(mail.outbox[0]) if "/confirmation/" in link)
    client.get(path_of(confirm_link))
    subscriber.refresh_from_db()
    assert subscriber.newsletter


def test_footer_form_bad_input(client, home_page):
    response = client.post("/lettre-du-reseau/inscription/", {"newsletter-email": "nope"})
    assert response.status_code == 422
    assert 'value="nope"' in response.content.decode()
    response = client.post(
        "/en/newsletter/sign-up/",
        {"newsletter-email": "x@example.org", "newsletter-consent": "on", "newsletter-website": "x"},
    )
    assert response.status_code == 422
    assert not Subscriber.objects.exists()


def test_purge_forgets_what_was_never_confirmed(action):
    from django.utils import timezone

    old = make_subscriber("old@example.org", confirmed=False)
    make_follow(old, "action", action.pk, confirmed=False)
    Follow.objects.update(created_at=timezone.now() - timedelta(days=40))
    Subscriber.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))
    keep = make_subscriber("keep@example.org")
    make_follow(keep, "action", action.pk)
    counts = services.purge()
    assert counts["follows"] == 1 and counts["subscribers"] == 1
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["keep@example.org"]


def test_personal_links_are_never_cached(client, settings):
    settings.PAGE_CACHE_ENABLED = True
    subscriber = make_subscriber()
    for url in (
        services.manage_url(subscriber),
        services.unsubscribe_url(subscriber.email, "follows", "fr"),
        services.url("confirm", "fr", token=services.confirm_token(subscriber)),
    ):
        response = client.get(path_of(url))
        assert response.status_code == 200
        assert "private" in response["Cache-Control"]
