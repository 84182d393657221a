"""Erasing a person's data leaves no name in the admin's history: the log entries of the
profile stay (what happened, when, by whom) with an anonymised label."""

import pytest
from wagtail.models import ModelLogEntry

from members import services
from members.models import Member, Person

from .factories import make_member, make_person

pytestmark = pytest.mark.django_db


def entries_of(pk):
    return ModelLogEntry.objects.filter(content_type__model="person", object_id=str(pk))


def test_erasing_a_persons_data_anonymises_the_labels_of_their_history(communes):
    person = make_person(make_member("Angers"), name="Camille Martin", email="camille@example.org")
    services.agree_to_publication(person)
    services.hide_profile(person)
    assert set(entries_of(person.pk).values_list("label", flat=True)) == {"Camille Martin"}
    services.erase_people_data("camille@example.org")
    assert not Person.objects.filter(pk=person.pk).exists()
    assert entries_of(person.pk).count() == 2
    assert "Camille Martin" not in set(entries_of(person.pk).values_list("label", flat=True))


def test_a_person_deleting_their_profile_leaves_no_name_in_its_history(communes):
    person = make_person(make_member("Angers"), name="Camille Martin")
    services.agree_to_publication(person)
    pk = person.pk
    services.delete_profile(person)
    assert [entry.action for entry in entries_of(pk).order_by("timestamp")] == [
        "members.person.publish",
        "wagtail.delete",
    ]
    assert "Camille Martin" not in set(entries_of(pk).values_list("label", flat=True))


def test_a_members_history_is_part_of_the_export_of_its_contacts_data(communes):
    from django.contrib.auth import get_user_model

    from home.personal_data import export_personal_data

    moderator = get_user_model().objects.create_user(username="moderator", email="moderator@example.org")
    member = make_member("Angers", status=Member.Status.PENDING, contact_email="contact@example.org")
    other = make_member("Cholet", status=Member.Status.PENDING, contact_email="other@example.org")
    services.reject(member, reason="Pièces manquantes", by=moderator)
    services.approve(member, by=moderator)
    services.approve(other, by=moderator)
    [exported] = export_personal_data("Contact@example.org")["data"]["members"]["member_contacts"]
    history = exported["history"]
    assert [entry["action"] for entry in history] == ["members.reject", "members.approve"]
    assert history[0]["details"]["from_status"] == Member.Status.PENDING
    assert history[0]["details"]["to_status"] == Member.Status.REJECTED
    assert history[1]["at"] and history[1]["description"]
    assert "moderator" not in str(history)
