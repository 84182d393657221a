"""Abuse: 1,000 generated hostile submissions spread over every public form — long
strings, control characters, unicode, HTML and script, missing, extra and duplicated
fields, wrong types, replayed and tampered tokens. No server error, nothing stored that
renders unescaped, nothing already saved lost, and the forms still work afterwards.

The generator is seeded: a failure is reproduced by running the test again."""

import random
import time
from urllib.parse import quote

import pytest
from django.core import signing
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale

from home.forms import FORM_TOKEN_SALT
from members.models import Commune, DirectoryPage, Member
from roadmap import services as roadmap_services
from roadmap.factories import make_action, make_axis, make_member, make_representative, make_roadmap_page
from roadmap.models import Proposal, Support
from workshops import services as workshops_services
from workshops.factories import agenda, make_event
from workshops.models import Registration
from workshops.tokens import make_token

SEED = 20261121
SUBMISSIONS = 1000
MARKER = "abuse-xss"

# Hostile values: every one is also a candidate for any field.
HOSTILE = [
    "x" * 100_000,
    "é" * 50_000,
    "\x00",
    "nul\x00byte",
    "".join(chr(c) for c in range(32)),
    "\x7f\x1b[31mred\x1b[0m",
    "\u202eevil\u202c",
    "\u200f\u200e\u200b\ufeff",
    "🧨👩‍👩‍👧‍👦🇫🇷",
    "e" + "\u0301" * 200,
    "Z̷̡̛a̸̢l̵g̶o̷",
    f"<script>{MARKER}()</script>",
    f'"><script>{MARKER}()</script>',
    f"<img src=x onerror={MARKER}()>",
    f"javascript:{MARKER}()",
    f"<a href='javascript:{MARKER}()'>x</a>",
    "{{ settings.SECRET_KEY }}",
    "{% debug %}",
    "%(name)s %s %d",
    "'; DROP TABLE workshops_registration; --",
    "../../../../etc/passwd",
    "-1",
    "0",
    "1e309",
    "99999999999999999999999",
    "NaN",
    "true",
    "[]",
    "{}",
    "",
    " ",
    "a@b",
    "@example.org",
    "x@" + "a" * 300 + ".org",
    f"<script>{MARKER}</script>@example.org",
    "http://",
    "https://" + "a" * 5000 + ".example",
]


def payload(rng):
    """A hostile value: one of the list above, or a mix of two."""
    if rng.random() < 0.25:
        return rng.choice(HOSTILE) + rng.choice(HOSTILE)[:200]
    return rng.choice(HOSTILE)


def tamper(rng, token):
    """A token with one character changed, cut, doubled or re-signed with another salt."""
    if not token:
        return payload(rng)
    choice = rng.randrange(5)
    if choice == 0:
        i = rng.randrange(len(token))
        return token[:i] + ("A" if token[i] != "A" else "B") + token[i + 1 :]
    if choice == 1:
        return token[: len(token) // 2]
    if choice == 2:
        return token + token
    if choice == 3:
        return signing.dumps(time.time() - 10, salt="another.salt")
    return token + payload(rng)[:50]


def url_with(name, **segments):
    """The URL `name` with hostile path segments, percent-encoded like a browser does."""
    url = reverse(name, kwargs={key: f"SEGMENT{i}" for i, key in enumerate(segments)})
    for i, value in enumerate(segments.values()):
        url = url.replace(f"SEGMENT{i}", quote(value or "x", safe=""))
    return url


def fresh_form_token(seconds_ago=10):
    return signing.dumps(time.time() - seconds_ago, salt=FORM_TOKEN_SALT)


@pytest.fixture
def site_with_data(home_page, settings):
    """Every public form, a few approved members, an action with supports, events with
    registrations: the 'precious' rows must come out of the run unchanged."""
    settings.FORM_MIN_FILL_SECONDS = 0
    from home.translations import translate

    english = Locale.objects.get(language_code="en")
    directory = DirectoryPage(title="Annuaire des membres", slug="annuaire")
    directory.locale = home_page.locale
    home_page.add_child(instance=directory)
    directory.save_revision().publish()
    translate(directory, english, slugs={"annuaire": "directory"})
    roadmap_page = make_roadmap_page(home_page)
    axis = make_axis("Gouvernance")
    action = make_action(axis, "Écrire la charte", progress=40)
    members = [make_member(f"Association {n}") for n in range(3)]
    angers = Commune.objects.get_or_create(insee_code="49007", defaults={"name": "Angers"})[0]
    representative = make_representative(members[0], username="rep")
    index = agenda()
    citizen_day = make_event(
        index, title="Journée citoyenne", kind="citizen_day", activities=[("Chantier", 30), ("Atelier", 30)]
    )
    workshop = make_event(index, title="Atelier à distance", kind="remote_workshop", capacity=200, has_waitlist=True)
    precious = [
        workshops_services.register_for_event(
            workshop, name="Précieuse", email="precious@example.org", party_size=2, notify=False
        ),
        workshops_services.register_for_event(
            citizen_day,
            name="Précieux",
            email="precious2@example.org",
            activities=list(citizen_day.activities.all()[:1]),
            notify=False,
        ),
    ]
    proposal = roadmap_services.propose(
        axis=axis, title="Une proposition", description="Déjà là.", name="Léa", email="lea@example.org"
    )
    Proposal.objects.filter(pk=proposal.pk).update(
        status=Proposal.Status.OPEN, confirmed_at=timezone.now(), publication="published"
    )
    support = Support.objects.create(action=action, email="fan@example.org", confirmed_at=timezone.now())
    # Sacrificial registrations whose real personal links the run may use.
    sacrificial = [
        workshops_services.register_for_event(
            workshop, name=f"Cobaye {n}", email=f"cobaye{n}@example.org", party_size=3, notify=False
        )
        for n in range(20)
    ]
    cache.clear()
    return {
        "directory": directory,
        "roadmap": roadmap_page,
        "axis": axis,
        "action": action,
        "members": members,
        "angers": angers,
        "representative": representative,
        "citizen_day": citizen_day,
        "workshop": workshop,
        "precious": precious,
        "proposal": proposal,
        "support": support,
        "sacrificial": sacrificial,
    }


def snapshot(data):
    """The precious rows, field by field."""

    def row(obj):
        obj.refresh_from_db()
        return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}

    return {
        "members": [row(m) for m in data["members"]],
        "registrations": [row(r) for r in data["precious"]],
        "activities": [sorted(r.activities.values_list("pk", flat=True)) for r in data["precious"]],
        "proposal": row(data["proposal"]),
        "support": row(data["support"]),
        "user": row(data["representative"]),
    }


