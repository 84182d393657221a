"""Pre-moderation of residents' proposals: visible only to staff until published; a
"report this content" link on every published one feeds the staff's queue; staff hide a
published one with a reason (the author is told)."""

import pytest
from django.core import mail
from wagtail.models import ModelLogEntry

from home import contributions
from home.models import ContentReport, Publication
from roadmap import services
from roadmap.factories import bot_fields, make_member
from roadmap.models import Proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def confirmed(axis, staff_user):
    proposal = services.propose(
        axis=axis,
        title="Des bancs partout",
        description="Texte libre du résident.",
        name="Camille",
        email="c@example.org",
    )
    return services.confirm_proposal(services.make_token(proposal, services.PROPOSAL_SALT))


def proposals_page(client):
    return client.get("/feuille-de-route/propositions/").content.decode()


def test_confirmed_proposal_is_visible_to_staff_only(client, confirmed, staff_user):
    assert confirmed.status == Proposal.Status.OPEN and confirmed.publication == Publication.PENDING
    assert "Des bancs partout" not in proposals_page(client)
    assert client.get(f"/feuille-de-route/propositions/{confirmed.pk}/").status_code == 404
    # Not supportable before it is public.
    with pytest.raises(services.RoadmapError):
        services.support(proposal=confirmed, email="x@example.org")
    client.force_login(staff_user)
    listing = client.get("/admin/snippets/roadmap/proposal/").content.decode()
    assert "Des bancs partout" in listing and f"/publish/{confirmed.pk}/" in listing


def test_staff_publish_from_the_admin(client, confirmed, staff_user):
    client.force_login(staff_user)
    url = f"/admin/snippets/roadmap/proposal/publish/{confirmed.pk}/"
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    confirmed.refresh_from_db()
    assert confirmed.is_published and confirmed.moderated_by == staff_user
    assert ModelLogEntry.objects.filter(action=contributions.PUBLISH, object_id=str(confirmed.pk)).exists()
    client.logout()
    assert "Des bancs partout" in proposals_page(client)


def test_a_proposal_whose_address_is_not_confirmed_cannot_be_published(client, axis, staff_user):
    proposal = services.propose(axis=axis, title="Pas confirmée", description="x", name="X", email="x@example.org")
    with pytest.raises(contributions.ServiceError) as error:
        contributions.publish(proposal)
    assert error.value.code == "not_ready"
    client.force_login(staff_user)
    response = client.post(f"/admin/snippets/roadmap/proposal/publish/{proposal.pk}/", follow=True)
    assert response.status_code == 422  # the confirm page again, with the message: no 500
    proposal.refresh_from_db()
    assert proposal.publication == Publication.PENDING


def test_member_proposal_is_published_at_once(axis):
    member = make_member("Mairie de Saumur")
    proposal = services.propose(axis=axis, title="Un forum", description="x", member=member)
    assert proposal.is_published


def test_report_link_feeds_the_staff_queue(client, confirmed, staff_user):
    contributions.publish(confirmed, user=staff_user)
    page = client.get(f"/feuille-de-route/propositions/{confirmed.pk}/").content.decode()
    report_url = f"/signaler/proposal/{confirmed.pk}/"
    assert f'href="{report_url}"' in page
    assert f'href="{report_url}"' in proposals_page(client)
    assert client.get(report_url).status_code == 200
    mail.outbox.clear()
    response = client.post(report_url, {"reason": "Propos injurieux", "email": "", **bot_fields()})
    assert response.status_code == 302
    report = ContentReport.objects.get()
    assert report.kind == "proposal" and report.object_id == confirmed.pk and report.outcome == "open"
    assert len(mail.outbox) == 1  # staff are told
    client.force_login(staff_user)
    queue = client.get("/admin/snippets/home/contentreport/").content.decode()
    assert "Des bancs partout" in queue and f"/hide/{report.pk}/" in queue


@pytest.mark.parametrize(
    "overrides", [{"reason": ""}, {"website": "http://spam.example"}, {"form_started": "tampered"}, {"email": "nope"}]
)
def test_bad_reports_are_redisplayed(client, confirmed, staff_user, overrides):
    contributions.publish(confirmed, user=staff_user)
    data = {"reason": "Hors sujet", "email": "", **bot_fields(), **overrides}
    response = client.post(f"/signaler/proposal/{confirmed.pk}/", data)
    assert response.status_code == 422
    assert ContentReport.objects.count() == 0


def test_only_published_content_can_be_reported(client, confirmed):
    assert client.get(f"/signaler/proposal/{confirmed.pk}/").status_code == 404
    assert client.get("/signaler/unknown/1/").status_code == 404
    assert client.get(f"/en/report/proposal/{confirmed.pk}/").status_code == 404


def test_staff_hide_a_published_proposal_with_a_reason(client, confirmed, staff_user):
    contributions.publish(confirmed, user=staff_user)
    contributions.report(confirmed, "Données personnelles")
    report = ContentReport.objects.get()
    client.force_login(staff_user)
    url = f"/admin/snippets/home/contentreport/hide/{report.pk}/"
    assert client.post(url, {"reason": ""}).status_code == 422  # the reason is required
    confirmed.refresh_from_db()
    assert confirmed.is_published
    mail.outbox.clear()
    assert client.post(url, {"reason": "Un nom de personne y figurait."}).status_code == 302
    confirmed.refresh_from_db()
    report.refresh_from_db()
    assert confirmed.publication == Publication.HIDDEN and confirmed.hidden_reason == "Un nom de personne y figurait."
    assert report.outcome == ContentReport.Outcome.HIDDEN
    assert mail.outbox[0].to == ["c@example.org"] and "Un nom de personne" in mail.outbox[0].body
    client.logout()
    assert "Des bancs partout" not in proposals_page(client)
    assert client.get(f"/feuille-de-route/propositions/{confirmed.pk}/").status_code == 404


def test_staff_keep_a_reported_proposal(client, confirmed, staff_user):
    contributions.publish(confirmed, user=staff_user)
    report = contributions.report(confirmed, "Je ne suis pas d'accord")
    client.force_login(staff_user)
    assert client.post(f"/admin/snippets/home/contentreport/keep/{report.pk}/").status_code == 302
    report.refresh_from_db()
    assert report.outcome == ContentReport.Outcome.KEPT
    client.logout()
    assert "Des bancs partout" in proposals_page(client)


def test_the_form_says_what_happens(client, axis):
    page = client.get("/feuille-de-route/proposer/").content.decode()
    assert "publie" in page or "publishes" in page
