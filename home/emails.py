"""E-mails of every app, through a durable outbox.

`send_templated_email()` renders a message in the recipient's language from a pair of
templates (`<name>.txt` and `<name>.html`, subject in `<name>_subject.txt`) and stores it
as a django-post-office `Email` row *in the current transaction*: the message exists if and
only if the change that causes it is committed. Call it inside the transaction of that
change. Nothing is sent before the commit:

- `EMAIL_DELIVERY = "worker"` (production): the worker (`manage.py run_worker`,
  home/worker.py) delivers what is due, every second or so;
- `EMAIL_DELIVERY = "after_commit"` (development, tests): the process that made the change
  delivers its own messages right after the commit.

Delivery (`deliver()`) claims each message before sending it (a lease on its
`scheduled_time`, so two deliverers never send one message twice and a message whose
deliverer died is tried again once the lease ends), sends it through Django's e-mail
backend, and on failure schedules the next try after `EMAIL_RETRY_DELAYS` (1 min, 5 min,
30 min, 2 h, 12 h), then marks it failed: staff see it in the admin (Settings → E-mails)
and on the dashboard, and can resend it. post_office's own `send_queued_mail` retries at a
fixed interval and claims nothing, so it is not used (see README, "E-mail")."""

import logging
from datetime import timedelta
from email.utils import make_msgid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.mail import get_connection
from django.db import connection, models, transaction
from django.db.models import Q
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation
from django_tasks import task
from post_office.models import PRIORITY, STATUS, Attachment, Email, Log
from wagtail.models import Site

from .french import elide as french_elide
from .models import NetworkSettings

logger = logging.getLogger(__name__)

# How long a deliverer holds a message it is sending before another may try it.
CLAIM_SECONDS = 10 * 60
PENDING = (STATUS.queued, STATUS.requeued)


def elide(text):
    return french_elide(text)


def render_email(template_base, context, language):
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(render_plain_text(f"{template_base}_subject.txt", context).split())
        text = render_plain_text(f"{template_base}.txt", context)
        html = render_to_string(f"{template_base}.html", context)
        # "de Angers" → "d'Angers" once names are in (French only).
        subject, text, html = (elide(part) for part in (subject, text, html))
    return subject, text, html


def render_plain_text(template_name, context):
    """Plain-text parts are not HTML: render them without HTML escaping."""
    return get_template(template_name).template.render(Context(context, autoescape=False))


def send_templated_email(
    template_base, context, to, *, language=None, from_email=None, reply_to=(), headers=None, attachments=()
):
    """Render now (the context may hold model instances) and store the message in the
    outbox, in the current transaction; it is delivered after the commit.
    `reply_to`: addresses for replies; `headers`: extra headers (e.g. List-Unsubscribe);
    `attachments`: (filename, text content, mimetype) triples. Returns the outbox row."""
    subject, text, html = render_email(template_base, context, language)
    return queue_email(
        subject=subject,
        text=text,
        html=html,
        to=to,
        from_email=from_email or default_sender(),
        reply_to=reply_to,
        headers=headers,
        attachments=attachments,
    )


def queue_email(*, subject, text, html, to, from_email, reply_to=(), headers=None, attachments=()):
    """Store a rendered message in the outbox (in the current transaction). Nothing is
    stored for a message without recipients (e.g. no staff address configured)."""
    email = _new_email(
        subject=subject, text=text, html=html, to=to, from_email=from_email, reply_to=reply_to, headers=headers
    )
    if email is None:
        return None
    with transaction.atomic():
        # Not post-office's save(), which validates every address and would raise — rolling
        # back the resident's change — for one the mail server may still accept: an address
        # it refuses ends as a failed e-mail that staff see.
        models.Model.save(email)
        for filename, content, mimetype in attachments:
            attachment = Attachment(name=filename, mimetype=mimetype or "")
            data = content.encode("utf-8") if isinstance(content, str) else content
            attachment.file.save(filename, ContentFile(data), save=True)
            attachment.emails.add(email)
    _deliver_after_commit(email.pk)
    return email


