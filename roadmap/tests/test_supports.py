"""Supports: once per person, residents after confirming their address, members from
their account; never on a dropped action; updates by e-mail with an unsubscribe link."""

import re

import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from roadmap import services
from roadmap.factories import bot_fields, make_action, make_member, make_representative
from roadmap.models import Action, Support

pytestmark = pytest.mark.django_db


def support_url(action):
    return f"/feuille-de-route/actions/{action.pk}/support/"


def post_support(client, action, email="lea@example.org", **extra):
    return client.post(support_url(action), {"email": email, "consent": "on", **bot_fields(), **extra})


def link_in(message, kind):
    return re.search(rf"https?://\S+/{kind}/\S+/", message.body).group(0)


def confirmed_count(action):
    return Support.objects.filter(action=action, confirmed_at__isnull=False).count()


def test_resident_support_counts_once_the_link_is_opened(client, action):
    response = post_support(client, action, notify="on")
    assert response.status_code == 302
    support = Support.objects.get()
    assert support.confirmed_at is None and support.notify_updates
    assert confirmed_count(action) == 0
    client.get(f"/feuille-de-route/actions/{action.pk}/")  # shows (and consumes) the thank-you message
    page = client.get(f"/feuille-de-route/actions/{action.pk}/").content.decode()
    assert "lea@example.org" not in page
    assert client.get(link_in(mail.outbox[0], "confirm-support")).status_code == 200
    assert confirmed_count(action) == 1
    page = client.get(f"/feuille-de-route/actions/{action.pk}/").content.decode()
    assert "1 personne ou structure soutient cette action" in page
    assert "lea@example.org" not in page


def test_a_second_support_by_the_same_resident_is_refused(client, action):
    post_support(client, action)
    client.get(link_in(mail.outbox[0], "confirm-support"))
    mail.outbox.clear()
    response = post_support(client, action, email="LEA@example.org")
    assert response.status_code == 422
    assert b"error-summary" in response.content
    assert Support.objects.count() == 1
    assert mail.outbox == []


def test_asking_again_before_confirming_resends_the_link(client, action):
    post_support(client, action)
    post_support(client, action)
    assert Support.objects.count() == 1
    assert len(mail.outbox) == 2


