"""RGPD tools: export and erase everything held about one e-mail address, from the
service, the management commands and the admin view."""

import json
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from home.personal_data import erase_personal_data, export_personal_data, sources
from members.models import Member, Person, Representative
from practices.models import Practice
from practices.tests.factories import make_person, make_practice
from roadmap.factories import make_action, make_axis, make_member, make_roadmap_page
from roadmap.models import Proposal, Support
from workshops import services as workshops_services
from workshops.factories import agenda, make_event
from workshops.models import Registration

ALICE = "Alice.Martin@Example.org"
BOB = "bob@example.org"


@pytest.fixture
def world(home_page):
    """One person (Alice) present in every app, and another (Bob) beside her."""
    action = make_action(make_axis("Gouvernance"), "Écrire la charte")
    make_roadmap_page(home_page)
    event = make_event(agenda(), title="Atelier", kind="remote_workshop", capacity=2, has_waitlist=True)
    past = make_event(agenda(), title="Ancien atelier", kind="remote_workshop", capacity=5, publish=True)
    now = timezone.now()
    old = workshops_services.register_for_event(past, name="Alice M.", email="alice.martin@example.org", notify=False)
    Registration.objects.filter(pk=old.pk).update(status="confirmed")
    EventPageModel = type(past)
    EventPageModel.objects.filter(pk=past.pk).update(start=now - timedelta(days=3), end=now - timedelta(days=3))
    alice_reg = workshops_services.register_for_event(
        event, name="Alice Martin", email=ALICE, party_size=2, needs="Fauteuil"
    )
    waiting = workshops_services.register_for_event(event, name="Bob", email=BOB, notify=False)
    assert waiting.status == Registration.Status.WAITLISTED
    proposal = Proposal.objects.create(
        axis=action.axis,
        title="Un jardin partagé",
        description="…",
        name="Alice",
        email="alice.martin@example.org",
        status=Proposal.Status.OPEN,
        confirmed_at=now,
    )
    unconfirmed = Proposal.objects.create(axis=action.axis, title="Brouillon", description="…", email=ALICE.upper())
    bob_proposal = Proposal.objects.create(axis=action.axis, title="De Bob", description="…", name="Bob", email=BOB)
    confirmed_support = Support.objects.create(
        action=action, email="alice.martin@example.org", confirmed_at=now, notify_updates=True
    )
    Support.objects.create(proposal=proposal, email="alice.martin@example.org")
    Support.objects.create(action=action, email=BOB, confirmed_at=now)
    member = make_member("Les Amis du Parc")
    Member.objects.filter(pk=member.pk).update(
        contact_name="Alice Martin", contact_role="Présidente", contact_email=ALICE, contact_phone="0600000000"
    )
    other = make_member("Club de Bob")
    Member.objects.filter(pk=other.pk).update(contact_name="Bob", contact_email=BOB)
    user = get_user_model().objects.create_user(
        username="alice", email="ALICE.martin@example.org", first_name="Alice", last_name="Martin", password="pw-12345"
    )  # noqa: S106
    Representative.objects.create(user=user, member=member)
    # A practice Alice submitted from her account, one naming her as its contact, one of Bob's.
    make_practice(member, title="Le budget des enfants", submitted_by=user)
    alice_contact = make_person(member, name="Alice Martin", email="alice.martin@example.org")
    make_practice(member, title="Les cafés citoyens", status=Practice.Status.SUBMITTED, contacts=[alice_contact])
    make_practice(other, title="La pratique de Bob", contacts=[make_person(other, name="Bob", email=BOB)])
    return {
        "event": event,
        "registration": alice_reg,
        "waiting": waiting,
        "old": old,
        "proposal": proposal,
        "unconfirmed": unconfirmed,
        "bob_proposal": bob_proposal,
        "support": confirmed_support,
        "member": member,
        "user": user,
        "action": action,
    }


def test_every_app_registers_its_personal_data():
    assert set(sources()) == {
        "follows",
        "members",
        "participation",
        "people",
        "practices",
        "roadmap",
        "workshops",
        "emails",
    }


