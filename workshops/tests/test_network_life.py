"""The network's life: hybrid meetings, invited guests in reserved seats, date polls, event
reports, attendance certificates, events proposed by members, key figures and RGPD."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry, PageLogEntry

from home.services import ServiceError
from roadmap.factories import bot_fields, make_member, make_representative
from workshops import services
from workshops.factories import make_event
from workshops.models import (
    AttendanceCertificate,
    DatePoll,
    EventPage,
    EventProposal,
    EventReportPage,
    Invitation,
    PollAnswer,
    PollRespondent,
    Registration,
)
from workshops.queries import network_figures

pytestmark = pytest.mark.django_db

INVITATION_LINK = re.compile(r"https?://[^/\s]+(/(?:en/)?invitations/[^/\s]+/)")
POLL_LINK = re.compile(r"https?://[^/\s]+(/(?:en/)?polls/answer/[^/\s]+/)")


def later(days=10, hours=0):
    return timezone.now() + timedelta(days=days, hours=hours)


@pytest.fixture
def meeting(index, commune):
    return make_event(
        index,
        title="Rencontre du réseau à Chemillé",
        kind=EventPage.Kind.NETWORK_MEETING,
        format=EventPage.Format.HYBRID,
        capacity=3,
        remote_capacity=2,
        commune=commune,
        place_name="Salle du conseil",
        video_link="https://visio.example.org/rencontre-secrete",
        max_party_size=1,
    )


@pytest.fixture
def training(index):
    return make_event(
        index, title="Formation à l'animation", kind=EventPage.Kind.TRAINING, capacity=2, max_party_size=1
    )


def register(event, email, **kwargs):
    kwargs.setdefault("name", email.split("@")[0].title())
    return services.register_for_event(event, email=email, notify=False, **kwargs)


def path_in(message, pattern):
    return pattern.search(message.body).group(1)


# --- Hybrid events ----------------------------------------------------------------------------


def test_hybrid_meeting_counts_in_person_and_remote_seats_apart(meeting):
    with pytest.raises(services.InvalidAttendance):
        register(meeting, "nobody@example.org")
    for n in range(3):
        assert register(meeting, f"p{n}@example.org", attendance="in_person").status == "confirmed"
    assert register(meeting, "p3@example.org", attendance="in_person").status == "waitlisted"
    remote = register(meeting, "r0@example.org", attendance="remote")
    assert remote.status == "confirmed"
    assert not services.is_full(meeting)
    # The video link rules of remote workshops hold for the remote seats only.
    in_person = Registration.objects.get(email="p0@example.org")
    assert meeting.has_video_link_for(remote)
    assert not meeting.has_video_link_for(in_person)


def test_freed_remote_seat_goes_to_a_remote_waitlisted_person(meeting):
    first = register(meeting, "r0@example.org", attendance="remote")
    register(meeting, "r1@example.org", attendance="remote")
    waiting = register(meeting, "r2@example.org", attendance="remote")
    in_person_waiting = [register(meeting, f"p{n}@example.org", attendance="in_person") for n in range(4)][-1]
    assert waiting.status == in_person_waiting.status == "waitlisted"
    services.cancel(first, notify=False)
    waiting.refresh_from_db()
    in_person_waiting.refresh_from_db()
    assert waiting.status == "offered"
    assert in_person_waiting.status == "waitlisted"


def test_hybrid_registration_page_shows_attendance_choice_and_link_only_to_remote(client, meeting):
    response = client.get(meeting.url)
    assert 'name="attendance"' in response.content.decode()
    remote = register(meeting, "r0@example.org", attendance="remote")
    in_person = register(meeting, "p0@example.org", attendance="in_person")
    assert "rencontre-secrete" in client.get(remote.personal_url()).content.decode()
    assert "rencontre-secrete" not in client.get(in_person.personal_url()).content.decode()
    assert "rencontre-secrete" not in client.get(meeting.url).content.decode()


def test_admin_figures_count_hybrid_seats_and_reserved_seats_apart(admin_client, meeting):
    register(meeting, "r0@example.org", attendance="remote")
    services.invite(meeting, name="Guest", email="guest@example.org", attendance="in_person")
    response = admin_client.get(reverse("wagtailsnippets_workshops_registration:event", args=[meeting.pk]))
    figures = response.context["figures"]
    assert [(row["taken"], row["capacity"]) for row in figures["modes"]] == [(1, 3), (1, 2)]
    assert figures["reserved"] == 1


# --- Invitations ------------------------------------------------------------------------------


def test_invitation_reserves_a_seat_and_the_guest_registers_into_it(
    client, training, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite(training, name="Odile Observatrice", email="odile@example.org")
    assert invitation.status == "pending"
    # One public seat is left; a second public registrant is waitlisted.
    assert register(training, "a@example.org").status == "confirmed"
    assert register(training, "b@example.org").status == "waitlisted"

    message = [m for m in mail.outbox if m.to == ["odile@example.org"]][-1]
    url = path_in(message, INVITATION_LINK)
    page = client.get(url)
    assert page.status_code == 200
    assert "Citizen observer" in page.content.decode() or "Observateur" in page.content.decode()
    response = client.post(url, {"name": "Odile Observatrice", "consent": "on", "listed_in_report": "on"})
    assert response.status_code == 302
    guest = Registration.objects.get(email="odile@example.org")
    assert (guest.status, guest.role, guest.listed_in_report) == ("confirmed", "observer", True)
    invitation.refresh_from_db()
    assert invitation.status == "accepted" and invitation.registration == guest
    # The public capacity was untouched by the guest: still one public seat taken of one.
    assert Registration.objects.get(email="b@example.org").status == "waitlisted"
    # The link cannot be used twice.
    assert client.get(url).status_code == 410
    assert ModelLogEntry.objects.filter(action="workshops.invitation_sent").exists()


def test_invitation_beyond_capacity_is_refused_and_nothing_is_saved(training):
    services.invite(training, name="A", email="a@example.org")
    services.invite(training, name="B", email="b@example.org")
    with pytest.raises(services.NoSeatToReserve):
        services.invite(training, name="C", email="c@example.org")
    assert Invitation.objects.count() == 2


def test_over_capacity_invitation_from_the_admin_shows_a_message(admin_client, training):
    for email in ("a@example.org", "b@example.org"):
        register(training, email)
    url = reverse("wagtailsnippets_workshops_invitation:event", args=[training.pk])
    data = {"name": "Guest", "email": "guest@example.org", "role": "observer", "valid_days": "7", "language": "fr"}
    response = admin_client.post(url, data)
    assert response.status_code == 422
    assert Invitation.objects.count() == 0
    assert "guest@example.org" in response.content.decode()  # what was typed is kept


def test_revoking_an_invitation_releases_its_seat_to_the_waiting_list(admin_client, training):
    invitation = services.invite(training, name="Guest", email="guest@example.org")
    register(training, "a@example.org")
    waiting = register(training, "b@example.org")
    assert waiting.status == "waitlisted"
    response = admin_client.post(reverse("wagtailsnippets_workshops_invitation:revoke", args=[invitation.pk]))
    assert response.status_code == 302
    invitation.refresh_from_db()
    waiting.refresh_from_db()
    assert invitation.status == "revoked"
    assert waiting.status == "offered"


def test_expired_tampered_and_revoked_invitation_links_show_a_clear_page(client, training):
    invitation = services.invite(training, name="Guest", email="guest@example.org", valid_days=1)
    url = invitation.personal_url()
    assert client.get(url[:-3] + "xx/").status_code == 404
    assert client.get("/invitations/not-a-token/").status_code == 404
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(url)
    assert response.status_code == 410
    # Posting the form on an expired link: the page says so, nothing is registered.
    response = client.post(url, {"name": "Guest", "consent": "on"})
    assert response.status_code == 410
    assert not Registration.objects.filter(email="guest@example.org").exists()
    other = services.invite(training, name="Other", email="other@example.org")
    services.revoke_invitation(other)
    assert client.get(other.personal_url()).status_code == 410


def test_accepting_an_expired_invitation_releases_its_seat(training):
    invitation = services.invite(training, name="Guest", email="guest@example.org")
    register(training, "a@example.org")
    waiting = register(training, "b@example.org")
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(services.InvitationExpired):
        services.accept_invitation(invitation, name="Guest")
    invitation.refresh_from_db()
    waiting.refresh_from_db()
    assert invitation.status == "expired"
    assert waiting.status == "offered"


def test_invitation_page_in_english(client, training):
    invitation = services.invite(training, name="Guest", email="guest@example.org", language="en")
    url = invitation.personal_url()
    assert url.startswith("/en/")
    response = client.get(url)
    assert response.status_code == 200
    assert "Confirm my seat" in response.content.decode()


def test_role_shows_on_the_admin_attendee_list(admin_client, training):
    invitation = services.invite(training, name="Sam Speaker", email="sam@example.org", role="speaker")
    services.accept_invitation(invitation, name="Sam Speaker")
    response = admin_client.get(reverse("wagtailsnippets_workshops_registration:event", args=[training.pk]))
    assert "Sam Speaker" in response.content.decode()
    assert (
        str(Registration.Role.SPEAKER.label) in response.content.decode() or "Intervenant" in response.content.decode()
    )


# --- Date polls -------------------------------------------------------------------------------


@pytest.fixture
def poll(index):
    return services.create_poll(
        title="Rencontre d'automne",
        kind=EventPage.Kind.TRAINING,
        slots=[(later(20), later(20, 3)), (later(27), later(27, 3))],
    )


def answer_link(email):
    return next(POLL_LINK.search(m.body).group(1) for m in mail.outbox if m.to == [email] and POLL_LINK.search(m.body))


def test_poll_invitees_answer_change_and_staff_close_it(client, admin_client, poll):
    first, second = poll.slots.all()
    for name, email in (("Anne", "anne@example.org"), ("Bruno", "bruno@example.org")):
        services.invite_to_poll(poll, name=name, email=email)
    url = answer_link("anne@example.org")
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "Anne", f"slot_{first.pk}": "yes", f"slot_{second.pk}": "no"})
    assert response.status_code == 302
    response = client.post(url, {"name": "Anne", f"slot_{first.pk}": "if_need_be", f"slot_{second.pk}": "yes"})
    assert PollAnswer.objects.get(respondent__email="anne@example.org", slot=second).choice == "yes"
    # An incomplete answer: a field message, nothing lost.
    response = client.post(answer_link("bruno@example.org"), {"name": "Bruno", f"slot_{first.pk}": "yes"})
    assert response.status_code == 422
    assert not PollAnswer.objects.filter(respondent__email="bruno@example.org").exists()
    # The results table says the answers in words, not by colour alone.
    page = client.get(url).content.decode()
    assert "<table" in page and "<caption>" in page

    mail.outbox.clear()
    response = admin_client.post(
        reverse("wagtailsnippets_workshops_datepoll:close", args=[poll.pk]), {"slot": second.pk}
    )
    assert response.status_code == 302
    poll.refresh_from_db()
    assert poll.status == "closed" and poll.chosen_slot == second
    event = poll.event
    assert not event.live and event.start == second.start and event.kind == "training"
    decided = [m for m in mail.outbox if m.to == ["anne@example.org"]]
    assert decided and decided[0].attachments[0][0] == "event.ics"
    assert "BEGIN:VEVENT" in decided[0].attachments[0][1]
    # Bruno never answered: no decision e-mail.
    assert not [m for m in mail.outbox if m.to == ["bruno@example.org"]]


def test_staff_invite_people_to_a_poll_from_its_admin_page(admin_client, poll):
    url = reverse("wagtailsnippets_workshops_datepoll:answers", args=[poll.pk])
    page = admin_client.get(url)
    assert page.status_code == 200 and page.context["breadcrumbs_items"][-1]["sublabel"] == poll.title
    mail.outbox.clear()
    # A line without an address is refused on its field; nobody is asked, what was typed is kept.
    refused = admin_client.post(url, {"people": "Anne Roy <anne@example.org>\nBruno", "language": "fr"})
    assert refused.status_code == 422 and "people" in refused.context["form"].errors
    assert "Anne Roy &lt;anne@example.org&gt;" in refused.content.decode()
    assert not poll.respondents.exists() and not mail.outbox
    done = admin_client.post(
        url, {"people": "Anne Roy <anne@example.org>\nBruno Lee <bruno@example.org>", "language": "en"}
    )
    assert done.status_code == 302
    assert sorted(poll.respondents.values_list("email", flat=True)) == ["anne@example.org", "bruno@example.org"]
    assert sorted(m.to[0] for m in mail.outbox) == ["anne@example.org", "bruno@example.org"]


def test_answer_after_closing_is_refused_and_earlier_answers_are_kept(client, poll):
    first, second = poll.slots.all()
    respondent = services.invite_to_poll(poll, name="Anne", email="anne@example.org")
    services.answer_poll(respondent, {first.pk: "yes", second.pk: "no"})
    services.close_poll(poll, first)
    with pytest.raises(ServiceError):
        services.answer_poll(respondent, {first.pk: "no", second.pk: "no"})
    url = answer_link("anne@example.org")
    response = client.post(url, {"name": "Anne", f"slot_{first.pk}": "no", f"slot_{second.pk}": "no"}, follow=True)
    assert response.status_code == 200
    assert PollAnswer.objects.get(respondent=respondent, slot=first).choice == "yes"
    with pytest.raises(ServiceError):
        services.close_poll(poll, second)


def test_public_poll_anyone_confirms_an_email_then_answers(client, poll):
    url = reverse("workshops:poll", kwargs={"slug": poll.slug})
    response = client.post(url, {"name": "Zoé", "email": "zoe@example.org", "consent": "on", **bot_fields()})
    assert response.status_code == 302
    assert not PollRespondent.objects.exists()  # not public: nobody can join
    poll.is_public = True
    poll.save()
    response = client.post(url, {"name": "Zoé", "email": "zoe@example.org", "consent": "on", **bot_fields()})
    assert response.status_code == 302
    respondent = PollRespondent.objects.get(email="zoe@example.org")
    assert respondent.email_confirmed_at is None
    client.get(answer_link("zoe@example.org"))
    respondent.refresh_from_db()
    assert respondent.email_confirmed_at is not None
    # The public page shows counts only, never names.
    first, second = poll.slots.all()
    services.answer_poll(respondent, {first.pk: "yes", second.pk: "if_need_be"})
    assert "Zoé" not in client.get(url).content.decode()
    assert client.get("/polls/answer/forged-token/").status_code == 404


def test_member_representative_proposes_slots_for_a_meeting_their_structure_hosts(client, index):
    member = make_member("Maison de quartier")
    client.force_login(make_representative(member))
    start = later(15)
    data = {
        "title": "Rencontre à la maison de quartier",
        "kind": "network_meeting",
        "slot_1_start": start.strftime("%Y-%m-%dT18:00"),
        "slot_1_end": start.strftime("%Y-%m-%dT20:00"),
    }
    response = client.post(reverse("workshops:member_poll"), data)
    assert response.status_code == 302
    poll = DatePoll.objects.get()
    assert poll.host_member == member and poll.slots.count() == 1
    bad = dict(data, slot_1_end=start.strftime("%Y-%m-%dT17:00"))
    assert client.post(reverse("workshops:member_poll"), bad).status_code == 422
    assert DatePoll.objects.count() == 1


# --- Event reports ----------------------------------------------------------------------------


def past_event(index, **fields):
    event = make_event(
        index, title="Rencontre de printemps", kind=EventPage.Kind.NETWORK_MEETING, capacity=10, **fields
    )
    return event


def move_to_past(event, days=3):
    start = timezone.now() - timedelta(days=days)
    EventPage.objects.filter(pk=event.pk).update(start=start, end=start + timedelta(hours=3))
    return EventPage.objects.get(pk=event.pk)


def add_report(event, **fields):
    report = EventReportPage(title=f"Compte rendu — {event.title}", summary="Ce que nous avons fait.", **fields)
    event.add_child(instance=report)
    return report


def test_report_shows_attendance_and_only_opted_in_participants(client, index, commune):
    event = past_event(index)
    listed = register(
        event, "listed@example.org", organisation="Mairie", sector="commune", listed_in_report=True, commune=commune
    )
    hidden = register(event, "hidden@example.org", organisation="Asso", listed_in_report=False)
    for registration in (listed, hidden):
        services.mark_attended(registration)
    event = move_to_past(event)
    report = add_report(event)
    mail.outbox.clear()
    report.save_revision().publish()
    page = client.get(report.url).content.decode()
    assert "Listed" in page and "Hidden" not in page
    assert ">2<" in page.replace(" ", "")  # two people, two structures
    # The participants who opted in are told, once.
    assert [m.to for m in mail.outbox] == [["listed@example.org"]]
    report.save_revision().publish()
    assert len(mail.outbox) == 1
    # On the event page, the archive, the search and the feed.
    assert report.url in client.get(event.url).content.decode()
    archive = client.get(index.url + "archive/").content.decode()
    assert report.url in archive
    feed = client.get(index.url + "reports/rss/")
    assert feed.status_code == 200 and "Compte rendu" in feed.content.decode()
    assert report.url in client.get("/search/", {"q": "Compte rendu"}).content.decode()


def test_report_under_a_future_event_is_refused_with_a_message(admin_client, index):
    event = make_event(index, title="Rencontre à venir", kind=EventPage.Kind.NETWORK_MEETING)
    url = reverse("wagtailadmin_pages:add", args=["workshops", "eventreportpage", event.pk])
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    data = nested_form_data(
        {
            "title": "Compte rendu prématuré",
            "slug": "compte-rendu",
            "summary": "Trop tôt.",
            "objectives": "",
            "body": streamfield([]),
            "decisions": rich_text(""),
            "next_steps": rich_text(""),
            "show_participants": "on",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert not EventReportPage.objects.exists()
    assert "Trop tôt." in response.content.decode()


def test_staff_are_reminded_once_of_events_without_a_report(index, django_user_model):
    django_user_model.objects.create_superuser("boss", "boss@example.org", "pw")
    reported = move_to_past(past_event(index), days=10)
    add_report(reported).save_revision().publish()
    forgotten = move_to_past(make_event(index, title="Formation oubliée", kind="training"), days=10)
    recent = move_to_past(make_event(index, title="Hier", kind="training"), days=1)
    mail.outbox.clear()
    assert services.remind_missing_reports(days=7) == 1
    assert "Formation oubliée" in mail.outbox[0].body
    assert recent.title not in mail.outbox[0].body and reported.title not in mail.outbox[0].body
    assert services.remind_missing_reports(days=7) == 0
    assert forgotten.follow_up.report_reminder_sent_at is not None


# --- Certificates -----------------------------------------------------------------------------


def test_checked_in_participant_downloads_a_certificate_that_verifies(client, training):
    registration = register(training, "lea@example.org", name="Léa Dupont")
    services.mark_attended(registration)
    response = client.get(
        reverse("workshops:certificate", kwargs={"token": registration.personal_url().split("/")[-2]})
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    certificate = AttendanceCertificate.objects.get()
    assert re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", certificate.code)
    page = client.get(certificate.verification_url())
    assert page.status_code == 200 and "Léa Dupont" in page.content.decode()
    # The lookup form accepts a code typed without the dash, in lower case.
    lookup = client.get(reverse("workshops:certificate_lookup"), {"code": certificate.code.replace("-", "").lower()})
    assert lookup.status_code == 302
    assert client.get(lookup["Location"]).status_code == 200
    assert client.get(reverse("workshops:certificate_verify", kwargs={"code": "AAAAA-BBBBB"})).status_code == 404
    # Sent on request.
    mail.outbox.clear()
    client.post(reverse("workshops:certificate_send", kwargs={"token": registration.personal_url().split("/")[-2]}))
    assert mail.outbox and certificate.code in mail.outbox[0].body


def test_certificate_codes_cannot_be_enumerated(client, training):
    url = reverse("workshops:certificate_verify", kwargs={"code": "AAAAA-BBBBB"})
    statuses = {client.get(url).status_code for _ in range(31)}
    assert 429 in statuses


def test_no_certificate_for_someone_not_checked_in(client, training):
    registration = register(training, "absent@example.org")
    token = registration.personal_url().split("/")[-2]
    response = client.get(reverse("workshops:certificate", kwargs={"token": token}))
    assert response.status_code == 409
    assert not AttendanceCertificate.objects.exists()
    assert client.get(reverse("workshops:certificate", kwargs={"token": "forged"})).status_code == 404


def test_certificate_verification_survives_the_purge_without_the_name(client, training):
    registration = register(training, "lea@example.org", name="Léa Dupont")
    services.mark_attended(registration)
    certificate = services.certificate_for(registration)
    services.purge_registrations(months=6, now=training.end + timedelta(days=400))
    certificate.refresh_from_db()
    assert certificate.holder_name == "" and certificate.email == ""
    page = client.get(certificate.verification_url())
    assert page.status_code == 200
    assert "Léa" not in page.content.decode()
    assert "Formation" in page.content.decode()


# --- Events proposed by members -----------------------------------------------------------------


def test_representative_proposes_an_event_and_staff_accept_it(client, admin_client, index):
    member = make_member("Centre social")
    client.force_login(make_representative(member))
    start = later(30)
    data = {
        "kind": "citizen_day",
        "title": "Journée citoyenne du centre social",
        "description": "Un chantier et un repas.",
        "start": start.strftime("%Y-%m-%dT09:00"),
        "end": start.strftime("%Y-%m-%dT17:00"),
    }
    response = client.post(reverse("workshops:propose_event"), data)
    assert response.status_code == 302
    proposal = EventProposal.objects.get()
    assert "Journée citoyenne du centre social" in client.get(reverse("members:dashboard")).content.decode()
    response = admin_client.post(reverse("wagtailsnippets_workshops_eventproposal:accept", args=[proposal.pk]))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "accepted"
    event = proposal.event
    assert not event.live and list(event.host_members.all()) == [member]
    assert event.get_parent().pk == index.pk
    assert ModelLogEntry.objects.filter(action="workshops.proposal_accepted").exists()
    assert PageLogEntry.objects.filter(page=event).exists()


def test_declining_needs_a_reason_which_the_member_sees(client, admin_client, index):
    member = make_member("Association Voisins")
    user = make_representative(member)
    proposal = services.propose_event(
        member, by=user, title="Rencontre", description="…", kind="network_meeting", start=later(5), end=later(5, 2)
    )
    url = reverse("wagtailsnippets_workshops_eventproposal:decline", args=[proposal.pk])
    response = admin_client.post(url, {"reason": ""})
    assert response.status_code == 422  # the form again, with the message on the reason
    proposal.refresh_from_db()
    assert proposal.status == "pending"
    admin_client.post(url, {"reason": "La date tombe pendant les vacances."})
    proposal.refresh_from_db()
    assert proposal.status == "declined"
    client.force_login(user)
    assert "pendant les vacances" in client.get(reverse("members:dashboard")).content.decode()
    # A second review is refused without a 500.
    response = admin_client.post(reverse("wagtailsnippets_workshops_eventproposal:accept", args=[proposal.pk]))
    assert response.status_code == 302
    assert EventProposal.objects.get().status == "declined"


def test_proposal_in_the_past_is_refused_on_its_field(client, index):
    client.force_login(make_representative(make_member("Mairie annexe")))
    yesterday = timezone.now() - timedelta(days=1)
    data = {
        "kind": "citizen_day",
        "title": "Trop tard",
        "description": "…",
        "start": yesterday.strftime("%Y-%m-%dT09:00"),
        "end": yesterday.strftime("%Y-%m-%dT17:00"),
    }
    response = client.post(reverse("workshops:propose_event"), data)
    assert response.status_code == 422
    assert "Trop tard" in response.content.decode()
    assert not EventProposal.objects.exists()


# --- Figures and RGPD -------------------------------------------------------------------------


def test_key_figures_count_meetings_trainings_observers_communes_and_people_trained(index, commune, client):
    meeting = make_event(index, title="Rencontre", kind="network_meeting", capacity=5, commune=commune)
    invitation = services.invite(meeting, name="Obs", email="obs@example.org")
    services.mark_attended(services.accept_invitation(invitation, name="Obs"))
    training = make_event(index, title="Formation", kind="training", capacity=5)
    for email in ("a@example.org", "b@example.org"):
        services.mark_attended(register(training, email))
    move_to_past(meeting)
    move_to_past(training)
    assert network_figures() == {"meetings": 1, "trainings": 1, "observers": 1, "host_communes": 1, "trained": 2}
    page = client.get(index.url).content.decode()
    assert "people trained" in page or "personnes formées" in page


def test_export_and_erase_cover_invitations_poll_answers_and_certificates(poll, training):
    from home.personal_data import erase_personal_data, export_personal_data

    services.invite(training, name="Guest", email="guest@example.org")
    first, second = poll.slots.all()
    services.answer_poll(
        services.invite_to_poll(poll, name="Guest", email="guest@example.org"), {first.pk: "yes", second.pk: "no"}
    )
    attended = register(training, "guest2@example.org")
    services.mark_attended(attended)
    certificate = services.certificate_for(attended)
    data = export_personal_data("guest@example.org")["data"]["workshops"]
    assert data["invitations"] and data["poll_answers"][0]["answers"]
    erase_personal_data("guest@example.org")
    assert not Invitation.objects.filter(email="guest@example.org").exists()
    assert Invitation.objects.get().status == "revoked"
    assert not PollAnswer.objects.exists()
    erase_personal_data("guest2@example.org")
    certificate.refresh_from_db()
    assert certificate.holder_name == "" and certificate.code


def test_archive_with_reports_runs_a_constant_number_of_queries(client, index):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(count, offset):
        for n in range(count):
            event = make_event(index, title=f"Rencontre {offset + n}", kind="network_meeting")
            event = move_to_past(event, days=2 + offset + n)
            add_report(event).save_revision().publish()

    def queries():
        with CaptureQueriesContext(connection) as context:
            response = client.get(index.url + "archive/")
            assert response.status_code == 200
        return len(context.captured_queries), response.content.decode().count("Compte rendu<span")

    add(5, 0)
    queries()
    five, reports = queries()
    assert reports == 5
    add(45, 5)
    queries()
    fifty, reports = queries()
    assert reports == 12  # one page of the archive
    assert five == fifty
