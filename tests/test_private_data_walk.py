"""Private data by permission, walked over every admin view of the project's apps.

Each record holding personal data gets values found nowhere else (a name, an e-mail, a
phone). Then, for each staff group, the test opens every admin URL of our apps (listings,
their search and exports, inspect, edit and history pages, confirm views, the event's
registrations and invitations, the dashboard) with the records' ids, and looks for those
values: a record's personal data may appear only to whom `home.privacy` allows it
(superusers, data-protection officers, the staff who handle that kind of record), never to
the editors. The superuser's walk must meet every value, so that the walk is not blind."""

import datetime
import itertools

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from home.privacy import can_see_private_data
from members.models import Member
from roadmap.factories import make_action, make_axis, make_mission
from roadmap.models import Proposal, Support
from workshops.factories import agenda, make_event
from workshops.models import Registration

pytestmark = pytest.mark.django_db

EDITORS, MODERATORS, DPO, SUPERUSER = "Rédacteurs", "Modérateurs", "Délégués à la protection des données", "superuser"
APPS = ("members", "workshops", "roadmap", "follows", "practices", "home")
_numbers = itertools.count(1)


def secret(kind):
    number = next(_numbers)
    return f"zq{kind}{number}secret@example.org", f"Zqnom{kind.capitalize()}{number}"


@pytest.fixture
def records(home_page):
    """{model: (record, [its private values])}"""
    from follows.factories import make_follow, make_subscriber
    from home.models import ContentReport
    from members.people import Person, RelayedMessage
    from roadmap.call_models import Call, Idea, IdeaSupport
    from roadmap.mission_models import Volunteer
    from workshops.models import AttendanceCertificate, DatePoll, Invitation, PollRespondent

    found = {}

    def keep(record, *values):
        found[type(record)] = (record, [v for v in values if v])
        return record

    email, name = secret("member")
    member = keep(
        Member.objects.create(
            kind=Member.Kind.ASSOCIATION,
            name="Les Jardins partagés",
            slug="jardins-partages",
            status=Member.Status.APPROVED,
            contact_name=name,
            contact_email=email,
            contact_phone="0241987654",
        ),
        email,
        name,
        "0241987654",
    )
    event = make_event(agenda(home_page), title="Journée de Beaufort", kind="citizen_day", activities=[("Chantier", 9)])
    email, name = secret("registration")
    keep(
        Registration.objects.create(
            event=event,
            name=name,
            email=email,
            party_size=1,
            status="confirmed",
            needs="Zqfauteuil roulant",
            token="tok-registration",
        ),
        email,
        name,
        "Zqfauteuil roulant",
    )
    axis = make_axis("Gouvernance")
    action = make_action(axis, "Écrire la charte")
    email, name = secret("proposal")
    keep(
        Proposal.objects.create(
            axis=axis,
            title="Un conseil des jeunes",
            description="Pour les 12-18 ans.",
            name=name,
            email=email,
            status=Proposal.Status.OPEN,
            confirmed_at=timezone.now(),
        ),
        email,
        name,
    )
    email, _ = secret("support")
    keep(Support.objects.create(action=action, email=email, confirmed_at=timezone.now()), email)
    email, name = secret("person")
    person = keep(
        Person.objects.create(member=member, name="Aline Ressource", slug="aline", category="volunteer", email=email),
        email,
    )
    email, name = secret("relayed")
    keep(
        RelayedMessage.objects.create(person=person, sender_name=name, sender_email=email, message="Zqmessage privé"),
        email,
        name,
        "Zqmessage privé",
    )
    mission = make_mission(action=action)
    email, name = secret("volunteer")
    keep(Volunteer.objects.create(mission=mission, name=name, email=email, token="tok-volunteer"), email, name)
    call = Call.objects.create(
        locale=home_page.locale,
        title="Idées pour la place",
        description="Vos idées.",
        deadline=timezone.now() + datetime.timedelta(days=20),
    )
    email, name = secret("idea")
    idea = keep(
        Idea.objects.create(call=call, title="Des bancs", description="Pour s'asseoir.", name=name, email=email),
        email,
        name,
    )
    email, _ = secret("ideasupport")
    keep(IdeaSupport.objects.create(idea=idea, email=email), email)
    email, name = secret("invitation")
    keep(
        Invitation.objects.create(
            event=event, name=name, email=email, expires_at=timezone.now() + datetime.timedelta(days=10)
        ),
        email,
        name,
    )
    poll = DatePoll.objects.create(title="Réunion de réseau de printemps")
    email, name = secret("respondent")
    keep(PollRespondent.objects.create(poll=poll, name=name, email=email), email, name)
    email, name = secret("certificate")
    keep(
        AttendanceCertificate.objects.create(
            code="ZQCODE1",
            event=event,
            holder_name=name,
            email=email,
            event_title=event.title,
            event_kind="citizen_day",
            start=event.start,
            end=event.end,
        ),
        email,
        name,
    )
    email, _ = secret("subscriber")
    subscriber = keep(make_subscriber(email), email)
    keep(make_follow(subscriber, "agenda"), subscriber.email)
    email, _ = secret("report")
    keep(
        ContentReport.objects.create(
            kind="idea", object_id=idea.pk, content_title="Des bancs", reason="Zqraison", email=email
        ),
        email,
    )
    found["event"] = event
    found["poll"] = poll
    return found


# Relayed messages are forwarded by e-mail and kept for the record: no admin view shows them.
NOT_IN_ADMIN = {"RelayedMessage"}