def test_export_holds_every_kind_of_record_and_nothing_of_another_person(world):
    data = export_personal_data("  alice.MARTIN@example.ORG ")["data"]
    assert {r["event"] for r in data["workshops"]["registrations"]} == {"Atelier", "Ancien atelier"}
    assert data["workshops"]["registrations"][0]["needs"] in {"Fauteuil", ""}
    assert {p["title"] for p in data["roadmap"]["proposals"]} == {"Un jardin partagé", "Brouillon"}
    assert len(data["roadmap"]["supports"]) == 2
    assert [m["member"] for m in data["members"]["member_contacts"]] == ["Les Amis du Parc"]
    assert data["members"]["member_contacts"][0]["contact_phone"] == "0600000000"
    assert [a["username"] for a in data["members"]["accounts"]] == ["alice"]
    assert [p["title"] for p in data["practices"]["submitted"]] == ["Le budget des enfants"]
    assert [(p["title"], p["status"]) for p in data["practices"]["contact_of"]] == [("Les cafés citoyens", "submitted")]
    text = json.dumps(data)
    assert "bob" not in text.lower() and "De Bob" not in text


def _traces(email):
    """Every record of every model that still holds the address."""
    email = email.lower()
    return {
        "registrations": Registration.objects.filter(email__iexact=email).count(),
        "proposals": Proposal.objects.filter(email__iexact=email).count(),
        "supports": Support.objects.filter(email__iexact=email).count(),
        "members": Member.objects.filter(contact_email__iexact=email).count()
        + Member.objects.filter(public_email__iexact=email).count(),
        "users": get_user_model().objects.filter(email__iexact=email).count()
        + get_user_model().objects.filter(username__iexact=email).count(),
    }


def test_erase_leaves_no_trace_keeps_counts_and_offers_the_freed_seats(world, mailoutbox):
    counts_before = (Registration.objects.count(), Proposal.objects.count() - 1, Member.objects.count())
    support_count = world["action"].supports.filter(confirmed_at__isnull=False).count()
    mailoutbox.clear()

    counts = erase_personal_data(ALICE)

    assert sum(counts.values()) > 0
    assert all(value == 0 for value in _traces(ALICE).values())
    registration = Registration.objects.get(pk=world["registration"].pk)
    assert registration.status == Registration.Status.CANCELLED
    assert (registration.name, registration.needs, registration.anonymised_at is not None) == ("", "", True)
    assert Registration.objects.get(pk=world["old"].pk).name == ""
    # The seats freed go to Bob, first on the waiting list, and nothing is sent to Alice.
    assert Registration.objects.get(pk=world["waiting"].pk).status == Registration.Status.OFFERED
    assert all(ALICE.lower() not in [to.lower() for to in message.to] for message in mailoutbox)
    assert [BOB] in [message.to for message in mailoutbox]
    # Counts stay: registrations, the confirmed proposal and support, the member.
    assert (Registration.objects.count(), Proposal.objects.count(), Member.objects.count()) == counts_before
    assert world["action"].supports.filter(confirmed_at__isnull=False).count() == support_count
    assert not Support.objects.get(pk=world["support"].pk).notify_updates
    assert not Proposal.objects.filter(pk=world["unconfirmed"].pk).exists()
    proposal = Proposal.objects.get(pk=world["proposal"].pk)
    assert (proposal.name, proposal.email, proposal.title) == ("", "", "Un jardin partagé")
    member = Member.objects.get(pk=world["member"].pk)
    assert (member.contact_name, member.contact_phone, member.status) == ("", "", Member.Status.APPROVED)
    user = get_user_model().objects.get(pk=world["user"].pk)
    assert (user.first_name, user.is_active, user.has_usable_password()) == ("", False, False)
    assert not Representative.objects.filter(user=user).exists()
    # The practices stay (their structure's), with nothing left that leads to Alice.
    assert Practice.objects.count() == 3
    assert not Person.objects.filter(email__iexact=ALICE).exists()
    assert export_personal_data(ALICE)["data"]["practices"] == {"submitted": [], "contact_of": []}
    # Bob is untouched.
    assert _traces(BOB) == {"registrations": 1, "proposals": 1, "supports": 1, "members": 1, "users": 0}
    assert Member.objects.get(contact_email=BOB).contact_name == "Bob"


