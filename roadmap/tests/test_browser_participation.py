"""The three journeys of residents' participation, in a real browser, in French and
English, every page scanned with axe:

1. an action posts a mission of 3 volunteers; volunteers sign up; the fourth is told it
   is full; a volunteer cancels from the personal link;
2. staff open a call for ideas for a citizen day, two residents submit ideas, staff
   publish them, a supporter supports, staff select one which becomes an activity of the
   citizen day;
3. a proposal crosses the support threshold, appears on the steering committee's next
   minutes, staff record "accepted", the proposal becomes an action and the proposer and
   following supporters are e-mailed."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone
from wagtail.models import Locale, Site

from home.models import HomePage
from home.tests.factories import make_governance_body
from roadmap.agenda_models import AgendaItem, ParticipationSettings
from roadmap.call_models import Call, Idea
from roadmap.factories import make_action, make_axis, make_minutes, make_mission, make_roadmap_page
from roadmap.models import Proposal, Support
from roadmap.services import calls, missions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def path_of_link(message, kind):
    return urlsplit(re.search(rf"https?://\S+/{kind}/\S+/", message.body).group(0)).path


@pytest.fixture
def roadmap(live_site):
    english_home = HomePage.objects.get(locale=Locale.objects.get(language_code="en"))
    page = make_roadmap_page(live_site, english_home=english_home)
    axis = make_axis("Mobiliser les habitants", english="Mobilise residents")
    action = make_action(axis, "Des cafés citoyens", english="Citizen cafés")
    return page, axis, action


def staff_page(browser, live_server, django_user_model):
    django_user_model.objects.create_superuser(username="animatrice", email="a@example.org", password="pw-part-1")
    context = browser.new_context(base_url=live_server.url)
    admin = context.new_page()
    admin.goto("/admin/login/")
    admin.locator("#id_username").fill("animatrice")
    admin.locator("#id_password").fill("pw-part-1")
    admin.locator("form button[type=submit]").click()
    admin.wait_for_url(re.compile(r"/admin/$"))
    return context, admin


def test_volunteers_sign_up_until_the_mission_is_full(roadmap, page, axe):
    _page, _axis, action = roadmap
    mission = make_mission(action=action, title="Tenir le stand", capacity=3, skills="Accueil")
    missions.sign_up(mission, name="Un", email="un@example.org", notify=False)

    # From the action's page, a resident opens the mission and signs up (a mistake first).
    page.goto(f"/feuille-de-route/actions/{action.pk}/")
    axe(page)
    assert "2 places restantes sur 3" in page.content()
    page.get_by_role("link", name="Tenir le stand").click()
    axe(page)
    page.get_by_label("Votre nom").fill("Camille Martin")
    page.get_by_label("Votre adresse e-mail").fill("pas-une-adresse")
    page.get_by_role("button", name="S’inscrire").click()
    assert page.locator("#error-summary").is_visible()
    axe(page)
    assert page.get_by_label("Votre nom").input_value() == "Camille Martin"
    page.get_by_label("Votre adresse e-mail").fill("camille@example.org")
    page.get_by_label("J’accepte que le réseau conserve ces informations").check()
    page.get_by_role("button", name="S’inscrire").click()
    assert page.locator("h1").inner_text() == "Votre inscription de bénévole"
    axe(page)
    assert mail.outbox[-1].to == ["camille@example.org"]

    # A fourth volunteer opens the form while a place is left…
    fourth = page.context.new_page()
    fourth.goto(f"/feuille-de-route/missions/{mission.pk}/")
    fourth.get_by_label("Votre nom").fill("Dominique Quatre")
    fourth.get_by_label("Votre adresse e-mail").fill("quatre@example.org")
    fourth.get_by_label("J’accepte que le réseau conserve ces informations").check()

    # …an English visitor takes the last place; the fourth sends the form and is told it is full.
    page.goto(f"/en/roadmap/missions/{mission.pk}/")
    axe(page)
    page.get_by_label("Your name").fill("Sam Smith")
    page.get_by_label("Your e-mail address").fill("sam@example.org")
    page.get_by_label("I agree that the network keeps these details").check()
    page.get_by_role("button", name="Sign up").click()
    assert page.locator("h1").inner_text() == "Your volunteer sign-up"
    axe(page)
    fourth.get_by_role("button", name="S’inscrire").click()
    assert "Cette mission est complète" in fourth.content()
    assert fourth.get_by_label("Votre nom").count() == 0
    axe(fourth)
    fourth.close()
    assert mission.volunteers.filter(status="confirmed").count() == 3
    page.goto(f"/en/roadmap/missions/{mission.pk}/")
    assert "This mission is full" in page.content()
    assert page.get_by_label("Your name").count() == 0
    axe(page)

    # Camille cancels from her personal link: a place is free again.
    page.goto(path_of_link(mail.outbox[-2], "benevolat"))
    page.get_by_role("button", name="Annuler mon inscription").click()
    assert "Annulée" in page.content()
    axe(page)
    page.goto(f"/feuille-de-route/missions/{mission.pk}/")
    assert "1 place restante sur 3" in page.content()


def test_a_call_for_ideas_for_a_citizen_day(roadmap, page, axe, browser, live_server, django_user_model):
    from workshops.factories import agenda, make_event

    # At 9:00, so that the activity chosen below (two hours) never crosses midnight.
    nine = timezone.localtime(timezone.now() + timedelta(days=10)).replace(hour=9, minute=0, second=0, microsecond=0)
    citizen_day = make_event(agenda(), title="Journée citoyenne de printemps", start=nine, activities=[("Accueil", 20)])
    call = Call.objects.create(
        locale=Locale.objects.get(language_code="fr"),
        title="Vos idées pour la journée citoyenne",
        description="Que faire ensemble ?",
        deadline=timezone.now() + timedelta(days=10),
        event=citizen_day,
    )

    # Two residents submit ideas, in French and in English, and confirm them.
    page.goto("/feuille-de-route/appels/")
    axe(page)
    page.get_by_role("link", name="Vos idées pour la journée citoyenne").click()
    axe(page)
    page.get_by_label("Titre de votre idée").fill("Un atelier vélo")
    page.locator("#id_description").fill("Réparer les vélos du quartier.")
    page.get_by_label("Votre nom").fill("Yanis Roux")
    page.get_by_label("Votre adresse e-mail").fill("yanis@example.org")
    page.get_by_role("button", name="Envoyer mon idée").click()
    assert page.locator("#error-summary").is_visible()  # the consent is missing
    axe(page)
    page.get_by_label("J’accepte que le réseau conserve mon nom").check()
    page.get_by_role("button", name="Envoyer mon idée").click()
    axe(page)
    page.goto(path_of_link(mail.outbox[-1], "confirm-idea"))
    axe(page)
    page.goto(f"/en/roadmap/appels/{call.pk}/")
    axe(page)
    page.get_by_label("Title of your idea").fill("Paint the benches")
    page.locator("#id_description").fill("The park benches need a new coat.")
    page.get_by_label("Your name").fill("Lea Fontaine")
    page.get_by_label("Your e-mail address").fill("lea@example.org")
    page.get_by_label("I agree that the network keeps my name").check()
    page.get_by_role("button", name="Submit my idea").click()
    page.goto(path_of_link(mail.outbox[-1], "confirm-idea"))
    assert Idea.objects.filter(status="confirmed", publication="pending").count() == 2

    # Staff publish them in the admin.
    context, admin = staff_page(browser, live_server, django_user_model)
    for idea in Idea.objects.all():
        admin.goto(f"/admin/snippets/roadmap/idea/publish/{idea.pk}/")
        admin.locator("main form button[type=submit]").click()
        admin.wait_for_url(re.compile(r"/admin/snippets/roadmap/idea/$"))
    bike = Idea.objects.get(title="Un atelier vélo")
    assert bike.publication == "published"

    # A supporter supports the bike workshop (in English) and confirms.
    page.goto(f"/en/roadmap/appels/{call.pk}/idees/{bike.pk}/")
    axe(page)
    page.get_by_label("Your e-mail address").fill("fan@example.org")
    page.get_by_label("Tell me the results of the call").check()
    page.get_by_label("I agree that the network keeps my e-mail address").check()
    page.get_by_role("button", name="Support", exact=True).click()
    axe(page)
    page.goto(path_of_link(mail.outbox[-1], "confirm-idea-support"))
    axe(page)
    # Every published idea can be reported (the shared "report this content" queue).
    page.goto(f"/feuille-de-route/appels/{call.pk}/idees/{bike.pk}/")
    page.get_by_role("link", name="Signaler ce contenu").click()
    axe(page)
    page.get_by_role("button", name="Envoyer le signalement").click()
    assert page.locator("#error-summary").is_visible()  # the reason is needed
    axe(page)

    # The deadline passes; staff select the bike workshop: it becomes an activity.
    Call.objects.filter(pk=call.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    start = timezone.localtime(citizen_day.start)
    admin.goto(f"/admin/snippets/roadmap/idea/select/{bike.pk}/")
    admin.locator("#id_reason").fill("Réalisable en une journée et très soutenue.")
    admin.locator("#id_start_0").fill(start.strftime("%Y-%m-%d"))
    admin.locator("#id_start_1").fill(start.strftime("%H:%M"))
    admin.locator("#id_end_0").fill(start.strftime("%Y-%m-%d"))
    admin.locator("#id_end_1").fill((start + timedelta(hours=2)).strftime("%H:%M"))
    admin.locator("#id_capacity").fill("12")
    admin.locator("main form button[type=submit]").click()
    admin.wait_for_url(re.compile(r"/admin/snippets/roadmap/idea/$"))
    context.close()
    bike.refresh_from_db()
    assert bike.activity is not None and bike.activity.event_id == citizen_day.pk
    calls.not_select(Idea.objects.get(title="Paint the benches"), "Déjà prévu par la commune.")
    calls.publish_results(Call.objects.get(pk=call.pk))
    assert "fan@example.org" in [address for message in mail.outbox for address in message.to]

    page.goto(f"/feuille-de-route/appels/{call.pk}/")
    assert "Réalisable en une journée" in page.content()
    axe(page)
    page.goto(citizen_day.url)
    assert "Un atelier vélo" in page.content()
    axe(page)
    page.goto(f"/en/roadmap/appels/{call.pk}/")
    assert "Results" in page.content()
    axe(page)


def test_a_proposal_goes_to_the_steering_committee_and_comes_back_accepted(
    roadmap, page, axe, browser, live_server, django_user_model
):
    _page, axis, _action = roadmap
    settings = ParticipationSettings.for_site(Site.objects.get(is_default_site=True))
    settings.agenda_threshold = 3
    settings.save()
    committee = make_governance_body("Comité de pilotage")
    minutes = make_minutes(committee, days=14)
    minutes.save_revision().publish()
    proposal = Proposal.objects.create(
        axis=axis,
        title="Des bancs sur la place",
        description="Pour se retrouver.",
        name="Léa",
        email="lea@example.org",
        status=Proposal.Status.OPEN,
        confirmed_at=timezone.now(),
        publication="published",
    )
    for email in ("a@example.org", "b@example.org"):
        Support.objects.create(proposal=proposal, email=email, confirmed_at=timezone.now(), notify_updates=True)

    # The third support, in English, crosses the threshold.
    page.goto(f"/en/roadmap/proposals/{proposal.pk}/")
    axe(page)
    page.get_by_label("Your e-mail address").fill("c@example.org")
    page.get_by_label("I agree that the network keeps my e-mail address").check()
    page.get_by_role("button", name="Support", exact=True).click()
    page.goto(path_of_link(mail.outbox[-1], "confirm-support"))
    item = AgendaItem.objects.get(proposal=proposal)
    assert item.minutes_id == minutes.pk
    assert mail.outbox[-1].to == ["lea@example.org"]  # the proposer is told

    page.goto(minutes.url)
    assert "Des bancs sur la place" in page.content()
    axe(page)
    page.goto(f"/feuille-de-route/proposals/{proposal.pk}/")
    assert "Devant l’instance" in page.content()
    axe(page)

    # Staff record "accepted".
    mail.outbox.clear()
    context, admin = staff_page(browser, live_server, django_user_model)
    admin.goto("/admin/snippets/roadmap/agendaitem/")
    admin.locator(f'a[href$="/agendaitem/decide/{item.pk}/"]').first.click()
    admin.get_by_label("Acceptée : devient une action").check()
    admin.locator("main form button[type=submit]").click()
    admin.wait_for_url(re.compile(r"/admin/snippets/roadmap/agendaitem/$"))
    context.close()
    proposal.refresh_from_db()
    assert proposal.status == "accepted" and proposal.action_id
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["a@example.org", "b@example.org", "lea@example.org"]

    page.goto(f"/en/roadmap/proposals/{proposal.pk}/")
    assert "Accepted by the body" in page.content()
    axe(page)
    page.goto(f"/feuille-de-route/proposals/{proposal.pk}/")
    page.get_by_role("link", name="Cette proposition est devenue une action").click()
    axe(page)


def test_an_idea_goes_to_the_steering_committee_and_becomes_an_action(
    roadmap, page, axe, browser, live_server, django_user_model
):
    from home import contributions
    from roadmap.call_models import IdeaSupport

    _page, axis, _action = roadmap
    settings = ParticipationSettings.for_site(Site.objects.get(is_default_site=True))
    settings.agenda_threshold = 2
    settings.save()
    committee = make_governance_body("Comité de pilotage")
    minutes = make_minutes(committee, days=14)
    minutes.save_revision().publish()
    call = Call.objects.create(
        locale=Locale.objects.get(language_code="fr"),
        title="Vos idées pour le quartier",
        description="Que faire ensemble ?",
        deadline=timezone.now() + timedelta(days=10),
    )
    idea = Idea.objects.create(
        call=call,
        title="Un jardin partagé",
        description="Derrière l'école.",
        name="Yanis",
        email="yanis@example.org",
        status=Idea.Status.CONFIRMED,
        confirmed_at=timezone.now(),
    )
    contributions.publish(idea)
    IdeaSupport.objects.create(idea=idea, email="a@example.org", confirmed_at=timezone.now(), notify=True)

    # The second support, in English, crosses the threshold: the idea goes before the committee.
    page.goto(f"/en/roadmap/appels/{call.pk}/idees/{idea.pk}/")
    axe(page)
    page.get_by_label("Your e-mail address").fill("sam@example.org")
    page.get_by_label("Tell me the results of the call").check()
    page.get_by_label("I agree that the network keeps my e-mail address").check()
    page.get_by_role("button", name="Support", exact=True).click()
    page.goto(path_of_link(mail.outbox[-1], "confirm-idea-support"))
    item = AgendaItem.objects.get(idea=idea)
    assert item.minutes_id == minutes.pk
    assert mail.outbox[-1].to == ["yanis@example.org"]
    page.goto(f"/feuille-de-route/appels/{call.pk}/idees/{idea.pk}/")
    assert "Devant l’instance" in page.content()
    axe(page)
    page.goto(minutes.url)
    assert "Un jardin partagé" in page.content()
    axe(page)

    # Staff record "accepted" on an axis: the idea is selected and becomes an action.
    mail.outbox.clear()
    context, admin = staff_page(browser, live_server, django_user_model)
    admin.goto(f"/admin/snippets/roadmap/agendaitem/decide/{item.pk}/")
    admin.get_by_label("Acceptée : devient une action").check()
    admin.locator("main form button[type=submit]").click()
    assert admin.locator(".error-message, .help-critical, .w-field__errors").count() > 0  # the axis is needed
    admin.get_by_label("Acceptée : devient une action").check()
    admin.locator("#id_axis").select_option(str(axis.pk))
    admin.locator("main form button[type=submit]").click()
    admin.wait_for_url(re.compile(r"/admin/snippets/roadmap/agendaitem/$"))
    context.close()
    idea.refresh_from_db()
    assert idea.selection == "selected" and idea.action_id
    assert sorted(address for message in mail.outbox for address in message.to) == [
        "a@example.org",
        "sam@example.org",
        "yanis@example.org",
    ]
    page.goto(f"/en/roadmap/appels/{call.pk}/idees/{idea.pk}/")
    assert "Accepted by the body" in page.content()
    axe(page)
    page.get_by_role("link", name="This idea became an action of the roadmap: follow it").click()
    axe(page)
