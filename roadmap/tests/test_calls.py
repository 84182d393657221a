"""Calls for ideas: staff open a call, residents submit ideas (confirmed e-mail), staff
publish them, anyone supports once, after the deadline staff select with public reasons,
a selected idea becomes an activity of the citizen day or a roadmap action (linked both
ways), and the results are e-mailed."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry

from home import contributions
from home.models import ContentReport
from home.personal_data import erase_personal_data, export_personal_data
from home.services import ServiceError
from roadmap.call_models import Call, Idea, IdeaSupport
from roadmap.factories import bot_fields, make_member, make_representative, published_idea
from roadmap.models import Action
from roadmap.services import calls

pytestmark = pytest.mark.django_db


def call_url(call, language="fr"):
    return f"{'/feuille-de-route' if language == 'fr' else '/en/roadmap'}/appels/{call.pk}/"


def idea_url(idea, language="fr"):
    return f"{call_url(idea.call, language)}idees/{idea.pk}/"


def submit(client, call, number=1, language="fr", **extra):
    data = {
        "title": f"Idée {number}",
        "description": "Un atelier de réparation de vélos.",
        "name": f"Habitant {number}",
        "email": f"habitant{number}@example.org",
        "notify": "on",
        "consent": "on",
        **bot_fields(),
    }
    data.update(extra)
    return client.post(call_url(call, language), data)


def link(message, kind):
    return re.search(rf"https?://\S+/{kind}/\S+/", message.body).group(0)


def close(call):
    Call.objects.filter(pk=call.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    call.refresh_from_db()


def test_a_residents_idea_is_published_after_confirmation_and_review(client, admin_client, call):
    assert submit(client, call).status_code == 302
    idea = Idea.objects.get()
    assert idea.status == "unconfirmed"
    assert client.get(call_url(call)).content.decode().count("Idée 1") == 0
    assert client.get(link(mail.outbox[0], "confirm-idea")).status_code == 200
    idea.refresh_from_db()
    assert idea.status == "confirmed" and idea.publication == "pending"
    assert client.get(call_url(call)).content.decode().count("Idée 1") == 0  # pre-moderation
    assert client.get(idea_url(idea)).status_code == 404
    # It waits in the staff's queue of ideas to review.
    queue = admin_client.get("/admin/snippets/roadmap/idea/?publication=pending").content.decode()
    assert "Idée 1" in queue and f"/idea/publish/{idea.pk}/" in queue
    mail.outbox.clear()
    page = f"/admin/snippets/roadmap/idea/publish/{idea.pk}/"
    assert admin_client.get(page).status_code == 200
    assert admin_client.post(page).status_code == 302
    idea.refresh_from_db()
    assert idea.publication == "published" and idea.moderated_at is not None
    assert mail.outbox[0].to == ["habitant1@example.org"]
    text = client.get(call_url(call)).content.decode()
    assert "Idée 1" in text and "habitant1@example.org" not in text and "Habitant 1" not in text
    assert ModelLogEntry.objects.filter(object_id=str(idea.pk), action=contributions.PUBLISH).exists()


def test_an_unconfirmed_idea_cannot_be_published(admin_client, call):
    idea = calls.submit_idea(call, title="Pas confirmée", description="Texte.", name="X", email="x@example.org")
    with pytest.raises(ServiceError):
        contributions.publish(idea)
    assert admin_client.post(f"/admin/snippets/roadmap/idea/publish/{idea.pk}/").status_code == 302
    idea.refresh_from_db()
    assert idea.publication == "pending"


def test_every_published_idea_can_be_reported_and_staff_hide_it_with_a_reason(client, admin_client, call):
    idea = published_idea(call)
    for page, language in ((call_url(call), "fr"), (idea_url(idea), "fr"), (idea_url(idea, "en"), "en")):
        with translation.override(language):
            assert contributions.report_url(idea) in client.get(page).content.decode()
    report_page = contributions.report_url(idea)
    assert client.get(report_page).status_code == 200
    response = client.post(report_page, {"reason": "Propos injurieux", "email": "", **bot_fields()})
    assert response.status_code == 302
    report = ContentReport.objects.get(kind="idea", object_id=idea.pk)
    mail.outbox.clear()
    hide = f"/admin/snippets/home/contentreport/hide/{report.pk}/"
    assert admin_client.post(hide, {"reason": ""}).status_code == 422  # the reason is needed, on its field
    assert admin_client.post(hide, {"reason": "Propos injurieux envers un voisin."}).status_code == 302
    idea.refresh_from_db()
    assert idea.publication == "hidden" and idea.hidden_reason.startswith("Propos injurieux")
    assert mail.outbox[0].to == ["lea1@example.org"] and "Propos injurieux envers" in mail.outbox[0].body
    assert client.get(idea_url(idea)).status_code == 404
    assert "Idée 1" not in client.get(call_url(call)).content.decode()


def test_staff_can_refuse_an_idea_with_a_reason_told_to_its_author(admin_client, call):
    idea = calls.submit_idea(call, title="Pub", description="Achetez.", name="X", email="x@example.org")
    calls.confirm_idea(calls.services.make_token(idea, calls.IDEA_SALT))
    mail.outbox.clear()
    page = f"/admin/snippets/roadmap/idea/hide/{idea.pk}/"
    assert admin_client.post(page, {"reason": ""}).status_code == 422  # the reason is needed
    assert admin_client.post(page, {"reason": "Publicité"}).status_code == 302
    idea.refresh_from_db()
    assert idea.publication == "hidden" and "Publicité" in mail.outbox[0].body


def test_the_english_call_page_takes_ideas_in_english(client, call):
    page = client.get(call_url(call, "en"))
    assert page.status_code == 200 and "Submit an idea" in page.content.decode()
    assert submit(client, call, language="en").status_code == 302
    assert Idea.objects.get().language == "en"
    assert "Confirm your idea" in mail.outbox[0].subject


@pytest.mark.parametrize(
    "change",
    [{"title": ""}, {"description": ""}, {"email": "nope"}, {"consent": ""}, {"website": "spam"}, {"title": "x" * 900}],
)
def test_bad_ideas_come_back_with_the_answers_kept(client, call, change):
    kept = "Idée 1" if "description" in change else "Mon texte précieux"
    response = submit(client, call, **{"description": "Mon texte précieux", **change})
    assert response.status_code == 422
    text = response.content.decode()
    assert "error-summary" in text and kept in text
    assert not Idea.objects.exists() and mail.outbox == []


def test_an_idea_after_the_deadline_is_refused_clearly(client, call):
    close(call)
    response = submit(client, call)
    assert response.status_code == 409
    assert not Idea.objects.exists()
    with pytest.raises(ServiceError) as error:
        calls.submit_idea(call, title="T", description="D", name="N", email="n@example.org")
    assert error.value.code == "closed"


@pytest.mark.parametrize("token", ["bad", "x" * 500])
def test_a_tampered_confirmation_link_gets_a_clear_page(client, call, token):
    assert client.get(f"/roadmap/confirm-idea/{token}/").status_code == 400
    assert client.get(f"/roadmap/confirm-idea-support/{token}/").status_code == 400


def test_anyone_supports_an_idea_once(client, call):
    idea = published_idea(call)
    mail.outbox.clear()
    data = {"email": "voisin@example.org", "notify": "on", "consent": "on", **bot_fields()}
    assert client.post(idea_url(idea), data).status_code == 302
    assert client.get(link(mail.outbox[0], "confirm-idea-support")).status_code == 200
    assert IdeaSupport.objects.get().confirmed_at is not None
    mail.outbox.clear()
    response = client.post(idea_url(idea), {**data, "email": "VOISIN@example.org"})
    assert response.status_code == 422 and "error-summary" in response.content.decode()
    assert IdeaSupport.objects.count() == 1 and mail.outbox == []
    assert "1 soutien" in client.get(idea_url(idea)).content.decode()


def test_a_member_supports_once_from_its_account(client, call):
    idea = published_idea(call)
    member = make_member("Commune de Trélazé")
    make_representative(member, "rep")
    client.login(username="rep", password="pw-12345")  # noqa: S106
    assert client.post(idea_url(idea), {"as_member": "1"}).status_code == 302
    assert client.post(idea_url(idea), {"as_member": "1"}).status_code == 302
    assert IdeaSupport.objects.filter(member=member).count() == 1


def test_selection_waits_for_the_deadline_and_needs_a_public_reason(call):
    idea = published_idea(call)
    with pytest.raises(ServiceError) as error:
        calls.shortlist(idea, "Belle idée")
    assert error.value.code == "call_open"
    close(call)
    with pytest.raises(ServiceError) as error:
        calls.shortlist(idea, "  ")
    assert error.value.field == "reason"
    calls.shortlist(idea, "Belle idée")
    with pytest.raises(ServiceError):
        calls.shortlist(idea, "Encore")


def test_a_selected_idea_becomes_an_activity_of_the_citizen_day(client, admin_client, call, citizen_day):
    idea = published_idea(call, 1)
    other = published_idea(call, 2)
    mail.outbox.clear()
    supporter = IdeaSupport.objects.create(idea=idea, email="fan@example.org", notify=True, confirmed_at=timezone.now())
    close(call)
    start = citizen_day.start
    response = admin_client.post(
        f"/admin/snippets/roadmap/idea/select/{idea.pk}/",
        {
            "reason": "Réalisable et très soutenue",
            "axis": "",
            "start_0": start.strftime("%Y-%m-%d"),
            "start_1": start.strftime("%H:%M"),
            # The end's own date: after 22:00 two hours later is the next day.
            "end_0": (start + timedelta(hours=2)).strftime("%Y-%m-%d"),
            "end_1": (start + timedelta(hours=2)).strftime("%H:%M"),
            "capacity": "12",
        },
    )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.selection == "selected" and idea.activity is not None
    assert idea.activity.event_id == citizen_day.pk and idea.activity.capacity == 12
    # Linked both ways: the event page names the idea, the idea page names the activity.
    event_page = client.get(citizen_day.url).content.decode()
    assert "Idée 1" in event_page and idea_url(idea) in event_page
    # Results: refused while an idea waits for its decision, then e-mailed once.
    with pytest.raises(ServiceError) as error:
        calls.publish_results(call)
    assert error.value.code == "undecided"
    admin_client.post(f"/admin/snippets/roadmap/idea/not-select/{other.pk}/", {"reason": "Trop coûteuse"})
    other.refresh_from_db()
    assert other.selection == "not_selected"
    assert admin_client.post(f"/admin/snippets/roadmap/call/publish-results/{call.pk}/").status_code == 302
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["fan@example.org", "lea1@example.org", "lea2@example.org"]
    text = client.get(call_url(call)).content.decode()
    assert "Réalisable et très soutenue" in text and "Trop coûteuse" in text
    english = client.get(call_url(call, "en")).content.decode()
    assert "Results" in english
    idea_page = client.get(idea_url(idea)).content.decode()
    assert "Journée citoyenne de printemps" in idea_page
    # Once only.
    with pytest.raises(ServiceError):
        calls.publish_results(call)
    assert supporter.pk


def test_a_selected_idea_can_become_a_roadmap_action(client, call, axis):
    idea = published_idea(call)
    close(call)
    calls.select(idea, "Utile à tous", axis=axis)
    idea.refresh_from_db()
    action = Action.objects.get(pk=idea.action_id)
    assert action.title == "Idée 1"
    page = client.get(f"/feuille-de-route/actions/{action.pk}/").content.decode()
    assert idea_url(idea) in page
    assert f"/actions/{action.pk}/" in client.get(idea_url(idea)).content.decode()


def test_the_call_lists_and_states(client, call):
    published_idea(call)
    listing = client.get("/feuille-de-route/appels/").content.decode()
    assert "Vos idées pour la journée citoyenne" in listing and "Ouvert" in listing
    close(call)
    assert "En cours d’examen" in client.get(call_url(call)).content.decode()
    assert client.get("/feuille-de-route/appels/999999/").status_code == 404


def test_ideas_personal_data_export_and_erase(call):
    idea = published_idea(call)
    IdeaSupport.objects.create(idea=idea, email="lea1@example.org", confirmed_at=timezone.now())
    data = export_personal_data("lea1@example.org")["data"]["participation"]
    assert data["ideas"][0]["title"] == "Idée 1" and data["idea_supports"][0]["idea"] == "Idée 1"
    erase_personal_data("lea1@example.org")
    idea.refresh_from_db()
    assert idea.email == "" and idea.name == "" and idea.publication == "published"
    assert IdeaSupport.objects.get().email.endswith("@invalid")
    assert calls.purge_old(months=0, now=call.deadline + timedelta(days=1)) >= 0


def test_resend_my_links_gives_a_fresh_confirmation_of_ideas_and_supports(client, call):
    from home.personal_links import personal_links

    idea = calls.submit_idea(call, title="Idée oubliée", description="Texte.", name="Léa", email="lea@example.org")
    supported = published_idea(call, 2)
    calls.support_idea(supported, email="lea@example.org")
    links = [link for link in personal_links("LEA@example.org", "fr") if "idées" in link.section]
    assert [link.title for link in links] == ["Idée oubliée", "Soutien\u00a0: Idée 2"]
    assert client.get(links[0].url).status_code == 200
    idea.refresh_from_db()
    assert idea.status == "confirmed"
    assert client.get(links[1].url).status_code == 200
    assert IdeaSupport.objects.get(idea=supported).confirmed_at is not None
    # Nothing for another address.
    assert not [link for link in personal_links("autre@example.org", "fr") if "idées" in link.section]


def test_staff_select_says_on_which_field_the_choice_is_incomplete(admin_client, call, citizen_day):
    idea = published_idea(call)
    close(call)
    page = f"/admin/snippets/roadmap/idea/select/{idea.pk}/"
    start = timezone.localtime(citizen_day.start)
    response = admin_client.post(
        page,
        {"reason": "Très soutenue", "axis": "", "start_0": start.strftime("%Y-%m-%d"), "start_1": "10:00"},
    )
    assert response.status_code == 422 and response.context["form"].errors["end"]
    # A call that prepares no event: the idea can only become an action, said on the axis.
    Call.objects.filter(pk=call.pk).update(event=None)
    response = admin_client.post(page, {"reason": "Très soutenue", "axis": ""})
    assert response.status_code == 422 and response.context["form"].errors["axis"]
    idea.refresh_from_db()
    assert idea.selection == "" and idea.activity is None