def test_commands_export_to_a_file_and_erase(world, tmp_path, capsys):
    output = tmp_path / "alice.json"
    call_command("export_personal_data", ALICE, "--output", str(output))
    data = json.loads(output.read_text(encoding="utf-8"))
    assert len(data["data"]["workshops"]["registrations"]) == 2
    call_command("erase_personal_data", ALICE, "--yes")
    assert "Total:" in capsys.readouterr().out
    assert all(value == 0 for value in _traces(ALICE).values())
    call_command("export_personal_data", ALICE)
    empty = json.loads(capsys.readouterr().out)
    assert empty["data"]["workshops"]["registrations"] == []


def test_erase_command_asks_for_confirmation(world, monkeypatch):
    from django.core.management.base import CommandError

    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    with pytest.raises(CommandError):
        call_command("erase_personal_data", ALICE)
    assert _traces(ALICE)["registrations"] == 2


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(username="admin", email="admin@example.org", password="pw-12345")  # noqa: S106


def test_admin_view_refuses_staff_without_the_right_and_anonymous_visitors(world, client, django_user_model):
    url = reverse("home_admin:personal_data")
    assert client.get(url).status_code == 302  # to the admin login
    editor = django_user_model.objects.create_user(username="editor", password="pw-12345", is_staff=True)  # noqa: S106
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    # Wagtail turns the refusal into a redirect to the dashboard with a message.
    refused = client.get(url)
    assert refused.status_code == 302 and refused["Location"] == reverse("wagtailadmin_home")
    assert client.post(url, {"email": ALICE, "confirm_erase": "1"}).status_code == 302
    assert url not in client.get(reverse("wagtailadmin_home")).content.decode()
    assert _traces(ALICE)["registrations"] == 2


@pytest.mark.parametrize("language", ["fr", "en"])
def test_admin_view_downloads_json_and_erases_after_confirmation(world, client, superuser, language):
    from wagtail.users.models import UserProfile

    UserProfile.get_for_user(superuser).__class__.objects.filter(user=superuser).update(preferred_language=language)
    client.force_login(superuser)
    url = reverse("home_admin:personal_data")
    page = client.get(url)
    assert page.status_code == 200 and f'lang="{language}"' in page.content.decode()
    assert url in client.get(reverse("wagtailadmin_home")).content.decode()

    download = client.post(url, {"email": ALICE, "export": "1"})
    assert download["Content-Type"].startswith("application/json")
    assert "attachment" in download["Content-Disposition"]
    assert len(json.loads(download.content)["data"]["roadmap"]["proposals"]) == 2

    refused = client.post(url, {"email": "not an address", "erase": "1"})
    assert refused.status_code == 422 and "email" in refused.context["form"].errors
    confirm = client.post(url, {"email": ALICE, "erase": "1"})
    assert confirm.status_code == 200 and 'name="confirm_erase"' in confirm.content.decode()
    assert _traces(ALICE)["registrations"] == 2  # nothing erased before the confirmation

    done = client.post(url, {"email": ALICE, "confirm_erase": "1"})
    assert done.status_code == 302
    assert all(value == 0 for value in _traces(ALICE).values())


def test_a_staff_member_given_the_rgpd_permission_uses_the_admin_view(world, client, django_user_model):
    from django.contrib.auth.models import Group, Permission

    url = reverse("home_admin:personal_data")
    officer = django_user_model.objects.create_user(username="dpo", password="pw-12345", is_staff=True)  # noqa: S106
    group = Group.objects.create(name="Délégué à la protection des données")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="manage_personal_data")
    )
    officer.groups.add(group)
    client.force_login(officer)
    assert client.get(url).status_code == 200
    assert url in client.get(reverse("wagtailadmin_home")).content.decode()
    exported = client.post(url, {"email": ALICE, "export": "1"})
    assert exported.status_code == 200 and exported["Content-Type"].startswith("application/json")
    assert client.post(url, {"email": ALICE, "confirm_erase": "1"}).status_code == 302
    assert _traces(ALICE)["registrations"] == 0


def test_the_rgpd_permission_can_be_given_to_a_group_in_the_admin(client, django_user_model):
    from django.contrib.auth.models import Group

    admin = django_user_model.objects.create_superuser(username="root", email="r@example.org", password="pw-12345")  # noqa: S106
    client.force_login(admin)
    group = Group.objects.create(name="Équipe")
    html = client.get(reverse("wagtailusers_groups:edit", args=[group.pk])).content.decode()
    assert "manage_personal_data" in html or "personal data (RGPD)" in html or "données personnelles" in html