def user_in(group_name):
    User = get_user_model()
    if group_name == SUPERUSER:
        return User.objects.create_superuser("root", "root@example.org", "pw")
    user = User.objects.create_user(f"staff{next(_numbers)}", "staff@example.org", "pw")
    user.groups.add(Group.objects.get(name=group_name))
    return user


def admin_patterns():
    """(name, route) of every admin URL of our apps."""

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = ":".join(filter(None, [namespace, pattern.namespace])) if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                yield name, prefix + str(pattern.pattern)

    for name, route in walk(get_resolver().url_patterns, "", None):
        if route.startswith("admin/") and any(app in name.split(":")[0] for app in APPS):
            yield name, route


# Custom admin views whose <pk> is not the model of their namespace.
PK_OF = {
    "wagtailsnippets_workshops_registration:event": "event",
    "wagtailsnippets_workshops_invitation:event": "event",
    "wagtailsnippets_workshops_registration:attended": "workshops.registration",
    "wagtailsnippets_workshops_registration:cancel": "workshops.registration",
    "wagtailsnippets_workshops_invitation:revoke": "workshops.invitation",
    "wagtailsnippets_workshops_datepoll:answers": "poll",
    "wagtailsnippets_workshops_datepoll:close": "poll",
}


def record_for(name, records):
    by_label = {}
    for key, entry in records.items():
        if isinstance(key, str):
            by_label[key] = entry
        else:
            by_label[key._meta.label_lower] = entry[0]
    if name in PK_OF:
        return by_label.get(PK_OF[name])
    namespace = name.split(":")[0]
    if namespace.startswith("wagtailsnippets_"):
        app, model = namespace.removeprefix("wagtailsnippets_").split("_", 1)
        return by_label.get(f"{app}.{model}")
    if namespace == "members_member":
        return by_label.get("members.member")
    return None


def urls_to_visit(records):
    skipped = ("chooser", "delete", "unpublish", "workflow", "preview", "lock", "unlock", "revisions", "bulk", "copy")
    yield reverse("wagtailadmin_home")
    for name, route in admin_patterns():
        if any(word in name or word in route for word in skipped):
            continue
        if "<" not in route:
            if name.endswith((":list", ":index")):
                yield reverse(name)
                yield reverse(name) + "?export=csv"
                yield reverse(name) + "?export=xlsx"
            elif "results" not in name:
                yield reverse(name)
            continue
        if route.count("<") != 1 or "<int:pk>" not in route and "<str:pk>" not in route:
            continue
        record = record_for(name, records)
        if record is not None:
            yield reverse(name, args=[record.pk])


def body_of(response):
    if response.streaming:
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    if content[:2] == b"PK":  # XLSX: the shared strings hold the cells' text
        import io
        import zipfile

        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return archive.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in archive.namelist() else ""
    return content.decode("utf-8-sig", errors="replace")


@pytest.mark.parametrize("group_name", [EDITORS, MODERATORS, DPO, SUPERUSER])
def test_no_admin_view_shows_personal_data_to_a_group_not_allowed(client, records, group_name):
    user = user_in(group_name)
    client.force_login(user)
    leaks, seen = [], set()
    for url in urls_to_visit(records):
        response = client.get(url)
        assert response.status_code < 500, url
        if response.status_code != 200:
            continue
        body = body_of(response)
        for model, entry in records.items():
            if isinstance(model, str):
                continue
            record, values = entry
            for value in values:
                if value in body:
                    seen.add(value)
                    if not can_see_private_data(user, model):
                        leaks.append((model.__name__, value, url))
    assert not leaks, f"{group_name} sees personal data it may not: {leaks}"
    if group_name == EDITORS:
        assert not seen
    if group_name in (MODERATORS, SUPERUSER):
        # The walk meets every record's personal data (it is not blind), and the moderators
        # can do their job: they read all but the followers' addresses (the newsletter needs
        # no one to read them). The data-protection officers read the listings and answer
        # for one address with their own page (tests/test_personal_data.py).
        skipped = NOT_IN_ADMIN | ({"Subscriber", "Follow"} if group_name == MODERATORS else set())
        unseen = [
            (model.__name__, value)
            for model, entry in records.items()
            if not isinstance(model, str) and model.__name__ not in skipped
            for value in entry[1]
            if value not in seen
        ]
        assert not unseen, unseen


def listing_of(model):
    for name in (f"wagtailsnippets_{model._meta.app_label}_{model._meta.model_name}:list", "members_member:index"):
        if name.startswith("members_member") and model is not Member:
            continue
        try:
            return reverse(name), name.split(":")[0]
        except NoReverseMatch:
            pass
    return None, None


@pytest.mark.parametrize("group_name", [EDITORS, MODERATORS, DPO])
def test_searching_a_listing_by_a_private_value_finds_only_for_those_allowed(client, records, group_name):
    user = user_in(group_name)
    client.force_login(user)
    wrong = []
    for model, entry in records.items():
        if isinstance(model, str):
            continue
        record, values = entry
        url, namespace = listing_of(model)
        if url is None:
            continue
        row_links = []
        for view in ("edit", "inspect"):
            try:
                row_links.append(reverse(f"{namespace}:{view}", args=[record.pk]))
            except NoReverseMatch:
                pass
        for value in values:
            response = client.get(url, {"q": value})
            if response.status_code != 200:
                continue
            found = any(link in response.content.decode() for link in row_links)
            if found and not can_see_private_data(user, model):
                wrong.append((model.__name__, value))
    assert not wrong, f"{group_name} finds records by personal data it may not see: {wrong}"
