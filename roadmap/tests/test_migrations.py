"""Ideas moved to the shared pre-moderation (migration 0006): what staff had decided is
kept — waiting ideas still wait, published ones stay public, refused ones are hidden with
the note they were refused with."""

import pytest
from django.utils import timezone

# serialized_rollback: what the migrations created (locales, root page) is restored afterwards.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("roadmap", "0005_proposal_premoderation")]
AFTER = [("roadmap", "0006_ideas_premoderated_and_on_agenda")]


def test_ideas_keep_the_staffs_decisions_in_the_shared_pre_moderation(migrator):
    migrator.cleanup(forget_the_ideas)
    old = migrator.migrate(BEFORE)
    Call = old.get_model("roadmap", "Call")
    Idea = old.get_model("roadmap", "Idea")
    Locale = old.get_model("wagtailcore", "Locale")
    call = Call.objects.create(
        locale=Locale.objects.get_or_create(language_code="fr")[0],
        title="Appel",
        description="Texte",
        deadline=timezone.now(),
        translation_key="00000000-0000-0000-0000-000000000016",
    )
    published_at = timezone.now()
    for number, status in enumerate(["unconfirmed", "pending", "published", "rejected"]):
        Idea.objects.create(
            call=call,
            title=status,
            description="Texte",
            email=f"idee{number}@example.org",
            status=status,
            token=f"token-{number}",
            published_at=published_at if status == "published" else None,
            moderation_note="Publicité" if status == "rejected" else "",
        )
    new = migrator.migrate(AFTER)
    ideas = {idea.title: idea for idea in new.get_model("roadmap", "Idea").objects.all()}
    assert (ideas["unconfirmed"].status, ideas["unconfirmed"].publication) == ("unconfirmed", "pending")
    assert (ideas["pending"].status, ideas["pending"].publication) == ("confirmed", "pending")
    assert (ideas["published"].status, ideas["published"].publication) == ("confirmed", "published")
    assert ideas["published"].moderated_at == published_at
    assert (ideas["rejected"].status, ideas["rejected"].publication) == ("confirmed", "hidden")
    assert ideas["rejected"].hidden_reason == "Publicité"


def forget_the_ideas(new_apps):
    new_apps.get_model("roadmap", "Idea").objects.all().delete()
    new_apps.get_model("roadmap", "Call").objects.all().delete()
