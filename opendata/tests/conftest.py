"""A small network with public data *and* private data planted everywhere, so that the
tests that look for personal data in the API and the datasets can fail."""

from datetime import timedelta

import pytest
from django.utils import timezone

from members.models import Commune, Member
from roadmap.factories import make_action, make_axis, make_roadmap_page
from roadmap.models import ActionUpdate, Commitment, Proposal, Support
from workshops.factories import agenda, make_event
from workshops.models import Registration

# Every private value planted below: none may ever appear in a response or a file.
PRIVATE = {
    "contact_name": "Gaëlle Secretperson",
    "contact_email": "gaelle.secret@private-mail.example",
    "contact_phone": "06 12 34 56 78",
    "contact_role": "Trésorière confidentielle",
    "public_email": "mairie-publique@commune.example",
    "address": "12 rue du Domicile Privé",
    "rejection_reason": "Motif de refus confidentiel",
    "pending_name": "Association En Attente Secrète",
    "registrant_name": "Roger Inscritprivé",
    "registrant_email": "roger.inscrit@private-mail.example",
    "registrant_needs": "Besoin médical confidentiel",
    "video_link": "https://visio.example.org/secret-room-4242",
    "supporter_email": "soutien.prive@private-mail.example",
    "proposer_name": "Paulette Proposeuse",
    "proposer_email": "paulette@private-mail.example",
    "hidden_commitment": "Engagement caché confidentiel",
    "representative_email": "representant.secret@private-mail.example",
    "team_leader": "Chef Dequipe Privé",
    "person_email": "praticienne.secret@private-mail.example",
    "hidden_person": "Hortense Masquée",
    "unconsented_person": "Ursule Sansaccord",
    "pending_member_person": "Paul Structure-en-attente",
    "submitted_practice": "Pratique pas encore relue",
    "practice_review_note": "Note de relecture confidentielle",
    "idea_submitter_name": "Irène Idéatrice",
    "idea_submitter_email": "irene.idee@private-mail.example",
    "pending_idea": "Idée en attente de relecture",
    "rejected_idea": "Idée refusée discrètement",
    "idea_moderation_note": "Motif de modération privé",
    "idea_supporter_email": "soutien.idee@private-mail.example",
}


@pytest.fixture(autouse=True)
def _fresh_cache_and_rates():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def make_members(count, prefix="Structure"):
    commune = Commune.objects.get_or_create(
        insee_code="49007",
        defaults={
            "name": "Angers",
            "intercommunality": "CU Angers Loire Métropole",
            "intercommunality_code": "244900015",
        },
    )[0]
    return Member.objects.bulk_create(
        [
            Member(
                kind=Member.Kind.ASSOCIATION,
                name=f"{prefix} {n:03d}",
                slug=f"{prefix.lower()}-{n:03d}",
                status=Member.Status.APPROVED,
                seat_commune=commune,
                rna=f"W{n:09d}",
                description="Une association du réseau.",
                contact_email=f"contact{n}@private-mail.example",
                contact_phone="0612345678",
            )
            for n in range(count)
        ]
    )


