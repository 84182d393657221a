"""The e-mail outbox (home/emails.py): stored with the change, delivered after the commit,
never for a rolled-back change, retried with backoff, visible and resendable by staff."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone
from post_office.models import STATUS, Email

from home import emails

pytestmark = pytest.mark.django_db


def queue(to="camille@example.org", **kwargs):
    return emails.queue_email(
        subject="Objet", text="Texte", html="<p>Texte</p>", to=[to], from_email="n@example.org", **kwargs
    )


def test_an_e_mail_is_stored_and_delivered_once_the_change_commits():
    with transaction.atomic():
        email = queue()
        assert Email.objects.filter(pk=email.pk, status=STATUS.queued).exists()
        assert mail.outbox == []  # not before the commit
    assert [message.to for message in mail.outbox] == [["camille@example.org"]]
    email.refresh_from_db()
    assert email.status == STATUS.sent
    assert mail.outbox[0].extra_headers["Message-ID"] == email.message_id


def test_a_rolled_back_change_leaves_no_e_mail():
    class Refused(Exception):
        pass

    with pytest.raises(Refused), transaction.atomic():
        queue("nobody@example.org")
        raise Refused
    assert not Email.objects.filter(to__icontains="nobody@example.org").exists()
    assert mail.outbox == []
    # …and the next change in the same thread still sends its e-mail (no state left behind).
    with transaction.atomic():
        queue("next@example.org")
    assert [message.to for message in mail.outbox] == [["next@example.org"]]


def test_send_templated_email_keeps_its_signature_and_attachments(settings):
    emails.send_templated_email(
        "emails/personal_links",
        {"sections": {}, "email": "a@example.org", "language": "en"},
        ["a@example.org"],
        language="en",
        from_email="Réseau <n@example.org>",
        reply_to=["staff@example.org"],
        headers={"List-Unsubscribe": "<https://example.org/u>"},
        attachments=[("event.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")],
    )
    (message,) = mail.outbox
    assert message.subject == "Your personal links"
    assert message.extra_headers["Reply-To"] == "staff@example.org"
    assert message.extra_headers["List-Unsubscribe"] == "<https://example.org/u>"
    assert message.attachments[0][0] == "event.ics" and "VCALENDAR" in message.attachments[0][1]
    assert message.message()["Reply-To"] == "staff@example.org"


def test_failures_are_retried_with_backoff_then_marked_failed(settings):
    settings.EMAIL_DELIVERY = "worker"
    settings.EMAIL_BACKEND = "tests.failing_email_backend.EmailBackend"
    email = queue()
    delays = []
    for _ in range(len(settings.EMAIL_RETRY_DELAYS)):
        Email.objects.filter(pk=email.pk).update(scheduled_time=timezone.now() - timedelta(seconds=1))
        before = timezone.now()
        emails.deliver()
        email.refresh_from_db()
        assert email.status == STATUS.requeued
        delays.append(round((email.scheduled_time - before).total_seconds() / 60))
    assert delays == [1, 5, 30, 120, 720]
    Email.objects.filter(pk=email.pk).update(scheduled_time=timezone.now() - timedelta(seconds=1))
    emails.deliver()
    email.refresh_from_db()
    assert email.status == STATUS.failed and email.scheduled_time is None
    assert emails.outbox_figures()["failed"] == 1


def test_two_deliverers_never_send_one_e_mail_twice(settings):
    settings.EMAIL_DELIVERY = "worker"
    email = queue()
    stale = list(Email.objects.filter(pk=email.pk))
    assert emails.deliver() == (1, 0)
    # A second deliverer that had read the e-mail as due before the first one claimed it.
    assert emails.deliver(Email.objects.filter(pk__in=[e.pk for e in stale])) == (0, 0)
    assert len(mail.outbox) == 1


def test_staff_see_failed_e_mails_resend_them_and_the_dashboard_warns(client, django_user_model, settings):
    settings.EMAIL_DELIVERY = "worker"
    staff = django_user_model.objects.create_superuser("staff", "staff@example.org", "a-long-password-2026")
    client.force_login(staff)
    failed = queue("lost@example.org")
    Email.objects.filter(pk=failed.pk).update(status=STATUS.failed, number_of_retries=6)
    waiting = queue("late@example.org")
    Email.objects.filter(pk=waiting.pk).update(created=timezone.now() - timedelta(hours=1))

    dashboard = client.get("/admin/").content.decode()
    assert "outbox-failures" in dashboard and "/admin/outbox/?state=failed" in dashboard
    listing = client.get("/admin/outbox/", {"state": "failed"})
    assert listing.status_code == 200
    assert "lost@example.org" in listing.content.decode() and "late@example.org" not in listing.content.decode()
    assert "late@example.org" in client.get("/admin/outbox/", {"state": "waiting"}).content.decode()
    assert client.get(f"/admin/outbox/{failed.pk}/resend/").status_code == 200
    response = client.post(f"/admin/outbox/{failed.pk}/resend/")
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == STATUS.queued and failed.number_of_retries == 0
    emails.deliver()
    assert {message.to[0] for message in mail.outbox} == {"lost@example.org", "late@example.org"}
    assert "outbox-failures" not in client.get("/admin/").content.decode()
    # Nobody edits or deletes an e-mail by hand.
    assert client.get(f"/admin/outbox/edit/{failed.pk}/").status_code in (302, 403)


def test_staff_resend_every_failed_e_mail_at_once(client, django_user_model, settings):
    settings.EMAIL_DELIVERY = "worker"
    client.force_login(django_user_model.objects.create_superuser("s", "s@example.org", "a-long-password-2026"))
    for n in range(3):
        Email.objects.filter(pk=queue(f"f{n}@example.org").pk).update(status=STATUS.failed)
    assert client.get("/admin/outbox-resend-failed/").status_code == 200
    assert client.post("/admin/outbox-resend-failed/").status_code == 302
    assert Email.objects.filter(status=STATUS.queued).count() == 3


def test_an_editor_without_the_permission_cannot_see_the_outbox(client, django_user_model):
    from django.contrib.auth.models import Permission

    editor = django_user_model.objects.create_user("editor", "e@example.org", "a-long-password-2026", is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    failed = queue()
    assert client.get("/admin/outbox/").status_code in (302, 403)
    assert client.post(f"/admin/outbox/{failed.pk}/resend/").status_code in (302, 403)
    Email.objects.filter(pk=failed.pk).update(status=STATUS.failed)
    assert "outbox-failures" not in client.get("/admin/").content.decode()


def test_the_outbox_is_in_the_rgpd_export_and_erasure():
    from home.personal_data import erase_personal_data, export_personal_data

    queue("Alice@Example.org")
    queue("bob@example.org")
    exported = export_personal_data("alice@example.org")["data"]["emails"]
    assert [item["to"] for item in exported] == [["Alice@Example.org"]]
    assert erase_personal_data("alice@example.org")["emails"] == 1
    assert list(Email.objects.values_list("to", flat=True)) == [["bob@example.org"]]


def test_no_recipient_queues_nothing_and_an_odd_address_never_breaks_the_change():
    assert emails.queue_email(subject="S", text="T", html="", to=[], from_email="n@example.org") is None
    with transaction.atomic():
        email = queue("not an address")  # post-office's validation would raise here
    assert Email.objects.filter(pk=email.pk).exists()
