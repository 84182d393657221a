"""Faults, with the real services (no mock of them): a Redis server of the test's own,
stopped and restarted; an SMTP port that refuses connections, then a real SMTP server
(aiosmtpd) on it; on PostgreSQL a row lock held past the lock timeout and the worker's
connection terminated by `pg_terminate_backend`; control characters in every public
filter and form. Nothing is lost, nothing is sent twice, nobody sees a server error.

The services are started here on free ports; a missing `redis-server` is a failure, not a
skip (CI runs these on SQLite and PostgreSQL). Each test prints what it measured."""

import shutil
import socket
import subprocess
import threading
import time
from collections import Counter
from email import message_from_bytes

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection, connections
from django.test import Client, override_settings
from post_office.models import STATUS, Email

from home import emails
from home.worker import Worker
from workshops import services as workshops_services
from workshops.factories import agenda, make_event
from workshops.models import Registration
from workshops.tokens import make_token

from . import test_abuse
from .factories import build_site
from .test_abuse import fresh_form_token

# Fault injection is timing-sensitive: these run alone, after the parallel tests (`make test`).
pytestmark = pytest.mark.serial

# The abuse test's site: every public form, members, an action, events with registrations.
site_with_data = test_abuse.site_with_data


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, timeout=15.0, step=0.05):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(step)
    return predicate()


