"""Sending the network's newsletter.

The audience is chosen on the page (in the default language; its translations share it):
newsletter subscribers, member representatives, past participants who agreed to hear from
the network, optionally only in one commune or intercommunality, or (for representatives)
one theme. Anyone who unsubscribed from the newsletter is never included, whatever the
audience. Each recipient gets the page in their language when it is translated and live.

Sending goes in batches (`send_batch`), each in one transaction that records a `Delivery`
per address (at most one per newsletter and address: a batch run twice sends nothing
twice) and queues the e-mails through `home.emails.send_templated_email`.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import escape, format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.rich_text import expand_db_html

from home.emails import OutboxBatch, default_sender, send_templated_email
from home.page_cache import clear_page_cache
from home.services import ServiceError, absolute_url
from members.models import Member, Representative

from .models import Delivery, NewsletterPage, Subscriber
from .services import language_or_default, list_headers, send_to_subscriber, unsubscribe_url, url

BATCH_SIZE = 500


@dataclass
class Recipient:
    email: str
    language: str
    subscriber: Subscriber | None = None


def canonical(page):
    """The page in the default language, which holds the audience and the sending state."""
    if page.locale.language_code == settings.LANGUAGE_CODE:
        return page
    source = (
        NewsletterPage.objects.filter(
            translation_key=page.translation_key, locale__language_code=settings.LANGUAGE_CODE
        )
        .select_related("locale")
        .first()
    )
    return source or page


def audience(page):
    """Recipients of the newsletter, one per address, refusals excluded."""
    recipients = {}
    subscribers = Subscriber.objects.none()
    if page.to_subscribers or page.to_participants:
        subscribers = Subscriber.objects.filter(newsletter=True, newsletter_opt_out=False, confirmed_at__isnull=False)
        if not page.to_subscribers:
            subscribers = subscribers.filter(newsletter_source="registration")
        if page.audience_commune_id:
            subscribers = subscribers.filter(commune_id=page.audience_commune_id)
        elif page.audience_intercommunality:
            subscribers = subscribers.filter(commune__intercommunality=page.audience_intercommunality)
        for subscriber in subscribers.only("pk", "email", "language", "key"):
            recipients[subscriber.email] = Recipient(subscriber.email, subscriber.language, subscriber)
    if page.to_representatives:
        representatives = Representative.objects.filter(
            member__status=Member.Status.APPROVED, user__is_active=True
        ).exclude(user__email="")
        if page.audience_commune_id:
            commune = page.audience_commune
            representatives = representatives.filter(
                Q(member__seat_commune_id=commune.pk) | Q(member__insee_code=commune.insee_code)
            )
        elif page.audience_intercommunality:
            representatives = representatives.filter(
                member__seat_commune__intercommunality=page.audience_intercommunality
            )
        if page.audience_theme_id:
            representatives = representatives.filter(
                member__themes__translation_key=page.audience_theme.translation_key
            ).distinct()
        refused = Subscriber.objects.filter(newsletter_opt_out=True).values("email")
        for email in (
            representatives.exclude(user__email__in=refused)
            .values_list("user__email", flat=True)
            .order_by("user__email")
        ):
            email = email.strip().lower()
            recipients.setdefault(email, Recipient(email, settings.LANGUAGE_CODE))
    return list(recipients.values())


def audience_count(page):
    return len(audience(page))


# --- Rendering ------------------------------------------------------------------------


def _block_html_and_text(block):
    """The e-mail version of a block: HTML with inline styles, and plain text."""
    value = block.value
    if block.block_type == "heading":
        return format_html(
            '<h2 style="font-size:20px;margin:24px 0 8px">{}</h2>', value
        ), f"\n{value}\n{'=' * len(value)}\n"
    if block.block_type == "paragraph":
        html = expand_db_html(value.source)
        html = html.replace('href="/', f'href="{absolute_url("/")}')  # internal links, absolute
        return f'<div style="margin:0 0 12px">{html}</div>', strip_tags(html.replace("</p>", "</p>\n")).strip() + "\n"
    if block.block_type == "image":
        image = value
        rendition = image.get_rendition("max-600x600")
        alt = getattr(image, "contextual_alt_text", None) or image.default_alt_text
        return (
            format_html(
                '<p><img src="{}" alt="{}" width="{}" height="{}" style="max-width:100%;height:auto"></p>',
                absolute_url(rendition.url),
                alt or "",
                rendition.width,
                rendition.height,
            ),
            "",
        )
    if block.block_type == "button":
        page = value.get("page")
        link = absolute_url(page.url) if page else value.get("url") or ""
        if not link:
            return "", ""
        return (
            format_html(
                '<p><a href="{}" style="display:inline-block;padding:10px 16px;background:#0b5394;color:#ffffff;'
                'text-decoration:none;border-radius:4px">{}</a></p>',
                link,
                value["label"],
            ),
            f"{value['label']}: {link}\n",
        )
    return escape(str(value)), str(value)


def render_body(page):
    """(html, text) of the page's content for the e-mail: rendered once per language."""
    html, text = [], []
    for block in page.body:
        block_html, block_text = _block_html_and_text(block)
        html.append(block_html)
        text.append(block_text)
    return "".join(html), "\n".join(part for part in text if part)


def _context(page, language):
    html, text = render_body(page)
    return {
        "newsletter": page,
        "title": page.title,
        "intro": page.intro,
        "body_html": mark_safe(html),  # noqa: S308 — built from escaped values and editors' rich text
        "body_text": text,
        "web_url": absolute_url(page.url or "") if page.live else "",
        "archive_url": absolute_url(page.get_parent().url or "") if page.get_parent() else "",
    }


