"""Staff tools: registrations listing with filters and export, event figures,
check-in, cancel, e-mail all participants, dashboard panel."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.users.models import UserProfile

from workshops import services
from workshops.models import EventPage, Registration

Status = Registration.Status


@pytest.fixture
def staff_client(client, db):
    user = get_user_model().objects.create_superuser("staff", "staff@example.org", "password-123456")
    client.force_login(user)
    return client


def registered(event, email, party_size=1, needs=""):
    return services.register_for_event(
        event,
        name=email.split("@")[0],
        email=email,
        party_size=party_size,
        activities=list(event.activities.all()[:1]),
        needs=needs,
    )


def test_registrations_listing_filters_and_export(staff_client, citizen_day, remote_workshop):
    registered(citizen_day, "a@example.org")
    registered(remote_workshop, "b@example.org")
    url = reverse("wagtailsnippets_workshops_registration:list")
    response = staff_client.get(url, {"event": citizen_day.pk})
    assert response.status_code == 200
    assert b"a@example.org" in response.content and b"b@example.org" not in response.content
    response = staff_client.get(url, {"status": "confirmed", "export": "csv"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"a@example.org" in content and b"b@example.org" in content
    response = staff_client.get(url, {"export": "xlsx"})
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    activity = citizen_day.activities.first()
    assert staff_client.get(url, {"activities": activity.pk}).status_code == 200


def test_staff_cannot_add_registrations_behind_the_rules(staff_client):
    response = staff_client.get(reverse("wagtailsnippets_workshops_registration:add"))
    assert response.status_code in (302, 403)


def test_event_figures_and_check_in(staff_client, remote_workshop):
    confirmed = registered(remote_workshop, "a@example.org", party_size=3, needs="Fauteuil roulant")
    registered(remote_workshop, "b@example.org", party_size=2)
    url = reverse("wagtailsnippets_workshops_registration:event", args=[remote_workshop.pk])
    response = staff_client.get(url)
    assert response.status_code == 200
    figures = response.context["figures"]
    assert (figures["taken"], figures["capacity"], figures["rate"]) == (3, 3, 100)
    assert figures["waitlist_length"] == 1
    assert b"Fauteuil roulant" in response.content
    staff_client.post(
        reverse("wagtailsnippets_workshops_registration:attended", args=[confirmed.pk]), {"attended": "1"}
    )
    confirmed.refresh_from_db()
    assert confirmed.attended


def test_cancel_from_admin_offers_the_seats(staff_client, remote_workshop):
    confirmed = registered(remote_workshop, "a@example.org", party_size=3)
    waiting = registered(remote_workshop, "b@example.org", party_size=2)
    url = reverse("wagtailsnippets_workshops_registration:cancel", args=[confirmed.pk])
    # First a confirmation page, which changes nothing.
    page = staff_client.get(url)
    assert page.status_code == 200 and page.context["allowed"]
    confirmed.refresh_from_db()
    assert confirmed.status == Status.CONFIRMED
    assert (
        url
        in staff_client.get(
            reverse("wagtailsnippets_workshops_registration:event", args=[remote_workshop.pk])
        ).content.decode()
    )
    response = staff_client.post(url)
    assert response.status_code == 302
    confirmed.refresh_from_db()
    waiting.refresh_from_db()
    assert confirmed.status == Status.CANCELLED
    assert waiting.status == Status.OFFERED
    # Once cancelled, the page says there is nothing left to cancel.
    assert not staff_client.get(url).context["allowed"]


def test_cancel_from_admin_is_not_offered_once_the_event_has_started(staff_client, remote_workshop):
    """The confirm page asks the service's rule (services.can_cancel), not one of its own."""
    confirmed = registered(remote_workshop, "a@example.org")
    EventPage.objects.filter(pk=remote_workshop.pk).update(start=timezone.now() - timedelta(hours=1))
    url = reverse("wagtailsnippets_workshops_registration:cancel", args=[confirmed.pk])
    assert not staff_client.get(url).context["allowed"]
    assert staff_client.post(url).status_code == 302
    confirmed.refresh_from_db()
    assert confirmed.status == Status.CONFIRMED


def test_cancel_from_admin_needs_the_permission(client, django_user_model, remote_workshop):
    from django.contrib.auth.models import Permission

    confirmed = registered(remote_workshop, "a@example.org")
    editor = django_user_model.objects.create_user(username="editor", password="pw-12345")  # noqa: S106
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    url = reverse("wagtailsnippets_workshops_registration:cancel", args=[confirmed.pk])
    assert client.get(url).status_code in (302, 403)
    client.post(url)
    confirmed.refresh_from_db()
    assert confirmed.status == Status.CONFIRMED


