"""The network's life, black-box in a real browser (every page scanned with axe):
staff invite people to a training's date poll, invitees answer, staff close the poll (the
event is created, respondents e-mailed with an .ics), a citizen observer is invited into a
reserved seat, residents register in public seats, staff check people in, the report shows
the opted-in participants, a participant downloads a PDF certificate whose verification
URL confirms it; a representative proposes an event and staff accept it. In French, and
the public pages again in English."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from roadmap.factories import make_member, make_representative
from workshops import services
from workshops.factories import agenda, make_event
from workshops.models import AttendanceCertificate, DatePoll, EventPage, EventProposal, EventReportPage, Registration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "staff-password-2026"


def link(email, pattern):
    for message in reversed(mail.outbox):
        if message.to == [email]:
            match = re.search(r"https?://[^/\s]+(/(?:en/)?" + pattern + r"[^\s]*/)", message.body)
            if match:
                return match.group(1)
    raise AssertionError(f"No {pattern} link e-mailed to {email}")


def admin_login(page):
    page.goto("/admin/login/")
    page.fill("#id_username", "staff")
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/admin/")


def test_training_from_date_poll_to_certificate_and_a_member_proposal(live_site, page, axe):
    get_user_model().objects.create_superuser("staff", "staff@example.org", PASSWORD)
    index = agenda(live_site)
    start = (timezone.now() + timedelta(days=20)).replace(hour=9, minute=0, second=0, microsecond=0)
    poll = services.create_poll(
        title="Formation à l'animation",
        kind=EventPage.Kind.TRAINING,
        slots=[(start, start + timedelta(hours=3)), (start + timedelta(days=7), start + timedelta(days=7, hours=3))],
    )

    # 1. Staff invite three people to answer the poll.
    admin_login(page)
    page.goto(reverse("wagtailsnippets_workshops_datepoll:answers", args=[poll.pk]))
    axe(page)
    page.fill(
        "#id_people",
        "Anne Roy <anne@example.org>\nBruno Lefèvre <bruno@example.org>\nOdile Marchand <odile@example.org>",
    )
    page.get_by_role("button", name="Envoyer les invitations").click()
    page.wait_for_url("**" + reverse("wagtailsnippets_workshops_datepoll:answers", args=[poll.pk]))
    assert poll.respondents.count() == 3

    # 2. They answer through their personal links, without an account.
    first, second = poll.slots.all()
    for email, choices in (("anne@example.org", ("Oui", "Non")), ("odile@example.org", ("Si besoin", "Oui"))):
        page.goto(link(email, "polls/answer/"))
        axe(page)
        page.locator("fieldset:nth-of-type(1)").get_by_label(choices[0], exact=True).check()
        page.locator("fieldset:nth-of-type(2)").get_by_label(choices[1], exact=True).check()
        page.get_by_role("button", name="Enregistrer mes réponses").click()
        assert page.get_by_text("Vos réponses sont enregistrées").is_visible()
        axe(page)

    # 3. Staff close the poll on the second slot: the training is created as a draft and the
    # respondents receive the decision with a calendar file.
    page.goto(reverse("wagtailsnippets_workshops_datepoll:close", args=[poll.pk]))
    axe(page)
    page.locator("input[name=slot]").nth(1).check()
    page.get_by_role("button", name="Clore le sondage sur ce créneau").click()
    page.wait_for_url("**/admin/snippets/workshops/datepoll/")
    poll = DatePoll.objects.get(pk=poll.pk)
    training = poll.event
    assert training.start == second.start and not training.live
    decision = [m for m in mail.outbox if m.to == ["odile@example.org"] and m.attachments]
    assert decision and "BEGIN:VCALENDAR" in decision[0].attachments[0][1]

    # Staff complete and publish the training (two seats for the public, one for a guest).
    training.capacity = 3
    training.max_party_size = 1
    training.trainer = "Claire Moreau"
    training.save_revision().publish()
    training = EventPage.objects.get(pk=training.pk)

    # 4. Staff invite Odile as a citizen observer: a seat is reserved for her.
    page.goto(reverse("wagtailsnippets_workshops_invitation:event", args=[training.pk]))
    axe(page)
    page.fill("#id_name", "Odile Marchand")
    page.fill("#id_email", "odile@example.org")
    page.locator("#id_role").select_option("observer")
    page.get_by_role("button", name="Réserver une place et envoyer l’invitation").click()
    page.wait_for_url("**" + reverse("wagtailsnippets_workshops_invitation:event", args=[training.pk]))
    page.context.clear_cookies()

    # 5. Two residents take the public seats, one opting in to the report's list.
    for name, email, listed in (("Anne Roy", "anne@example.org", True), ("Bruno Lefèvre", "bruno@example.org", False)):
        page.goto(training.url)
        axe(page)
        page.get_by_label("Votre nom").fill(name)
        page.locator("#id_email").fill(email)
        page.fill("#id_organisation", "Mairie de Chemillé")
        if listed:
            page.check("#id_listed_in_report")
        page.get_by_label(re.compile("J'accepte")).check()
        page.get_by_role("button", name="S'inscrire").click()
        page.wait_for_url("**/registrations/**")
        axe(page)
    # The public seats are gone; the guest's seat is still hers.
    assert services.is_full(training) is False or training.has_waitlist

    # 6. Odile registers through her invitation into the reserved seat.
    page.goto(link("odile@example.org", "invitations/"))
    axe(page)
    page.check("#id_listed_in_report")
    page.get_by_label(re.compile("J'accepte")).check()
    page.get_by_role("button", name="Confirmer ma place").click()
    page.wait_for_url("**/registrations/**")
    axe(page)
    odile = Registration.objects.get(email="odile@example.org")
    assert (odile.status, odile.role) == ("confirmed", "observer")

    # 7. Staff check people in.
    admin_login(page)
    page.goto(reverse("wagtailsnippets_workshops_registration:event", args=[training.pk]))
    axe(page)
    for _ in range(3):
        page.get_by_role("button", name="Marquer présent").first.click()
        page.wait_for_url("**" + reverse("wagtailsnippets_workshops_registration:event", args=[training.pk]))
    assert Registration.objects.filter(event=training, attended=True).count() == 3
    page.context.clear_cookies()

    # 8. After the training, the report is published with the opted-in participants.
    EventPage.objects.filter(pk=training.pk).update(
        start=timezone.now() - timedelta(days=2), end=timezone.now() - timedelta(days=2) + timedelta(hours=3)
    )
    training = EventPage.objects.get(pk=training.pk)
    report = EventReportPage(title="Compte rendu de la formation", summary="Trois heures d'exercices pratiques.")
    training.add_child(instance=report)
    report.save_revision().publish()
    page.goto(report.url)
    axe(page)
    assert page.get_by_role("cell", name=re.compile("Anne Roy")).is_visible()
    assert page.get_by_text("Odile Marchand").is_visible()
    assert page.get_by_text("Bruno Lefèvre").count() == 0

    # 9. Anne downloads her certificate from her personal page; its URL verifies it.
    page.goto(link("anne@example.org", "registrations/"))
    axe(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger mon attestation (PDF)").click()
    assert download.value.suggested_filename.endswith(".pdf")
    certificate = AttendanceCertificate.objects.get(holder_name="Anne Roy")
    page.goto(certificate.verification_url())
    axe(page)
    assert page.get_by_role("heading", name="Cette attestation est authentique").is_visible()

    # 10. A representative proposes an event; staff accept it.
    member = make_member("Centre social Le Lien")
    representative = make_representative(member, username="lien")
    representative.set_password(PASSWORD)
    representative.save()
    page.goto("/member-area/login/")
    page.fill("#id_username", "lien")
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/member-area/")
    page.get_by_role("link", name="Proposer un évènement accueilli par votre structure").click()
    page.wait_for_url("**/member-area/events/propose/")
    axe(page)
    day = (timezone.localdate() + timedelta(days=40)).isoformat()
    page.locator("#id_kind").select_option("citizen_day")
    page.fill("#id_title", "Journée citoyenne du Lien")
    page.fill("#id_description", "Un chantier et un repas partagé.")
    page.fill("#id_start", f"{day}T09:00")
    page.fill("#id_end", f"{day}T17:00")
    page.get_by_role("button", name="Envoyer la proposition").click()
    page.wait_for_url("**/member-area/")
    axe(page)
    proposal = EventProposal.objects.get()
    page.context.clear_cookies()
    admin_login(page)
    page.goto(reverse("wagtailsnippets_workshops_eventproposal:accept", args=[proposal.pk]))
    axe(page)
    page.get_by_role("button", name="Accepter").click()
    page.wait_for_url("**/admin/snippets/workshops/eventproposal/")
    proposal.refresh_from_db()
    assert proposal.status == "accepted"
    assert list(proposal.event.host_members.all()) == [member]
    assert proposal.event.get_parent().pk == index.pk


def test_public_pages_of_the_network_life_in_english(live_site, page, axe):
    index = agenda(live_site)
    hybrid = make_event(
        index,
        title="Hybrid network meeting",
        kind="network_meeting",
        format="hybrid",
        capacity=10,
        remote_capacity=10,
        max_party_size=1,
        video_link="https://visio.example.org/hybrid-room",
    )
    from home.translations import translate
    from workshops.factories import english

    translate(index, english())
    page.goto(translate(hybrid, english()).url)
    axe(page)
    page.get_by_label("Your name").fill("Remote Person")
    page.locator("#id_email").fill("remote@example.org")
    page.get_by_label("Remote", exact=True).check()
    page.get_by_label(re.compile("I agree")).check()
    page.get_by_role("button", name="Register").click()
    page.wait_for_url("**/en/registrations/**")
    axe(page)
    assert page.get_by_role("link", name="https://visio.example.org/hybrid-room").is_visible()

    training = make_event(index, title="Facilitation training", kind="training", capacity=4, max_party_size=1)
    invitation = services.invite(training, name="Guest Observer", email="guest@example.org", language="en")
    page.goto(invitation.personal_url())
    axe(page)
    page.get_by_label(re.compile("I agree")).check()
    page.get_by_role("button", name="Confirm my seat").click()
    page.wait_for_url("**/en/registrations/**")
    axe(page)

    start = timezone.now() + timedelta(days=9)
    poll = services.create_poll(title="Autumn meeting", slots=[(start, start + timedelta(hours=2))], is_public=True)
    page.goto("/en" + poll.public_url())
    axe(page)
    page.fill("#id_name", "Zoe")
    page.fill("#id_email", "zoe@example.org")
    page.get_by_label(re.compile("I agree")).check()
    page.get_by_role("button", name="Send me my link").click()
    assert page.get_by_text("open the link in it").is_visible()
    respondent = poll.respondents.get()
    respondent.language = "en"
    page.goto(respondent.personal_url())
    axe(page)
    page.get_by_label("If need be", exact=True).check()
    page.get_by_role("button", name="Save my answers").click()
    assert page.get_by_text("Your answers are saved").is_visible()

    registration = Registration.objects.get(email="guest@example.org")
    services.mark_attended(registration)
    certificate = services.certificate_for(registration)
    page.goto("/en" + certificate.verification_url())
    axe(page)
    assert page.get_by_role("heading", name="This certificate is genuine").is_visible()
    page.goto("/en/certificates/verify/ZZZZZ-ZZZZZ/")
    axe(page)
    assert page.get_by_role("heading", name="No certificate has this code").is_visible()