@pytest.fixture
def world(home_page):
    """A roadmap, members, events and everything private that goes with them."""
    from django.contrib.auth import get_user_model

    from members.models import Representative

    english_home = home_page.get_translations().filter(locale__language_code="en").first()
    make_roadmap_page(home_page, english_home=english_home)
    angers = Commune.objects.get_or_create(insee_code="49007", defaults={"name": "Angers"})[0]
    Commune.objects.filter(pk=angers.pk).update(
        intercommunality="CU Angers Loire Métropole", intercommunality_code="244900015", postal_codes=["49000"]
    )
    angers.refresh_from_db()
    commune_member = Member.objects.create(
        kind=Member.Kind.COMMUNE,
        name="Angers",
        slug="angers",
        status=Member.Status.APPROVED,
        insee_code="49007",
        siren="214900075",
        seat_commune=angers,
        website="https://www.angers.example",
        description="La ville d'Angers. Écrire à " + PRIVATE["public_email"] + " ou au 02 41 05 40 00.",
        public_email=PRIVATE["public_email"],
        contact_name=PRIVATE["contact_name"],
        contact_email=PRIVATE["contact_email"],
        contact_phone=PRIVATE["contact_phone"],
        contact_role=PRIVATE["contact_role"],
        address=PRIVATE["address"],
    )
    association = Member.objects.create(
        kind=Member.Kind.ASSOCIATION,
        name="Les Amis de la Participation",
        slug="amis-participation",
        status=Member.Status.APPROVED,
        rna="W491234567",
        seat_commune=angers,
        description="Une association d'éducation populaire.",
        contact_email="asso.contact@private-mail.example",
        contact_phone="+33 6 98 76 54 32",
    )
    pending = Member.objects.create(
        kind=Member.Kind.ASSOCIATION,
        name=PRIVATE["pending_name"],
        slug="en-attente",
        status=Member.Status.PENDING,
        contact_email="pending@private-mail.example",
    )
    Member.objects.create(
        kind=Member.Kind.ASSOCIATION,
        name="Refusée",
        slug="refusee",
        status=Member.Status.REJECTED,
        rejection_reason=PRIVATE["rejection_reason"],
    )
    user = get_user_model().objects.create_user(
        username="rep-secret", email=PRIVATE["representative_email"], password="pw-12345"
    )
    Representative.objects.create(user=user, member=commune_member)

    axis = make_axis("Structurer la gouvernance", english="Structure the governance")
    action = make_action(axis, "Écrire la charte", english="Write the charter", progress=40, lead_member=commune_member)
    action.contributing_members.add(association, pending)
    other = make_action(axis, "Cartographier les acteurs", status="in_progress", lead_member=pending)
    ActionUpdate.objects.create(action=action, date=timezone.localdate(), text="Premier jet écrit.", progress=40)
    ActionUpdate.objects.create(
        action=action, date=timezone.localdate(), text="Contact : " + PRIVATE["contact_email"], status="in_progress"
    )
    Commitment.objects.create(action=action, member=association, kind="room", description="Une salle le samedi.")
    Commitment.objects.create(
        action=action, member=commune_member, kind="funding", description=PRIVATE["hidden_commitment"], hidden=True
    )
    Support.objects.create(action=action, email=PRIVATE["supporter_email"], confirmed_at=timezone.now())
    Support.objects.create(action=action, email="unconfirmed@private-mail.example")
    Support.objects.create(action=action, member=association, confirmed_at=timezone.now())
    Proposal.objects.create(
        axis=axis,
        title="Une idée",
        description="Une idée de résident.",
        name=PRIVATE["proposer_name"],
        email=PRIVATE["proposer_email"],
        status=Proposal.Status.OPEN,
    )

    index = agenda(home_page)
    citizen_day = make_event(
        index,
        title="Journée citoyenne d'Angers",
        kind="citizen_day",
        commune=angers,
        place_name="Salle des fêtes",
        address="1 place de la Mairie",
        activities=[
            {"title": "Chantier nature", "capacity": 10, "team_leader": PRIVATE["team_leader"]},
            {"title": "Atelier vélo", "capacity": 5},
        ],
    )
    citizen_day.host_members.add(commune_member)
    citizen_day.save_revision().publish()
    workshop = make_event(
        index,
        title="Atelier à distance",
        kind="remote_workshop",
        capacity=3,
        video_link=PRIVATE["video_link"],
        start=timezone.now() + timedelta(days=5),
    )
    past = make_event(index, title="Journée passée", start=timezone.now() - timedelta(days=40), capacity=20)
    activity = citizen_day.activities.first()
    registration = Registration.objects.create(
        event=citizen_day,
        name=PRIVATE["registrant_name"],
        email=PRIVATE["registrant_email"],
        needs=PRIVATE["registrant_needs"],
        party_size=3,
        status=Registration.Status.CONFIRMED,
    )
    registration.activities.add(activity)
    Registration.objects.create(
        event=workshop, name="Autre Personne", email="autre@private-mail.example", status="confirmed"
    )
    action.events.add(citizen_day)
    network = practices_and_people(commune_member, association, pending, citizen_day, action)
    call, idea = calls_and_ideas(angers, citizen_day, association, action)
    return {
        **network,
        "call": call,
        "idea": idea,
        "commune_member": commune_member,
        "association": association,
        "pending": pending,
        "axis": axis,
        "action": action,
        "other_action": other,
        "citizen_day": citizen_day,
        "workshop": workshop,
        "past": past,
        "activity": activity,
        "registration": registration,
    }