def preview_html(page):
    """The e-mail's HTML part, as the admin's "E-mail" preview shows it."""
    language = page.locale.language_code
    with translation.override(language):
        context = _context(page, language)
        context["unsubscribe_url"] = url("newsletter_signup", language)
        context["manage_url"] = ""
        context["preview"] = True
        return render_to_string("follows/emails/newsletter.html", context)


def _translations(page):
    """{language: the live page in that language} (the source page for the others)."""
    pages = {page.locale.language_code: page}
    for translated in (
        NewsletterPage.objects.live().filter(translation_key=page.translation_key).select_related("locale")
    ):
        pages.setdefault(translated.locale.language_code, translated)
    return pages


# --- Test, schedule, send ---------------------------------------------------------------


def send_test(page, user):
    """The newsletter, as subscribers will get it, to the member of staff only."""
    if not user.email:
        raise ServiceError(_("Your account has no e-mail address: add one in your account settings."), code="no_email")
    language = page.locale.language_code
    unsubscribe = unsubscribe_url(user.email, "newsletter", language)
    with translation.override(language):
        context = {**_context(page, language), "unsubscribe_url": unsubscribe, "manage_url": "", "test": True}
    send_templated_email(
        "follows/emails/newsletter",
        context,
        [user.email],
        language=language,
        headers=list_headers(unsubscribe),
    )
    log(instance=page, action="follows.newsletter_test", user=user, data={"to": user.email})


def _check_can_send(page):
    if not page.live:
        raise ServiceError(_("Publish the newsletter before sending it."), code="not_live")
    if page.state in (NewsletterPage.State.SENDING, NewsletterPage.State.SENT):
        raise ServiceError(_("This newsletter has already been sent."), code="already_sent")
    if not audience_count(page):
        raise ServiceError(_("Nobody is in the chosen audience: choose another one."), code="empty_audience")


def schedule(page, when, *, user=None):
    page = canonical(page)
    if when is None or when <= timezone.now():
        raise ServiceError(_("Choose a moment in the future."), code="past", field="scheduled_for")
    _check_can_send(page)
    NewsletterPage.objects.filter(translation_key=page.translation_key).update(
        state=NewsletterPage.State.SCHEDULED, scheduled_for=when
    )
    log(instance=page, action="follows.newsletter_scheduled", user=user, data={"for": when.isoformat()})


def unschedule(page, *, user=None):
    page = canonical(page)
    NewsletterPage.objects.filter(translation_key=page.translation_key, state=NewsletterPage.State.SCHEDULED).update(
        state=NewsletterPage.State.DRAFT, scheduled_for=None
    )


def start_sending(page, *, user=None):
    """Send now: the batches go out through a task (or `manage.py send_newsletters`)."""
    from .tasks import send_newsletter_task  # imported here: tasks imports this module

    page = canonical(page)
    _check_can_send(page)
    with transaction.atomic():
        NewsletterPage.objects.filter(translation_key=page.translation_key).update(state=NewsletterPage.State.SENDING)
        log(instance=page, action="follows.newsletter_sending", user=user)
        # Stored with the change (the database task backend): the worker sends once committed.
        send_newsletter_task.enqueue(page.pk)


def send_batch(page, batch_size=BATCH_SIZE):
    """Send to the next `batch_size` recipients not yet served; returns how many were
    sent. When none is left, the newsletter is marked sent (and shows in the archive)."""
    with transaction.atomic():
        page = NewsletterPage.objects.select_for_update().select_related("locale").get(pk=page.pk)
        if page.state != NewsletterPage.State.SENDING:
            return 0
        served = set(Delivery.objects.filter(newsletter=page).values_list("email", flat=True))
        todo = [recipient for recipient in audience(page) if recipient.email not in served][:batch_size]
        if not todo:
            now = timezone.now()
            NewsletterPage.objects.filter(translation_key=page.translation_key).update(
                state=NewsletterPage.State.SENT, sent_at=now, recipients_count=len(served)
            )
            log(instance=page, action="follows.newsletter_sent", data={"recipients": len(served)})
            clear_page_cache()
            return 0
        pages = _translations(page)
        contexts = {}
        from_email = default_sender()
        deliveries = []
        outbox = OutboxBatch()
        for recipient in todo:
            language = language_or_default(recipient.language)
            local = pages.get(language, page)
            if language not in contexts:
                with translation.override(language):
                    contexts[language] = _context(local, language)
            subscriber = recipient.subscriber or Subscriber(email=recipient.email, language=language)
            deliveries.append(
                send_to_subscriber(
                    subscriber,
                    "follows/emails/newsletter",
                    contexts[language],
                    scope="newsletter",
                    kind=Delivery.Kind.NEWSLETTER,
                    from_email=from_email,
                    subject=local.title,
                    newsletter=page,
                    outbox=outbox,
                )
            )
        outbox.store()
        Delivery.objects.bulk_create(deliveries)
        return len(deliveries)


def send_all(page, batch_size=BATCH_SIZE):
    total = 0
    while True:
        sent = send_batch(page, batch_size)
        if not sent:
            return total
        total += sent


def send_due(now=None, batch_size=BATCH_SIZE):
    """Start the scheduled newsletters whose time has come, and finish those being sent."""
    now = now or timezone.now()
    due = NewsletterPage.objects.filter(
        state=NewsletterPage.State.SCHEDULED, scheduled_for__lte=now, locale__language_code=settings.LANGUAGE_CODE
    )
    for page in due:
        NewsletterPage.objects.filter(translation_key=page.translation_key).update(state=NewsletterPage.State.SENDING)
    total = 0
    for page in NewsletterPage.objects.filter(
        state=NewsletterPage.State.SENDING, locale__language_code=settings.LANGUAGE_CODE
    ):
        total += send_all(page, batch_size)
    return total