def _new_email(*, subject, text, html, to, from_email, reply_to=(), headers=None):
    """The outbox row of one message, unsaved; None for a message without recipients."""
    to = [address for address in to if address]
    if not to:
        logger.warning("E-mail %r has no recipient: not queued", subject)
        return None
    headers = dict(headers or {})
    if reply_to:
        headers["Reply-To"] = ", ".join(reply_to)
    return Email(
        from_email=from_email,
        to=list(to),
        subject=subject[:989],
        message=text,
        html_message=html,
        headers=headers or None,
        status=STATUS.queued,
        priority=PRIORITY.medium,
        message_id=make_msgid(domain=settings.EMAIL_MESSAGE_ID_DOMAIN),
        # Delivered by this process after the commit: claimed for it from the start (no
        # worker takes it meanwhile; if this process dies, the claim ends and a worker does).
        scheduled_time=_claim_end() if _delivered_here() else None,
    )


class OutboxBatch:
    """Many messages stored with one bulk insert, for the e-mails sent to many people at
    once (digests, newsletters, notices to followers): `batch.send_templated_email(...)`
    takes the same arguments as the module's function (no attachments), then
    `batch.store()` writes them all, inside the transaction of the change, so that the
    queries of a batch do not grow with its recipients."""

    def __init__(self):
        self.emails = []

    def send_templated_email(
        self, template_base, context, to, *, language=None, from_email=None, reply_to=(), headers=None
    ):
        subject, text, html = render_email(template_base, context, language)
        email = _new_email(
            subject=subject,
            text=text,
            html=html,
            to=to,
            from_email=from_email or default_sender(),
            reply_to=reply_to,
            headers=headers,
        )
        if email is not None:
            self.emails.append(email)
        return email

    def store(self):
        stored, self.emails = Email.objects.bulk_create(self.emails, batch_size=500), []
        for email in stored:
            if email.pk is not None:
                _deliver_after_commit(email.pk)
        return stored


class _Delivery:
    """The after-commit callback of one transaction: delivers the messages it stored."""

    def __init__(self):
        self.ids = []
        self.__qualname__ = "home.emails.deliver_after_commit"  # named in Django's error log

    def __call__(self):
        deliver(Email.objects.filter(pk__in=self.ids), claimed=True)


def _delivered_here():
    return getattr(settings, "EMAIL_DELIVERY", "worker") == "after_commit"


def _claim_end():
    return timezone.now() + timedelta(seconds=CLAIM_SECONDS)


def _deliver_after_commit(pk):
    if not _delivered_here():
        return
    # One callback per transaction, holding the ids of every message it stored.
    for _savepoints, callback, _robust in connection.run_on_commit:
        if isinstance(callback, _Delivery):
            callback.ids.append(pk)
            return
    callback = _Delivery()
    callback.ids.append(pk)
    transaction.on_commit(callback, robust=True)


def due(now=None):
    """The messages to deliver now: pending, scheduled for now or earlier, not expired."""
    now = now or timezone.now()
    return Email.objects.filter(
        Q(scheduled_time__isnull=True) | Q(scheduled_time__lte=now),
        Q(expires_at__isnull=True) | Q(expires_at__gt=now),
        status__in=PENDING,
    ).order_by("-priority", "created", "pk")


def retry_delay(tries):
    """Seconds to wait after the `tries`-th failed try (1-based), None when it was the last."""
    delays = settings.EMAIL_RETRY_DELAYS
    return delays[tries - 1] if tries <= len(delays) else None