class RedisServer:
    """A redis-server process of the test's own, on a free port."""

    def __init__(self):
        self.binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        if not shutil.which(self.binary):
            pytest.fail("redis-server is not installed: the cache-outage test cannot run")
        self.port = free_port()
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603 — our own arguments
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        assert wait_for(self.answers), "redis-server did not start"

    def answers(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None
        assert not self.answers()


@pytest.fixture
def redis_server():
    server = RedisServer()
    server.start()
    yield server
    server.stop()


class Collector:
    """aiosmtpd handler: keeps every message received."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 — aiosmtpd's name
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content)))
        return "250 Message accepted for delivery"


def registration_post(client, event, email, name="Habitant"):
    """A resident's registration, each from an address of their own (the rate limit counts
    per address)."""
    registration_post.count = getattr(registration_post, "count", 0) + 1
    number = registration_post.count
    return client.post(
        event.url,
        {
            "name": name,
            "email": email,
            "party_size": "1",
            "consent": "on",
            "form_started": fresh_form_token(),
            "website": "",
        },
        REMOTE_ADDR=f"10.1.{number // 250}.{number % 250 + 1}",
    )


@pytest.fixture
def open_event(home_page):
    return make_event(agenda(), title="Journée des faits", kind="citizen_day", capacity=500, has_waitlist=True)


# --- Redis stopped during page views and registrations -------------------------------------


@pytest.mark.django_db
def test_a_redis_outage_degrades_and_recovers_losing_nothing(redis_server, open_event, home_page, settings):
    caches = {
        "default": {
            "BACKEND": "home.cache.RedisCache",
            "LOCATION": redis_server.url,
            "KEY_PREFIX": "faults",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
        }
    }
    from django.contrib.auth import get_user_model

    staff = get_user_model().objects.create_superuser("staff-faults", "staff@example.org", "a-long-password-2026")
    with override_settings(CACHES=caches, PAGE_CACHE_ENABLED=True):
        from django.core.cache import cache

        from home import cache as home_cache

        home_cache.RETRY_AFTER = 0.5
        visitor = Client(raise_request_exception=False)
        staff_client = Client(raise_request_exception=False)
        staff_client.force_login(staff)
        pages = ["/", home_page.url, open_event.url, agenda().url, "/search/?q=citoyenne", "/en/"]
        statuses = Counter()
        attempted = []

        def run_phase(phase, rounds=3):
            for round_ in range(rounds):
                for url in pages:
                    statuses[visitor.get(url).status_code] += 1
                statuses[staff_client.get("/admin/").status_code] += 1
                email = f"{phase}-{round_}@example.org"
                response = registration_post(visitor, open_event, email)
                statuses[response.status_code] += 1
                attempted.append(email)

        run_phase("before")
        assert cache.get("page-cache:generation") is not None  # Redis in use
        redis_server.stop()
        run_phase("during")
        redis_server.start()  # an empty Redis, as after a restart
        time.sleep(home_cache.RETRY_AFTER + 0.1)
        run_phase("after")
        cache.set("faults-probe", 1)
        back_in_use = cache.get("faults-probe") == 1

    server_errors = sum(count for status, count in statuses.items() if status >= 500)
    saved = set(Registration.objects.filter(event=open_event).values_list("email", flat=True))
    lost = [email for email in attempted if email not in saved]
    confirmations = Counter(to for message in mail.outbox for to in message.to)
    print(
        f"\nRedis outage: {sum(statuses.values())} requests {dict(statuses)}, {server_errors} server errors, "
        f"{len(attempted)} registrations, {len(lost)} lost, {sum(confirmations[e] for e in attempted)} e-mails"
    )
    assert server_errors == 0
    assert lost == []
    assert all(confirmations[email] == 1 for email in attempted)
    assert back_in_use


# --- SMTP refusing connections, then a real SMTP server --------------------------------------


@pytest.mark.django_db
def test_e_mails_wait_for_the_mail_server_and_are_delivered_once(open_event, settings):
    from aiosmtpd.controller import Controller

    port = free_port()  # nothing listens there yet: connections are refused
    settings.EMAIL_DELIVERY = "worker"
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_TIMEOUT = 2
    settings.EMAIL_RETRY_DELAYS = [2, 2, 2, 2, 2]
    client = Client(raise_request_exception=False)
    people = [f"smtp{n}@example.org" for n in range(12)]
    statuses = Counter(registration_post(client, open_event, email).status_code for email in people)
    assert statuses == {302: len(people)}
    queued = Email.objects.filter(to__in=[f"{email}" for email in people])
    assert queued.count() == len(people)

    worker = Worker(worker_id="test-smtp", batch=True, interval=0.05)
    worker.run()  # every e-mail tried once, refused, scheduled again 2 s later
    assert worker.emails_sent == 0
    assert Email.objects.filter(status=STATUS.sent).count() == 0
    assert Email.objects.filter(status=STATUS.failed).count() == 0
    tries = Email.objects.filter(status=STATUS.requeued, number_of_retries=1).count()
    assert tries == len(people)

    collector = Collector()
    controller = Controller(collector, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        time.sleep(2.1)  # the retry delay
        deadline = time.monotonic() + 20
        while Email.objects.exclude(status=STATUS.sent).exists() and time.monotonic() < deadline:
            Worker(worker_id="test-smtp", batch=True, interval=0.05).run()
            time.sleep(0.1)
        # Once more: nothing is sent twice.
        Worker(worker_id="test-smtp", batch=True, interval=0.05).run()
    finally:
        controller.stop()

    received = Counter(rcpt for rcpts, _message in collector.messages for rcpt in rcpts)
    message_ids = [message["Message-ID"] for _rcpts, message in collector.messages]
    print(
        f"\nSMTP outage: {len(people)} e-mails queued, {tries} requeued while refused, "
        f"{len(collector.messages)} delivered after recovery, {len(message_ids) - len(set(message_ids))} twice"
    )
    assert sorted(received) == sorted(people)
    assert set(received.values()) == {1}
    assert len(set(message_ids)) == len(message_ids)
    assert Email.objects.filter(status=STATUS.sent).count() == len(people)


def test_an_e_mail_is_marked_failed_after_the_last_try(db, settings):
    settings.EMAIL_DELIVERY = "worker"
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()
    settings.EMAIL_RETRY_DELAYS = [0, 0]
    email = emails.queue_email(subject="S", text="T", html="", to=["a@example.org"], from_email="n@example.org")
    for _ in range(3):
        emails.deliver()
    email.refresh_from_db()
    assert email.status == STATUS.failed and email.number_of_retries == 3
    assert email.logs.filter(status=STATUS.failed).count() == 3
    # Staff resend it: a new series of tries.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    emails.resend(Email.objects.filter(pk=email.pk))
    emails.deliver()
    email.refresh_from_db()
    assert email.status == STATUS.sent and len(mail.outbox) == 1


# --- PostgreSQL: a lock held past the timeout, the worker's connection terminated --------


# Decided before the database is set up (a transactional test flushes it at its end).
postgresql_only = pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="PostgreSQL only (SQLite has no row locks nor backends to terminate)",
)


@postgresql_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_after_a_lock_timeout_every_confirmation_is_queued_and_delivered(monkeypatch):
    from conftest import ensure_wagtail_root

    ensure_wagtail_root()
    build_site()
    event = make_event(agenda(), title="Verrou tenu", kind="citizen_day", capacity=100)
    monkeypatch.setattr(workshops_services, "LOCK_TIMEOUT_MS", 200)
    mail.outbox.clear()

    holding = threading.Event()
    release = threading.Event()

    def hold_the_lock():
        from workshops.models import EventPage

        try:
            from django.db import transaction

            with transaction.atomic():
                list(EventPage.objects.select_for_update(of=("self",)).filter(pk=event.pk).values_list("pk"))
                holding.set()
                release.wait(20)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    assert holding.wait(10)
    busy = 0
    for n in range(4):
        try:
            workshops_services.register_for_event(event, name="Pressé", email=f"busy{n}@example.org")
        except workshops_services.RegistrationBusy:
            busy += 1
    release.set()
    holder.join(10)
    people = [f"after-lock{n}@example.org" for n in range(8)]
    for email in people:
        registration = workshops_services.register_for_event(event, name="Patient", email=email)
        assert registration.status == Registration.Status.CONFIRMED
    received = Counter(to for message in mail.outbox for to in message.to)
    print(
        f"\nLock timeout: {busy} of 4 told to try again, then {len(people)} registered, {sum(received[e] for e in people)} confirmations"
    )
    assert busy == 4
    assert all(received[email] == 1 for email in people)


@postgresql_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_survives_pg_terminate_backend_and_delivers(settings):
    settings.EMAIL_DELIVERY = "worker"
    mail.outbox.clear()
    state = {}
    worker = Worker(worker_id="test-terminate", interval=0.05, max_pause=0.2)

    def run():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            state["pid"] = cursor.fetchone()[0]
        try:
            worker.run()
        finally:
            connections.close_all()

    # A persistent connection without health checks: the terminated connection is found
    # dead by the worker's next query (an error it must survive), not silently replaced.
    database = connection.settings_dict
    saved = database["CONN_MAX_AGE"], database["CONN_HEALTH_CHECKS"]
    database["CONN_MAX_AGE"], database["CONN_HEALTH_CHECKS"] = None, False
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        assert wait_for(lambda: "pid" in state)
        first = [f"before{n}@example.org" for n in range(3)]
        for address in first:
            emails.queue_email(subject="Avant", text="t", html="", to=[address], from_email="n@example.org")
        assert wait_for(lambda: len(mail.outbox) == len(first))
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [state["pid"]])
        second = [f"after{n}@example.org" for n in range(5)]
        for address in second:
            emails.queue_email(subject="Après", text="t", html="", to=[address], from_email="n@example.org")
        delivered = wait_for(lambda: len(mail.outbox) >= len(first) + len(second), timeout=20)
    finally:
        worker.stop()
        thread.join(10)
        database["CONN_MAX_AGE"], database["CONN_HEALTH_CHECKS"] = saved
    received = Counter(to for message in mail.outbox for to in message.to)
    print(
        f"\nWorker connection terminated: {worker.database_errors} database error(s) survived, "
        f"{len(mail.outbox)} of {len(first) + len(second)} delivered, "
        f"{sum(1 for count in received.values() if count > 1)} twice"
    )
    assert delivered
    assert worker.database_errors >= 1
    assert set(received) == set(first + second) and set(received.values()) == {1}


@pytest.mark.django_db
def test_a_task_left_running_by_a_dead_worker_is_run_again(settings):
    """Tasks of the database backend: one found RUNNING past the timeout runs again."""
    from datetime import timedelta

    from django.utils import timezone
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    result = emails.deliver_email.enqueue(
        subject="Orphan", text="t", html="", to=["orphan@example.org"], from_email="n@example.org", attachments=[]
    )
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - timedelta(hours=1)
    )
    mail.outbox.clear()
    Worker(worker_id="test-stale", batch=True, stale_after=timedelta(minutes=30)).run()
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.SUCCESSFUL
    # Its e-mail went into the outbox; the next round delivers it.
    settings.EMAIL_DELIVERY = "worker"
    Worker(worker_id="test-stale", batch=True).run()
    assert [message.to for message in mail.outbox] == [["orphan@example.org"]]


# --- Control characters in every public filter and form --------------------------------------


CONTROL_VALUES = ["\x00", "a\x00b", "\x01\x02\x1b", "\x7f"]


def filter_urls(data):
    from home.models import ResourceIndexPage
    from tests.factories import add_page, french_home

    resources = ResourceIndexPage.objects.live().filter(locale__language_code="fr").first() or add_page(
        french_home(), ResourceIndexPage(title="Ressources", slug="ressources")
    )
    roadmap = data["roadmap"].url
    return {
        agenda().url: ["kind", "commune", "theme", "month", "page"],
        data["directory"].url: ["kind", "theme", "commune", "q", "page"],
        roadmap: ["status", "member", "axis", "page"],
        roadmap + "proposals/": ["page", "axis"],
        resources.url: ["q", "theme", "page"],
        "/search/": ["q", "page"],
        "/en/search/": ["q"],
        "/renvoyer-mes-liens/": ["envoye"],
    }


@pytest.mark.django_db
def test_control_characters_in_filters_are_removed_and_in_paths_give_400_never_500(site_with_data):
    client = Client(raise_request_exception=False)
    statuses = Counter()
    for url, parameters in filter_urls(site_with_data).items():
        for parameter in parameters:
            for value in CONTROL_VALUES:
                response = client.get(url, {parameter: value})
                statuses[response.status_code] += 1
                # Answered as the same filter without its control characters.
                assert response.status_code == 200, (url, parameter, value, response.status_code)
    token = make_token(site_with_data["sacrificial"][0])
    paths = ["/%00/", "/agenda/%00", "/renvoyer-mes-liens/%01/", f"/registrations/{token}%00/", "/en/%7F"]
    for path in paths:
        response = client.get(path)
        statuses[response.status_code] += 1
        assert response.status_code == 400, path
    assert "lang=" in response.content.decode()
    print(f"\nControl characters in filters and paths: {dict(statuses)}")


@pytest.mark.django_db
def test_control_characters_in_every_public_form_are_removed_never_500(site_with_data, settings):
    """Every field of every public form with NUL and control characters: no server error;
    the characters are removed and the submission goes through like a clean one."""
    from members.models import Member
    from roadmap.models import Proposal, Support

    data = site_with_data
    client = Client(raise_request_exception=False)
    roadmap = data["roadmap"].url
    commune = data["angers"]
    workshop = data["workshop"]

    def bot():
        return {"form_started": fresh_form_token(), "website": ""}

    forms = [
        (
            workshop.url,
            {
                "name": "Nul\x00le",
                "email": "nul\x00@example.org",
                "party_size": "1\x00",
                "needs": "a\x01b\x7f",
                "consent": "on",
                "commune": f"{commune.pk}\x00",
            },
        ),
        (
            roadmap + "propose/",
            {
                "axis": f"{data['axis'].pk}\x00",
                "title": "Idée\x00 nulle",
                "description": "Texte\x1b[31m",
                "name": "L\x00éa",
                "email": "lea\x00@example.org",
                "consent": "on",
            },
        ),
        (
            f"{roadmap}actions/{data['action'].pk}/support/",
            {"email": "fan2\x00@example.org", "notify_updates": "on", "consent": "on"},
        ),
        ("/renvoyer-mes-liens/", {"email": "precious\x00@example.org"}),
        (
            data["directory"].url + "apply/",
            {
                "kind": "association\x00",
                "name": "Asso\x00ciation",
                "identifier": "W49\x001234567",
                "contact_email": "c\x00@example.org",
                "contact_name": "N\x00",
                "charter": "on",
            },
        ),
    ]
    statuses = Counter()
    for url, fields in forms:
        response = client.post(url, {**fields, **bot()})
        statuses[response.status_code] += 1
        assert response.status_code < 500, (url, response.status_code)
    saved = Registration.objects.filter(event=workshop, email="nul@example.org").first()
    assert saved is not None and saved.name == "Nulle" and saved.needs == "ab"
    assert Proposal.objects.filter(email="lea@example.org", title="Idée nulle").exists()
    assert Support.objects.filter(email="fan2@example.org").exists()
    assert all("\x00" not in name for name in Member.objects.values_list("name", flat=True))
    print(f"\nControl characters in forms: {dict(statuses)}")
