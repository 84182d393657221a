"""The network's newsletter: audience and its count, a test to oneself, sending in batches
with one-click unsubscribe, scheduling, the archive, the e-mail preview, translations."""

import email
import email.policy
import json
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale

from follows import newsletter
from follows.factories import make_newsletter, make_subscriber, newsletter_archive
from follows.models import Delivery, NewsletterPage, Subscriber
from home.services import ServiceError
from roadmap.factories import make_member, make_representative

pytestmark = pytest.mark.django_db


def parsed(message):
    return email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)


@pytest.fixture
def archive(home_page, english_home):
    return newsletter_archive(home_page, english_home=english_home)


@pytest.fixture
def issue(archive):
    return make_newsletter(archive, "Lettre de printemps")


@pytest.fixture
def audience(commune):
    subscriber = make_subscriber("sub@example.org", newsletter=True, commune=commune)
    participant = make_subscriber("participant@example.org", newsletter=True)
    Subscriber.objects.filter(pk=participant.pk).update(newsletter_source="registration")
    make_subscriber("unconfirmed@example.org", newsletter=True, confirmed=False)
    make_subscriber("follower-only@example.org")
    member = make_member("Mairie")
    make_representative(member, "maire")
    refusing = make_representative(make_member("Association"), "refus")
    make_subscriber(refusing.email, newsletter_opt_out=True)
    make_representative(make_member("En attente", approved=False), "pending")
    return subscriber


def emails(recipients):
    return sorted(r.email for r in recipients)


def test_audience_by_choice_and_refusals_are_never_included(issue, audience, commune):
    assert emails(newsletter.audience(issue)) == ["participant@example.org", "sub@example.org"]
    issue.to_representatives = True
    assert emails(newsletter.audience(issue)) == ["maire@example.org", "participant@example.org", "sub@example.org"]
    issue.to_subscribers = False
    issue.to_participants = True
    issue.to_representatives = False
    assert emails(newsletter.audience(issue)) == ["participant@example.org"]
    issue.to_subscribers = True
    issue.audience_commune = commune
    assert emails(newsletter.audience(issue)) == ["sub@example.org"]


def test_audience_count_endpoint_for_the_editor(client, staff_user, audience, commune):
    client.force_login(staff_user)
    url = reverse("follows_admin:audience_count")
    assert client.get(url, {"to_subscribers": "on"}).json() == {"count": 2}
    assert client.get(url, {"to_subscribers": "on", "to_representatives": "on"}).json() == {"count": 3}
    assert client.get(url, {"to_subscribers": "on", "audience_commune": str(commune.pk)}).json() == {"count": 1}
    assert client.get(url, {"audience_commune": "9" * 40, "audience_theme": "x"}).json() == {"count": 0}
    client.logout()
    assert client.get(url).status_code == 302  # staff only


