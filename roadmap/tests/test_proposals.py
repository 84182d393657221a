"""Proposals: a resident's (confirmed by e-mail), a member's, accepted or declined."""

import re

import pytest
from django.core import mail, signing

from home.emails import staff_recipients
from roadmap import services
from roadmap.factories import bot_fields, make_member, make_representative
from roadmap.models import Action, Proposal

pytestmark = pytest.mark.django_db

PROPOSE_URL = "/feuille-de-route/propose/"


def valid_data(the_axis, **overrides):
    data = {
        "axis": the_axis.pk,
        "title": "Un conseil des jeunes dans chaque commune",
        "description": "Aider les communes à créer un conseil municipal des jeunes.",
        "name": "Camille Dupont",
        "email": "Camille@Example.org",
        "consent": "on",
        **bot_fields(),
    }
    data.update(overrides)
    return data


def confirm_link(message):
    return re.search(r"https?://\S+/confirm-proposal/\S+/", message.body).group(0)


def test_form_is_shown(client, axis):
    response = client.get(PROPOSE_URL)
    assert response.status_code == 200
    assert b'name="website"' in response.content
    assert b'name="consent"' in response.content


@pytest.mark.parametrize(
    "overrides",
    [
        {"email": "not-an-address"},
        {"email": ""},
        {"name": ""},
        {"title": ""},
        {"description": ""},
        {"consent": ""},
        {"axis": "999999"},
        {"website": "http://spam.example"},
        {"form_started": "tampered"},
    ],
)
def test_bad_input_is_redisplayed_and_nothing_is_saved(client, axis, overrides):
    response = client.post(PROPOSE_URL, valid_data(axis, **overrides))
    assert response.status_code == 422
    assert Proposal.objects.count() == 0
    assert mail.outbox == []
    assert b"error-summary" in response.content
    # What the person typed is kept.
    if overrides.get("description") != "":
        assert b"Aider les communes" in response.content


def test_resident_proposal_waits_for_confirmation(client, axis, staff_user):
    response = client.post(PROPOSE_URL, valid_data(axis))
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.status == Proposal.Status.UNCONFIRMED
    assert proposal.email == "camille@example.org"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["camille@example.org"]
    assert "/roadmap/confirm-proposal/" in mail.outbox[0].body
    # Not public, and staff are not asked to moderate it yet.
    assert "Un conseil des jeunes" not in client.get("/feuille-de-route/proposals/").content.decode()
    assert client.get(f"/feuille-de-route/proposals/{proposal.pk}/").status_code == 404


def test_confirmation_link_sends_the_proposal_to_moderation(client, axis, staff_user):
    client.post(PROPOSE_URL, valid_data(axis))
    link = confirm_link(mail.outbox[0])
    response = client.get(link)
    assert response.status_code == 200
    proposal = Proposal.objects.get()
    assert proposal.status == Proposal.Status.OPEN
    assert proposal.confirmed_at is not None
    assert mail.outbox[-1].to == staff_recipients()
    # Pre-moderation: public only once staff have read and published it.
    assert "Un conseil des jeunes" not in client.get("/feuille-de-route/proposals/").content.decode()
    from home import contributions

    contributions.publish(proposal, user=staff_user)
    page = client.get("/feuille-de-route/proposals/").content.decode()
    assert "Un conseil des jeunes" in page
    assert "Camille" not in page  # a resident is never named
    # Opening the link again changes nothing and tells staff only once.
    assert client.get(link).status_code == 200
    assert len(mail.outbox) == 2
    proposal.refresh_from_db()
    assert proposal.is_published


@pytest.mark.parametrize("kind", ["tampered", "foreign", "other_address", "expired"])
def test_bad_confirmation_tokens_are_refused(client, axis, staff_user, kind, monkeypatch):
    proposal = services.propose(
        axis=axis, title="Idée", description="Texte", name="Camille", email="camille@example.org"
    )
    token = services.make_token(proposal, services.PROPOSAL_SALT)
    if kind == "tampered":
        token = token[:-3] + ("abc" if not token.endswith("abc") else "xyz")
    elif kind == "foreign":
        token = services.make_token(proposal, services.SUPPORT_SALT)
    elif kind == "other_address":
        token = signing.dumps({"pk": proposal.pk, "email": "someone@example.org"}, salt=services.PROPOSAL_SALT)
    elif kind == "expired":
        monkeypatch.setattr(services, "CONFIRM_MAX_AGE", -1)
    response = client.get(f"/roadmap/confirm-proposal/{token}/")
    assert response.status_code == 400
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.UNCONFIRMED


