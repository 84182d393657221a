"""A member's history moved from its own table to Wagtail's log entries (migrations 0006
and 0007): every status change is kept, with its time, its user and its note."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

# serialized_rollback: what the migrations created (locales, root page) is restored afterwards.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("members", "0005_people_tags")]
AFTER = [("members", "0007_delete_memberstatuschange")]


def test_the_status_changes_become_log_entries_with_their_time_user_and_note(migrator):
    migrator.cleanup(forget_the_history)
    old = migrator.migrate(BEFORE)
    Member = old.get_model("members", "Member")
    Change = old.get_model("members", "MemberStatusChange")
    User = old.get_model("accounts", "User")
    staff = User.objects.create(username="staff-history", email="staff-history@example.org")
    member = Member.objects.create(kind="commune", name="Trélazé", slug="trelaze-history", status="withdrawn")
    then = timezone.now() - datetime.timedelta(days=30)
    rows = [
        ("", "pending", None, "application"),
        ("pending", "approved", staff, ""),
        ("approved", "approved", None, "identity change requested: insee_code, name"),
        ("approved", "approved", staff, "identity change declined: Pas de fusion"),
        ("approved", "withdrawn", staff, "Fusion de communes"),
    ]
    for days, (from_status, to_status, user, note) in enumerate(rows):
        change = Change.objects.create(
            member=member, from_status=from_status, to_status=to_status, changed_by=user, note=note
        )
        Change.objects.filter(pk=change.pk).update(changed_at=then + datetime.timedelta(days=days))

    new = migrator.migrate(AFTER)
    ContentType = new.get_model("contenttypes", "ContentType")
    entries = list(
        new.get_model("wagtailcore", "ModelLogEntry")
        .objects.filter(
            content_type=ContentType.objects.get(app_label="members", model="member"), object_id=str(member.pk)
        )
        .order_by("timestamp")
    )
    assert [entry.action for entry in entries] == [
        "members.apply",
        "members.approve",
        "members.identity_change.request",
        "members.identity_change.discard",
        "members.withdraw",
    ]
    assert [entry.user_id for entry in entries] == [None, staff.pk, None, staff.pk, staff.pk]
    assert [entry.timestamp for entry in entries] == [then + datetime.timedelta(days=d) for d in range(5)]
    assert {entry.label for entry in entries} == {"Trélazé"}
    assert entries[1].data == {"from_status": "pending", "to_status": "approved"}
    assert entries[2].data["fields"] == ["insee_code", "name"]
    assert entries[3].data["reason"] == "Pas de fusion"
    assert entries[4].data["reason"] == "Fusion de communes"
    assert "members_memberstatuschange" not in connection.introspection.table_names()


def forget_the_history(new_apps):
    new_apps.get_model("wagtailcore", "ModelLogEntry").objects.filter(action__startswith="members.").delete()
    new_apps.get_model("members", "Member").objects.filter(slug="trelaze-history").delete()
    new_apps.get_model("accounts", "User").objects.filter(username="staff-history").delete()


def test_the_members_of_the_time_get_their_search_text(migrator):
    """Migration 0009 writes the search text of the members that exist (the search reads
    nothing else): their name, description, INSEE code and seat commune, folded."""
    migrator.cleanup(forget_the_search_text_member)
    old = migrator.migrate([("members", "0008_name_fold_index")])
    Commune = old.get_model("members", "Commune")
    seat = Commune.objects.create(insee_code="49998", name="Bécon-les-Granits")
    old.get_model("members", "Member").objects.create(
        kind="association",
        name="Élan",
        slug="elan-search-text",
        status="approved",
        seat_commune=seat,
        description="Démocratie",
    )

    new = migrator.migrate([("members", "0009_member_search_text")])
    member = new.get_model("members", "Member").objects.get(slug="elan-search-text")
    assert member.search_text == "elan democratie becon-les-granits (49998)"


def forget_the_search_text_member(new_apps):
    new_apps.get_model("members", "Member").objects.filter(slug="elan-search-text").delete()
    new_apps.get_model("members", "Commune").objects.filter(insee_code="49998").delete()