def test_the_database_refuses_a_duplicate_support(action):
    Support.objects.create(action=action, email="a@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        Support.objects.create(action=action, email="a@example.org")
    member = make_member()
    Support.objects.create(action=action, member=member)
    with pytest.raises(IntegrityError), transaction.atomic():
        Support.objects.create(action=action, member=member)


def test_support_of_a_dropped_action_is_refused(client, axis):
    dropped = make_action(axis, "Abandonnée", status=Action.Status.DROPPED)
    response = post_support(client, dropped)
    assert response.status_code == 422
    assert Support.objects.count() == 0
    assert mail.outbox == []
    with pytest.raises(services.RoadmapError):
        services.support(action=dropped, member=make_member())
    assert Support.objects.count() == 0


@pytest.mark.parametrize("overrides", [{"email": "nope"}, {"consent": ""}, {"website": "spam"}])
def test_support_with_bad_input(client, action, overrides):
    response = client.post(
        support_url(action), {"email": "a@example.org", "consent": "on", **bot_fields(), **overrides}
    )
    assert response.status_code == 422
    assert Support.objects.count() == 0


def test_member_supports_from_its_account_once(client, action):
    member = make_member("Mairie d'Angers")
    client.force_login(make_representative(member))
    page = client.get(f"/feuille-de-route/actions/{action.pk}/").content.decode()
    assert f"/roadmap/member/actions/{action.pk}/support/" in page
    response = client.post(f"/roadmap/member/actions/{action.pk}/support/")
    assert response.status_code == 302
    assert confirmed_count(action) == 1
    assert Support.objects.get().member == member
    client.post(f"/roadmap/member/actions/{action.pk}/support/")
    assert Support.objects.count() == 1


def test_member_support_needs_a_representative(client, action, django_user_model):
    assert client.post(f"/roadmap/member/actions/{action.pk}/support/").status_code == 302  # to log in
    client.force_login(django_user_model.objects.create_user(username="someone", password="x"))
    assert client.post(f"/roadmap/member/actions/{action.pk}/support/").status_code == 403
    pending = make_member(approved=False)
    client.force_login(make_representative(pending))
    assert client.post(f"/roadmap/member/actions/{action.pk}/support/").status_code == 403
    assert Support.objects.count() == 0


def test_support_of_open_proposal_moves_to_the_action_when_accepted(client, axis):
    member = make_member()
    proposal = services.propose(axis=axis, title="Idée", description="x", member=member)
    response = client.post(
        f"/feuille-de-route/proposals/{proposal.pk}/", {"email": "b@example.org", "consent": "on", **bot_fields()}
    )
    assert response.status_code == 302
    client.get(link_in(mail.outbox[-1], "confirm-support"))
    assert proposal.supports.filter(confirmed_at__isnull=False).count() == 1
    action = services.accept_proposal(proposal)
    assert confirmed_count(action) == 1


def test_support_of_a_declined_proposal_is_refused(client, axis):
    proposal = services.propose(axis=axis, title="Idée", description="x", member=make_member())
    services.decline_proposal(proposal, "Hors sujet")
    response = client.post(
        f"/feuille-de-route/proposals/{proposal.pk}/", {"email": "b@example.org", "consent": "on", **bot_fields()}
    )
    assert response.status_code == 422
    assert Support.objects.count() == 0


@pytest.mark.parametrize("kind", ["tampered", "foreign"])
def test_bad_support_tokens_are_refused(client, action, kind):
    result = services.support(action=action, email="c@example.org")
    salt = services.SUPPORT_SALT if kind == "tampered" else services.UNSUBSCRIBE_SALT
    token = services.make_token(result.support, salt)
    if kind == "tampered":
        token = token[:-2] + ("zz" if not token.endswith("zz") else "yy")
    assert client.get(f"/roadmap/confirm-support/{token}/").status_code == 400
    assert confirmed_count(action) == 0


def test_updates_reach_opted_in_supporters_who_can_unsubscribe(client, action, staff_user):
    opted_in = services.support(action=action, email="in@example.org", notify=True).support
    services.confirm_support(services.make_token(opted_in, services.SUPPORT_SALT))
    services.support(action=action, email="out@example.org", notify=False)  # not opted in
    services.support(action=action, email="late@example.org", notify=True)  # never confirmed
    services.support(action=action, member=make_member())
    mail.outbox.clear()

    services.add_update(action, "La charte est votée.", progress=100, status=Action.Status.DONE, user=staff_user)
    action.refresh_from_db()
    assert action.progress == 100 and action.status == Action.Status.DONE
    assert [message.to for message in mail.outbox] == [["in@example.org"]]
    unsubscribe = link_in(mail.outbox[0], "unsubscribe")

    page = client.get(f"/feuille-de-route/actions/{action.pk}/").content.decode()
    assert "La charte est votée." in page

    response = client.get(unsubscribe)  # a mail scanner opening the link changes nothing
    assert response.status_code == 200
    opted_in.refresh_from_db()
    assert opted_in.notify_updates
    assert client.post(unsubscribe).status_code == 200
    opted_in.refresh_from_db()
    assert not opted_in.notify_updates and opted_in.confirmed_at is not None

    mail.outbox.clear()
    services.add_update(action, "Bilan publié.")
    assert mail.outbox == []


def test_tampered_unsubscribe_link_changes_nothing(client, action):
    support = services.support(action=action, email="in@example.org", notify=True).support
    token = services.unsubscribe_token(support)
    assert client.post(f"/roadmap/unsubscribe/{token}x/").status_code == 400
    assert (
        client.post(f"/roadmap/unsubscribe/{services.make_token(support, services.SUPPORT_SALT)}/").status_code == 400
    )
    support.refresh_from_db()
    assert support.notify_updates


def test_update_with_bad_values_is_refused(action):
    for kwargs in ({"text": ""}, {"text": "x", "progress": 120}, {"text": "x", "status": "nope"}):
        with pytest.raises(services.RoadmapError):
            services.add_update(action, **kwargs)
    assert action.updates.count() == 0


def test_staff_update_from_the_admin_goes_through_the_service(client, staff_user, action):
    subscriber = services.support(action=action, email="en@example.org", notify=True, language="en").support
    services.confirm_support(services.make_token(subscriber, services.SUPPORT_SALT))
    mail.outbox.clear()
    client.force_login(staff_user)
    response = client.post(
        "/admin/snippets/roadmap/actionupdate/add/",
        {
            "action": action.pk,
            "date": "2026-11-20",
            "text": "Atelier tenu à Saumur.",
            "progress": "55",
            "status": "in_progress",
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.progress == 55 and action.status == Action.Status.IN_PROGRESS
    assert action.updates.get().author == staff_user
    assert mail.outbox[0].to == ["en@example.org"]
    assert mail.outbox[0].subject == "News of the action “Write the charter”"
    assert "/en/roadmap/unsubscribe/" in mail.outbox[0].body


def test_unconfirmed_records_are_purged_after_the_retention_period(action, axis):
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    from roadmap.models import Proposal

    old_support = services.support(action=action, email="old@example.org").support
    kept_support = services.support(action=action, email="new@example.org").support
    confirmed = services.support(action=action, email="yes@example.org").support
    services.confirm_support(services.make_token(confirmed, services.SUPPORT_SALT))
    old_proposal = services.propose(axis=axis, title="Vieille", description="x", name="A", email="a@example.org")
    long_ago = timezone.now() - datetime.timedelta(days=40)
    Support.objects.filter(pk__in=[old_support.pk, confirmed.pk]).update(created_at=long_ago)
    Proposal.objects.filter(pk=old_proposal.pk).update(created_at=long_ago)
    call_command("purge_roadmap_unconfirmed")
    assert set(Support.objects.values_list("pk", flat=True)) == {kept_support.pk, confirmed.pk}
    assert not Proposal.objects.filter(pk=old_proposal.pk).exists()


def test_member_supports_an_open_proposal_once_and_not_a_dropped_action(client, axis):
    member = make_member()
    client.force_login(make_representative(member))
    proposal = services.propose(axis=axis, title="Idée", description="x", member=make_member())
    assert client.post(f"/roadmap/member/proposals/{proposal.pk}/support/").status_code == 302
    assert client.post(f"/roadmap/member/proposals/{proposal.pk}/support/").status_code == 302
    assert proposal.supports.get().member == member
    dropped = make_action(axis, "Abandonnée", status=Action.Status.DROPPED)
    assert client.post(f"/roadmap/member/actions/{dropped.pk}/support/").status_code == 302
    assert not dropped.supports.exists()


def test_expired_support_link_is_refused(client, action, monkeypatch):
    support = services.support(action=action, email="late@example.org").support
    monkeypatch.setattr(services, "CONFIRM_MAX_AGE", -1)
    token = services.make_token(support, services.SUPPORT_SALT)
    assert client.get(f"/roadmap/confirm-support/{token}/").status_code == 400
    assert confirmed_count(action) == 0


def test_confirmation_links_do_not_carry_the_address(action):
    import base64

    from roadmap.models import Support

    services.support(action=action, email="secret.person@example.org")
    support_obj = Support.objects.get(email="secret.person@example.org")
    token = services.make_token(support_obj, services.SUPPORT_SALT)
    payload = token.split(":")[0]
    decoded = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    assert b"secret" not in decoded and b"example.org" not in decoded
    assert services.confirm_support(token).is_confirmed
    # A token for another object of another address is refused.
    support_obj.email = "other@example.org"
    support_obj.save()
    with pytest.raises(services.InvalidToken):
        services.confirm_support(token)