def test_accepting_creates_the_action_and_tells_the_proposer(client, axis, staff_user):
    proposal = services.propose(
        axis=axis, title="Idée acceptée", description="Texte", name="Camille", email="camille@example.org"
    )
    services.confirm_proposal(services.make_token(proposal, services.PROPOSAL_SALT))
    mail.outbox.clear()
    action = services.accept_proposal(proposal, user=staff_user)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.ACCEPTED
    assert proposal.action == action
    assert action.status == Action.Status.PROPOSED and action.axis == axis
    assert mail.outbox[0].to == ["camille@example.org"]
    assert f"/feuille-de-route/actions/{action.pk}/" in mail.outbox[0].body
    assert "Idée acceptée" in client.get("/feuille-de-route/").content.decode()
    proposals_page = client.get("/feuille-de-route/proposals/").content.decode()
    assert f"/feuille-de-route/actions/{action.pk}/" in proposals_page
    with pytest.raises(services.RoadmapError):
        services.accept_proposal(proposal)
    assert Action.objects.filter(title="Idée acceptée").count() == 1


def test_unconfirmed_proposal_cannot_be_accepted(axis):
    proposal = services.propose(axis=axis, title="Idée", description="Texte", name="C", email="c@example.org")
    with pytest.raises(services.RoadmapError):
        services.accept_proposal(proposal)
    assert not Action.objects.filter(title="Idée").exists()


def test_declining_needs_a_reason_shown_publicly(client, axis, staff_user):
    proposal = services.propose(axis=axis, title="Idée refusée", description="Texte", name="C", email="c@example.org")
    services.confirm_proposal(services.make_token(proposal, services.PROPOSAL_SALT))
    mail.outbox.clear()
    with pytest.raises(services.RoadmapError):
        services.decline_proposal(proposal, "   ")
    services.decline_proposal(proposal, "Déjà couvert par l'action sur la charte.", user=staff_user)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.DECLINED
    assert mail.outbox[0].to == ["c@example.org"]
    assert "Déjà couvert" in mail.outbox[0].body
    page = client.get("/feuille-de-route/proposals/").content.decode()
    assert "Idée refusée" in page and "Déjà couvert" in page
    with pytest.raises(services.RoadmapError):
        services.decline_proposal(proposal, "encore")


def test_member_proposal_goes_straight_to_moderation(client, axis, staff_user):
    member = make_member("Mairie de Saumur")
    client.force_login(make_representative(member))
    response = client.post(
        "/roadmap/member/propose/", {"axis": axis.pk, "title": "Un forum", "description": "Un forum annuel."}
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.member == member and proposal.status == Proposal.Status.OPEN
    assert proposal.email == ""
    assert mail.outbox[-1].to == staff_recipients()
    assert "Mairie de Saumur" in client.get("/feuille-de-route/proposals/").content.decode()


def test_member_proposal_with_bad_input(client, axis):
    client.force_login(make_representative(make_member()))
    response = client.post("/roadmap/member/propose/", {"axis": axis.pk, "title": "", "description": "x"})
    assert response.status_code == 422
    assert Proposal.objects.count() == 0


def test_member_accepted_proposal_is_led_by_the_member(axis):
    member = make_member()
    make_representative(member)
    proposal = services.propose(axis=axis, title="Un forum", description="x", member=member)
    mail.outbox.clear()
    action = services.accept_proposal(proposal)
    assert action.lead_member == member
    assert mail.outbox[0].to == [member.representatives.get().user.email]


def test_proposal_form_is_rate_limited(client, axis):
    for _ in range(10):
        client.post(PROPOSE_URL, valid_data(axis))
    response = client.post(PROPOSE_URL, valid_data(axis))
    assert response.status_code == 429
    assert Proposal.objects.count() == 10
