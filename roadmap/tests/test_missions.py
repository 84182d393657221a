"""Volunteer missions: residents sign up without an account while places are left, get a
personal link to see or cancel, a reminder; staff and the host member export the list;
action and event pages show the places left; RGPD export, erasure and purge."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone, translation

from home.personal_data import erase_personal_data, export_personal_data
from home.services import ServiceError
from roadmap.factories import bot_fields, make_member, make_mission, make_representative
from roadmap.mission_models import Volunteer
from roadmap.services import missions

pytestmark = pytest.mark.django_db


@pytest.fixture
def mission(action):
    return make_mission(action=action, capacity=3, skills="Jardinage")


def url(mission, language="fr"):
    base = "/feuille-de-route" if language == "fr" else "/en/roadmap"
    return f"{base}/missions/{mission.pk}/"


def sign_up(client, mission, number=1, language="fr", **extra):
    data = {"name": f"Bénévole {number}", "email": f"benevole{number}@example.org", "consent": "on", **bot_fields()}
    data.update(extra)
    return client.post(url(mission, language), data)


def personal_link(message):
    return re.search(r"https?://\S+/benevolat/\S+/", message.body).group(0)


def confirmed(mission):
    return Volunteer.objects.filter(mission=mission, status="confirmed").count()


def test_a_resident_signs_up_and_gets_a_personal_link(client, mission):
    response = sign_up(client, mission, skills="Taille de haies")
    assert response.status_code == 302
    volunteer = Volunteer.objects.get()
    assert (volunteer.name, volunteer.email, volunteer.skills, volunteer.status) == (
        "Bénévole 1",
        "benevole1@example.org",
        "Taille de haies",
        "confirmed",
    )
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["benevole1@example.org"]
    link = personal_link(mail.outbox[0])
    assert response["Location"] in link
    page = client.get(link)
    assert page.status_code == 200
    assert "Bénévole 1" in page.content.decode()
    # The sign-up is in the object's admin history.
    from wagtail.models import ModelLogEntry

    assert ModelLogEntry.objects.filter(object_id=str(volunteer.pk), action="roadmap.volunteer.signed_up").exists()


def test_the_english_form_signs_up_in_english(client, mission):
    page = client.get(url(mission, "en"))
    assert page.status_code == 200
    assert "3 places left of 3" in page.content.decode()
    response = sign_up(client, mission, language="en")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/benevolat/")
    assert Volunteer.objects.get().language == "en"
    assert "You are signed up" in mail.outbox[0].subject


def test_the_fourth_volunteer_of_three_places_is_told_it_is_full(client, mission):
    for number in (1, 2, 3):
        assert sign_up(client, mission, number).status_code == 302
    mail.outbox.clear()
    response = sign_up(client, mission, 4)
    # The page said "full" before the form could be sent: no form, a clear message.
    assert response.status_code == 409
    assert confirmed(mission) == 3
    assert mail.outbox == []
    page = client.get(url(mission)).content.decode()
    assert "Complet" in page and 'name="email"' not in page


def test_a_place_taken_between_showing_and_sending_the_form_is_refused_on_the_form(client, mission, monkeypatch):
    """The page showed a free place, but the lock decides: the form comes back with the
    answers kept and the 'full' message."""
    for number in (1, 2, 3):
        missions.sign_up(mission, name=f"B{number}", email=f"b{number}@example.org")
    monkeypatch.setattr(missions, "signup_state", lambda mission, now=None: "open")
    response = sign_up(client, mission, 4, skills="Menuiserie")
    assert response.status_code == 409
    content = response.content.decode()
    assert "error-summary" in content and "Menuiserie" in content
    assert confirmed(mission) == 3


def test_the_same_address_cannot_sign_up_twice(client, mission):
    sign_up(client, mission, 1)
    mail.outbox.clear()
    response = sign_up(client, mission, 1, email="BENEVOLE1@example.org")
    assert response.status_code == 422
    assert "error-summary" in response.content.decode()
    assert Volunteer.objects.count() == 1
    assert mail.outbox == []


@pytest.mark.parametrize(
    "change",
    [
        {"name": ""},
        {"email": "not-an-address"},
        {"consent": ""},
        {"website": "http://spam.example"},
        {"form_started": "tampered"},
        {"name": "x" * 5000},
    ],
)
def test_bad_input_is_shown_on_the_form_and_saves_nothing(client, mission, change):
    response = sign_up(client, mission, skills="Peinture", **change)
    assert response.status_code == 422
    content = response.content.decode()
    assert "error-summary" in content
    assert "Peinture" in content  # nothing the person typed is lost
    assert Volunteer.objects.count() == 0
    assert mail.outbox == []


def test_a_cancelled_or_started_mission_takes_no_sign_up(client, mission):
    mission.cancelled = True
    mission.save()
    assert sign_up(client, mission).status_code == 409
    mission.cancelled = False
    mission.start = timezone.now() - timedelta(hours=1)
    mission.save()
    assert sign_up(client, mission).status_code == 409
    with pytest.raises(ServiceError) as error:
        missions.sign_up(mission, name="A", email="a@example.org")
    assert error.value.code == "closed"
    assert Volunteer.objects.count() == 0


def test_an_unknown_mission_is_a_404(client, mission):
    assert client.get(f"/feuille-de-route/missions/{mission.pk + 99}/").status_code == 404


def test_cancelling_frees_the_place_and_is_e_mailed(client, mission):
    for number in (1, 2, 3):
        sign_up(client, mission, number)
    link = personal_link(mail.outbox[0])
    mail.outbox.clear()
    response = client.post(link, {"action": "cancel"})
    assert response.status_code == 302
    assert Volunteer.objects.get(email="benevole1@example.org").status == "cancelled"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["benevole1@example.org"]
    # Cancelling again says so, without an error page.
    assert client.post(link, {"action": "cancel"}).status_code == 302
    assert len(mail.outbox) == 1
    # The place is free again: the fourth person gets it, and may sign up again herself.
    assert sign_up(client, mission, 4).status_code == 302
    assert confirmed(mission) == 3


@pytest.mark.parametrize("token", ["tampered", "x" * 300, "abc:def"])
def test_a_foreign_or_tampered_personal_link_is_a_404(client, mission, token):
    sign_up(client, mission)
    assert client.get(f"/benevolat/{token}/").status_code == 404
    assert client.post(f"/benevolat/{token}/", {"action": "cancel"}).status_code == 404
    assert confirmed(mission) == 1


def test_reminders_go_once_to_confirmed_volunteers(mission):
    keep = missions.sign_up(mission, name="A", email="a@example.org")
    gone = missions.sign_up(mission, name="B", email="b@example.org")
    missions.cancel(gone)
    mail.outbox.clear()
    later = mission.start - timedelta(days=1)
    assert missions.send_reminders(now=later) == 1
    assert mail.outbox[0].to == [keep.email]
    out = io.StringIO()
    call_command("send_mission_reminders", stdout=out)
    assert missions.send_reminders(now=later) == 0
    assert len(mail.outbox) == 1
    # Too early: nothing.
    assert missions.send_reminders(now=mission.start - timedelta(days=5)) == 0


def test_staff_export_the_volunteers(admin_client, mission):
    missions.sign_up(mission, name="Léa Martin", email="lea@example.org", skills="Cuisine")
    response = admin_client.get("/admin/snippets/roadmap/volunteer/?export=csv")
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    assert "lea@example.org" in content and "Cuisine" in content


def test_staff_cancel_a_sign_up_through_a_confirmation(admin_client, mission):
    volunteer = missions.sign_up(mission, name="Léa", email="lea@example.org")
    mail.outbox.clear()
    page = f"/admin/snippets/roadmap/volunteer/cancel/{volunteer.pk}/"
    assert admin_client.get(page).status_code == 200
    assert admin_client.post(page).status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.status == "cancelled"
    assert len(mail.outbox) == 1
    # A second time: "not possible", no 500.
    assert admin_client.post(page).status_code == 302


def test_the_host_member_exports_its_missions_volunteers_only(client, action):
    host, other = make_member("Commune hôte"), make_member("Autre")
    mission = make_mission(action=action, host_member=host)
    missions.sign_up(mission, name="Léa Martin", email="lea@example.org", skills="Cuisine")
    make_representative(host, "hote")
    make_representative(other, "autre")
    client.login(username="autre", password="pw-12345")  # noqa: S106
    assert client.get(f"/roadmap/member/missions/{mission.pk}/volunteers.csv").status_code == 404
    client.login(username="hote", password="pw-12345")  # noqa: S106
    response = client.get(f"/roadmap/member/missions/{mission.pk}/volunteers.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][:3] == ["Léa Martin", "lea@example.org", "Cuisine"]


def test_action_pages_show_missions_with_places_left(client, action, mission):
    missions.sign_up(mission, name="A", email="a@example.org")
    page = client.get(f"/feuille-de-route/actions/{action.pk}/").content.decode()
    assert "Planter la haie" in page and "2 places restantes sur 3" in page
    english = client.get(f"/en/roadmap/actions/{action.pk}/").content.decode()
    assert "2 places left of 3" in english


def test_event_pages_show_their_missions(client, roadmap_page):
    from workshops.factories import agenda, make_event

    event = make_event(agenda(), title="Journée citoyenne", activities=[("Chantier", 10)])
    make_mission(event=event, title="Accueillir les habitants", capacity=2)
    page = client.get(event.url).content.decode()
    assert "Accueillir les habitants" in page and "2 places restantes sur 2" in page


@pytest.mark.parametrize("count", [5, 50])
def test_missions_on_an_action_page_take_constant_queries(client, action, count, django_assert_max_num_queries):
    for number in range(count):
        make_mission(action=action, title=f"Mission {number}", capacity=4)
    client.get(f"/feuille-de-route/actions/{action.pk}/")  # warm the shared layout
    with django_assert_max_num_queries(40):
        response = client.get(f"/feuille-de-route/actions/{action.pk}/")
    assert response.content.decode().count("/feuille-de-route/missions/") == count


def test_personal_data_export_erase_and_purge(mission):
    missions.sign_up(mission, name="Léa", email="lea@example.org", skills="Cuisine")
    exported = export_personal_data("LEA@example.org")["data"]["participation"]["volunteer_signups"]
    assert exported[0]["name"] == "Léa" and exported[0]["skills"] == "Cuisine"
    erase_personal_data("lea@example.org")
    volunteer = Volunteer.objects.get()
    assert volunteer.name == "" and "lea" not in volunteer.email and volunteer.anonymised_at
    assert volunteer.status == "cancelled"  # an upcoming mission gets its place back
    assert export_personal_data("lea@example.org")["data"]["participation"]["volunteer_signups"] == []


def test_retention_purge_anonymises_old_missions_only(action):
    old = make_mission(action=action, title="Ancienne", days=-400)
    recent = make_mission(action=action, title="Prochaine")
    Volunteer.objects.create(mission=old, name="Ancien", email="old@example.org")
    missions.sign_up(recent, name="Nouveau", email="new@example.org")
    out = io.StringIO()
    call_command("purge_participation", stdout=out)
    assert "1 volunteer(s)" in out.getvalue()
    assert Volunteer.objects.get(mission=old).name == ""
    assert Volunteer.objects.get(mission=recent).name == "Nouveau"
    assert missions.purge_volunteers() == 0


def test_the_member_area_lists_the_hosted_missions(client, action):
    host = make_member("Commune hôte")
    mission = make_mission(action=action, host_member=host, title="Planter la haie")
    missions.sign_up(mission, name="Léa", email="lea@example.org")
    make_representative(host, "hote2")
    client.login(username="hote2", password="pw-12345")  # noqa: S106
    page = client.get("/member-area/").content.decode()
    assert "Planter la haie" in page and f"/roadmap/member/missions/{mission.pk}/volunteers.csv" in page


def test_a_representative_can_commit_the_structure_from_a_mission(client, mission):
    make_representative(make_member("Association des jardins"), "jardins")
    client.login(username="jardins", password="pw-12345")  # noqa: S106
    page = client.get(url(mission)).content.decode()
    assert f"/roadmap/member/commitments/add/?action={mission.action_id}" in page


def _edit_form(mission, **changes):
    local = timezone.localtime
    data = {
        "title": mission.title,
        "description": mission.description,
        "action": str(mission.action_id),
        "event": "",
        "start": local(mission.start).strftime("%Y-%m-%d %H:%M"),
        "end": local(mission.end).strftime("%Y-%m-%d %H:%M"),
        "place": mission.place,
        "capacity": str(mission.capacity),
        "skills": mission.skills,
        "host_member": "",
    }
    if mission.cancelled:
        data["cancelled"] = "on"
    data.update(changes)
    return data


def test_staff_cancelling_a_mission_e_mails_each_volunteer_in_their_language(client, admin_client, mission):
    missions.sign_up(mission, name="Léa", email="lea@example.org", language="fr")
    sam = missions.sign_up(mission, name="Sam", email="sam@example.org", language="en")
    gone = missions.sign_up(mission, name="Parti", email="parti@example.org")
    missions.cancel(gone)
    mail.outbox.clear()
    page = f"/admin/snippets/roadmap/mission/edit/{mission.pk}/"
    response = admin_client.post(page, _edit_form(mission, cancelled="on"))
    assert response.status_code == 302
    mission.refresh_from_db()
    assert mission.cancelled
    by_address = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_address) == ["lea@example.org", "sam@example.org"]  # not the one who had left
    assert "annulée" in by_address["lea@example.org"].subject
    assert "cancelled" in by_address["sam@example.org"].subject and mission.title in by_address["sam@example.org"].body
    # The personal link says so, and offers no cancelling any more.
    personal = client.get(missions.personal_path(sam)).content.decode()
    assert "This mission is cancelled" in personal and "Cancel my sign-up" not in personal
    # Saving it again (already cancelled) tells nobody a second time.
    mail.outbox.clear()
    assert admin_client.post(page, _edit_form(mission, description="Autre texte")).status_code == 302
    assert mail.outbox == []


def test_staff_moving_a_mission_e_mails_the_new_date_and_place(admin_client, mission):
    missions.sign_up(mission, name="Sam", email="sam@example.org", language="en")
    mail.outbox.clear()
    later = timezone.localtime(mission.start + timedelta(days=7))
    page = f"/admin/snippets/roadmap/mission/edit/{mission.pk}/"
    # A bad date is refused on the field, nothing saved, nobody told.
    response = admin_client.post(page, _edit_form(mission, start="not a date"))
    assert response.status_code == 200 and "start" in response.context["form"].errors
    assert mail.outbox == []
    response = admin_client.post(
        page,
        _edit_form(
            mission,
            start=later.strftime("%Y-%m-%d %H:%M"),
            end=(later + timedelta(hours=2)).strftime("%Y-%m-%d %H:%M"),
            place="Salle des fêtes",
        ),
    )
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["sam@example.org"]
    assert "Change to your volunteer mission" in message.subject
    assert "Salle des fêtes" in message.body and "/benevolat/" in message.body
    # Only the text changes: no e-mail.
    mail.outbox.clear()
    mission.refresh_from_db()
    assert admin_client.post(page, _edit_form(mission, description="Précisions")).status_code == 302
    assert mail.outbox == []


# --- Deleting a mission people are signed up for ------------------------------------------


def test_staff_cannot_delete_a_mission_with_volunteers_they_cancel_it_instead(client, admin_client, mission):
    from roadmap.mission_models import Mission

    sign_up(client, mission, 1)
    sign_up(client, mission, 2, language="en")
    mail.outbox.clear()
    delete = f"/admin/snippets/roadmap/mission/delete/{mission.pk}/"
    # The delete page and its POST both refuse, saying what to do; nothing is lost.
    for response in (admin_client.get(delete, follow=True), admin_client.post(delete, follow=True)):
        assert response.status_code == 200
        text = response.content.decode()
        assert "a encore des bénévoles inscrits" in text and "Annulez plutôt la mission" in text  # admin in French
    assert Mission.objects.filter(pk=mission.pk).exists() and confirmed(mission) == 2
    # The listing's bulk delete too.
    bulk = f"/admin/bulk/roadmap/mission/delete/?next=/admin/&id={mission.pk}"
    assert admin_client.get(bulk).status_code == 302
    assert admin_client.post(bulk).status_code == 302
    assert Mission.objects.filter(pk=mission.pk).exists() and mail.outbox == []
    # In English.
    with translation.override("en"), pytest.raises(ServiceError) as error:
        missions.check_deletable([mission])
    assert "still has volunteers signed up" in str(error.value.message)
    # Once cancelled (each volunteer is told), it can be deleted.
    mission.cancelled = True
    missions.save_mission(mission)
    assert sorted(message.to[0] for message in mail.outbox) == ["benevole1@example.org", "benevole2@example.org"]
    assert admin_client.post(delete).status_code == 302
    assert not Mission.objects.filter(pk=mission.pk).exists()


def test_a_mission_without_volunteers_or_past_can_be_deleted(client, admin_client, action):
    from roadmap.mission_models import Mission

    empty = make_mission(action=action)
    cancelled_only = make_mission(action=action, title="Autre")
    sign_up(client, cancelled_only, 1)
    missions.cancel(Volunteer.objects.get(mission=cancelled_only))
    past = make_mission(action=action, title="Passée", days=-3)
    Volunteer.objects.create(mission=past, name="Ancien", email="ancien@example.org")
    for mission in (empty, cancelled_only, past):
        missions.check_deletable([mission])
        assert admin_client.post(f"/admin/snippets/roadmap/mission/delete/{mission.pk}/").status_code == 302
    assert not Mission.objects.exists()


def test_the_action_or_event_of_a_mission_with_volunteers_is_not_deleted_either(client, admin_client, mission):
    from roadmap.models import Action
    from workshops.factories import agenda, make_event
    from workshops.models import EventPage

    sign_up(client, mission, 1)
    event = make_event(agenda(), title="Journée citoyenne")
    on_event = make_mission(event=event, title="Accueil")
    sign_up(client, on_event, 2)
    mail.outbox.clear()
    response = admin_client.post(f"/admin/snippets/roadmap/action/delete/{mission.action_id}/", follow=True)
    assert "a encore des bénévoles inscrits" in response.content.decode()
    response = admin_client.post(f"/admin/pages/{event.pk}/delete/", follow=True)
    assert "a encore des bénévoles inscrits" in response.content.decode()
    assert Action.objects.filter(pk=mission.action_id).exists() and EventPage.objects.filter(pk=event.pk).exists()
    assert confirmed(mission) == 1 and confirmed(on_event) == 1 and mail.outbox == []
    # Without volunteers signed up, the event is deleted as usual.
    missions.cancel(Volunteer.objects.get(mission=on_event))
    assert admin_client.post(f"/admin/pages/{event.pk}/delete/").status_code == 302
    assert not EventPage.objects.filter(pk=event.pk).exists()
