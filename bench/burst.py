"""A burst of concurrent registrations against the real public form: each attempt GETs
the event page (CSRF cookie and token, bot-protection token) and POSTs the form."""

import re
import threading
import time
import uuid
from datetime import timedelta

from .client import Client

TOKEN = re.compile(r'name="(csrfmiddlewaretoken|form_started)" value="([^"]*)"')


def create_event(capacity):
    """A remote workshop with `capacity` seats and no waiting list, open for registration."""
    from django.conf import settings
    from django.utils import timezone
    from wagtail.models import Locale

    from workshops.models import EventIndexPage, EventPage

    index = EventIndexPage.objects.get(locale=Locale.objects.get(language_code=settings.LANGUAGE_CODE))
    start = timezone.now() + timedelta(days=30)
    event = EventPage(
        title="Atelier du banc d'essai",
        slug=f"bench-burst-{uuid.uuid4().hex[:12]}",
        kind=EventPage.Kind.REMOTE_WORKSHOP,
        intro="Les inscriptions simultanées.",
        start=start,
        end=start + timedelta(hours=2),
        capacity=capacity,
        has_waitlist=False,
        max_party_size=1,
    )
    index.add_child(instance=event)
    # Published as staff publish it: the signals move the caches (the site's page map).
    event.save_revision().publish()
    return EventPage.objects.get(pk=event.pk)


def attempt(client, url, n):
    """One registration: 'confirmed' (redirected), 'refused' (form shown again with an
    error, 422), 'full' (the page says the event is full and shows no form), or an error."""
    status, _headers, body, _seconds = client.request("GET", url)
    if status >= 500:
        return "error"
    data = form_data(body, n)
    if status == 200 and not data["csrfmiddlewaretoken"]:
        return "full"
    status, _headers, _body, _seconds = client.request("POST", url, data=data, headers={"Referer": url})
    if status >= 500:
        return "error"
    if status in (301, 302, 303):
        return "confirmed"
    if status == 422:
        return "refused"
    return f"http {status}"


def form_data(body, n):
    """The registration form's fields for participant `n`, with the tokens of the event
    page `body` (empty when the page shows no form)."""
    tokens = dict(TOKEN.findall(body.decode("utf-8", "replace")))
    return {
        "csrfmiddlewaretoken": tokens.get("csrfmiddlewaretoken", ""),
        "form_started": tokens.get("form_started", ""),
        "website": "",
        "name": f"Participant {n}",
        "email": f"participant-{n}@burst.example.org",
        "party_size": "1",
        "needs": "",
        "consent": "on",
    }


def attempt_ceiling(client, url, n):
    """One registration through the ceiling view (bench/views.py): one POST, no form."""
    data = {"name": f"Participant {n}", "email": f"participant-{n}@ceiling.example.org"}
    status, _headers, _body, _seconds = client.request("POST", url, data=data)
    if status >= 500:
        return "error"
    return {201: "confirmed", 409: "full"}.get(status, f"http {status}")


def routed_url(event_url):
    """The routed ceiling's address (bench/views.py) for the event at `event_url`."""
    return "/bench/routed/" + event_url.lstrip("/")


def attempt_routed(client, url, n):
    """What a registration on the event page's route pays at least: the event page's GET
    (as the form's burst makes it), then the ceiling's work on the page that Wagtail's
    routing finds (bench/views.py), with no form."""
    status, _headers, _body, _seconds = client.request("GET", url)
    if status >= 500:
        return "error"
    return attempt_ceiling(client, routed_url(url), n)


def run(host, port, url, clients, attempts, attempt=attempt):
    counter = iter(range(attempts))
    lock = threading.Lock()
    outcomes = {}
    confirmed_at = []  # seconds since the start, of each confirmed registration

    def work():
        client = Client(host, port)
        while True:
            with lock:
                n = next(counter, None)
            if n is None:
                break
            client.cookies.clear()
            try:
                outcome = attempt(client, url, n)
            except OSError:
                outcome = "error"
                client.close()
            with lock:
                outcomes[outcome] = outcomes.get(outcome, 0) + 1
                if outcome == "confirmed":
                    confirmed_at.append(time.perf_counter() - started)
        client.close()

    threads = [threading.Thread(target=work) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    # While seats remained: from the start to the last confirmation.
    fill = max(confirmed_at, default=0.0)
    return {
        "clients": clients,
        "attempts": attempts,
        "seconds": round(elapsed, 2),
        "fill_seconds": round(fill, 2),
        "outcomes": outcomes,
    }


def seats_taken(event):
    from workshops.models import seats_taken as taken

    return taken(event)[None]