def practices_and_people(commune_member, association, pending, event, action):
    """A competency framework (French and English), people who opted in and others who did
    not, and practices published or not."""
    from practices.tests.factories import make_framework, make_person, make_practice, make_sector

    framework = make_framework()
    competency = framework["animer-reunion"]
    competency.events.add(event)
    sector = make_sector()
    person = make_person(
        association,
        name="Léa Praticienne",
        role="Animatrice",
        email=PRIVATE["person_email"],
        presentation="J'anime des réunions. Écrire à " + PRIVATE["person_email"],
        competencies=[competency],
        sectors=[sector],
    )
    make_person(association, name=PRIVATE["hidden_person"], hidden=True, competencies=[competency])
    make_person(association, name=PRIVATE["unconsented_person"], public=False, competencies=[competency])
    make_person(pending, name=PRIVATE["pending_member_person"], competencies=[competency])
    practice = make_practice(
        association,
        title="Des réunions qui donnent envie",
        competencies=[competency],
        contacts=[person],
        results="De nouveaux venus. Contact : 06 11 22 33 44",
    )
    practice.events.add(event)
    practice.roadmap_actions.add(action)
    unpublished = make_practice(
        association, title=PRIVATE["submitted_practice"], status="submitted", competencies=[competency]
    )
    unpublished.review_note = PRIVATE["practice_review_note"]
    unpublished.save()
    make_practice(pending, title="Pratique d'une structure en attente", competencies=[competency])
    return {"competency": competency, "domain": competency.domain, "person": person, "practice": practice}


def calls_and_ideas(commune, event, association, action):
    """A call whose results are published, with a resident's published idea (the resident
    is never named), a member's selected idea, and ideas that are not public."""
    from wagtail.models import Locale

    from home.models import Publication
    from roadmap.call_models import Call, Idea, IdeaSupport

    call = Call.objects.create(
        locale=Locale.objects.get(language_code="fr"),
        title="Vos idées pour la journée citoyenne",
        description="Que faire ensemble ce jour-là ?",
        rules="Une idée par personne.",
        deadline=timezone.now() - timedelta(days=2),
        commune=commune,
        event=event,
        results_published_at=timezone.now(),
    )
    english = call.copy_for_translation(Locale.objects.get(language_code="en"))
    english.title = "Your ideas for the citizen day"
    english.save()
    published = dict(
        status=Idea.Status.CONFIRMED,
        publication=Publication.PUBLISHED,
        moderated_at=timezone.now(),
        call=call,
    )
    idea = Idea.objects.create(
        title="Un repas partagé",
        description="Chacun apporte un plat.",
        name=PRIVATE["idea_submitter_name"],
        email=PRIVATE["idea_submitter_email"],
        selection=Idea.Selection.NOT_SELECTED,
        selection_reason="Déjà prévu l'an dernier.",
        **published,
    )
    Idea.objects.create(
        title="Une fresque",
        description="Peindre le mur de l'école.",
        member=association,
        selection=Idea.Selection.SELECTED,
        selection_reason="Porté par une association.",
        action=action,
        **published,
    )
    waiting = dict(call=call, description="…", status=Idea.Status.CONFIRMED)
    Idea.objects.create(title=PRIVATE["pending_idea"], email="attente@private-mail.example", **waiting)
    Idea.objects.create(
        title=PRIVATE["rejected_idea"],
        email="refus@private-mail.example",
        publication=Publication.HIDDEN,
        hidden_reason=PRIVATE["idea_moderation_note"],
        **waiting,
    )
    IdeaSupport.objects.create(idea=idea, email=PRIVATE["idea_supporter_email"], confirmed_at=timezone.now())
    IdeaSupport.objects.create(idea=idea, email="pas-confirme@private-mail.example")
    IdeaSupport.objects.create(idea=idea, member=association, confirmed_at=timezone.now())
    return call, idea