class Targets:
    """Every public form, each as a function rng → (method, url, data)."""

    def __init__(self, data):
        self.data = data
        self.replayed_form_token = fresh_form_token()
        roadmap_url = data["roadmap"].url
        self.apply_url = data["directory"].url + "apply/"
        self.propose_url = roadmap_url + "propose/"
        self.support_url = f"{roadmap_url}actions/{data['action'].pk}/support/"
        self.proposal_url = f"{roadmap_url}proposals/{data['proposal'].pk}/"
        self.precious_tokens = [make_token(r) for r in data["precious"]]
        self.sacrificial_tokens = [make_token(r) for r in data["sacrificial"]]

    def all(self):
        return [
            self.application,
            self.login,
            self.password_reset,
            self.password_reset_confirm,
            self.invitation,
            self.proposal,
            self.support,
            self.proposal_support,
            self.roadmap_token,
            self.registration,
            self.personal_link,
            self.search,
        ]

    def bot(self, rng):
        """The bot-protection fields: valid, replayed, tampered, missing or hostile."""
        choice = rng.randrange(6)
        if choice == 0:
            return {"form_started": self.replayed_form_token}
        if choice == 1:
            return {"form_started": tamper(rng, fresh_form_token())}
        if choice == 2:
            return {}
        if choice == 3:
            return {"form_started": fresh_form_token(), "website": payload(rng)}
        if choice == 4:
            return {"form_started": signing.dumps(time.time() - 60 * 60 * 24 * 30, salt=FORM_TOKEN_SALT)}
        return {"form_started": fresh_form_token(), "website": ""}

    def application(self, rng):
        data = {
            "kind": "association",
            "name": "Les Amis du Lac",
            "insee_code": "",
            "siren": "",
            "rna": "W491000001",
            "seat_commune": str(self.data["angers"].pk),
            "address": "1 rue du Lac\n49000 Angers",
            "homepage": "https://lac.example/",
            "description": "Une association.",
            "public_email": "lac@example.org",
            "contact_name": "Camille",
            "contact_role": "Présidente",
            "contact_email": "camille@example.org",
            "contact_phone": "0241000000",
            "themes": [],
            "accept_charter": "on",
            "accept_privacy": "on",
            **self.bot(rng),
        }
        return "post", self.apply_url, data

    def login(self, rng):
        return "post", reverse("members:login"), {"username": "rep", "password": "not-the-password", "next": "/"}

    def password_reset(self, rng):
        return "post", reverse("members:password_reset"), {"email": "rep@example.org"}

    def password_reset_confirm(self, rng):
        uid = rng.choice(["MQ", "Zm9v", "", "!!", payload(rng)[:100]])
        token = rng.choice(["set-password", "abc-def", payload(rng)[:100] or "x"])
        url = url_with("members:password_reset_confirm", uidb64=uid, token=token)
        return "post", url, {"new_password1": "a-long-password-2026", "new_password2": "a-long-password-2026"}

    def invitation(self, rng):
        token = tamper(rng, signing.dumps({"u": self.data["representative"].pk, "s": "x"}, salt="members.invitation"))
        url = url_with("members:invitation", token=token)
        return "post", url, {"new_password1": "a-long-password-2026", "new_password2": "a-long-password-2026"}

    def proposal(self, rng):
        data = {
            "axis": str(self.data["axis"].pk),
            "title": "Un conseil des jeunes",
            "description": "Dans chaque commune.",
            "name": "Camille",
            "email": "camille@example.org",
            "consent": "on",
            **self.bot(rng),
        }
        return "post", self.propose_url, data

    def support(self, rng):
        return (
            "post",
            self.support_url,
            {"email": "lea@example.org", "notify": "on", "consent": "on", **self.bot(rng)},
        )

    def proposal_support(self, rng):
        return "post", self.proposal_url, {"email": "lea@example.org", "consent": "on", **self.bot(rng)}

    def roadmap_token(self, rng):
        kind = rng.choice(["confirm_proposal", "confirm_support", "unsubscribe"])
        salt = {
            "confirm_proposal": roadmap_services.PROPOSAL_SALT,
            "confirm_support": roadmap_services.SUPPORT_SALT,
            "unsubscribe": roadmap_services.UNSUBSCRIBE_SALT,
        }[kind]
        real = roadmap_services.make_token(self.data["proposal"], salt)
        return rng.choice(["get", "post"]), url_with(f"roadmap:{kind}", token=tamper(rng, real)), {}

    def registration(self, rng):
        event = rng.choice([self.data["citizen_day"], self.data["workshop"]])
        data = {
            "name": "Alice",
            "email": f"alice{rng.randrange(10**6)}@example.org",
            "party_size": "1",
            "needs": "",
            "consent": "on",
            **self.bot(rng),
        }
        activities = list(event.activities.values_list("pk", flat=True))
        if activities:
            data["activities"] = [str(rng.choice(activities))]
        return "post", event.url, data

    def personal_link(self, rng):
        choice = rng.randrange(3)
        if choice == 0:
            token = rng.choice(self.sacrificial_tokens)  # a real link: hostile fields only
        elif choice == 1:
            token = tamper(rng, rng.choice(self.precious_tokens))
        else:
            token = tamper(rng, rng.choice(self.sacrificial_tokens))
        url = url_with("workshops:registration", token=token)
        action = rng.choice(["reduce", "cancel", "accept", "", "delete", payload(rng)[:100]])
        return "post", url, {"action": action, "party_size": "1"}

    def search(self, rng):
        return "get", reverse("search"), {"q": "charte", "page": "1"}