def deliver(queryset=None, *, limit=100, claimed=False):
    """Deliver the due messages of `queryset` (default: every due message), at most
    `limit`; `claimed`: the queryset's messages are already claimed by this process (it
    stored them, see queue_email). Returns (sent, failed or requeued)."""
    now = timezone.now()
    if claimed:
        candidates = queryset.filter(status__in=PENDING)
    else:
        candidates = due(now)
        if queryset is not None:
            candidates = candidates.filter(pk__in=queryset.values("pk"))
    candidates = list(candidates.order_by("pk")[:limit])
    sent = failed = 0
    backend = None
    try:
        for email in candidates:
            # Claim it: only one deliverer wins; a dead deliverer's claim ends with the lease.
            if not claimed and not (
                Email.objects.filter(pk=email.pk, status__in=PENDING)
                .filter(Q(scheduled_time__isnull=True) | Q(scheduled_time__lte=now))
                .update(scheduled_time=now + timedelta(seconds=CLAIM_SECONDS), last_updated=timezone.now())
            ):
                continue
            try:
                if backend is None:
                    backend = get_connection(fail_silently=False)
                    backend.open()
                email.dispatch(commit=False, disconnect_after_delivery=False, connection=backend)
            except Exception as error:  # noqa: BLE001 — any failure of the mail server is retried
                failed += 1
                _record_failure(email, error)
                # A broken connection is not reused for the next message.
                _close(backend)
                backend = None
            else:
                sent += 1
                # (Failures are logged, one Log row each; a success is the status.)
                Email.objects.filter(pk=email.pk).update(status=STATUS.sent, last_updated=timezone.now())
    finally:
        _close(backend)
    return sent, failed


def _close(backend):
    if backend is not None:
        try:
            backend.close()
        except Exception:  # noqa: BLE001, S110 — closing a broken connection may fail; it is dropped
            pass


def _record_failure(email, error):
    tries = (email.number_of_retries or 0) + 1
    delay = retry_delay(tries)
    now = timezone.now()
    if delay is None:
        status, scheduled = STATUS.failed, None
        logger.error("E-mail #%s to %s failed after %s tries: %s", email.pk, email.to, tries, error)
    else:
        status, scheduled = STATUS.requeued, now + timedelta(seconds=delay)
        logger.warning("E-mail #%s not sent (try %s), next try at %s: %s", email.pk, tries, scheduled, error)
    Email.objects.filter(pk=email.pk).update(
        status=status, scheduled_time=scheduled, number_of_retries=tries, last_updated=now
    )
    Log.objects.create(
        email=email, status=STATUS.failed, message=str(error)[:2000], exception_type=type(error).__name__
    )


def resend(queryset):
    """Staff: put messages (failed or pending) back in the queue for a new series of tries."""
    count = queryset.exclude(status=STATUS.sent).update(
        status=STATUS.queued, scheduled_time=None, number_of_retries=0, last_updated=timezone.now()
    )
    if getattr(settings, "EMAIL_DELIVERY", "worker") == "after_commit":
        transaction.on_commit(lambda: deliver(), robust=True)
    return count


def outbox_figures(now=None):
    """What staff and the readiness check need: pending, overdue (due for over 5 minutes:
    the worker is down or the mail server keeps failing) and failed counts."""
    now = now or timezone.now()
    pending = Email.objects.filter(status__in=PENDING)
    return {
        "pending": pending.count(),
        "overdue": pending.filter(
            Q(scheduled_time__isnull=True, created__lt=now - timedelta(minutes=5))
            | Q(scheduled_time__lt=now - timedelta(minutes=5))
        ).count(),
        "failed": Email.objects.filter(status=STATUS.failed).count(),
    }


def default_sender():
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return settings.DEFAULT_FROM_EMAIL
    return NetworkSettings.for_site(site).from_email


def staff_recipients():
    """Where staff notifications go: the site settings' address, else the superusers'."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        address = NetworkSettings.for_site(site).staff_email
        if address:
            return [address]
    return list(
        get_user_model()
        .objects.filter(is_superuser=True, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


@task()
def deliver_email(subject, text, html, to, from_email, attachments, reply_to=(), headers=None):
    """Tasks queued before the outbox existed (an upgrade with tasks still waiting): their
    message goes into the outbox."""
    queue_email(
        subject=subject,
        text=text,
        html=html,
        to=to,
        from_email=from_email,
        reply_to=reply_to,
        headers=headers,
        attachments=attachments,
    )
