"""From proposal to decision: a proposal that reaches the support threshold goes on the
agenda of the steering committee's next meeting; staff record the body's decision once;
the proposal's page shows it and the proposer and following supporters are e-mailed."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from wagtail.models import ModelLogEntry, Site

from home.services import ServiceError
from home.tests.factories import make_governance_body
from roadmap import services
from roadmap.agenda_models import AgendaItem, ParticipationSettings
from roadmap.call_models import Call
from roadmap.factories import bot_fields, make_member, make_minutes
from roadmap.models import Action, Proposal, Support
from roadmap.services import agenda, calls

pytestmark = pytest.mark.django_db


@pytest.fixture
def threshold():
    settings = ParticipationSettings.for_site(Site.objects.get(is_default_site=True))
    settings.agenda_threshold = 3
    settings.save()
    return settings


@pytest.fixture
def committee():
    return make_governance_body("Comité de pilotage")


@pytest.fixture
def proposal(axis):
    proposal = services.propose(
        axis=axis, title="Des bancs sur la place", description="Pour se retrouver.", name="Léa", email="lea@example.org"
    )
    Proposal.objects.filter(pk=proposal.pk).update(
        status=Proposal.Status.OPEN, confirmed_at=timezone.now(), publication="published"
    )
    proposal.refresh_from_db()
    mail.outbox.clear()
    return proposal


def resident_supports(proposal, *emails, notify=True):
    for email in emails:
        support = Support.objects.create(proposal=proposal, email=email, notify_updates=notify)
        token = services.make_token(support, services.SUPPORT_SALT)
        services.confirm_support(token)


def test_a_proposal_reaching_the_threshold_goes_on_the_next_minutes(threshold, committee, proposal):
    past = make_minutes(committee, days=-10)
    later = make_minutes(committee, days=40)
    nearest = make_minutes(committee, days=12)
    resident_supports(proposal, "a@example.org", "b@example.org")
    assert not AgendaItem.objects.exists()
    resident_supports(proposal, "c@example.org")
    item = AgendaItem.objects.get()
    assert item.minutes_id == nearest.pk and item.minutes_id not in (past.pk, later.pk)
    assert item.body == committee and item.supports_when_added == 3
    assert [m.to for m in mail.outbox] == [["lea@example.org"]]  # the proposer is told
    assert ModelLogEntry.objects.filter(object_id=str(item.pk), action="roadmap.agenda.added").exists()
    # More supports do not add it twice.
    resident_supports(proposal, "d@example.org")
    assert AgendaItem.objects.count() == 1


def test_member_supports_count_too(threshold, committee, proposal):
    make_minutes(committee)
    for _number in range(3):
        services.support(proposal=proposal, member=make_member())
    assert AgendaItem.objects.filter(proposal=proposal).count() == 1


def test_without_a_next_meeting_the_item_waits_for_its_minutes_page(threshold, committee, proposal):
    resident_supports(proposal, "a@example.org", "b@example.org", "c@example.org")
    item = AgendaItem.objects.get()
    assert item.minutes is None
    minutes = make_minutes(committee, days=5)
    assert agenda.attach_to_minutes(minutes) == 1
    item.refresh_from_db()
    assert item.minutes == minutes


def test_lowering_the_threshold_below_current_supports_puts_proposals_on_the_agenda(
    admin_client, threshold, committee, proposal
):
    threshold.agenda_threshold = 10
    threshold.save()
    make_minutes(committee)
    resident_supports(proposal, "a@example.org", "b@example.org")
    assert not AgendaItem.objects.exists()
    site = Site.objects.get(is_default_site=True)
    response = admin_client.post(
        f"/admin/settings/roadmap/participationsettings/{site.pk}/",
        {"agenda_threshold": "2", "deciding_body": str(committee.pk)},
    )
    assert response.status_code == 302
    assert AgendaItem.objects.filter(proposal=proposal).count() == 1
    # A nonsense threshold is refused on the field, nothing changes.
    response = admin_client.post(
        f"/admin/settings/roadmap/participationsettings/{site.pk}/", {"agenda_threshold": "0", "deciding_body": ""}
    )
    assert response.status_code == 200
    assert ParticipationSettings.for_site(site).agenda_threshold == 2


def test_staff_record_accepted_the_proposal_becomes_an_action_and_people_are_told(
    admin_client, threshold, committee, proposal
):
    minutes = make_minutes(committee)
    resident_supports(proposal, "a@example.org", "b@example.org")
    resident_supports(proposal, "quiet@example.org", notify=False)
    item = AgendaItem.objects.get()
    mail.outbox.clear()
    page = f"/admin/snippets/roadmap/agendaitem/decide/{item.pk}/"
    assert admin_client.get(page).status_code == 200
    response = admin_client.post(page, {"outcome": "accepted", "reason": "", "postponed_to": "", "axis": ""})
    assert response.status_code == 302
    item.refresh_from_db()
    proposal.refresh_from_db()
    assert item.outcome == "accepted" and item.action is not None
    assert proposal.status == "accepted" and proposal.action == item.action
    assert Action.objects.filter(pk=item.action_id, title="Des bancs sur la place").exists()
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["a@example.org", "b@example.org", "lea@example.org"]
    assert all(f"/actions/{item.action_id}/" in message.body for message in mail.outbox)
    assert ModelLogEntry.objects.filter(object_id=str(item.pk), action="roadmap.agenda.accepted").exists()
    # The public pages show the decision.
    text = admin_client.get(f"/feuille-de-route/proposals/{proposal.pk}/").content.decode()
    assert "Acceptée par l’instance" in text
    minutes.save_revision().publish()
    text = admin_client.get(minutes.url).content.decode()
    assert "Des bancs sur la place" in text and f"/actions/{item.action_id}/" in text
    # A decision recorded twice: refused, no 500, nothing changes, no e-mail.
    mail.outbox.clear()
    response = admin_client.post(page, {"outcome": "declined", "reason": "Non"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.outcome == "accepted" and mail.outbox == []
    with pytest.raises(ServiceError) as error:
        agenda.record_decision(item, "declined", reason="Non")
    assert error.value.code == "already_decided"


def test_declined_needs_a_reason_and_shows_it(admin_client, threshold, committee, proposal):
    resident_supports(proposal, "a@example.org", "b@example.org", "c@example.org")
    item = AgendaItem.objects.get()
    page = f"/admin/snippets/roadmap/agendaitem/decide/{item.pk}/"
    response = admin_client.post(page, {"outcome": "declined", "reason": "  "})
    assert response.status_code == 422  # the form again, with the message on the field
    item.refresh_from_db()
    assert item.is_pending
    mail.outbox.clear()
    assert admin_client.post(page, {"outcome": "declined", "reason": "Hors compétence"}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "declined" and proposal.decline_reason == "Hors compétence"
    assert len(mail.outbox) == 4  # the proposer and the three supporters who asked
    english = admin_client.get(f"/en/roadmap/proposals/{proposal.pk}/").content.decode()
    assert "Declined by the body. Reason:" in english and "Hors compétence" in english


def test_postponed_goes_on_the_first_meeting_from_that_date(threshold, committee, proposal):
    make_minutes(committee, days=7)
    later = make_minutes(committee, days=60)
    resident_supports(proposal, "a@example.org", "b@example.org", "c@example.org")
    item = AgendaItem.objects.get()
    with pytest.raises(ServiceError) as error:
        agenda.record_decision(item, "postponed", postponed_to=timezone.localdate() - timedelta(days=1))
    assert error.value.field == "postponed_to"
    follow_up = agenda.record_decision(item, "postponed", postponed_to=timezone.localdate() + timedelta(days=30))
    item.refresh_from_db()
    assert item.outcome == "postponed"
    assert follow_up.is_pending and follow_up.minutes == later
    proposal.refresh_from_db()
    assert proposal.status == "open"


def test_staff_path_is_kept_below_the_threshold_and_closed_on_the_agenda(threshold, committee, proposal, axis):
    below = services.propose(axis=axis, title="Autre", description="Autre idée.", member=make_member())
    assert services.accept_proposal(below) is not None
    resident_supports(proposal, "a@example.org", "b@example.org", "c@example.org")
    with pytest.raises(services.RoadmapError) as error:
        services.accept_proposal(proposal)
    assert error.value.code == "on_agenda"
    with pytest.raises(services.RoadmapError):
        services.decline_proposal(proposal, "Non")


def test_proposal_page_shows_it_is_on_the_agenda(client, threshold, committee, proposal, roadmap_page):
    make_minutes(committee)
    resident_supports(proposal, "a@example.org", "b@example.org", "c@example.org")
    french = client.get(f"/feuille-de-route/proposals/{proposal.pk}/").content.decode()
    assert "Devant l’instance" in french and "Comité de pilotage" in french
    english = client.get(f"/en/roadmap/proposals/{proposal.pk}/").content.decode()
    assert re.search(r"With 3 supports, on the agenda", english)


def test_a_resident_supporting_through_the_form_can_put_it_on_the_agenda(client, threshold, committee, proposal):
    make_minutes(committee)
    resident_supports(proposal, "a@example.org", "b@example.org")
    response = client.post(
        f"/feuille-de-route/proposals/{proposal.pk}/", {"email": "c@example.org", "consent": "on", **bot_fields()}
    )
    assert response.status_code == 302
    link = re.search(r"https?://\S+/confirm-support/\S+/", mail.outbox[-1].body).group(0)
    assert client.get(link).status_code == 200
    assert AgendaItem.objects.filter(proposal=proposal).exists()


@pytest.mark.parametrize("by_body", [True, False], ids=["decided-by-the-body", "decided-by-staff"])
def test_each_person_gets_one_e_mail_per_decision(threshold, committee, proposal, by_body):
    """A supporter who asked for news and also follows the proposal (follows app), and a
    proposer who follows it too, get one e-mail about the decision, not two."""
    from follows.factories import make_follow, make_subscriber
    from follows.models import Follow

    make_minutes(committee)
    if by_body:
        resident_supports(proposal, "a@example.org", "b@example.org", "c@example.org")
    else:
        resident_supports(proposal, "a@example.org")
    for address in ("a@example.org", "lea@example.org", "suiveur@example.org"):
        make_follow(make_subscriber(address), Follow.Kind.PROPOSAL, proposal.pk)
    mail.outbox.clear()
    if by_body:
        agenda.record_decision(AgendaItem.objects.get(), "accepted")
    else:
        services.accept_proposal(proposal)
    recipients = sorted(address for message in mail.outbox for address in message.to)
    expected = ["a@example.org", "b@example.org", "c@example.org"] if by_body else ["a@example.org"]
    assert recipients == sorted(expected + ["lea@example.org", "suiveur@example.org"])


# --- Ideas of calls go before the body like proposals ---------------------------------------


@pytest.fixture
def idea(roadmap_page):
    from wagtail.models import Locale

    from home import contributions
    from roadmap.call_models import Call
    from roadmap.services import calls

    call = Call.objects.create(
        locale=Locale.objects.get(language_code="fr"),
        title="Vos idées pour le quartier",
        description="Que faire ?",
        deadline=timezone.now() + timedelta(days=10),
    )
    idea = calls.submit_idea(
        call, title="Un jardin partagé", description="Derrière l'école.", name="Yanis", email="yanis@example.org"
    )
    calls.confirm_idea(services.make_token(idea, calls.IDEA_SALT))
    contributions.publish(idea)
    mail.outbox.clear()
    return idea


def idea_supports(idea, *emails, notify=True, language="fr"):
    from roadmap.services import calls

    for email in emails:
        support, _needs = calls.support_idea(idea, email=email, notify=notify, language=language)
        calls.confirm_idea_support(services.make_token(support, calls.IDEA_SUPPORT_SALT))


def test_an_idea_reaching_the_threshold_goes_on_the_next_minutes(client, threshold, committee, idea):
    minutes = make_minutes(committee, days=12)
    idea_supports(idea, "a@example.org", "b@example.org")
    assert not AgendaItem.objects.exists()
    mail.outbox.clear()
    idea_supports(idea, "c@example.org", language="en")
    item = AgendaItem.objects.get()
    assert item.idea == idea and item.proposal is None and item.minutes == minutes and item.supports_when_added == 3
    [message] = [m for m in mail.outbox if m.to == ["yanis@example.org"]]
    assert "Votre idée passe devant l’instance" in message.subject and "Un jardin partagé" in message.body
    # The idea's page shows its step before the body; the minutes list it; staff select it no more.
    page = f"/feuille-de-route/appels/{idea.call_id}/idees/{idea.pk}/"
    assert "Devant l’instance" in client.get(page).content.decode()
    minutes.save_revision().publish()
    assert "Un jardin partagé" in client.get(minutes.url).content.decode()
    Call.objects.filter(pk=idea.call_id).update(deadline=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ServiceError) as error:
        calls.not_select(idea, "Non")
    assert error.value.code == "on_agenda"


def test_the_body_accepts_an_idea_it_becomes_an_action_and_people_are_told_once(
    admin_client, threshold, committee, idea, axis
):
    from follows.factories import make_follow, make_subscriber
    from follows.models import Follow

    make_minutes(committee)
    idea_supports(idea, "a@example.org", "b@example.org")
    idea_supports(idea, "quiet@example.org", notify=False)
    idea_supports(idea, "sam@example.org", language="en")
    make_follow(make_subscriber("a@example.org"), Follow.Kind.ROADMAP)
    item = AgendaItem.objects.get(idea=idea)
    mail.outbox.clear()
    page = f"/admin/snippets/roadmap/agendaitem/decide/{item.pk}/"
    assert admin_client.get(page).status_code == 200
    # Accepted without an axis: said on the axis field, nothing recorded.
    response = admin_client.post(page, {"outcome": "accepted", "reason": "", "postponed_to": "", "axis": ""})
    assert response.status_code == 422 and response.context["form"].errors["axis"]
    item.refresh_from_db()
    assert item.is_pending and mail.outbox == []
    response = admin_client.post(page, {"outcome": "accepted", "reason": "", "postponed_to": "", "axis": axis.pk})
    assert response.status_code == 302
    item.refresh_from_db()
    idea.refresh_from_db()
    assert item.outcome == "accepted" and item.action is not None
    assert idea.selection == "selected" and idea.action == item.action and idea.selection_reason
    by_address = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_address) == ["a@example.org", "b@example.org", "sam@example.org", "yanis@example.org"]
    assert len(mail.outbox) == 4
    assert "decided on the idea" in by_address["sam@example.org"].body
    assert f"/actions/{item.action_id}/" in by_address["yanis@example.org"].body
    # Publishing the call's results later does not e-mail the same decision again.
    Call.objects.filter(pk=idea.call_id).update(deadline=timezone.now() - timedelta(minutes=1))
    mail.outbox.clear()
    calls.publish_results(Call.objects.get(pk=idea.call_id))
    assert mail.outbox == []
    # Twice: refused, nothing changes.
    with pytest.raises(ServiceError) as error:
        agenda.record_decision(item, "declined", reason="Non")
    assert error.value.code == "already_decided"


def test_the_body_declines_an_idea_with_a_public_reason(client, threshold, committee, idea):
    make_minutes(committee)
    idea_supports(idea, "a@example.org", "b@example.org", "c@example.org")
    item = AgendaItem.objects.get(idea=idea)
    with pytest.raises(ServiceError) as error:
        agenda.record_decision(item, "declined", reason=" ")
    assert error.value.field == "reason"
    agenda.record_decision(item, "declined", reason="Le terrain n'est pas disponible.")
    idea.refresh_from_db()
    assert idea.selection == "not_selected" and idea.selection_reason == "Le terrain n'est pas disponible."
    english = client.get(f"/en/roadmap/appels/{idea.call_id}/idees/{idea.pk}/").content.decode()
    assert "Declined by the body. Reason:" in english


def test_lowering_the_threshold_puts_supported_ideas_on_the_agenda(threshold, committee, idea):
    threshold.agenda_threshold = 10
    threshold.save()
    idea_supports(idea, "a@example.org", "b@example.org")
    assert not AgendaItem.objects.exists()
    threshold.agenda_threshold = 2
    threshold.save()
    assert agenda.place_due_proposals() == 1
    assert AgendaItem.objects.get().idea == idea


def test_the_body_accepts_an_idea_as_an_activity_of_the_event_its_call_prepares(
    admin_client, threshold, committee, idea
):
    from roadmap.call_models import Call
    from workshops.factories import agenda as agenda_index
    from workshops.factories import make_event
    from workshops.models import Activity

    citizen_day = make_event(agenda_index(), title="Journée citoyenne d'automne", activities=[("Accueil", 20)])
    Call.objects.filter(pk=idea.call_id).update(event=citizen_day)
    make_minutes(committee)
    idea_supports(idea, "a@example.org", "b@example.org", "c@example.org", language="en")
    item = AgendaItem.objects.get(idea=idea)
    page = f"/admin/snippets/roadmap/agendaitem/decide/{item.pk}/"
    form = admin_client.get(page).content.decode()
    assert 'name="start_0"' in form and 'name="capacity"' in form
    start = timezone.localtime(citizen_day.start)
    end = start + timedelta(hours=2)
    complete = {
        "outcome": "accepted",
        "reason": "Le comité la retient pour la journée.",
        "postponed_to": "",
        "axis": "",
        "start_0": start.strftime("%Y-%m-%d"),
        "start_1": start.strftime("%H:%M"),
        "end_0": end.strftime("%Y-%m-%d"),
        "end_1": end.strftime("%H:%M"),
        "capacity": "15",
    }
    mail.outbox.clear()
    # An incomplete choice: said on the missing field, nothing recorded.
    for missing in ("start", "end", "capacity"):
        data = {key: value for key, value in complete.items() if not key.startswith(missing)}
        response = admin_client.post(page, data)
        assert response.status_code == 422 and response.context["form"].errors[missing], missing
    before = start - timedelta(hours=1)
    backwards = {**complete, "end_0": before.strftime("%Y-%m-%d"), "end_1": before.strftime("%H:%M")}
    response = admin_client.post(page, backwards)
    assert response.status_code == 422 and response.context["form"].errors["end"]
    item.refresh_from_db()
    assert item.is_pending and mail.outbox == [] and not Activity.objects.filter(title=idea.title).exists()

    assert admin_client.post(page, complete).status_code == 302
    item.refresh_from_db()
    idea.refresh_from_db()
    assert item.outcome == "accepted" and item.action is None
    assert idea.selection == "selected" and idea.activity is not None and idea.action is None
    assert idea.activity.event_id == citizen_day.pk and idea.activity.capacity == 15
    assert idea.activity.source_idea == idea  # linked both ways
    by_address = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_address) == ["a@example.org", "b@example.org", "c@example.org", "yanis@example.org"]
    assert "Journée citoyenne d'automne" in by_address["a@example.org"].body
    assert "it is now the activity" in by_address["a@example.org"].body
    assert "elle devient l’activité" in by_address["yanis@example.org"].body


def test_a_proposal_decision_form_has_no_activity_fields(admin_client, threshold, committee, proposal):
    make_minutes(committee)
    resident_supports(proposal, "a@example.org", "b@example.org", "c@example.org")
    item = AgendaItem.objects.get()
    form = admin_client.get(f"/admin/snippets/roadmap/agendaitem/decide/{item.pk}/").content.decode()
    assert 'name="axis"' in form and 'name="capacity"' not in form