def test_email_all_participants(staff_client, remote_workshop):
    registered(remote_workshop, "a@example.org", party_size=3)
    registered(remote_workshop, "b@example.org")  # waitlisted
    mail.outbox.clear()
    url = reverse("wagtailsnippets_workshops_registration:event", args=[remote_workshop.pk])
    page = staff_client.get(url).content.decode()
    assert "1 registration with a seat" in page or "1 inscription" in page
    # First the number of people it will reach; nothing is sent yet.
    response = staff_client.post(url, {"subject": "Infos pratiques", "message": "Apportez des gants."})
    assert response.status_code == 200
    assert response.context["recipients"] == 1
    assert not mail.outbox
    response = staff_client.post(
        url, {"subject": "Infos pratiques", "message": "Apportez des gants.", "include_waitlist": "on"}
    )
    assert response.context["recipients"] == 2 and not mail.outbox
    # Then the confirmation sends it.
    response = staff_client.post(
        url, {"subject": "Infos pratiques", "message": "Apportez des gants.", "confirmed": "1"}
    )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["a@example.org"]]
    assert mail.outbox[0].subject == "Infos pratiques"
    assert "Apportez des gants." in mail.outbox[0].body
    # An empty form is refused with field errors, as every refused form of the site.
    refused = staff_client.post(url, {"subject": "", "message": ""})
    assert refused.status_code == 422
    assert set(refused.context["form"].errors) == {"subject", "message"}
    assert len(mail.outbox) == 1


def test_check_in_is_recorded_undone_and_refused_for_a_registration_without_a_seat(staff_client, remote_workshop):
    confirmed = registered(remote_workshop, "a@example.org", party_size=3)
    waiting = registered(remote_workshop, "b@example.org")
    url = reverse("wagtailsnippets_workshops_registration:attended", args=[confirmed.pk])
    # Opened at its address, the page asks to confirm, under the event's check-in list.
    page = staff_client.get(url)
    assert page.status_code == 200 and page.context["allowed"]
    assert page.context["index_url"] == reverse(
        "wagtailsnippets_workshops_registration:event", args=[remote_workshop.pk]
    )
    assert remote_workshop.title in page.content.decode()
    assert staff_client.post(url, {"attended": "1"}).status_code == 302
    confirmed.refresh_from_db()
    assert confirmed.attended
    assert staff_client.post(url, {"attended": "0"}).status_code == 302
    confirmed.refresh_from_db()
    assert not confirmed.attended
    # A value that is not a choice is refused on the form; nothing changes.
    refused = staff_client.post(url, {"attended": "maybe"})
    assert refused.status_code == 422 and "attended" in refused.context["form"].errors
    # A waitlisted registration has no seat to check in.
    waiting_url = reverse("wagtailsnippets_workshops_registration:attended", args=[waiting.pk])
    assert not staff_client.get(waiting_url).context["allowed"]
    assert staff_client.post(waiting_url, {"attended": "1"}).status_code == 302
    waiting.refresh_from_db()
    assert not waiting.attended


def test_the_event_pages_of_the_admin_speak_the_staff_members_language(staff_client, remote_workshop):
    registration = registered(remote_workshop, "a@example.org")
    UserProfile.get_for_user(get_user_model().objects.get(username="staff"))
    UserProfile.objects.filter(user__username="staff").update(preferred_language="en")
    for name in ("wagtailsnippets_workshops_registration:event", "wagtailsnippets_workshops_invitation:event"):
        response = staff_client.get(reverse(name, args=[remote_workshop.pk]))
        assert response.status_code == 200
        assert response.context["breadcrumbs_items"][-1]["sublabel"] == remote_workshop.title
    cancel = staff_client.get(
        reverse("wagtailsnippets_workshops_registration:cancel", args=[registration.pk])
    ).content.decode()
    assert "Cancel the registration" in cancel and "Annuler l’inscription" not in cancel
    UserProfile.objects.filter(user__username="staff").update(preferred_language="fr")
    cancel = staff_client.get(
        reverse("wagtailsnippets_workshops_registration:cancel", args=[registration.pk])
    ).content.decode()
    assert "Cancel the registration" not in cancel


def test_staff_views_need_permission(client, remote_workshop, db):
    user = get_user_model().objects.create_user("someone", "s@example.org", "password-123456")
    client.force_login(user)
    response = client.get(reverse("wagtailsnippets_workshops_registration:event", args=[remote_workshop.pk]))
    assert response.status_code in (302, 403)


def test_dashboard_panel_shows_fill_rate(staff_client, remote_workshop):
    registered(remote_workshop, "a@example.org", party_size=2)
    response = staff_client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert remote_workshop.title.encode() in response.content
    assert b"67 %" in response.content


def test_each_state_change_shows_in_the_registrations_history_with_who_did_it(staff_client, remote_workshop):
    from wagtail.models import ModelLogEntry

    confirmed = registered(remote_workshop, "a@example.org", party_size=3)
    waiting = registered(remote_workshop, "b@example.org", party_size=2)
    staff_client.post(reverse("wagtailsnippets_workshops_registration:cancel", args=[confirmed.pk]))
    services.accept_offer(Registration.objects.get(pk=waiting.pk))

    def actions(registration):
        entries = ModelLogEntry.objects.for_instance(registration).order_by("timestamp", "pk")
        return [(entry.action, entry.user.username if entry.user else None) for entry in entries]

    assert actions(confirmed) == [
        ("workshops.registration_confirmed", None),
        ("workshops.registration_cancelled", "staff"),
    ]
    assert actions(waiting) == [
        ("workshops.registration_waitlisted", None),
        ("workshops.registration_offered", "staff"),  # made by the staff member's cancellation
        ("workshops.registration_offer_accepted", None),
    ]
    history = staff_client.get(reverse("wagtailsnippets_workshops_registration:history", args=[confirmed.pk]))
    assert history.status_code == 200
    assert "Inscription annulée" in history.content.decode()