def mutate(rng, data):
    """Make a valid submission hostile: hostile values, missing, extra, duplicated
    fields and wrong types."""
    data = dict(data)
    keys = list(data)
    for _i in range(rng.randint(1, 4)):
        operation = rng.randrange(8)
        key = rng.choice(keys) if keys else "q"
        if operation <= 2:
            data[key] = payload(rng)
        elif operation == 3 and keys:
            data.pop(key, None)
        elif operation == 4:
            data[payload(rng)[:50] or "extra"] = payload(rng)
        elif operation == 5:
            data[key] = [payload(rng), payload(rng), str(data.get(key, ""))]
        elif operation == 6:
            data[key] = SimpleUploadedFile("evil.html", f"<script>{MARKER}()</script>".encode(), "text/html")
        else:
            data[key] = rng.choice(["-1", "0", "1.5", "1e309", "99999999999999999999", "[]", "None"])
    return data


def send(client, rng, method, url, data, number):
    """One request from its own address (so the rate limiter answers for this run's
    separate assertion only); now and then a hostile header or a raw body."""
    extra = {"REMOTE_ADDR": f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}"}
    if rng.random() < 0.1:
        extra["HTTP_X_FORWARDED_FOR"] = payload(rng)[:1000]
        extra["HTTP_ACCEPT_LANGUAGE"] = payload(rng)[:1000]
        extra["HTTP_REFERER"] = payload(rng)[:1000]
    if method == "post" and rng.random() < 0.05:
        body = rng.choice([b"\xff\xfe\x00garbage=%ZZ&&&==", b"a=" + b"%" * 1000, "name=é".encode("latin-1")])
        return client.generic("POST", url, body, content_type="application/x-www-form-urlencoded", **extra)
    if method == "get":
        data = {key: value for key, value in data.items() if not hasattr(value, "read")}
        return client.get(url, data, **extra)
    return client.post(url, data, **extra)


