"""Private data by permission, over every admin view of members, registrations, proposals
and supports, for each staff group (the groups of home/migrations/0005): the private
values appear only for those allowed (home/privacy.py), never for editors — not in a
column, a search result, an export, an inspect page or a dashboard panel."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from members.models import Member
from roadmap.factories import make_action, make_axis
from roadmap.models import Proposal, Support
from workshops.factories import agenda, make_event
from workshops.models import Registration

pytestmark = pytest.mark.django_db

SECRETS = {
    "member": "contact-prive@mairie.example",
    "registration": "inscrite-privee@example.org",
    "proposal": "proposant-prive@example.org",
    "support": "soutien-prive@example.org",
}

EDITORS, MODERATORS, DPO, SUPERUSER = "Rédacteurs", "Modérateurs", "Délégués à la protection des données", "superuser"
# What each group may read of each kind of record: "private" (with personal data),
# "public" (the record without its private fields) or "none" (no access at all).
ACCESS = {
    EDITORS: {"member": "public", "registration": "none", "proposal": "public", "support": "none"},
    MODERATORS: {"member": "private", "registration": "private", "proposal": "private", "support": "private"},
    DPO: {"member": "private", "registration": "private", "proposal": "private", "support": "private"},
    SUPERUSER: {"member": "private", "registration": "private", "proposal": "private", "support": "private"},
}


@pytest.fixture
def records(home_page):
    member = Member.objects.create(
        kind=Member.Kind.ASSOCIATION,
        name="Les Jardins partagés",
        slug="jardins-partages",
        status=Member.Status.PENDING,
        contact_name="Camille Secrète",
        contact_email=SECRETS["member"],
        contact_phone="0241000000",
    )
    event = make_event(agenda(home_page), title="Journée de Beaufort", kind="citizen_day", activities=[("Chantier", 9)])
    registration = Registration.objects.create(
        event=event, name="Inès Privée", email=SECRETS["registration"], party_size=1, status="confirmed"
    )
    axis = make_axis("Gouvernance")
    action = make_action(axis, "Écrire la charte")
    proposal = Proposal.objects.create(
        axis=axis,
        title="Un conseil des jeunes",
        description="Pour les 12-18 ans.",
        name="Paul Privé",
        email=SECRETS["proposal"],
        status=Proposal.Status.OPEN,
        confirmed_at=timezone.now(),
    )
    support = Support.objects.create(action=action, email=SECRETS["support"], confirmed_at=timezone.now())
    return {"member": member, "registration": registration, "proposal": proposal, "support": support, "event": event}


def text_of(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig", errors="replace")
    return response.content.decode(errors="replace")


def user_in(group_name):
    User = get_user_model()
    if group_name == SUPERUSER:
        return User.objects.create_superuser("root", "root@example.org", "pw")
    user = User.objects.create_user(group_name[:20].replace(" ", "-"), "staff@example.org", "pw")
    user.groups.add(Group.objects.get(name=group_name))
    return user


def views(records):
    """(kind, description, url) of every admin view that shows these records."""
    member, registration, proposal, support = (records[k] for k in ("member", "registration", "proposal", "support"))
    return [
        ("member", "listing", reverse("members_member:index")),
        ("member", "export", reverse("members_member:index") + "?export=csv"),
        ("member", "inspect", reverse("members_member:inspect", args=[member.pk])),
        ("member", "edit", reverse("members_member:edit", args=[member.pk])),
        ("member", "dashboard", reverse("wagtailadmin_home")),
        ("registration", "listing", reverse("wagtailsnippets_workshops_registration:list")),
        ("registration", "export", reverse("wagtailsnippets_workshops_registration:list") + "?export=csv"),
        ("registration", "inspect", reverse("wagtailsnippets_workshops_registration:inspect", args=[registration.pk])),
        (
            "registration",
            "event page",
            reverse("wagtailsnippets_workshops_registration:event", args=[records["event"].pk]),
        ),
        ("proposal", "listing", reverse("wagtailsnippets_roadmap_proposal:list")),
        ("proposal", "export", reverse("wagtailsnippets_roadmap_proposal:list") + "?export=csv"),
        ("proposal", "inspect", reverse("wagtailsnippets_roadmap_proposal:inspect", args=[proposal.pk])),
        ("support", "listing", reverse("wagtailsnippets_roadmap_support:list")),
        ("support", "export", reverse("wagtailsnippets_roadmap_support:list") + "?export=csv"),
        ("support", "inspect", reverse("wagtailsnippets_roadmap_support:inspect", args=[support.pk])),
    ]


@pytest.mark.parametrize("group_name", [EDITORS, MODERATORS, DPO, SUPERUSER])
def test_every_admin_view_shows_private_data_only_to_those_allowed(client, records, group_name):
    client.force_login(user_in(group_name))
    for kind, what, url in views(records):
        response = client.get(url)
        body = text_of(response) if response.status_code == 200 else ""
        access = ACCESS[group_name][kind]
        if access != "private":
            assert SECRETS[kind] not in body, f"{group_name} sees the private data of a {kind} ({what}: {url})"
        if access == "none":
            assert response.status_code in (302, 403) or what == "dashboard", (group_name, what, url)
        elif access == "private" and (
            what in ("export", "inspect") or (what == "listing" and kind in ("registration", "support"))
        ):
            assert response.status_code == 200, (group_name, what, url)
            assert SECRETS[kind] in body, f"{group_name} should see the {kind}'s e-mail ({what})"
        elif access == "public" and what in ("listing", "inspect"):
            assert response.status_code == 200, (group_name, what, url)


@pytest.mark.parametrize("group_name", [EDITORS, MODERATORS, DPO, SUPERUSER])
def test_search_by_a_private_address_finds_only_for_those_allowed(client, records, group_name):
    client.force_login(user_in(group_name))
    searches = [
        ("member", reverse("members_member:index"), "Les Jardins partagés"),
        ("proposal", reverse("wagtailsnippets_roadmap_proposal:list"), "Un conseil des jeunes"),
        ("registration", reverse("wagtailsnippets_workshops_registration:list"), "Journée de Beaufort"),
    ]
    for kind, url, shown in searches:
        response = client.get(url, {"q": SECRETS[kind]})
        found = response.status_code == 200 and shown in response.content.decode()
        assert found == (ACCESS[group_name][kind] == "private"), (group_name, kind)


def test_the_groups_have_french_names_and_the_workflow_too(db):
    from wagtail.models import Task, Workflow

    names = set(Group.objects.values_list("name", flat=True))
    assert {EDITORS, MODERATORS, DPO} <= names
    assert not {"Editors", "Moderators"} & names
    assert Workflow.objects.filter(name="Relecture par les modérateurs").exists()
    assert Task.objects.filter(name="Relecture par les modérateurs").exists()
    assert not Workflow.objects.filter(name="Moderators approval").exists()