def test_staff_send_a_test_then_send_and_it_appears_in_the_archive(client, staff_user, issue, audience, archive):
    assert client.get(issue.url).status_code == 404  # not public before it is sent
    client.force_login(staff_user)
    send_url = reverse("follows_admin:send", args=[issue.pk])
    page = client.get(send_url)
    assert page.status_code == 200
    assert page.context["count"] == 2

    client.post(send_url, {"test": "1"})
    (test,) = mail.outbox
    assert test.to == ["staff@example.org"] and test.subject.startswith("[TEST]")
    assert not Delivery.objects.exists()

    mail.outbox.clear()
    response = client.post(send_url, {"send": "1"})
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.state == "sent" and issue.sent_at and issue.recipients_count == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["participant@example.org", "sub@example.org"]
    mime = parsed(mail.outbox[0])
    assert mime["Subject"] == "Lettre de printemps"
    assert mime["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = " ".join(str(mime["List-Unsubscribe"]).split())[1:-1]
    text = mime.get_body(preferencelist=("plain",)).get_content()
    html = mime.get_body(preferencelist=("html",)).get_content()
    assert "Trois journées citoyennes ce printemps." in text and "À la une" in text
    assert "<h2" in html and "Trois journées citoyennes ce printemps." in html
    assert unsubscribe in text and unsubscribe.replace("&", "&amp;") in html
    assert 'lang="fr"' in html
    assert Delivery.objects.filter(kind="newsletter", newsletter=issue).count() == 2

    # The archive lists it; its page is public.
    client.logout()
    archive_page = client.get(archive.url)
    assert "Lettre de printemps" in archive_page.content.decode()
    assert client.get(issue.url).status_code == 200

    # Sending again is refused, and the page says why.
    client.force_login(staff_user)
    mail.outbox.clear()
    refused = client.post(send_url, {"send": "1"})
    assert refused.status_code == 422 and refused.context["form"].non_field_errors()
    assert not mail.outbox

    # One click on the header's URL: the subscriber is unsubscribed and never sent it again.
    client.logout()
    client.post("/" + unsubscribe.split("://", 1)[1].split("/", 1)[1])
    assert Subscriber.objects.get(email=str(mime["To"])).newsletter_opt_out


def test_english_subscribers_get_the_translation(issue, audience, english_home):
    make_subscriber("english@example.org", language="en", newsletter=True)
    english = issue.copy_for_translation(Locale.objects.get(language_code="en"))
    english.title = "Spring newsletter"
    english.intro = "News of the network."
    english.save_revision().publish()
    newsletter.start_sending(issue)
    by_address = {m.to[0]: m for m in mail.outbox}
    assert by_address["english@example.org"].subject == "Spring newsletter"
    assert "/en/unsubscribe/" in by_address["english@example.org"].body
    assert by_address["sub@example.org"].subject == "Lettre de printemps"


def test_batches_never_send_twice(issue, audience):
    for n in range(5):
        make_subscriber(f"more{n}@example.org", newsletter=True)
    NewsletterPage.objects.filter(pk=issue.pk).update(state="sending")
    issue.refresh_from_db()
    sizes = []
    while True:
        sent = newsletter.send_batch(issue, batch_size=3)
        if not sent:
            break
        sizes.append(sent)
    assert sizes == [3, 3, 1]
    assert len(mail.outbox) == 7 == len({m.to[0] for m in mail.outbox})
    issue.refresh_from_db()
    assert issue.state == "sent"
    assert newsletter.send_batch(issue) == 0


def test_schedule_then_the_command_sends_it(issue, audience, staff_user):
    with pytest.raises(ServiceError):
        newsletter.schedule(issue, timezone.now() - timedelta(hours=1))
    newsletter.schedule(issue, timezone.now() + timedelta(hours=1), user=staff_user)
    issue.refresh_from_db()
    assert issue.state == "scheduled"
    call_command("send_newsletters")
    assert not mail.outbox  # not yet
    NewsletterPage.objects.filter(pk=issue.pk).update(scheduled_for=timezone.now() - timedelta(minutes=1))
    call_command("send_newsletters")
    assert len(mail.outbox) == 2
    issue.refresh_from_db()
    assert issue.state == "sent"


def test_schedule_from_the_admin_with_a_bad_date(client, staff_user, issue, audience):
    client.force_login(staff_user)
    url = reverse("follows_admin:send", args=[issue.pk])
    response = client.post(url, {"schedule": "1", "scheduled_for": "not a date"})
    assert response.status_code == 422
    assert "scheduled_for" in response.context["form"].errors
    issue.refresh_from_db()
    assert issue.state == "draft"
    # A date in the past is refused by the service, on the page.
    past = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    response = client.post(url, {"schedule": "1", "scheduled_for": past})
    assert response.status_code == 422 and response.context["form"].errors
    issue.refresh_from_db()
    assert issue.state == "draft"
    # A button the page does not have is refused too.
    assert client.post(url, {}).status_code == 422


def test_refusals_unpublished_or_empty_audience(issue, archive):
    with pytest.raises(ServiceError) as error:
        newsletter.start_sending(issue)
    assert error.value.code == "empty_audience"
    draft = make_newsletter(archive, "Brouillon", publish=False)
    make_subscriber(newsletter=True)
    with pytest.raises(ServiceError) as error:
        newsletter.start_sending(draft)
    assert error.value.code == "not_live"


def test_preview_as_an_email(client, staff_user, issue):
    client.force_login(staff_user)
    response = client.get(reverse("wagtailadmin_pages:view_draft", args=[issue.pk]) + "?mode=email")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Trois journées citoyennes ce printemps." in content and "max-width:600px" in content


def test_send_view_needs_publish_permission(client, django_user_model, issue):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user(username="editor", email="e@example.org", password="pw-12345")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get(reverse("follows_admin:send", args=[issue.pk])).status_code in (302, 403)


def test_the_newsletter_pages_go_where_they_belong():
    from follows.models import NewsletterIndexPage
    from home.models import HomePage

    assert NewsletterIndexPage.can_create_at(HomePage())
    assert NewsletterPage.allowed_parent_page_models() == [NewsletterIndexPage]


def test_export_and_erase_cover_subscriptions_and_history(issue, audience):
    from home.personal_data import erase_personal_data, export_personal_data

    newsletter.start_sending(issue)
    data = export_personal_data("sub@example.org")["data"]["follows"]
    assert data["subscriber"]["newsletter"] is True
    assert data["history"][0]["kind"] == "newsletter"
    assert json.dumps(data)
    counts = erase_personal_data("sub@example.org")
    assert counts["follows"] == 2
    assert not Subscriber.objects.filter(email="sub@example.org").exists()
    assert not Delivery.objects.filter(email="sub@example.org").exists()