def test_a_thousand_hostile_submissions_cause_no_server_error_and_lose_nothing(site_with_data, settings):
    settings.FORM_MIN_FILL_SECONDS = 0
    data = site_with_data
    before = snapshot(data)
    rng = random.Random(SEED)
    targets = Targets(data)
    forms = targets.all()
    client = Client(raise_request_exception=True)
    errors, statuses, per_form = [], {}, {}

    for number in range(SUBMISSIONS):
        target = forms[number % len(forms)]
        method, url, fields = target(rng)
        fields = mutate(rng, fields)
        try:
            response = send(client, rng, method, url, fields, number)
            status = response.status_code
        except Exception as error:  # noqa: BLE001 — every server error is collected, then reported
            status = 500
            errors.append((number, target.__name__, url[:120], type(error).__name__, str(error)[:300]))
        if status >= 500 and (not errors or errors[-1][0] != number):
            errors.append((number, target.__name__, url[:120], status, ""))
        statuses[status] = statuses.get(status, 0) + 1
        per_form[target.__name__] = per_form.get(target.__name__, 0) + 1
        if number % 50 == 0:
            cache.clear()

    assert errors == [], f"{len(errors)} server errors (seed {SEED}): {errors[:10]}"
    assert set(per_form) == {form.__name__ for form in forms}
    assert sum(statuses.values()) == SUBMISSIONS
    # Both paths ran: some hostile submissions were accepted (redirected), many refused.
    assert statuses.get(302, 0) > 0 and statuses.get(422, 0) > 0, statuses

    # Nothing lost: the rows saved before the run are exactly as they were.
    assert snapshot(data) == before

    # Nothing renders unescaped: make everything the run stored public (approve the
    # members, open the proposals), then read every page that shows stored data.
    Member.objects.filter(status=Member.Status.PENDING).update(status=Member.Status.APPROVED)
    Proposal.objects.filter(status=Proposal.Status.UNCONFIRMED).update(status=Proposal.Status.OPEN)
    cache.clear()
    roadmap_url = data["roadmap"].url
    pages = [
        data["directory"].url,
        roadmap_url,
        roadmap_url + "proposals/",
        f"{roadmap_url}actions/{data['action'].pk}/",
        data["workshop"].get_parent().url,
        data["workshop"].url,
        data["citizen_day"].url,
        reverse("search") + "?q=" + MARKER,
    ]
    pages += [member.get_absolute_url() for member in Member.objects.approved()]
    # Residents' proposals are public once staff publish them (pre-moderation): publish all.
    from home import contributions

    for proposal in Proposal.objects.exclude(status=Proposal.Status.UNCONFIRMED).exclude(publication="published"):
        contributions.publish(proposal)
    pages += [
        f"{roadmap_url}proposals/{pk}/"
        for pk in Proposal.objects.exclude(status=Proposal.Status.UNCONFIRMED).values_list("pk", flat=True)
    ]
    pages += [r.personal_url() for r in Registration.objects.filter(anonymised_at__isnull=True)[:100]]
    assert Member.objects.count() > len(data["members"]), "the run stored no application: the check means nothing"
    for url in pages:
        response = client.get(url, REMOTE_ADDR="192.0.2.1")
        assert response.status_code == 200, url
        html = response.content.decode()
        for needle in (f"<script>{MARKER}", f"onerror={MARKER}", f"href='javascript:{MARKER}", "<img src=x"):
            assert needle not in html, f"{needle} unescaped on {url}"

    # The forms still work: a valid registration and a valid application.
    cache.clear()
    response = client.post(
        data["workshop"].url,
        {
            "name": "Après",
            "email": "apres@example.org",
            "party_size": "1",
            "consent": "on",
            "website": "",
            "form_started": fresh_form_token(),
        },
        REMOTE_ADDR="192.0.2.2",
    )
    assert response.status_code == 302
    assert Registration.objects.filter(email="apres@example.org").exists()
    application = targets.application(random.Random(0))[2]
    application.update(
        {"name": "Les Amis du Lac Bleu", "rna": "W491000002", "website": "", "form_started": fresh_form_token()}
    )
    response = client.post(targets.apply_url, application, REMOTE_ADDR="192.0.2.3")
    assert response.status_code == 302
    assert Member.objects.filter(name="Les Amis du Lac Bleu", status=Member.Status.PENDING).exists()


def test_the_rate_limiter_answers_429_not_500(site_with_data, settings):
    settings.FORM_MIN_FILL_SECONDS = 0
    client = Client()
    cache.clear()
    url = site_with_data["roadmap"].url + "propose/"
    statuses = [
        client.post(url, {"title": "<script>x</script>"}, REMOTE_ADDR="192.0.2.9").status_code for _ in range(40)
    ]
    cache.clear()
    assert 429 in statuses
    assert max(statuses) < 500
