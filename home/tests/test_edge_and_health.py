"""The edge (control characters, the client address of the rate limits, the start-up
check), the readiness endpoint, the degrading cache backend and the one-use form token."""

import socket
import time

import pytest
from django.core import signing
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import RequestFactory

from home import cache as home_cache
from home.edge import client_ip
from home.forms import FORM_TOKEN_SALT, first_use_of_token


def test_a_path_with_a_control_character_gets_a_clear_400(client, db):
    response = client.get("/actualites/%00/")
    assert response.status_code == 400
    assert "characters that are not allowed" in response.content.decode() or "caractères" in response.content.decode()
    english = client.get("/en/news/%01")
    assert english.status_code == 400 and '<html lang="en">' in english.content.decode()


def test_control_characters_are_removed_from_filters(client, home_page):
    response = client.get("/search/", {"q": "char\x00te\x1b"})
    assert response.status_code == 200
    assert response.context["search_query"] == "charte"


@pytest.mark.parametrize(
    "meta,expected",
    [
        ({"REMOTE_ADDR": "192.0.2.1"}, "192.0.2.1"),
        ({"REMOTE_ADDR": "192.0.2.1", "HTTP_X_REAL_IP": "203.0.113.7"}, "203.0.113.7"),
        ({"REMOTE_ADDR": "192.0.2.1", "HTTP_X_REAL_IP": "203.0.113.7, 10.0.0.1"}, "203.0.113.7"),
        ({"REMOTE_ADDR": "192.0.2.1", "HTTP_X_REAL_IP": "garbage"}, "192.0.2.1"),
        ({"REMOTE_ADDR": ""}, "0.0.0.0"),  # noqa: S104 — a rate-limit bucket
    ],
)
def test_the_client_address_never_fails(settings, meta, expected):
    settings.CLIENT_IP_META_KEY = "HTTP_X_REAL_IP"
    request = RequestFactory().post("/", **meta)
    request.META.pop("HTTP_X_REAL_IP", None) if "HTTP_X_REAL_IP" not in meta else None
    assert client_ip(request) == expected


def test_a_form_post_without_the_proxy_header_is_not_a_server_error(client, home_page, settings):
    settings.CLIENT_IP_META_KEY = "HTTP_X_REAL_IP"
    response = client.post("/renvoyer-mes-liens/", {"email": "x@example.org"})
    assert response.status_code == 422  # the form's own answer (no token), not a 500


@pytest.mark.parametrize("key", ["X-Real-IP", "x_real_ip", "HTTP_X-REAL-IP"])
def test_a_misconfigured_client_ip_header_stops_the_start_up_check(settings, key):
    settings.CLIENT_IP_META_KEY = key
    with pytest.raises(SystemCheckError, match="home.E001"):
        call_command("check")


def test_a_correct_client_ip_header_passes_the_check(settings):
    settings.CLIENT_IP_META_KEY = "HTTP_X_REAL_IP"
    call_command("check")


def test_readiness_reports_database_cache_and_outbox(client, db):
    response = client.get("/readyz", {"format": "json"})
    assert response.status_code == 200
    checks = response.json()
    assert set(checks.values()) == {"OK"} and len(checks) == 3


def test_readiness_stays_200_with_an_outbox_backlog_and_503_without_database(client, db, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone
    from health_check.exceptions import ServiceWarning
    from post_office.models import STATUS, Email

    from home import emails
    from home.health import OutboxBacklog

    email = emails.queue_email(subject="S", text="T", html="", to=["a@example.org"], from_email="n@example.org")
    Email.objects.filter(pk=email.pk).update(status=STATUS.failed)
    with pytest.raises(ServiceWarning, match="1 failed"):
        OutboxBacklog().run()
    Email.objects.filter(pk=email.pk).update(
        status=STATUS.queued, scheduled_time=None, created=timezone.now() - timedelta(hours=1)
    )
    with pytest.raises(ServiceWarning, match="1 e-mail"):
        OutboxBacklog().run()
    # (The endpoint's checks run in threads of their own, outside this test's transaction.)
    assert client.get("/readyz", {"format": "json"}).status_code == 200

    from health_check.checks import Database
    from health_check.exceptions import ServiceUnavailable

    def down(self):
        raise ServiceUnavailable("unreachable")

    monkeypatch.setattr(Database, "run", down)
    assert client.get("/readyz", {"format": "json"}).status_code == 503


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_cache_backend_answers_as_an_empty_cache_when_redis_is_unreachable(monkeypatch):
    monkeypatch.setattr(home_cache, "RETRY_AFTER", 0.2)
    cache = home_cache.RedisCache(
        f"redis://127.0.0.1:{closed_port()}/0", {"OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}}
    )
    started = time.monotonic()
    assert cache.get("key") is None and cache.get("key", "default") == "default"
    cache.set("key", 1)
    assert cache.add("key", 1) is False
    with pytest.raises(ValueError):
        cache.incr("key")
    assert cache.get_many(["a", "b"]) == {}
    cache.delete("key")
    assert time.monotonic() - started < 2  # never waits for a dead server


def test_the_form_token_is_accepted_once(db):
    token = signing.dumps(time.time(), salt=FORM_TOKEN_SALT)
    assert first_use_of_token(token) is True
    assert first_use_of_token(token) is False
    assert first_use_of_token(signing.dumps(time.time() + 1, salt=FORM_TOKEN_SALT)) is True
